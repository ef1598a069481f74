"""Event rows (:class:`EventRow`) and the event queries: list, page, get, other accounts.

An :class:`EventRow` is one account of one event in one document (``event_mention``),
or a document placed on the map (``document_location``, built in :mod:`.documents`);
see the package docstring.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from sqlalchemy import Connection, func, inspect, select, text

from ...errors import StoreError
from .. import schema
from ..db import Store
from .filters import Filters, _location_matches
from .paging import Page, decode_cursor, encode_cursor, iter_pages
from .search import search_ids

EventKind = Literal["event", "event_mention", "document_location"]

#: Actor id -> (canonical name, ACLED inter code); see :func:`load_actor_table`.
ActorTable = Mapping[str, tuple[str, int | None]]
NO_ACTORS: ActorTable = MappingProxyType({})


# -- records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Words in one document that support a row: a span with its role."""

    document_id: str
    start: int
    end: int
    role: str  # evidence, trigger, place, actor1, actor2, fatalities, time, location
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow:
    """One row of the event table, in ACLED's terms (see the module docstring for ``kind``).

    Attributes:
        id: stable id (``DOC:SEQ`` for an event mention, the document id for a
            document location).
        kind: what the row is; only ``event`` and ``event_mention`` are events.
        document_ids: the documents that tell it.
        sources: outlet names, in document order (original outlet first when
            a document is syndicated).
        fatalities_low / fatalities_high: the killed range read from the words
            (high None = no upper bound).
        independence: how many independent sources (a canonical event's count); None
            for an event mention, which is one account.
        notes: the evidence sentence (or, for a document location, the title).
    """

    id: str
    kind: EventKind
    document_ids: tuple[str, ...]
    event_type: str | None = None
    sub_event_type: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: str | None = None
    actor1: str | None = None
    actor1_id: str | None = None
    actor2: str | None = None
    actor2_id: str | None = None
    assoc_actors: tuple[str, ...] = ()
    inter1: int | None = None  # ACLED actor type codes (1 state forces ... 8 external)
    inter2: int | None = None
    country: str | None = None  # ISO alpha-2
    admin1: str | None = None
    location: str | None = None
    geonameid: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    modality: str | None = None
    attributed_to: str | None = None  # who the account is attributed to (a claim's speaker)
    is_main: bool = False  # the event the document is about
    sources: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    independence: int | None = None
    notes: str = ""
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()
    updated: str | None = None  # when stored (ISO time)

    @property
    def is_event(self) -> bool:
        """True for rows that are events (not document locations)."""
        return self.kind != "document_location"

    def to_json(self) -> dict[str, Any]:
        """Stable JSON names (the API's and the JSONL export's)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif name == "evidence":
                value = [
                    {"document_id": e.document_id, "start": e.start, "end": e.end, "role": e.role, "text": e.text}
                    for e in value
                ]
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


# -- capabilities ----------------------------------------------------------------------


def has_events(store: Store) -> bool:
    """Whether the store holds any event mention (the table exists and is not empty)."""
    with store.engine.connect() as conn:
        if not inspect(conn).has_table("event_mentions"):
            return False
        return conn.execute(text("SELECT 1 FROM event_mentions LIMIT 1")).first() is not None


# -- events ----------------------------------------------------------------------------


def list_events(
    store: Store, filters: Filters = Filters(), *, limit: int = 100, cursor: str | None = None,  # noqa: B008 (Filters is frozen)
    actors: ActorTable = NO_ACTORS,
) -> Page[EventRow]:
    """Event mentions matching ``filters`` in date order, a page at a time.

    Args:
        actors: canonical names and ACLED inter codes by actor id
            (:func:`load_actor_table`); without it, actors are named as in the text
            and have no inter code.

    Raises:
        StoreError: R230 when the store has no events yet (run the extract stage).
    """
    if not has_events(store):
        raise StoreError(
            f"{store.label} has no events yet: re-run 'rashomon ingest' with a release that extracts events",
            code="R230",
        )
    return _list_event_rows(store, filters, limit=limit, cursor=cursor, actors=actors)


def iter_events(
    store: Store, filters: Filters = Filters(), *, page_size: int = 500, actors: ActorTable = NO_ACTORS  # noqa: B008 (Filters is frozen)
) -> Iterator[EventRow]:
    """Every matching event row, a page at a time."""
    return iter_pages(lambda c: list_events(store, filters, limit=page_size, cursor=c, actors=actors))


def get_event(store: Store, event_id: str, *, actors: ActorTable = NO_ACTORS) -> EventRow:
    """One event row by id (R231 when absent, R230 when the store has no events)."""
    if not has_events(store):
        raise StoreError(f"{store.label} has no events yet", code="R230")
    row = _get_event_row(store, event_id, actors)
    if row is None:
        raise StoreError(f"no event with id '{event_id}' in {store.label}", code="R231")
    return row


#: Modalities that are events in ACLED's sense (the exporters' default).
EVENT_MODALITIES = ("occurred", "attempted", "claimed")


def load_actor_table() -> dict[str, tuple[str, int | None]]:
    """Names and inter codes of the packaged actor KB (loads spaCy's tokenizer: ~4 s)."""
    from ...resolve.actors import ActorKB

    return {a.id: (a.name, a.acled_type) for a in ActorKB.load().actors.values()}


def _event_table() -> Any:
    em = getattr(schema, "event_mentions", None)
    if em is None:  # an older rashomon's schema module with a newer database
        raise StoreError("this rashomon has no event tables: upgrade it", code="R232")
    return em


def _actor(raw: str | None, actors: ActorTable) -> tuple[str | None, str | None, int | None, dict[str, Any] | None]:
    if not raw:
        return None, None, None, None
    a = json.loads(raw)
    aid = a.get("actor_id")
    name, inter = actors.get(aid, (None, None)) if aid else (None, None)
    return name or a.get("text"), aid, inter, a


def _event_row(r: Any, claims: dict[tuple[str, int], str], actors: ActorTable) -> EventRow:
    doc = r.document_id
    place = json.loads(r.place) if r.place else {}
    a1, a1_id, inter1, a1_raw = _actor(r.actor1, actors)
    a2, a2_id, inter2, a2_raw = _actor(r.actor2, actors)
    assoc = [_actor(json.dumps(x), actors) for x in json.loads(r.associated or "[]")]
    spans = [Evidence(document_id=doc, start=r.evidence_start, end=r.evidence_end, role="evidence", text=r.evidence_text or ""),
             Evidence(document_id=doc, start=r.trigger_start, end=r.trigger_end, role="trigger", text=r.trigger)]
    for role, obj in (("actor1", a1_raw), ("actor2", a2_raw), ("place", place or None)):
        if obj and obj.get("start") is not None:
            spans.append(Evidence(document_id=doc, start=obj["start"], end=obj["end"], role=role, text=obj.get("text", "")))
    sources = tuple(x for x in (r.original_outlet_name, r.outlet_name) if x)
    return EventRow(
        id=f"{doc}:{r.seq}", kind="event_mention", document_ids=(doc,),
        event_type=r.event_type, sub_event_type=r.sub_event_type,
        date_start=r.date_start, date_end=r.date_end, time_precision=r.time_precision,
        actor1=a1, actor1_id=a1_id, actor2=a2, actor2_id=a2_id,
        assoc_actors=tuple(x[0] for x in assoc if x[0]), inter1=inter1, inter2=inter2,
        country=place.get("country"), admin1=place.get("admin1_name") or place.get("admin1"),
        location=place.get("name") or place.get("text"),
        geonameid=str(r.geonameid) if r.geonameid is not None else None,
        latitude=place.get("lat"), longitude=place.get("lon"), geo_precision=r.geo_precision,
        fatalities_low=r.fatalities_low, fatalities_high=r.fatalities_high, modality=r.modality,
        attributed_to=claims.get((doc, r.claim_seq)) if r.claim_seq is not None else None,
        is_main=bool(r.is_main), sources=sources,
        source_ids=tuple(x for x in (r.original_outlet_id, r.outlet_id) if x),
        notes=" ".join((r.evidence_text or "").split()), reason=r.reason,
        evidence=tuple(spans), updated=r.ingested_at,
    )


def _claim_speakers(conn: Connection, keys: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    c = getattr(schema, "claims", None)
    if c is None or not keys:
        return {}
    docs = sorted({k[0] for k in keys})
    out: dict[tuple[str, int], str] = {}
    for r in conn.execute(select(c.c.document_id, c.c.seq, c.c.speaker, c.c.via, c.c.stance).where(c.c.document_id.in_(docs))):
        if (r.document_id, r.seq) not in keys:
            continue
        speaker = json.loads(r.speaker) if r.speaker else None
        via = [v.get("text", "") for v in json.loads(r.via or "[]")]
        who = speaker.get("text", "") if speaker else "unnamed source"
        out[(r.document_id, r.seq)] = f"{who} ({r.stance})" + (f", citing {', '.join(via)}" if via else "")
    return out


def _event_select(em: Any) -> Any:
    d = schema.documents
    evidence = func.substr(d.c.text, em.c.evidence_start + 1, em.c.evidence_end - em.c.evidence_start)
    return select(
        em, evidence.label("evidence_text"), d.c.outlet_id, d.c.outlet_name, d.c.original_outlet_id,
        d.c.original_outlet_name, d.c.ingested_at,
    ).join(d, d.c.id == em.c.document_id)


def _event_matches(row: EventRow, filters: Filters) -> bool:
    if filters.actor:
        needle = filters.actor.lower()
        names = [row.actor1, row.actor1_id, row.actor2, row.actor2_id, *row.assoc_actors]
        if not any(n and needle in n.lower() for n in names):
            return False
    if filters.min_independence is not None and (row.independence is None or row.independence < filters.min_independence):
        return False
    return _location_matches(row, filters)


_NO_DATE = dt.date(1, 1, 1)


def _list_event_rows(
    store: Store, filters: Filters, *, limit: int, cursor: str | None, actors: ActorTable
) -> Page[EventRow]:
    em = _event_table()
    day = func.coalesce(em.c.date_start, _NO_DATE)
    conds: list[Any] = []
    if filters.date_from:
        conds.append(func.coalesce(em.c.date_end, em.c.date_start) >= filters.date_from)
    if filters.date_to:
        conds.append(em.c.date_start <= filters.date_to)
    if filters.event_type:
        conds.append(func.lower(em.c.event_type) == filters.event_type.lower())
    if filters.modalities:
        conds.append(em.c.modality.in_(list(filters.modalities)))
    key = decode_cursor(cursor)
    last: tuple[dt.date, str, int] | None = (dt.date.fromisoformat(key[0]), key[1], int(key[2])) if key else None
    items: list[EventRow] = []
    with store.engine.connect() as conn:
        if filters.q:
            conds.append(em.c.document_id.in_(search_ids(conn, filters.q)))
        while len(items) < limit:
            q = _event_select(em).where(*conds).order_by(day, em.c.document_id, em.c.seq).limit(limit * 2)
            if last is not None:
                d0, doc0, seq0 = last
                q = q.where((day > d0) | ((day == d0) & ((em.c.document_id > doc0) | ((em.c.document_id == doc0) & (em.c.seq > seq0)))))
            rows = conn.execute(q).all()
            if not rows:
                return Page(items=items, next_cursor=None)
            claims = _claim_speakers(conn, {(r.document_id, r.claim_seq) for r in rows if r.claim_seq is not None})
            for r in rows:
                last = (r.date_start or _NO_DATE, r.document_id, r.seq)
                row = _event_row(r, claims, actors)
                if _event_matches(row, filters):
                    items.append(row)
                    if len(items) == limit:
                        break
            if len(rows) < limit * 2 and len(items) < limit:
                return Page(items=items, next_cursor=None)
    assert last is not None
    return Page(items=items, next_cursor=encode_cursor([last[0].isoformat(), last[1], last[2]]))


def _get_event_row(store: Store, event_id: str, actors: ActorTable) -> EventRow | None:
    doc, _, seq = event_id.rpartition(":")
    if not doc or not seq.isdigit():
        raise StoreError(f"bad event id {event_id!r}: event ids look like DOCUMENT:N", code="R231")
    em = _event_table()
    with store.engine.connect() as conn:
        r = conn.execute(_event_select(em).where(em.c.document_id == doc, em.c.seq == int(seq))).first()
        if r is None:
            return None
        claims = _claim_speakers(conn, {(r.document_id, r.claim_seq)} if r.claim_seq is not None else set())
    return _event_row(r, claims, actors)


def other_accounts(store: Store, row: EventRow, *, actors: ActorTable = NO_ACTORS, days: int = 3) -> list[EventRow]:
    """Event mentions in *other* documents that may tell the same event: same event type,
    same place (GeoNames id), dates within ``days`` (or undated). A candidate list for
    the event page, not a merge (linking decides merges, with reasons).
    """
    if row.geonameid is None or row.event_type is None:
        return []
    em = _event_table()
    conds = [em.c.event_type == row.event_type, em.c.geonameid == int(row.geonameid), em.c.document_id.not_in(list(row.document_ids))]
    if row.date_start:
        lo, hi = row.date_start - dt.timedelta(days=days), (row.date_end or row.date_start) + dt.timedelta(days=days)
        in_window = (func.coalesce(em.c.date_end, em.c.date_start) >= lo) & (em.c.date_start <= hi)
        conds.append(em.c.date_start.is_(None) | in_window)  # an undated account may be the same event
    with store.engine.connect() as conn:
        rows = conn.execute(_event_select(em).where(*conds).order_by(em.c.document_id, em.c.seq).limit(50)).all()
        claims = _claim_speakers(conn, {(r.document_id, r.claim_seq) for r in rows if r.claim_seq is not None})
    return [_event_row(r, claims, actors) for r in rows]


def disagreements(rows: Sequence[EventRow]) -> list[dict[str, Any]]:
    """Fields on which accounts differ, each value with who said it (shown, never resolved)."""
    out: list[dict[str, Any]] = []
    for name in ("sub_event_type", "modality", "fatalities_low", "fatalities_high", "date_start", "actor1", "actor2"):
        values: dict[str, list[str]] = {}
        for r in rows:
            value = getattr(r, name)
            if value is None:
                continue
            who = ", ".join(r.sources) + (f" ({r.attributed_to})" if r.attributed_to else "")
            values.setdefault(str(value), []).append(f"{r.id}: {who}")
        if len(values) > 1:
            out.append({"field": name, "values": [{"value": v, "accounts": a} for v, a in values.items()]})
    return out


__all__ = [
    "EVENT_MODALITIES",
    "NO_ACTORS",
    "ActorTable",
    "EventKind",
    "EventRow",
    "Evidence",
    "disagreements",
    "get_event",
    "has_events",
    "iter_events",
    "list_events",
    "load_actor_table",
    "other_accounts",
]
