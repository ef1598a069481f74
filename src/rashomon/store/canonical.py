"""Writer and reader of the canonical-event tables (link stage, issue #6).

Tables: ``events`` (ACLED-shaped rows plus ours), ``event_members`` (which event
mention is an account of which event, with its provenance chain),
``event_contradictions``, ``claim_provenance`` and ``event_sources`` (the builder's
state: which documents it has seen, in which story).

:func:`replace_groups` is the one writer: it deletes the rows of the groups being
rebuilt and inserts their new rows in one transaction; nothing else is edited.
The readers return typed rows and the stable JSON shape of ``rashomon events --json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select

from ..errors import StoreError
from ..link.events import CanonicalEvent, MentionRecord, Quantity, is_news, weekdays_in
from ..link.provenance import Chain, ClaimRecord, OutletInfo, SpeakerRef
from . import schema
from .db import Store

_CHUNK = 500
#: A paragraph break, as counted by :func:`load_mention_records`.
_BREAK = "\n\n"


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# -- reading the inputs -----------------------------------------------------------------


def load_mention_records(
    store: Store, *, actor_names: Mapping[str, str] | None = None
) -> list[MentionRecord]:
    """Every stored news event mention (occurred, attempted, claimed) as a MentionRecord.

    Reads the event mentions with their document's outlet, reference date, story and
    evidence sentence (cut in SQL). ``actor_names`` maps KB ids to canonical names.
    """
    em, d, st = schema.event_mentions, schema.documents, schema.stories
    names = actor_names or {}
    evidence = func.substr(d.c.text, em.c.evidence_start + 1, em.c.evidence_end - em.c.evidence_start)
    # paragraph index: blank-line breaks before the evidence, counted in SQL
    before = func.substr(d.c.text, 1, em.c.evidence_start)
    brk = literal(_BREAK)
    paragraph = (func.length(before) - func.length(func.replace(before, brk, ""))) / len(_BREAK)
    q = (
        select(em, d.c.outlet_id, d.c.original_outlet_id, d.c.reference_date, st.c.story_id,
               evidence.label("evidence_text"), paragraph.label("paragraph"))
        .join(d, d.c.id == em.c.document_id)
        .outerjoin(st, st.c.document_id == em.c.document_id)
        .order_by(em.c.document_id, em.c.seq)
    )
    out: list[MentionRecord] = []
    with store.engine.connect() as conn:
        for r in conn.execute(q).mappings():
            if is_news(r["modality"]):
                out.append(_record(dict(r), names))
    return out


def _actor(obj: Any, names: Mapping[str, str]) -> tuple[str | None, str | None]:
    if not obj:
        return None, None
    aid = obj.get("actor_id")
    return aid, names.get(aid, " ".join(obj["text"].split())) if aid else None


def _record(r: Mapping[str, Any], names: Mapping[str, str]) -> MentionRecord:
    a1, a2 = _actor(_load(r["actor1"]), names), _actor(_load(r["actor2"]), names)
    assoc = tuple((x["actor_id"], names.get(x["actor_id"], x["text"]))
                  for x in json.loads(r["associated"]) if x and x.get("actor_id"))
    place = _load(r["place"]) or {}
    fat = _load(r["fatalities_text"]) or {}
    quantities = tuple(Quantity(low=q["low"], high=q["high"], role=q["role"], text=q["text"])
                       for q in json.loads(r["quantities"]))
    text = r["evidence_text"] or ""
    return MentionRecord(
        document_id=r["document_id"], seq=r["seq"], event_type=r["event_type"],
        sub_event_type=r["sub_event_type"], modality=r["modality"],
        actor1_id=a1[0], actor1_name=a1[1], actor2_id=a2[0], actor2_name=a2[1], associated=assoc,
        geonameid=r["geonameid"], place_name=place.get("name"), country=place.get("country"),
        admin1=place.get("admin1"), lat=place.get("lat"), lon=place.get("lon"),
        geo_precision=r["geo_precision"], date_start=_date(r["date_start"]), date_end=_date(r["date_end"]),
        time_precision=r["time_precision"], weekdays=weekdays_in(text),
        fatalities_low=r["fatalities_low"], fatalities_high=r["fatalities_high"],
        fatalities_text=fat.get("text"), quantities=quantities, claim_seq=r["claim_seq"],
        evidence_start=r["evidence_start"], evidence_end=r["evidence_end"], evidence_text=text,
        paragraph=None if r["paragraph"] is None else int(r["paragraph"]),
        is_main=bool(r["is_main"]), outlet_id=r["outlet_id"], original_outlet_id=r["original_outlet_id"],
        story_id=r["story_id"], reference_date=_date(r["reference_date"]),
    )


def _speaker(obj: Any) -> SpeakerRef | None:
    if not obj:
        return None
    return SpeakerRef(text=obj["text"], kind=obj.get("kind") or "person", actor_id=obj.get("actor_id"))


def load_claims(store: Store, document_ids: Sequence[str]) -> dict[str, list[ClaimRecord]]:
    """The claims of some documents, by document id, in seq order."""
    t = schema.claims
    out: dict[str, list[ClaimRecord]] = {i: [] for i in document_ids}
    with store.engine.connect() as conn:
        for k in range(0, len(document_ids), _CHUNK):
            q = select(t).where(t.c.document_id.in_(document_ids[k : k + _CHUNK])).order_by(t.c.document_id, t.c.seq)
            for r in conn.execute(q).mappings():
                out[r["document_id"]].append(ClaimRecord(
                    document_id=r["document_id"], seq=r["seq"], speaker=_speaker(_load(r["speaker"])),
                    via=tuple(s for s in (_speaker(v) for v in json.loads(r["via"])) if s),
                    evidence_start=r["evidence_start"], evidence_end=r["evidence_end"], stance=r["stance"]))
    return out


def load_texts(store: Store, document_ids: Sequence[str]) -> dict[str, tuple[str, str, str | None]]:
    """document id -> (raw text, outlet id, original outlet id)."""
    d = schema.documents
    out: dict[str, tuple[str, str, str | None]] = {}
    with store.engine.connect() as conn:
        for k in range(0, len(document_ids), _CHUNK):
            q = select(d.c.id, d.c.text, d.c.outlet_id, d.c.original_outlet_id).where(
                d.c.id.in_(document_ids[k : k + _CHUNK]))
            out.update({r[0]: (r[1], r[2], r[3]) for r in conn.execute(q)})
    return out


def load_outlets(store: Store) -> dict[str, OutletInfo]:
    """The stored outlet table: id -> owner, state affiliation, country."""
    s = schema.sources
    with store.engine.connect() as conn:
        return {r.id: OutletInfo(id=r.id, name=r.name, owner=r.owner, state_affiliated=bool(r.state_affiliated),
                                 country=r.country)
                for r in conn.execute(select(s.c.id, s.c.name, s.c.owner, s.c.state_affiliated, s.c.country))}


def changed_documents(store: Store) -> set[str]:
    """Documents the event builder has not seen, or whose story changed since it did."""
    d, st, es = schema.documents, schema.stories, schema.event_sources
    q = (select(d.c.id, st.c.story_id, es.c.document_id.label("seen"), es.c.story_id.label("was"))
         .outerjoin(st, st.c.document_id == d.c.id).outerjoin(es, es.c.document_id == d.c.id))
    with store.engine.connect() as conn:
        return {r.id for r in conn.execute(q) if r.seen is None or r.story_id != r.was}


def stored_groups(store: Store) -> dict[str, set[str]]:
    """group id -> the documents with members in it."""
    m = schema.event_members
    out: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for gid, doc in conn.execute(select(m.c.group_id, m.c.document_id).distinct()):
            out.setdefault(gid, set()).add(doc)
    return out


# -- writing ----------------------------------------------------------------------------


def _chain_json(c: Chain) -> list[dict[str, Any]]:
    return [{"role": s.role, "id": s.id, "name": s.name, "reason": s.reason} for s in c.steps]


def _primary_json(c: Chain) -> dict[str, Any]:
    return {"key": c.primary.key, "name": c.primary.name, "kind": c.primary.kind}


def _owner_json(c: Chain) -> dict[str, Any]:
    return {"key": c.owner.key, "name": c.owner.name, "reason": c.owner.reason}


def event_rows(e: CanonicalEvent, outlets: Mapping[str, OutletInfo]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``events`` row and the ``event_members`` rows of one canonical event."""
    c, ind = e.core, e.independence
    outlet_objs: dict[tuple[str, str | None], dict[str, Any]] = {}
    for a in e.accounts:
        pub, orig = a.mention.outlet_id, a.mention.original_outlet_id
        outlet_objs[(pub, orig)] = {
            "id": pub, "name": outlets[pub].name if pub in outlets else pub,
            "original_outlet_id": orig,
            "original_outlet": (outlets[orig].name if orig in outlets else orig) if orig else None,
            "owner_group": a.chain.owner.name,
        }
    row = {
        "event_id": e.event_id, "group_id": e.group_id, "event_date": c.event_date,
        "time_precision": c.time_precision, "date_reason": c.date_reason,
        "event_type": c.event_type, "sub_event_type": c.sub_event_type,
        "actor1_id": c.actor1_id, "actor1": c.actor1, "assoc_actor_1": c.assoc_actor_1,
        "actor2_id": c.actor2_id, "actor2": c.actor2, "geonameid": c.geonameid, "country": c.country,
        "admin1": c.admin1, "location": c.location, "latitude": c.latitude, "longitude": c.longitude,
        "geo_precision": c.geo_precision, "source": e.source, "notes": c.notes,
        "fatalities": c.fatalities.low or 0, "fatalities_low": c.fatalities.low,
        "fatalities_best": c.fatalities.best, "fatalities_high": c.fatalities.high,
        "mentions": len(e.accounts),
        "outlets": json.dumps([outlet_objs[k] for k in sorted(outlet_objs, key=str)], ensure_ascii=False),
        "primary_sources": json.dumps([{"key": p.key, "name": p.name, "kind": p.kind} for p in ind.primary_sources],
                                      ensure_ascii=False),
        "primary_source_count": len(ind.primary_sources),
        "owner_groups": json.dumps([{"key": g.key, "name": g.name, "reason": g.reason} for g in ind.owner_groups],
                                   ensure_ascii=False),
        "owner_group_count": len(ind.owner_groups), "independence": ind.score,
        "independence_text": ind.explanation,
        "figures": json.dumps([{"document_id": f.document_id, "seq": f.seq, "outlet": f.outlet,
                                "speaker": f.speaker, "low": f.low, "high": f.high, "text": f.text}
                               for f in e.figures], ensure_ascii=False),
        "reasons": json.dumps([{"a": list(lk.a), "b": list(lk.b), "score": lk.score,
                                "reasons": [{"feature": r.feature, "weight": r.weight, "detail": r.detail}
                                            for r in lk.reasons]} for lk in e.links], ensure_ascii=False),
    }
    members = [{
        "document_id": a.mention.document_id, "seq": a.mention.seq, "event_id": e.event_id,
        "group_id": e.group_id, "claim_seq": a.attribution.claim_seq, "attribution": a.attribution.reason,
        "chain": json.dumps(_chain_json(a.chain), ensure_ascii=False),
        "primary_source": json.dumps(_primary_json(a.chain), ensure_ascii=False),
        "owner_group": json.dumps(_owner_json(a.chain), ensure_ascii=False),
        "ambiguous": a.mention.key in e.ambiguous,
    } for a in e.accounts]
    return row, members


