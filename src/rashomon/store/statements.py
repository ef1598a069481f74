"""Reading the statements that contradictions are made of (read-only).

:func:`load_statements` turns the stored event mentions and claims of some documents
into :class:`rashomon.link.contradictions.Statement` records: one per event mention,
one per claim, each with a speaker, a place and a date range.

An event mention's place and dates are its own; its speaker is the claim it cites
(``claim_seq``), else the outlet (the original outlet of a republished copy). A
claim's own words often name no place ("the army is holding out and inflicting
losses"), so its place is, in order: a resolved place named inside its content;
the place of the event mentions citing it; the nearest town-level place named before
it in the body (places inside a speaker's title, "the governor of X province", are
where the speaker works, not where things happen); the document's main event's place.
Its date: the event mentions citing it, else the document's reference date when that
is a day, else unknown. Only the body speaks: statements and mentions outside body
segments (comments, captions, related headlines) are left out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from rashomon.link.contradictions import Statement

from . import schema
from .db import Store

#: A place named at this GeoNames-style precision or finer can set a claim's scene.
_TOWN_PRECISION = 2


@dataclass(frozen=True, slots=True)
class _Place:
    start: int
    end: int
    geonameid: int
    name: str
    precision: int


@dataclass(frozen=True, slots=True)
class _Doc:
    row: Mapping[str, Any]
    body: tuple[tuple[int, int], ...]
    places: tuple[_Place, ...]
    events: tuple[Mapping[str, Any], ...]
    claims: tuple[Mapping[str, Any], ...]


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _in(body: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in body)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _read(store: Store, document_ids: Sequence[str]) -> list[_Doc]:
    ids = list(dict.fromkeys(document_ids))
    out: list[_Doc] = []
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            docs = {r["id"]: dict(r) for r in conn.execute(
                select(*(c for c in schema.documents.c if c.name != "html"))  # the page's HTML is not read
                .where(schema.documents.c.id.in_(chunk))).mappings()}
            segs = conn.execute(select(schema.segments).where(
                schema.segments.c.document_id.in_(chunk), schema.segments.c.label == "body")
                .order_by(schema.segments.c.start)).mappings().all()
            ments = conn.execute(select(schema.mentions).where(
                schema.mentions.c.document_id.in_(chunk), schema.mentions.c.kind == "place")
                .order_by(schema.mentions.c.start)).mappings().all()
            evs = conn.execute(select(schema.event_mentions).where(
                schema.event_mentions.c.document_id.in_(chunk))
                .order_by(schema.event_mentions.c.seq)).mappings().all()
            cls = conn.execute(select(schema.claims).where(schema.claims.c.document_id.in_(chunk))
                               .order_by(schema.claims.c.seq)).mappings().all()
            for doc_id in chunk:
                if doc_id not in docs:
                    continue
                body = tuple((s["start"], s["end"]) for s in segs if s["document_id"] == doc_id)
                places = tuple(
                    _Place(m["start"], m["end"], int(m["resolved_id"]),
                           m["resolved_name"] or m["text"],
                           int((_json(m["detail"]) or {}).get("precision") or 3))
                    for m in ments
                    if m["document_id"] == doc_id and m["resolved_id"] is not None
                    and _in(body, m["start"], m["end"]))
                out.append(_Doc(
                    row=docs[doc_id], body=body, places=places,
                    events=tuple(dict(e) for e in evs if e["document_id"] == doc_id
                                 and _in(body, e["evidence_start"], e["evidence_end"])),
                    claims=tuple(dict(c) for c in cls if c["document_id"] == doc_id
                                 and _in(body, c["content_start"], c["content_end"]))))
    return out


def _speaker(doc: _Doc, claim: Mapping[str, Any] | None) -> tuple[str, str | None]:
    """(speaker words, speaker actor id): the claim's speaker, else the outlet."""
    if claim is None:
        row = doc.row
        return row["original_outlet_name"] or row["outlet_name"], None
    sp = _json(claim["speaker"])
    if not sp:
        return "an unnamed source", claim["speaker_actor_id"]
    text = _clean(doc.row["text"][sp["start"]:sp["end"]]) or _clean(sp["text"])
    return text, claim["speaker_actor_id"]


def _actor_id(text: str | None) -> str | None:
    d = _json(text)
    return None if not d else d.get("actor_id")


def _base(doc: _Doc) -> dict[str, Any]:
    row = doc.row
    return {"document_id": row["id"], "outlet_id": row["outlet_id"],
            "original_outlet_id": row["original_outlet_id"]}


