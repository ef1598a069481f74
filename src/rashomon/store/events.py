"""Writing and reading the extract stage's tables: ``event_mentions`` and ``claims``.

:func:`replace_extractions` is the writer (one transaction per batch; a document's
rows are replaced as a whole, so re-running extraction is idempotent);
:func:`get_extraction` reads one document's records back as the same dataclasses.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select

from rashomon.extract.records import (
    ActorRef,
    Claim,
    Count,
    EventMention,
    Extraction,
    PlaceRef,
    Speaker,
)
from rashomon.model import Span

from . import schema
from .db import Store


def _actor(a: ActorRef | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"text": a.text, "start": a.span.start, "end": a.span.end, "actor_id": a.actor_id}


def _speaker(s: Speaker | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"text": s.text, "start": s.span.start, "end": s.span.end, "kind": s.kind,
            "actor_id": s.actor_id}


def _count(c: Count) -> dict[str, Any]:
    return {"low": c.low, "high": c.high, "text": c.text, "start": c.span.start, "end": c.span.end,
            "role": c.role, "head": c.head, "reason": c.reason}


def _place(p: PlaceRef | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"text": p.text, "start": p.span.start, "end": p.span.end, "name": p.name,
            "geonameid": p.geonameid, "admin1": p.admin1, "country": p.country, "lat": p.lat,
            "lon": p.lon, "precision": p.precision}


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def event_row(e: EventMention, *, is_main: bool) -> dict[str, Any]:
    """One ``event_mentions`` row (lists and objects as JSON text)."""
    return {
        "document_id": e.document_id, "seq": e.seq, "event_type": e.event_type,
        "sub_event_type": e.sub_event_type, "trigger": e.trigger,
        "trigger_start": e.trigger_span.start, "trigger_end": e.trigger_span.end,
        "evidence_start": e.evidence.start, "evidence_end": e.evidence.end,
        "modality": e.modality, "modality_cue": e.modality_cue,
        "actor1": _dumps(_actor(e.actor1)), "actor2": _dumps(_actor(e.actor2)),
        "associated": json.dumps([_actor(a) for a in e.associated], ensure_ascii=False),
        "place": _dumps(_place(e.place)),
        "geonameid": None if e.place is None else e.place.geonameid,
        "geo_precision": None if e.place is None else e.place.precision,
        "date_start": e.date_start, "date_end": e.date_end, "time_precision": e.time_precision,
        "time_text": e.time_text,
        "fatalities_low": None if e.fatalities is None else e.fatalities.low,
        "fatalities_high": None if e.fatalities is None else e.fatalities.high,
        "fatalities_text": None if e.fatalities is None else _dumps(_count(e.fatalities)),
        "injuries_low": None if e.injuries is None else e.injuries.low,
        "injuries_high": None if e.injuries is None else e.injuries.high,
        "injuries_text": None if e.injuries is None else _dumps(_count(e.injuries)),
        "quantities": json.dumps([_count(q) for q in e.quantities], ensure_ascii=False),
        "claim_seq": e.claim, "is_main": is_main, "reason": e.reason,
    }


def claim_row(c: Claim) -> dict[str, Any]:
    """One ``claims`` row."""
    return {
        "document_id": c.document_id, "seq": c.seq,
        "evidence_start": c.evidence.start, "evidence_end": c.evidence.end,
        "content_start": c.content.start, "content_end": c.content.end,
        "speaker": _dumps(_speaker(c.speaker)),
        "speaker_actor_id": None if c.speaker is None else c.speaker.actor_id,
        "via": json.dumps([_speaker(v) for v in c.via], ensure_ascii=False),
        "channel": c.channel, "verb": c.verb, "stance": c.stance,
    }


def replace_extractions(store: Store, extractions: Sequence[Extraction]) -> None:
    """Stores each document's event mentions and claims, replacing any stored before.

    One transaction for the batch. The documents must already be in the store.
    """
    ids = [x.document_id for x in extractions]
    if not ids:
        return
    with store.engine.begin() as conn:
        conn.execute(delete(schema.event_mentions).where(schema.event_mentions.c.document_id.in_(ids)))
        conn.execute(delete(schema.claims).where(schema.claims.c.document_id.in_(ids)))
        events = [event_row(e, is_main=e.seq == x.main_event) for x in extractions for e in x.event_mentions]
        claims = [claim_row(c) for x in extractions for c in x.claims]
        if events:
            conn.execute(schema.event_mentions.insert(), events)
        if claims:
            conn.execute(schema.claims.insert(), claims)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _actor_of(d: dict[str, Any] | None) -> ActorRef | None:
    if d is None:
        return None
    return ActorRef(text=d["text"], span=Span(start=d["start"], end=d["end"]), actor_id=d["actor_id"])


def _speaker_of(d: dict[str, Any] | None) -> Speaker | None:
    if d is None:
        return None
    return Speaker(text=d["text"], span=Span(start=d["start"], end=d["end"]), kind=d["kind"],
                   actor_id=d["actor_id"])


def _count_of(d: dict[str, Any] | None) -> Count | None:
    if d is None:
        return None
    return Count(low=d["low"], high=d["high"], text=d["text"], span=Span(start=d["start"], end=d["end"]),
                 role=d["role"], head=d["head"], reason=d["reason"])


def _place_of(d: dict[str, Any] | None) -> PlaceRef | None:
    if d is None:
        return None
    return PlaceRef(text=d["text"], span=Span(start=d["start"], end=d["end"]), name=d["name"],
                    geonameid=d["geonameid"], admin1=d["admin1"], country=d["country"],
                    lat=d["lat"], lon=d["lon"], precision=d["precision"])


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def get_extraction(store: Store, document_id: str) -> Extraction | None:
    """A document's stored event mentions and claims, or None when none were stored.

    The document-level counts (``main_fatalities``...) are not stored; read the main
    event's own counts instead.
    """
    with store.engine.connect() as conn:
        erows = conn.execute(select(schema.event_mentions)
                             .where(schema.event_mentions.c.document_id == document_id)
                             .order_by(schema.event_mentions.c.seq)).mappings().all()
        crows = conn.execute(select(schema.claims).where(schema.claims.c.document_id == document_id)
                             .order_by(schema.claims.c.seq)).mappings().all()
    if not erows and not crows:
        return None
    events = tuple(
        EventMention(
            document_id=r["document_id"], seq=r["seq"], event_type=r["event_type"],
            sub_event_type=r["sub_event_type"], trigger=r["trigger"],
            trigger_span=Span(start=r["trigger_start"], end=r["trigger_end"]),
            evidence=Span(start=r["evidence_start"], end=r["evidence_end"]),
            modality=r["modality"], modality_cue=r["modality_cue"],
            actor1=_actor_of(_load(r["actor1"])), actor2=_actor_of(_load(r["actor2"])),
            associated=tuple(a for a in (_actor_of(x) for x in json.loads(r["associated"])) if a),
            place=_place_of(_load(r["place"])),
            date_start=_date(r["date_start"]), date_end=_date(r["date_end"]),
            time_precision=r["time_precision"], time_text=r["time_text"],
            fatalities=_count_of(_load(r["fatalities_text"])),
            injuries=_count_of(_load(r["injuries_text"])),
            quantities=tuple(c for c in (_count_of(x) for x in json.loads(r["quantities"])) if c),
            claim=r["claim_seq"], reason=r["reason"],
        )
        for r in erows
    )
    claims = tuple(
        Claim(
            document_id=r["document_id"], seq=r["seq"],
            evidence=Span(start=r["evidence_start"], end=r["evidence_end"]),
            content=Span(start=r["content_start"], end=r["content_end"]),
            speaker=_speaker_of(_load(r["speaker"])),
            via=tuple(s for s in (_speaker_of(x) for x in json.loads(r["via"])) if s),
            channel=r["channel"], verb=r["verb"], stance=r["stance"],
        )
        for r in crows
    )
    main = next((r["seq"] for r in erows if r["is_main"]), None)
    return Extraction(document_id=document_id, event_mentions=events, claims=claims, main_event=main)