def claim_provenance_row(document_id: str, seq: int, c: Chain) -> dict[str, Any]:
    """One ``claim_provenance`` row."""
    return {"document_id": document_id, "seq": seq, "chain": json.dumps(_chain_json(c), ensure_ascii=False),
            "primary_source": json.dumps(_primary_json(c), ensure_ascii=False),
            "owner_group": json.dumps(_owner_json(c), ensure_ascii=False)}


def contradiction_id(key: Any) -> str:
    """A stable id for a contradiction from its ``key()``."""
    return "cx" + hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]


def side_json(s: Any) -> dict[str, Any]:
    """One side of a contradiction (a ``Statement``) as stored and shown."""
    return {"document_id": s.document_id, "kind": s.kind, "seq": s.seq, "outlet_id": s.outlet_id,
            "original_outlet_id": s.original_outlet_id, "speaker": s.speaker,
            "speaker_actor_id": s.speaker_actor_id, "start": s.start, "end": s.end, "text": s.text}


def _in(col: Any, values: Sequence[str]) -> Iterable[Any]:
    for k in range(0, len(values), _CHUNK):
        yield col.in_(values[k : k + _CHUNK])


def replace_groups(
    store: Store,
    *,
    stale_groups: Sequence[str],
    events: Sequence[Mapping[str, Any]],
    members: Sequence[Mapping[str, Any]],
    contradictions: Sequence[Mapping[str, Any]],
    claim_rows: Sequence[Mapping[str, Any]],
    claim_documents: Sequence[str],
    state: Mapping[str, str | None],
) -> None:
    """Replace the rows of ``stale_groups`` (and the claim provenance of
    ``claim_documents``) with new ones, and record ``state`` (document -> story), in
    one transaction."""
    ev, em, ec = schema.events, schema.event_members, schema.event_contradictions
    cp, es = schema.claim_provenance, schema.event_sources
    groups = sorted(set(stale_groups))
    docs = sorted(set(claim_documents))
    with store.engine.begin() as conn:
        for table in (ev, em, ec):
            for cond in _in(table.c.group_id, groups):
                conn.execute(table.delete().where(cond))
        for cond in _in(cp.c.document_id, docs):
            conn.execute(cp.delete().where(cond))
        for cond in _in(es.c.document_id, sorted(state)):
            conn.execute(es.delete().where(cond))
        for table, rows in ((ev, events), (em, members), (ec, contradictions), (cp, claim_rows)):
            if rows:
                conn.execute(table.insert(), [dict(r) for r in rows])
        if state:
            conn.execute(es.insert(), [{"document_id": k, "story_id": v} for k, v in sorted(state.items())])