def _event_statement(doc: _Doc, e: Mapping[str, Any], claims: Mapping[int, Mapping[str, Any]]) -> Statement:
    claim = claims.get(e["claim_seq"]) if e["claim_seq"] is not None else None
    speaker, actor = _speaker(doc, claim)
    place = _json(e["place"]) or {}
    return Statement(
        **_base(doc), kind="event", seq=e["seq"], speaker=speaker, speaker_actor_id=actor,
        start=e["evidence_start"], end=e["evidence_end"],
        text=doc.row["text"][e["evidence_start"]:e["evidence_end"]],
        geonameid=e["geonameid"], date_start=_date(e["date_start"]), date_end=_date(e["date_end"]),
        event_type=e["event_type"], sub_event_type=e["sub_event_type"], modality=e["modality"],
        stance=None if claim is None else claim["stance"],
        actor1_id=_actor_id(e["actor1"]), actor2_id=_actor_id(e["actor2"]),
        fatalities_low=e["fatalities_low"], fatalities_high=e["fatalities_high"],
        injuries_low=e["injuries_low"], injuries_high=e["injuries_high"],
        claim_seq=None if claim is None else claim["seq"],
        place_name=place.get("name"), place_reason="the event mention's place",
        date_reason="the event mention's dates" if e["date_start"] else "",
    )


def _speaker_spans(doc: _Doc) -> list[tuple[int, int]]:
    spans = []
    for c in doc.claims:
        sp = _json(c["speaker"])
        if sp:
            spans.append((sp["start"], sp["end"]))
    return spans


def _claim_place(doc: _Doc, c: Mapping[str, Any], citing: Sequence[Mapping[str, Any]],
                 main: Mapping[str, Any] | None) -> tuple[int | None, str | None, str]:
    """(geonameid, name, how): see the module docstring for the order."""
    start, end = c["content_start"], c["content_end"]
    speakers = _speaker_spans(doc)
    inside = [p for p in doc.places if start <= p.start and p.end <= end]
    if inside:
        p = min(inside, key=lambda p: (p.precision > _TOWN_PRECISION, p.start))
        return p.geonameid, p.name, "a place named in the claim"
    for e in citing:
        if e["geonameid"] is not None:
            return e["geonameid"], (_json(e["place"]) or {}).get("name"), "the place of an event citing the claim"
    before = [p for p in doc.places if p.end <= start and p.precision <= _TOWN_PRECISION
              and not any(a <= p.start and p.end <= b for a, b in speakers)]
    if before:
        p = before[-1]
        return p.geonameid, p.name, "the nearest town named before the claim"
    if main is not None and main["geonameid"] is not None:
        return main["geonameid"], (_json(main["place"]) or {}).get("name"), "the document's main event"
    return None, None, ""


def _claim_statement(doc: _Doc, c: Mapping[str, Any], citing: Sequence[Mapping[str, Any]],
                     main: Mapping[str, Any] | None) -> Statement:
    speaker, actor = _speaker(doc, c)
    geonameid, name, how = _claim_place(doc, c, citing, main)
    primary = citing[0] if citing else None
    dated = next((e for e in citing if e["date_start"] is not None), None)
    row = doc.row
    date_start: dt.date | None
    if dated is not None:
        date_start, date_end = _date(dated["date_start"]), _date(dated["date_end"])
        date_reason = "the dates of an event citing the claim"
    elif row["reference_date"] is not None and row["reference_date_precision"] == "day":
        date_start = date_end = _date(row["reference_date"])
        date_reason = "the document's reference date"
    else:
        date_start = date_end = None
        date_reason = ""
    return Statement(
        **_base(doc), kind="claim", seq=c["seq"], speaker=speaker, speaker_actor_id=actor,
        start=c["content_start"], end=c["content_end"],
        text=row["text"][c["content_start"]:c["content_end"]],
        geonameid=geonameid, date_start=date_start, date_end=date_end,
        event_type=None if primary is None else primary["event_type"],
        sub_event_type=None if primary is None else primary["sub_event_type"],
        modality=None if primary is None else primary["modality"],
        stance=c["stance"],
        actor1_id=None if primary is None else _actor_id(primary["actor1"]),
        actor2_id=None if primary is None else _actor_id(primary["actor2"]),
        # figures stay on the event mentions, which carry this claim's speaker too
        fatalities_low=None, fatalities_high=None, injuries_low=None, injuries_high=None,
        claim_seq=c["seq"], place_name=name, place_reason=how, date_reason=date_reason,
    )


def load_statements(store: Store, document_ids: Sequence[str]) -> list[Statement]:
    """One statement per event mention and per claim of the given documents.

    Args:
        store: an open store with the extract stage's tables filled.
        document_ids: the documents (unknown ids are skipped).

    Returns:
        Statements in document order (as given), event mentions then claims, by ``seq``.
    """
    out: list[Statement] = []
    for doc in _read(store, document_ids):
        claims = {c["seq"]: c for c in doc.claims}
        main = next((e for e in doc.events if e["is_main"]), None)
        out.extend(_event_statement(doc, e, claims) for e in doc.events)
        for c in doc.claims:
            citing = sorted((e for e in doc.events if e["claim_seq"] == c["seq"]),
                            key=lambda e: (not e["is_main"], e["seq"]))
            out.append(_claim_statement(doc, c, citing, main))
    return out
