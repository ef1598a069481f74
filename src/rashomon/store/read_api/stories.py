"""Stories and claims for the interfaces: paged lists, the story page with its outlet matrix.

A story is the documents about one developing situation (the link stage's
``stories`` table). Its events are the canonical events with an account in one of its
documents. The *matrix* is the story page's comparison of outlets: columns are the
outlets that originated the texts (the original outlet of a syndicated copy, with the
republisher noted), rows are the story's canonical events and then the claims no event
is attributed to, and each cell is that outlet's account, or None when the outlet
said nothing about it.

When not to use: to decide anything -- the matrix shows silence and disagreement, it
does not weigh them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from ...errors import StoreError
from .. import canonical, schema
from ..db import Store
from .canonical_events import CanonicalEvent, Rec, canonical_events_by_id, claim_json
from .events import NO_ACTORS, ActorTable
from .paging import Page, decode_cursor, encode_cursor

# -- stories -----------------------------------------------------------------------------


def _story_docs(conn: Connection, story_ids: Sequence[str]) -> dict[str, list[Rec]]:
    st, d = schema.stories, schema.documents
    q = (select(st.c.story_id, st.c.score, st.c.reasons, d.c.id, d.c.outlet_id, d.c.outlet_name,
                d.c.original_outlet_id, d.c.original_outlet_name, d.c.title, d.c.reference_date)
         .join(d, d.c.id == st.c.document_id).where(st.c.story_id.in_(list(story_ids)))
         .order_by(st.c.story_id, d.c.ingested_at, d.c.id))
    out: dict[str, list[Rec]] = {s: [] for s in story_ids}
    for r in conn.execute(q).mappings():
        out[r["story_id"]].append(r)
    return out


def _doc_events(conn: Connection, doc_ids: Sequence[str]) -> dict[str, set[str]]:
    em = schema.event_members
    out: dict[str, set[str]] = {}
    if doc_ids:
        for doc, eid in conn.execute(select(em.c.document_id, em.c.event_id).where(em.c.document_id.in_(list(doc_ids)))):
            out.setdefault(doc, set()).add(eid)
    return out


def _summaries(store: Store, story_ids: Sequence[str], actors: ActorTable) -> list[tuple[dict[str, Any], list[CanonicalEvent]]]:
    with store.engine.connect() as conn:
        docs = _story_docs(conn, story_ids)
        evs = _doc_events(conn, [d["id"] for ds in docs.values() for d in ds])
    out = []
    for sid in story_ids:
        ids = tuple(sorted({e for d in docs[sid] for e in evs.get(d["id"], ())}))
        body = canonical.StoryRow(story_id=sid, documents=tuple(docs[sid]), event_ids=ids).to_json()
        events = canonical_events_by_id(store, ids, actors=actors)
        places = {(e.data["geonameid"], e.data["location"], e.data["country"]) for e in events if e.data["location"]}
        names = [n for e in events for n in (e.data["actor1"], e.data["actor2"]) if n]
        cons = {c["id"] for e in events for c in e.data["contradictions"]}
        body.update({
            "places": [{"geonameid": g, "name": n, "country": c} for g, n, c in sorted(places, key=lambda p: str(p[1]))],
            "actors": sorted(set(names)),
            "event_count": len(ids),
            "contradiction_count": len(cons),
        })
        out.append((body, events))
    return out


def story_count(store: Store) -> int:
    """How many stories the store holds."""
    st = schema.stories
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count(st.c.story_id.distinct()))).scalar_one())


def list_story_page(
    store: Store, *, limit: int = 100, cursor: str | None = None, actors: ActorTable = NO_ACTORS
) -> Page[dict[str, Any]]:
    """Stories by id, a page at a time, each with documents, time span, places, actors, events."""
    st = schema.stories
    key = decode_cursor(cursor)
    with store.engine.connect() as conn:
        q = select(st.c.story_id).distinct().order_by(st.c.story_id).limit(limit + 1)
        if key:
            q = q.where(st.c.story_id > str(key[0]))
        ids = [r[0] for r in conn.execute(q)]
    items = [body for body, _ in _summaries(store, ids[:limit], actors)]
    nxt = encode_cursor([ids[limit - 1]]) if len(ids) > limit else None
    return Page(items=items, next_cursor=nxt)


def resolve_story_id(store: Store, ident: str) -> str:
    """The story ``ident`` names (a full id or a unique prefix).

    Raises:
        StoreError: R236 when no story matches; R211 when several do.
    """
    st = schema.stories
    with store.engine.connect() as conn:
        exact = conn.execute(select(st.c.story_id).where(st.c.story_id == ident).limit(1)).first()
        if exact:
            return str(exact[0])
        like = ident.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        ids = [r[0] for r in conn.execute(select(st.c.story_id).distinct()
                                          .where(st.c.story_id.like(like, escape="\\")).limit(6))]
    if len(ids) > 1:
        raise StoreError(f"story id '{ident}' is ambiguous: it starts {', '.join(ids[:5])}; give more characters",
                         code="R211")
    if not ids:
        raise StoreError(f"no story with id '{ident}' in {store.label}: see /api/stories", code="R236")
    return str(ids[0])


def get_story(store: Store, ident: str, *, actors: ActorTable = NO_ACTORS) -> dict[str, Any]:
    """One story (id or unique prefix): the summary, its events, contradictions and matrix."""
    sid = resolve_story_id(store, ident)
    body, events = _summaries(store, [sid], actors)[0]
    cons: dict[str, dict[str, Any]] = {}
    for e in events:
        for c in e.data["contradictions"]:
            cons.setdefault(c["id"], {**c, "event_ids": []})["event_ids"].append(e.id)
    body["event_rows"] = [e.to_json() for e in events]
    body["contradictions"] = list(cons.values())
    body["matrix"] = _matrix(store, body["documents"], events)
    return body


# -- the outlet matrix -------------------------------------------------------------------


def _columns(conn: Connection, doc_ids: Sequence[str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The matrix's columns (originating outlets) and each document's column id."""
    d = schema.documents
    q = (select(d.c.id, d.c.outlet_id, d.c.outlet_name, d.c.original_outlet_id, d.c.original_outlet_name)
         .where(d.c.id.in_(list(doc_ids))).order_by(d.c.ingested_at, d.c.id))
    columns: dict[str, dict[str, Any]] = {}
    of_doc: dict[str, str] = {}
    for r in conn.execute(q):
        cid = r.original_outlet_id or r.outlet_id
        col = columns.setdefault(cid, {"id": cid, "name": r.original_outlet_name or r.outlet_name,
                                       "republished_by": [], "documents": []})
        if r.original_outlet_id and r.outlet_name not in col["republished_by"]:
            col["republished_by"].append(r.outlet_name)
        col["documents"].append(r.id)
        of_doc[r.id] = cid
    return list(columns.values()), of_doc


