"""Read-only queries over the store, returning typed rows with stable JSON names."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from ..errors import StoreError
from ..model import Document, Mention, OutletGuess, RawDocument, ReferenceDate, Segment, Span
from . import schema
from .db import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentRow:
    """A stored segment."""

    start: int
    end: int
    label: str
    reason: str
    score: float | None

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, "reason": self.reason}


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentRow:
    """A stored document's metadata (and, from :func:`get_document`, text and segments)."""

    id: str
    origin: str
    kind: str
    outlet: str
    outlet_id: str
    outlet_reason: str
    original_outlet: str | None
    original_outlet_id: str | None
    original_outlet_reason: str | None
    title: str | None
    title_reason: str
    url: str | None
    reference_date: dt.date | None
    reference_date_precision: str
    reference_date_kind: str
    reference_date_reason: str
    reference_date_span: tuple[int, int] | None
    encoding: str
    extra: dict[str, Any]
    text: str | None = None
    segments: tuple[SegmentRow, ...] = ()

    def to_json(self, *, with_segments: bool = False) -> dict[str, Any]:
        """The stable JSON shape of ``rashomon docs/show --json``."""
        out: dict[str, Any] = {
            "id": self.id,
            "outlet": self.outlet,
            "outlet_id": self.outlet_id,
            "outlet_reason": self.outlet_reason,
            "original_outlet": self.original_outlet,
            "original_outlet_reason": self.original_outlet_reason,
            "title": self.title,
            "url": self.url,
            "reference_date": self.reference_date.isoformat() if self.reference_date else None,
            "reference_date_precision": self.reference_date_precision,
            "reference_date_kind": self.reference_date_kind,
            "reference_date_reason": self.reference_date_reason,
            "origin": self.origin,
        }
        if with_segments:
            out["segments"] = [s.to_json() for s in self.segments]
            out["text"] = self.text
        return out


def _row_to_document(r: Any) -> DocumentRow:
    span = (
        (r.reference_date_start, r.reference_date_end)
        if r.reference_date_start is not None
        else None
    )
    return DocumentRow(
        id=r.id,
        origin=r.origin,
        kind=r.kind,
        outlet=r.outlet_name,
        outlet_id=r.outlet_id,
        outlet_reason=r.outlet_reason,
        original_outlet=r.original_outlet_name,
        original_outlet_id=r.original_outlet_id,
        original_outlet_reason=r.original_outlet_reason,
        title=r.title,
        title_reason=r.title_reason,
        url=r.url,
        reference_date=r.reference_date,
        reference_date_precision=r.reference_date_precision,
        reference_date_kind=r.reference_date_kind,
        reference_date_reason=r.reference_date_reason,
        reference_date_span=span,
        encoding=r.encoding,
        extra=json.loads(r.extra or "{}"),
    )


_LIST_COLUMNS = [c for c in schema.documents.c if c.name not in ("text", "html")]


def list_documents(store: Store, *, limit: int | None = None, offset: int = 0) -> list[DocumentRow]:
    """Documents in ingest order (oldest first), metadata only."""
    q = select(*_LIST_COLUMNS).order_by(schema.documents.c.ingested_at, schema.documents.c.id)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [_row_to_document(r) for r in conn.execute(q)]


def get_document(store: Store, ident: str) -> DocumentRow:
    """One document by id or unique id prefix (at least 4 characters), with text and segments.

    Raises:
        StoreError: R210 when nothing or more than one document matches.
    """
    docs = schema.documents
    if len(ident) < 4:
        raise StoreError(f"document id '{ident}' is too short: give at least 4 characters", code="R210")
    with store.engine.connect() as conn:
        rows = conn.execute(select(docs).where(docs.c.id.like(ident.lower() + "%")).limit(2)).all()
        if not rows:
            raise StoreError(f"no document with id '{ident}' in {store.label}: see 'rashomon docs'", code="R210")
        if len(rows) > 1:
            raise StoreError(f"document id '{ident}' is ambiguous: give more characters", code="R210")
        r = rows[0]
        segs = conn.execute(
            select(schema.segments).where(schema.segments.c.document_id == r.id).order_by(schema.segments.c.seq)
        )
        seg_rows = tuple(
            SegmentRow(start=s.start, end=s.end, label=s.label, reason=s.reason, score=s.score) for s in segs
        )
    base = _row_to_document(r)
    return DocumentRow(**{**_fields(base), "text": r.text, "segments": seg_rows})