# -- reading the results ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow:
    """A stored canonical event, with its members and contradictions when asked."""

    row: Mapping[str, Any]
    members: tuple[Mapping[str, Any], ...] = ()
    contradictions: tuple[Mapping[str, Any], ...] = ()

    @property
    def event_id(self) -> str:
        """The event's id."""
        return str(self.row["event_id"])

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape: ACLED's column names in lower case plus ours."""
        r = self.row
        date = _date(r["event_date"])
        out: dict[str, Any] = {
            "event_id_cnty": r["event_id"], "event_date": date.isoformat() if date else None,
            "time_precision": r["time_precision"], "event_type": r["event_type"],
            "sub_event_type": r["sub_event_type"], "actor1": r["actor1"], "assoc_actor_1": r["assoc_actor_1"],
            "actor2": r["actor2"], "country": r["country"], "admin1": r["admin1"], "location": r["location"],
            "latitude": r["latitude"], "longitude": r["longitude"], "geo_precision": r["geo_precision"],
            "source": r["source"], "notes": r["notes"], "fatalities": r["fatalities"],
            "fatalities_low": r["fatalities_low"], "fatalities_best": r["fatalities_best"],
            "fatalities_high": r["fatalities_high"], "mentions": r["mentions"],
            "outlets": json.loads(r["outlets"]), "primary_sources": json.loads(r["primary_sources"]),
            "primary_source_count": r["primary_source_count"], "owner_groups": json.loads(r["owner_groups"]),
            "owner_group_count": r["owner_group_count"], "independence": r["independence"],
            "independence_text": r["independence_text"], "figures": json.loads(r["figures"]),
            "geonameid": r["geonameid"], "date_reason": r["date_reason"],
            "merge_reasons": json.loads(r["reasons"]),
            "contradictions": [_contradiction_json(c) for c in self.contradictions],
        }
        if self.members:
            out["accounts"] = [_member_json(m) for m in self.members]
        return out