def _matrix(store: Store, documents: Sequence[Rec], events: Sequence[CanonicalEvent]) -> dict[str, Any]:
    em, m, cl, d = schema.event_members, schema.event_mentions, schema.claims, schema.documents
    doc_ids = [x["id"] for x in documents]
    with store.engine.connect() as conn:
        columns, of_doc = _columns(conn, doc_ids)
        texts = {r.id: r.text for r in conn.execute(select(d.c.id, d.c.text).where(d.c.id.in_(doc_ids)))}
        claims = {(c["document_id"], c["seq"]): c
                  for c in conn.execute(select(cl).where(cl.c.document_id.in_(doc_ids))
                                        .order_by(cl.c.document_id, cl.c.seq)).mappings()}
        q = (select(em.c.event_id, em.c.document_id, em.c.seq, em.c.claim_seq, m.c.fatalities_low,
                    m.c.fatalities_high, m.c.evidence_start, m.c.evidence_end)
             .join(m, (m.c.document_id == em.c.document_id) & (m.c.seq == em.c.seq))
             .where(em.c.document_id.in_(doc_ids)).order_by(em.c.document_id, em.c.seq))
        members = conn.execute(q).mappings().all()
    empty = {c["id"]: None for c in columns}
    rows: dict[str, dict[str, Any]] = {
        e.id: {"kind": "event", "id": e.id, "event_date": e.data["event_date"],
               "label": f"{e.data['event_type']}: {e.data['sub_event_type']} at {e.data['location'] or '?'}",
               "cells": dict(empty)}
        for e in events
    }
    cited: set[tuple[str, int]] = set()
    for r in members:
        if r["event_id"] not in rows:
            continue
        claim = claims.get((r["document_id"], r["claim_seq"])) if r["claim_seq"] is not None else None
        if claim is not None:
            cited.add((r["document_id"], claim["seq"]))
        text = texts[r["document_id"]]
        account = {
            "document_id": r["document_id"], "seq": r["seq"], "kind": "event",
            "claim_seq": claim["seq"] if claim else None, "speaker": _speaker(claim),
            "stance": claim["stance"] if claim else None,
            "fatalities_low": r["fatalities_low"], "fatalities_high": r["fatalities_high"],
            "start": r["evidence_start"], "end": r["evidence_end"],
            "text": text[r["evidence_start"]:r["evidence_end"]],
        }
        _add(rows[r["event_id"]]["cells"], of_doc[r["document_id"]], account)
    claim_rows = []
    for (doc, seq), c in claims.items():
        if (doc, seq) in cited:
            continue
        shown = claim_json(c, texts[doc])
        cells: dict[str, Any] = dict(empty)
        row = {"kind": "claim", "id": f"{doc}:{seq}", "event_date": None,
               "label": f"{shown['speaker'] or 'unnamed source'} {c['verb']}: {shown['content']['text']}",
               "cells": cells}
        _add(cells, of_doc[doc], {
            "document_id": doc, "seq": seq, "kind": "claim", "claim_seq": seq, "speaker": shown["speaker"],
            "stance": c["stance"],
            "fatalities_low": None, "fatalities_high": None, "start": shown["start"], "end": shown["end"],
            "text": shown["text"],
        })
        claim_rows.append(row)
    return {"columns": columns, "rows": [*rows.values(), *claim_rows]}