def _fields(row: DocumentRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectRow:
    """A stored rejection."""

    origin: str
    stage: str
    reason: str
    detail: str
    run_id: int | None

    def to_json(self) -> dict[str, Any]:
        return {"origin": self.origin, "stage": self.stage, "reason": self.reason, "detail": self.detail, "run_id": self.run_id}


def list_rejects(store: Store, *, run_id: int | None = None) -> list[RejectRow]:
    """Rejections, optionally of one run only."""
    t = schema.rejects
    q = select(t).order_by(t.c.id)
    if run_id is not None:
        q = q.where(t.c.run_id == run_id)
    with store.engine.connect() as conn:
        return [
            RejectRow(origin=r.origin, stage=r.stage, reason=r.reason, detail=r.detail, run_id=r.run_id)
            for r in conn.execute(q)
        ]


def label_counts(store: Store, document_id: str) -> dict[str, int]:
    """How many segments of each label a document has."""
    s = schema.segments
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(s.c.label, func.count()).where(s.c.document_id == document_id).group_by(s.c.label)
        )
        return {r[0]: int(r[1]) for r in rows}


def get_mentions(store: Store, document_id: str, *, kind: str | None = None) -> list[Mention]:
    """A document's stored mentions in text order (optionally of one kind)."""
    t = schema.mentions
    q = select(t).where(t.c.document_id == document_id).order_by(t.c.start, t.c.end, t.c.seq)
    if kind is not None:
        q = q.where(t.c.kind == kind)
    with store.engine.connect() as conn:
        return [
            Mention(
                kind=r.kind,
                start=r.start,
                end=r.end,
                text=r.text,
                resolved_id=r.resolved_id,
                resolved_name=r.resolved_name,
                detail=json.loads(r.detail or "{}"),
                reason=r.reason,
            )
            for r in conn.execute(q)
        ]


def document_ids(store: Store, *, unanalysed: bool = False) -> list[str]:
    """Ids of stored documents in ingest order (only those never analysed, if asked).

    A document counts as analysed once the stages after clean stored their output
    for it (its linker features row is written with its mentions and events), so a
    document in which nothing was found is not analysed again and again.
    """
    d = schema.documents
    q = select(d.c.id).order_by(d.c.ingested_at, d.c.id)
    if unanalysed:
        f = schema.doc_features
        q = q.where(~select(f.c.document_id).where(f.c.document_id == d.c.id).exists())
    with store.engine.connect() as conn:
        return [r[0] for r in conn.execute(q)]


def load_documents(store: Store, ids: Sequence[str]) -> list[Document]:
    """Rebuild the document layer's records from the store, in the order of ``ids``.

    Used by the stages that run after ingest (annotate, extract, link) on stored
    documents; the records are equal to those the clean stage made.
    """
    d, s = schema.documents, schema.segments
    by_id: dict[str, Document] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            segs: dict[str, list[Segment]] = {}
            for r in conn.execute(select(s).where(s.c.document_id.in_(chunk)).order_by(s.c.document_id, s.c.seq)):
                segs.setdefault(r.document_id, []).append(
                    Segment(start=r.start, end=r.end, label=r.label, reason=r.reason, score=r.score)
                )
            for r in conn.execute(select(d).where(d.c.id.in_(chunk))):
                by_id[r.id] = _row_to_model(r, tuple(segs.get(r.id, ())))
    return [by_id[i] for i in ids if i in by_id]


def _span(start: int | None, end: int | None) -> Span | None:
    return Span(start=start, end=end) if start is not None and end is not None else None


def _row_to_model(r: Any, segments: tuple[Segment, ...]) -> Document:
    extra = json.loads(r.extra or "{}")
    raw = RawDocument(
        origin=r.origin,
        kind=r.kind,
        text=r.text,
        html=r.html,
        url=r.url,
        title=None,
        published=r.published_meta,
        source=r.source_meta,
        encoding=r.encoding,
        extra=tuple(sorted((k, json.dumps(v, ensure_ascii=False)) for k, v in extra.items())),
    )
    original = (
        OutletGuess(
            source_id=r.original_outlet_id,
            name=r.original_outlet_name,
            reason=r.original_outlet_reason or "",
            span=_span(r.original_outlet_start, r.original_outlet_end),
        )
        if r.original_outlet_id
        else None
    )
    return Document(
        id=r.id,
        raw=raw,
        title=r.title,
        title_reason=r.title_reason,
        outlet=OutletGuess(
            source_id=r.outlet_id,
            name=r.outlet_name,
            reason=r.outlet_reason,
            span=_span(r.outlet_start, r.outlet_end),
        ),
        original_outlet=original,
        reference_date=ReferenceDate(
            date=r.reference_date,
            precision=r.reference_date_precision,
            kind=r.reference_date_kind,
            reason=r.reference_date_reason,
            span=_span(r.reference_date_start, r.reference_date_end),
        ),
        segments=segments,
        language=r.language,
    )
