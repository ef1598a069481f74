"""Canonical events for the interfaces: filtered keyset pages and the detail with accounts.

A canonical event is the accounts of one event in all documents merged into one
ACLED-shaped row (the link stage; tables ``events``, ``event_members``,
``event_contradictions``, read through :mod:`rashomon.store.canonical`). Here it is a
:class:`CanonicalEvent`: the stable JSON shape of ``rashomon events --json`` with what
the interfaces add (``id``, ``year``, inter codes, ``document_ids``, ``story_ids``,
``contradiction_count``, ``updated``). The names are documented in docs/USAGE.md
(the API section) and are a contract with the web app and with scripts.

Every filter of :class:`Filters` is SQL here, so pages are plain keyset pages over
(event date, event id), undated events last.

When not to use: for per-document accounts (:mod:`.events`: event mentions).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, inspect, or_, select

from ...errors import StoreError
from .. import canonical, schema
from ..db import Store
from .events import NO_ACTORS, ActorTable
from .filters import Filters, country_info
from .paging import Page, decode_cursor, encode_cursor, iter_pages
from .search import search_ids

#: A database row as a mapping (SQLAlchemy's ``RowMapping``).
Rec = Mapping[Any, Any]
#: Undated events sort after every dated one.
_LAST_DAY = dt.date(9999, 12, 31)


@dataclass(frozen=True, slots=True, kw_only=True)
class CanonicalEvent:
    """A canonical event as the interfaces hand it on.

    Attributes:
        id: the event id (``event_id_cnty``).
        data: the stable JSON shape (docs/USAGE.md, "An event").
    """

    id: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON names (the API's, JSONL's, GeoJSON properties)."""
        return dict(self.data)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDetail:
    """One canonical event with every account (the event page)."""

    event: CanonicalEvent
    accounts: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        """``{"event", "accounts", "contradictions"}`` (the API adds ``acled``)."""
        ev = self.event.to_json()
        return {"event": ev, "accounts": self.accounts, "contradictions": ev["contradictions"]}


# -- capabilities ----------------------------------------------------------------------


def has_canonical_events(store: Store) -> bool:
    """Whether the store holds any canonical event (the table exists and is not empty)."""
    with store.engine.connect() as conn:
        if not inspect(conn).has_table("events"):
            return False
        return conn.execute(select(schema.events.c.event_id).limit(1)).first() is not None


def canonical_count(store: Store) -> int:
    """How many canonical events the store holds (0 without the table)."""
    with store.engine.connect() as conn:
        if not inspect(conn).has_table("events"):
            return 0
        return int(conn.execute(select(func.count()).select_from(schema.events)).scalar_one())


def require_canonical_events(store: Store) -> None:
    """Raise R233 when the store has no canonical events (the link stage has not run)."""
    if not has_canonical_events(store):
        raise StoreError(
            f"{store.label} has no canonical events yet: re-run 'rashomon ingest' with a release that "
            "links events across documents (or export --rows mentions for the per-document accounts)",
            code="R233",
        )


# -- filters as SQL ----------------------------------------------------------------------