def _member_json(m: Mapping[str, Any]) -> dict[str, Any]:
    return {"document_id": m["document_id"], "seq": m["seq"], "claim_seq": m["claim_seq"],
            "attribution": m["attribution"], "chain": json.loads(m["chain"]),
            "primary_source": json.loads(m["primary_source"]), "owner_group": json.loads(m["owner_group"]),
            "ambiguous": bool(m["ambiguous"]), **{k: m[k] for k in ("event_type", "sub_event_type", "modality",
                                                                     "evidence_start", "evidence_end", "evidence")
                                                   if k in m}}


def _contradiction_json(c: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": c["contradiction_id"], "kind": c["kind"], "geonameid": c["geonameid"], "reason": c["reason"],
            "a": json.loads(c["a"]), "b": json.loads(c["b"])}


def list_events(store: Store, *, with_contradictions: bool = True) -> list[EventRow]:
    """Every canonical event, by date (undated last), then id."""
    ev, ec = schema.events, schema.event_contradictions
    with store.engine.connect() as conn:
        rows = conn.execute(select(ev).order_by(ev.c.event_date.is_(None), ev.c.event_date, ev.c.event_id)).mappings().all()
        cons: dict[str, list[Mapping[str, Any]]] = {}
        if with_contradictions:
            for c in conn.execute(select(ec).order_by(ec.c.event_id, ec.c.contradiction_id)).mappings():
                cons.setdefault(c["event_id"], []).append(dict(c))
    return [EventRow(row=dict(r), contradictions=tuple(cons.get(r["event_id"], ()))) for r in rows]


