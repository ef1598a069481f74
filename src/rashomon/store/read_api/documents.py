"""Documents for the interfaces: lists with their map location, the detail page, outlets.

A document's location (:func:`document_location`) is where its body points; it is a
map row (``kind="document_location"``), never an event.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, func, select

from .. import schema
from ..db import Store
from ..queries import DocumentRow, get_document, get_mentions
from .events import EventRow, Evidence
from .filters import Filters, _location_matches
from .paging import Page, decode_cursor, encode_cursor, iter_pages
from .search import search_ids


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRow:
    """An outlet with how many stored documents it published or originally wrote."""

    id: str
    name: str
    domains: tuple[str, ...]
    country: str | None
    owner: str | None
    state_affiliated: bool
    kind: str
    notes: str
    documents: int
    original_documents: int

    def to_json(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["domains"] = list(self.domains)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentDetail:
    """A document with everything the document page shows."""

    document: DocumentRow
    mentions: list[dict[str, Any]]
    outlet: SourceRow | None
    original_outlet: SourceRow | None
    reasons: dict[str, dict[str, Any]] = field(default_factory=dict)
    location: EventRow | None = None

    def to_json(self) -> dict[str, Any]:
        out = self.document.to_json(with_segments=True)
        out["mentions"] = self.mentions
        out["outlet_source"] = self.outlet.to_json() if self.outlet else None
        out["original_outlet_source"] = self.original_outlet.to_json() if self.original_outlet else None
        out["reasons"] = self.reasons
        out["location"] = self.location.to_json() if self.location else None
        return out


# -- documents -------------------------------------------------------------------------

_DOC_LIST_COLUMNS = [c for c in schema.documents.c if c.name not in ("text", "html")]


def _place_mentions(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[Any]]:
    m = schema.mentions
    out: dict[str, list[Any]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    q = (
        select(m.c.document_id, m.c.start, m.c.end, m.c.text, m.c.resolved_id, m.c.resolved_name, m.c.detail, m.c.reason)
        .where(m.c.kind == "place", m.c.document_id.in_(list(doc_ids)))
        .order_by(m.c.document_id, m.c.start)
    )
    for r in conn.execute(q):
        out[r.document_id].append(r)
    return out


def _body_spans(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    s = schema.segments
    out: dict[str, list[tuple[int, int]]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    q = select(s.c.document_id, s.c.start, s.c.end).where(
        s.c.label == "body", s.c.document_id.in_(list(doc_ids))
    )
    for r in conn.execute(q):
        out[r.document_id].append((r.start, r.end))
    return out


def document_location(doc: Any, places: list[Any], body: list[tuple[int, int]]) -> EventRow | None:
    """Where a document's body points: its most-named place finer than a country.

    Ties go to the place named first. Countries and provinces (feature class A) count
    only when nothing finer is named. None when no place resolved to coordinates.
    """

    def in_body(r: Any) -> bool:
        return any(a <= r.start and r.end <= b for a, b in body)

    usable = [(r, json.loads(r.detail or "{}")) for r in places if in_body(r)]
    usable = [(r, d) for r, d in usable if d.get("lat") is not None and d.get("lon") is not None]
    if not usable:
        return None
    fine = [(r, d) for r, d in usable if d.get("feature_class") != "A"]
    pool = fine or usable
    counts = Counter(r.resolved_id for r, _ in pool)
    best_id, n = max(counts.items(), key=lambda kv: (kv[1], -min(r.start for r, _ in pool if r.resolved_id == kv[0])))
    hits = [(r, d) for r, d in pool if r.resolved_id == best_id]
    first, detail = hits[0]
    precision = min(int(d.get("precision") or 3) for _, d in hits)
    sources = tuple(x for x in (doc.original_outlet_name, doc.outlet_name) if x)
    source_ids = tuple(x for x in (doc.original_outlet_id, doc.outlet_id) if x)
    ref: dt.date | None = doc.reference_date
    return EventRow(
        id=doc.id,
        kind="document_location",
        document_ids=(doc.id,),
        date_start=ref,
        date_end=ref,
        time_precision=doc.reference_date_precision if ref else None,
        country=detail.get("country"),
        admin1=detail.get("admin1_name"),
        location=first.resolved_name or first.text,
        geonameid=str(best_id) if best_id is not None else None,
        latitude=float(detail["lat"]),
        longitude=float(detail["lon"]),
        geo_precision=precision,
        sources=sources,
        source_ids=source_ids,
        notes=doc.title or "",
        reason=f"document location: {first.resolved_name or first.text} named {n} time(s) in the body"
        + ("" if fine else " (no place finer than a region or country)"),
        evidence=tuple(
            Evidence(document_id=doc.id, start=r.start, end=r.end, role="location", text=r.text) for r, _ in hits
        ),
        updated=doc.ingested_at,
    )


def _document_where(conn: Connection, filters: Filters) -> list[Any]:
    d = schema.documents
    m = schema.mentions
    conds: list[Any] = []
    if filters.date_from:
        conds.append(d.c.reference_date >= filters.date_from)
    if filters.date_to:
        conds.append(d.c.reference_date <= filters.date_to)
    if filters.actor:
        like = f"%{filters.actor.lower()}%"
        sub = select(m.c.document_id).where(
            m.c.kind == "actor",
            (func.lower(m.c.resolved_id) == filters.actor.lower()) | func.lower(m.c.resolved_name).like(like),
        )
        conds.append(d.c.id.in_(sub))
    if filters.q:
        conds.append(d.c.id.in_(search_ids(conn, filters.q)))
    return conds


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSummary:
    """A document in a list: metadata and its location (for the map and filters)."""

    document: DocumentRow
    location: EventRow | None

    def to_json(self) -> dict[str, Any]:
        out = self.document.to_json()
        out["location"] = (
            {k: v for k, v in self.location.to_json().items() if k in _LOCATION_KEYS} if self.location else None
        )
        return out


_LOCATION_KEYS = ("location", "geonameid", "country", "admin1", "latitude", "longitude", "geo_precision", "reason")


def list_documents(
    store: Store, filters: Filters = Filters(), *, limit: int = 100, cursor: str | None = None  # noqa: B008 (Filters is frozen)
) -> Page[DocumentSummary]:
    """Documents in ingest order matching ``filters``, a page at a time.

    ``event_type`` and ``min_independence`` do not apply to documents: asking for them
    leaves nothing (a document is not an event).
    """
    from ..queries import _row_to_document  # the one mapping of a documents row

    if filters.event_type or filters.min_independence is not None:
        return Page(items=[], next_cursor=None)
    d = schema.documents
    key = decode_cursor(cursor)
    items: list[DocumentSummary] = []
    last: list[Any] | None = key
    with store.engine.connect() as conn:
        conds = _document_where(conn, filters)
        while len(items) < limit:
            q = select(*_DOC_LIST_COLUMNS).where(*conds).order_by(d.c.ingested_at, d.c.id).limit(limit * 2)
            if last is not None:
                q = q.where((d.c.ingested_at > last[0]) | ((d.c.ingested_at == last[0]) & (d.c.id > last[1])))
            rows = conn.execute(q).all()
            if not rows:
                return Page(items=items, next_cursor=None)
            ids = [r.id for r in rows]
            places = _place_mentions(conn, ids)
            bodies = _body_spans(conn, ids)
            for r in rows:
                last = [r.ingested_at, r.id]
                loc = document_location(r, places[r.id], bodies[r.id])
                if _location_matches(loc, filters):
                    items.append(DocumentSummary(document=_row_to_document(r), location=loc))
                    if len(items) == limit:
                        break
            if len(rows) < limit * 2 and len(items) < limit:
                return Page(items=items, next_cursor=None)
    assert last is not None
    return Page(items=items, next_cursor=encode_cursor(last))


def iter_documents(store: Store, filters: Filters = Filters(), *, page_size: int = 200) -> Iterator[DocumentSummary]:  # noqa: B008 (Filters is frozen)
    """Every matching document, fetched a page at a time (never the whole corpus at once)."""
    return iter_pages(lambda c: list_documents(store, filters, limit=page_size, cursor=c))


def _source(conn: Connection, source_id: str | None) -> SourceRow | None:
    if not source_id:
        return None
    rows = _sources(conn, [source_id])
    return rows[0] if rows else None


def get_document_detail(store: Store, ident: str) -> DocumentDetail:
    """A document by id (or unique prefix) with segments, mentions, outlets, reasons.

    Raises:
        StoreError: R210 when no document (or several) match.
    """
    doc = get_document(store, ident)
    mentions = [
        {
            "kind": m.kind,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "resolved_id": m.resolved_id,
            "resolved_name": m.resolved_name,
            "detail": m.detail,
            "reason": m.reason,
        }
        for m in get_mentions(store, doc.id)
    ]
    d = schema.documents
    with store.engine.connect() as conn:
        raw = conn.execute(select(*_DOC_LIST_COLUMNS).where(d.c.id == doc.id)).one()
        places = _place_mentions(conn, [doc.id])[doc.id]
        body = _body_spans(conn, [doc.id])[doc.id]
        outlet = _source(conn, doc.outlet_id)
        original = _source(conn, doc.original_outlet_id)
    reasons: dict[str, dict[str, Any]] = {
        "title": {"value": doc.title, "reason": doc.title_reason, "span": None},
        "outlet": {"value": doc.outlet, "reason": doc.outlet_reason, "span": _span(raw.outlet_start, raw.outlet_end)},
        "original_outlet": {
            "value": doc.original_outlet,
            "reason": doc.original_outlet_reason,
            "span": _span(raw.original_outlet_start, raw.original_outlet_end),
        },
        "reference_date": {
            "value": doc.reference_date.isoformat() if doc.reference_date else None,
            "precision": doc.reference_date_precision,
            "kind": doc.reference_date_kind,
            "reason": doc.reference_date_reason,
            "span": list(doc.reference_date_span) if doc.reference_date_span else None,
        },
    }
    from ..links import story_dates_of, story_tolls_of

    derived = story_dates_of(store, [doc.id]).get(doc.id)
    toll = story_tolls_of(store, [doc.id]).get(doc.id)
    if toll is not None:
        # the toll its story gives: its wounded died since, or most accounts differ (link stage)
        reasons["toll"] = {
            "value": f"{toll['killed']} killed, {toll['injured']} injured",
            "reason": f"derived from story {toll['story_id']}: {toll['reason']}",
            "span": None,
        }
    if derived is not None:
        # no day in its own words: the day its story's dated accounts give (link stage)
        reasons["incident_day"] = {
            "value": derived["day"].isoformat(),
            "reason": f"derived from story {derived['story_id']}: {derived['reason']}",
            "span": None,
        }
    loc = document_location(raw, places, body)
    if loc is not None:
        reasons["location"] = {"value": loc.location, "reason": loc.reason, "span": None}
    return DocumentDetail(
        document=doc, mentions=mentions, outlet=outlet, original_outlet=original, reasons=reasons, location=loc
    )


# -- sources ---------------------------------------------------------------------------


def _span(start: int | None, end: int | None) -> list[int] | None:
    return [start, end] if start is not None and end is not None else None


def _sources(conn: Connection, ids: Sequence[str] | None) -> list[SourceRow]:
    s = schema.sources
    d = schema.documents
    pub = select(d.c.outlet_id.label("sid"), func.count().label("n")).group_by(d.c.outlet_id).subquery()
    orig = (
        select(d.c.original_outlet_id.label("sid"), func.count().label("n"))
        .where(d.c.original_outlet_id.is_not(None))
        .group_by(d.c.original_outlet_id)
        .subquery()
    )
    q = (
        select(s, func.coalesce(pub.c.n, 0).label("docs"), func.coalesce(orig.c.n, 0).label("orig_docs"))
        .outerjoin(pub, pub.c.sid == s.c.id)
        .outerjoin(orig, orig.c.sid == s.c.id)
        .order_by(s.c.id)
    )
    if ids is not None:
        q = q.where(s.c.id.in_(list(ids)))
    return [
        SourceRow(
            id=r.id,
            name=r.name,
            domains=tuple(json.loads(r.domains or "[]")),
            country=r.country,
            owner=r.owner,
            state_affiliated=bool(r.state_affiliated),
            kind=r.kind,
            notes=r.notes,
            documents=int(r.docs),
            original_documents=int(r.orig_docs),
        )
        for r in conn.execute(q)
    ]


def list_sources(store: Store, *, with_documents_only: bool = True) -> list[SourceRow]:
    """Outlets, by id; by default only those that published or wrote a stored document."""
    with store.engine.connect() as conn:
        rows = _sources(conn, None)
    if with_documents_only:
        rows = [r for r in rows if r.documents or r.original_documents]
    return rows


def iter_document_locations(store: Store, filters: Filters = Filters()) -> Iterator[EventRow]:  # noqa: B008 (Filters is frozen)
    """Documents' locations as map rows (``kind="document_location"``): never events."""
    for summary in iter_documents(store, filters):
        if summary.location is not None:
            yield replace(summary.location)


__all__ = [
    "DocumentDetail",
    "DocumentSummary",
    "SourceRow",
    "document_location",
    "get_document_detail",
    "iter_document_locations",
    "iter_documents",
    "list_documents",
    "list_sources",
]