def _conditions(conn: Connection, filters: Filters) -> list[Any]:
    ev, em, m = schema.events, schema.event_members, schema.event_mentions
    conds: list[Any] = []
    if filters.date_from:
        conds.append(ev.c.event_date >= filters.date_from)
    if filters.date_to:
        conds.append(ev.c.event_date <= filters.date_to)
    if filters.country:
        conds.append(ev.c.country == filters.country_code)
    if filters.admin1:
        conds.append(func.lower(ev.c.admin1) == filters.admin1.lower())
    if filters.event_type:
        conds.append(func.lower(ev.c.event_type) == filters.event_type.lower())
    if filters.actor:
        like = f"%{filters.actor.lower()}%"
        cols = (ev.c.actor1, ev.c.actor2, ev.c.assoc_actor_1, ev.c.actor1_id, ev.c.actor2_id)
        conds.append(or_(*(func.lower(c).like(like) for c in cols)))
    if filters.bbox:
        w, s, e, n = filters.bbox
        conds.append(ev.c.latitude.between(s, n))
        lon = ev.c.longitude
        conds.append(lon.between(w, e) if w <= e else ((lon >= w) | (lon <= e)))  # across 180°
    if filters.min_independence is not None:
        conds.append(ev.c.independence >= filters.min_independence)
    if filters.q:
        conds.append(ev.c.event_id.in_(select(em.c.event_id).where(em.c.document_id.in_(search_ids(conn, filters.q)))))
    if filters.modalities:
        sub = (select(em.c.event_id)
               .join(m, (m.c.document_id == em.c.document_id) & (m.c.seq == em.c.seq))
               .where(m.c.modality.in_(list(filters.modalities))))
        conds.append(ev.c.event_id.in_(sub))
    return conds


# -- rows --------------------------------------------------------------------------------