def find_event_id(store: Store, ident: str) -> str | None:
    """The event id ``ident`` is a unique prefix of; None when it names no event.

    Raises:
        StoreError: R211 when the prefix matches more than one event.
    """
    ev = schema.events
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(ev.c.event_id).where(ev.c.event_id.like(ident + "%")).limit(6))]
    if len(ids) > 1:
        raise StoreError(f"event id '{ident}' is ambiguous: it starts {', '.join(ids[:5])}; give more characters",
                         code="R211")
    return ids[0] if ids else None


def get_event(store: Store, event_id: str) -> EventRow:
    """One canonical event with its accounts (members joined to their mentions' evidence).

    Raises:
        StoreError: R211 when no event has this id.
    """
    ev, em, ec, m, d = (schema.events, schema.event_members, schema.event_contradictions,
                        schema.event_mentions, schema.documents)
    evidence = func.substr(d.c.text, m.c.evidence_start + 1, m.c.evidence_end - m.c.evidence_start)
    with store.engine.connect() as conn:
        row = conn.execute(select(ev).where(ev.c.event_id == event_id)).mappings().first()
        if row is None:
            raise StoreError(f"no event with id '{event_id}' in {store.label}: see 'rashomon events'", code="R211")
        q = (select(em, m.c.event_type, m.c.sub_event_type, m.c.modality, m.c.evidence_start, m.c.evidence_end,
                    evidence.label("evidence"), d.c.outlet_name, d.c.original_outlet_name)
             .join(m, (m.c.document_id == em.c.document_id) & (m.c.seq == em.c.seq))
             .join(d, d.c.id == em.c.document_id)
             .where(em.c.event_id == event_id).order_by(em.c.document_id, em.c.seq))
        members = tuple(conn.execute(q).mappings().all())
        cons = tuple(conn.execute(select(ec).where(ec.c.event_id == event_id)
                                  .order_by(ec.c.contradiction_id)).mappings().all())
    return EventRow(row=dict(row), members=tuple(dict(m) for m in members),
                    contradictions=tuple(dict(c) for c in cons))


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryRow:
    """A story: its documents and the canonical events their accounts belong to."""

    story_id: str
    documents: tuple[Mapping[str, Any], ...]
    event_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``rashomon stories --json``."""
        dates = sorted(str(d["reference_date"]) for d in self.documents if d["reference_date"])
        return {"story_id": self.story_id,
                "documents": [{"id": d["id"], "outlet": d["outlet_name"], "original_outlet": d["original_outlet_name"],
                               "title": d["title"], "reference_date": str(d["reference_date"]) if d["reference_date"]
                               else None, "score": d["score"], "reasons": json.loads(d["reasons"] or "[]")}
                              for d in self.documents],
                "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None,
                "events": list(self.event_ids)}


def list_stories(store: Store) -> list[StoryRow]:
    """Every story with its documents (in ingest order) and canonical events."""
    st, d, em = schema.stories, schema.documents, schema.event_members
    q = (select(st.c.story_id, st.c.score, st.c.reasons, d.c.id, d.c.outlet_name, d.c.original_outlet_name,
                d.c.title, d.c.reference_date)
         .join(d, d.c.id == st.c.document_id).order_by(st.c.story_id, d.c.ingested_at, d.c.id))
    with store.engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
        evs: dict[str, set[str]] = {}
        for doc, eid in conn.execute(select(em.c.document_id, em.c.event_id)):
            evs.setdefault(doc, set()).add(eid)
    stories: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        stories.setdefault(r["story_id"], []).append(dict(r))
    return [StoryRow(story_id=s, documents=tuple(docs),
                     event_ids=tuple(sorted({e for dd in docs for e in evs.get(dd["id"], ())})))
            for s, docs in stories.items()]


def current_stories(store: Store, document_ids: Sequence[str]) -> dict[str, str]:
    """document id -> its story now (documents in no story are left out)."""
    st = schema.stories
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for cond in _in(st.c.document_id, list(document_ids)):
            out.update({r[0]: r[1] for r in conn.execute(select(st.c.document_id, st.c.story_id).where(cond))})
    return out