def _speaker(claim: Rec | None) -> str | None:
    if claim is None or not claim["speaker"]:
        return None
    return " ".join(str(json.loads(claim["speaker"]).get("text", "")).split()) or None


def _add(cells: dict[str, Any], column: str, account: dict[str, Any]) -> None:
    if cells.get(column) is None:
        cells[column] = {"accounts": []}
    cells[column]["accounts"].append(account)


# -- claims ------------------------------------------------------------------------------


def list_claims(
    store: Store, *, document: str | None = None, story: str | None = None, speaker: str | None = None,
    limit: int = 100, cursor: str | None = None,
) -> Page[dict[str, Any]]:
    """Claims (attributed statements) by document and seq, a page at a time.

    Args:
        document: a document id (or a unique prefix of at least 4 characters).
        story: a story id (or a unique prefix).
        speaker: a substring of the speaker's words or its actor id, case-insensitive.

    Raises:
        StoreError: R210 (document), R236 / R211 (story), R223 (cursor).
    """
    from ..queries import get_document

    cl, d, st, cp = schema.claims, schema.documents, schema.stories, schema.claim_provenance
    conds: list[Any] = []
    if document:
        conds.append(cl.c.document_id == get_document(store, document).id)
    if story:
        sid = resolve_story_id(store, story)
        conds.append(cl.c.document_id.in_(select(st.c.document_id).where(st.c.story_id == sid)))
    if speaker:
        like = f"%{speaker.lower()}%"
        conds.append(func.lower(cl.c.speaker).like(like) | func.lower(cl.c.speaker_actor_id).like(like))
    key = decode_cursor(cursor)
    if key:
        conds.append((cl.c.document_id > str(key[0])) | ((cl.c.document_id == str(key[0])) & (cl.c.seq > int(key[1]))))
    q = (select(cl, d.c.outlet_name, d.c.original_outlet_name, st.c.story_id,
                cp.c.chain, cp.c.primary_source, cp.c.owner_group)
         .join(d, d.c.id == cl.c.document_id).outerjoin(st, st.c.document_id == cl.c.document_id)
         .outerjoin(cp, (cp.c.document_id == cl.c.document_id) & (cp.c.seq == cl.c.seq))
         .where(*conds).order_by(cl.c.document_id, cl.c.seq).limit(limit + 1))
    with store.engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
        docs = sorted({r["document_id"] for r in rows[:limit]})
        texts = {r.id: r.text for r in conn.execute(select(d.c.id, d.c.text).where(d.c.id.in_(docs)))}
        events = _claim_events(conn, docs)
    items = [_claim_item(r, texts[r["document_id"]], events) for r in rows[:limit]]
    nxt = encode_cursor([rows[limit - 1]["document_id"], rows[limit - 1]["seq"]]) if len(rows) > limit else None
    return Page(items=items, next_cursor=nxt)


def _claim_events(conn: Connection, docs: Sequence[str]) -> dict[tuple[str, int], list[str]]:
    em = schema.event_members
    out: dict[tuple[str, int], list[str]] = {}
    if docs:
        q = (select(em.c.document_id, em.c.claim_seq, em.c.event_id).distinct()
             .where(em.c.document_id.in_(list(docs)), em.c.claim_seq.is_not(None))
             .order_by(em.c.document_id, em.c.claim_seq, em.c.event_id))
        for r in conn.execute(q):
            out.setdefault((r.document_id, r.claim_seq), []).append(r.event_id)
    return out


def _claim_item(r: Rec, text: str, events: Mapping[tuple[str, int], list[str]]) -> dict[str, Any]:
    shown = claim_json(r, text)
    return {
        "id": f"{r['document_id']}:{r['seq']}", "document_id": r["document_id"],
        "outlet": r["outlet_name"], "original_outlet": r["original_outlet_name"], "story_id": r["story_id"],
        **shown,
        "chain": json.loads(r["chain"]) if r["chain"] else [],
        "primary_source": json.loads(r["primary_source"]) if r["primary_source"] else None,
        "owner_group": json.loads(r["owner_group"]) if r["owner_group"] else None,
        "events": events.get((r["document_id"], r["seq"]), []),
    }


__all__ = ["get_story", "list_claims", "list_story_page", "resolve_story_id", "story_count"]