def _members(conn: Connection, ids: Sequence[str]) -> dict[str, list[Rec]]:
    em, d, st = schema.event_members, schema.documents, schema.stories
    out: dict[str, list[Rec]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (select(em.c.event_id, em.c.document_id, em.c.seq, d.c.ingested_at, st.c.story_id)
         .join(d, d.c.id == em.c.document_id).outerjoin(st, st.c.document_id == em.c.document_id)
         .where(em.c.event_id.in_(list(ids))).order_by(em.c.event_id, em.c.document_id, em.c.seq))
    for r in conn.execute(q).mappings():
        out[r["event_id"]].append(r)
    return out


def _contradictions(conn: Connection, ids: Sequence[str]) -> dict[str, list[Rec]]:
    ec = schema.event_contradictions
    out: dict[str, list[Rec]] = {i: [] for i in ids}
    if not ids:
        return out
    q = select(ec).where(ec.c.event_id.in_(list(ids))).order_by(ec.c.event_id, ec.c.contradiction_id)
    for r in conn.execute(q).mappings():
        out[r["event_id"]].append(r)
    return out


def _unique(values: Sequence[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v is not None))


def _event(row: Rec, members: Sequence[Rec],
           contradictions: Sequence[Rec], actors: ActorTable) -> CanonicalEvent:
    data = canonical.EventRow(row=row, contradictions=tuple(contradictions)).to_json()
    name, _ = country_info(row["country"])
    stamps = [str(m["ingested_at"]) for m in members if m["ingested_at"]]
    date = data.get("event_date")
    data.update({
        "id": data["event_id_cnty"],
        "year": int(date[:4]) if date else None,
        "actor1_id": row["actor1_id"],
        "actor2_id": row["actor2_id"],
        "inter1": actors.get(row["actor1_id"], (None, None))[1] if row["actor1_id"] else None,
        "inter2": actors.get(row["actor2_id"], (None, None))[1] if row["actor2_id"] else None,
        "country_name": name,
        "contradiction_count": len(contradictions),
        "document_ids": _unique([m["document_id"] for m in members]),
        "story_ids": _unique([m["story_id"] for m in members]),
        "updated": max(stamps) if stamps else None,
    })
    return CanonicalEvent(id=str(data["id"]), data=data)


def _events_by_id(conn: Connection, rows: Sequence[Rec], actors: ActorTable) -> list[CanonicalEvent]:
    ids = [str(r["event_id"]) for r in rows]
    members = _members(conn, ids)
    cons = _contradictions(conn, ids)
    return [_event(r, members[i], cons[i], actors) for r, i in zip(rows, ids, strict=True)]


# -- lists -------------------------------------------------------------------------------


def list_canonical_events(
    store: Store, filters: Filters = Filters(), *, limit: int = 100, cursor: str | None = None,  # noqa: B008 (Filters is frozen)
    actors: ActorTable = NO_ACTORS,
) -> Page[CanonicalEvent]:
    """Canonical events matching ``filters`` by date (undated last), then id, a page at a time.

    Args:
        actors: ACLED inter codes by actor id (:func:`load_actor_table`); without it
            ``inter1``/``inter2`` are null.

    Raises:
        StoreError: R233 when the store has no canonical events; R223 for a bad cursor.
    """
    require_canonical_events(store)
    ev = schema.events
    day = func.coalesce(ev.c.event_date, _LAST_DAY)
    key = decode_cursor(cursor)
    with store.engine.connect() as conn:
        q = select(ev).where(*_conditions(conn, filters))
        if key:
            if len(key) != 2:
                raise StoreError(f"bad cursor {cursor!r}: use the next_cursor of a previous page", code="R223")
            d0, id0 = dt.date.fromisoformat(str(key[0])), str(key[1])
            q = q.where((day > d0) | ((day == d0) & (ev.c.event_id > id0)))
        rows = conn.execute(q.order_by(day, ev.c.event_id).limit(limit + 1)).mappings().all()
        items = _events_by_id(conn, rows[:limit], actors)
    nxt = None
    if len(rows) > limit:
        last = rows[limit - 1]
        nxt = encode_cursor([(_as_date(last["event_date"]) or _LAST_DAY).isoformat(), last["event_id"]])
    return Page(items=items, next_cursor=nxt)


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def iter_canonical_events(
    store: Store, filters: Filters = Filters(), *, page_size: int = 500, actors: ActorTable = NO_ACTORS  # noqa: B008 (Filters is frozen)
) -> Iterator[CanonicalEvent]:
    """Every matching canonical event, fetched a page at a time (R233 when there are none)."""
    return iter_pages(lambda c: list_canonical_events(store, filters, limit=page_size, cursor=c, actors=actors))


def canonical_events_by_id(store: Store, ids: Sequence[str], *, actors: ActorTable = NO_ACTORS) -> list[CanonicalEvent]:
    """The canonical events with these ids, by date (undated last), then id."""
    ev = schema.events
    if not ids:
        return []
    with store.engine.connect() as conn:
        q = (select(ev).where(ev.c.event_id.in_(list(ids)))
             .order_by(func.coalesce(ev.c.event_date, _LAST_DAY), ev.c.event_id))
        rows = conn.execute(q).mappings().all()
        return _events_by_id(conn, rows, actors)


# -- detail ------------------------------------------------------------------------------


def resolve_event_id(store: Store, ident: str) -> str:
    """The id of the canonical event ``ident`` names (a full id or a unique prefix).

    Raises:
        StoreError: R233 no canonical events; R211 ambiguous prefix; R231 no such event.
    """
    require_canonical_events(store)
    found = canonical.find_event_id(store, ident) if ident else None
    if found is None:
        raise StoreError(f"no event with id '{ident}' in {store.label}: see /api/events", code="R231")
    return found


def get_canonical_event(store: Store, ident: str, *, actors: ActorTable = NO_ACTORS) -> EventDetail:
    """One canonical event (id or unique prefix) with every account, claim and chain.

    Raises:
        StoreError: R233, R211, R231 (see :func:`resolve_event_id`).
    """
    event_id = resolve_event_id(store, ident)
    event = canonical_events_by_id(store, [event_id], actors=actors)[0]
    return EventDetail(event=event, accounts=event_accounts(store, [event_id])[event_id])


def _speaker_obj(raw: str | None) -> dict[str, Any] | None:
    return json.loads(raw) if raw else None


def claim_json(c: Rec, text: str) -> dict[str, Any]:
    """A stored claim row as the API shows it (``text`` is its document's raw text)."""
    speaker = _speaker_obj(c["speaker"])
    via = [v for v in json.loads(c["via"] or "[]") if v]
    return {
        "seq": c["seq"], "speaker": " ".join(speaker["text"].split()) if speaker else None,
        "speaker_actor_id": c["speaker_actor_id"], "speaker_kind": speaker.get("kind") if speaker else None,
        "via": [" ".join(str(v.get("text", "")).split()) for v in via],
        "verb": c["verb"], "channel": c["channel"], "stance": c["stance"],
        "start": c["evidence_start"], "end": c["evidence_end"],
        "text": text[c["evidence_start"]:c["evidence_end"]],
        "content": {"start": c["content_start"], "end": c["content_end"],
                    "text": text[c["content_start"]:c["content_end"]]},
    }


def _chain_text(chain: Sequence[Rec]) -> str:
    return " <- ".join(str(s.get("name", "")) for s in chain)


def event_accounts(store: Store, event_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Each event's accounts: document, outlet, evidence, claim and provenance chain."""
    em, m, d, st, cl = (schema.event_members, schema.event_mentions, schema.documents, schema.stories,
                        schema.claims)
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in event_ids}
    if not event_ids:
        return out
    q = (select(em, m.c.event_type, m.c.sub_event_type, m.c.modality, m.c.date_start, m.c.date_end,
                m.c.fatalities_low, m.c.fatalities_high, m.c.evidence_start, m.c.evidence_end,
                d.c.outlet_id, d.c.outlet_name, d.c.original_outlet_id, d.c.original_outlet_name, d.c.title,
                d.c.reference_date, st.c.story_id)
         .join(m, (m.c.document_id == em.c.document_id) & (m.c.seq == em.c.seq))
         .join(d, d.c.id == em.c.document_id).outerjoin(st, st.c.document_id == em.c.document_id)
         .where(em.c.event_id.in_(list(event_ids))).order_by(em.c.event_id, em.c.document_id, em.c.seq))
    with store.engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
        docs = sorted({r["document_id"] for r in rows})
        texts = {r.id: r.text for r in conn.execute(select(d.c.id, d.c.text).where(d.c.id.in_(docs)))}
        claims = {(c["document_id"], c["seq"]): c
                  for c in conn.execute(select(cl).where(cl.c.document_id.in_(docs))).mappings()}
    for r in rows:
        text = texts[r["document_id"]]
        claim = claims.get((r["document_id"], r["claim_seq"])) if r["claim_seq"] is not None else None
        chain = json.loads(r["chain"])
        out[r["event_id"]].append({
            "document_id": r["document_id"], "seq": r["seq"], "mention_id": f"{r['document_id']}:{r['seq']}",
            "outlet": r["outlet_name"], "outlet_id": r["outlet_id"],
            "original_outlet": r["original_outlet_name"], "original_outlet_id": r["original_outlet_id"],
            "title": r["title"], "reference_date": _iso(r["reference_date"]), "story_id": r["story_id"],
            "event_type": r["event_type"], "sub_event_type": r["sub_event_type"], "modality": r["modality"],
            "date_start": _iso(r["date_start"]), "date_end": _iso(r["date_end"]),
            "fatalities_low": r["fatalities_low"], "fatalities_high": r["fatalities_high"],
            "evidence": {"start": r["evidence_start"], "end": r["evidence_end"],
                         "text": text[r["evidence_start"]:r["evidence_end"]]},
            "claim": claim_json(claim, text) if claim is not None else None,
            "attribution": r["attribution"], "chain": chain, "chain_text": _chain_text(chain),
            "primary_source": json.loads(r["primary_source"]), "owner_group": json.loads(r["owner_group"]),
            "ambiguous": bool(r["ambiguous"]),
        })
    return out


def _iso(value: Any) -> str | None:
    day = _as_date(value)
    return day.isoformat() if day else None


__all__ = [
    "CanonicalEvent",
    "EventDetail",
    "canonical_count",
    "canonical_events_by_id",
    "claim_json",
    "event_accounts",
    "get_canonical_event",
    "has_canonical_events",
    "iter_canonical_events",
    "list_canonical_events",
    "require_canonical_events",
    "resolve_event_id",
]
