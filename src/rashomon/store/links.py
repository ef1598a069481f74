"""Writer and reader of the link stage's tables: features and stories."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from . import schema
from .db import Store


def replace_features(store: Store, items: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
    """Store each document's linker features (JSON-ready dicts), replacing earlier ones."""
    if not items:
        return
    t = schema.doc_features
    with store.engine.begin() as conn:
        ids = [i for i, _ in items]
        for k in range(0, len(ids), 500):
            conn.execute(t.delete().where(t.c.document_id.in_(ids[k : k + 500])))
        conn.execute(t.insert(), [{"document_id": i, "features": json.dumps(f)} for i, f in items])


def load_features(store: Store) -> list[tuple[str, dict[str, Any]]]:
    """Every stored document's features, in ingest order (the order linking replays)."""
    f, d = schema.doc_features, schema.documents
    q = select(f.c.document_id, f.c.features).join(d, d.c.id == f.c.document_id).order_by(
        d.c.ingested_at, d.c.id
    )
    with store.engine.connect() as conn:
        return [(r[0], json.loads(r[1])) for r in conn.execute(q)]


def replace_stories(
    store: Store,
    rows: Sequence[Mapping[str, Any]],
    dates: Sequence[Mapping[str, Any]] = (),
    tolls: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Replace the story table and the days and tolls derived from it, in one transaction.

    Linking is rebuilt from the stored features, so all are replaced, never
    patched: a derived day or toll never outlives the story it came from.
    """
    t, sd, st = schema.stories, schema.story_dates, schema.story_tolls
    with store.engine.begin() as conn:
        conn.execute(sd.delete())
        conn.execute(st.delete())
        conn.execute(t.delete())
        if rows:
            conn.execute(t.insert(), [dict(r) for r in rows])
        if dates:
            conn.execute(sd.insert(), [dict(r) for r in dates])
        if tolls:
            conn.execute(st.insert(), [dict(r) for r in tolls])


def _derived_rows(store: Store, table: Any, document_ids: Sequence[str] | None) -> dict[str, dict[str, Any]]:
    """document id -> its row of a per-document link-stage table, ``sources`` parsed."""
    q = select(table)
    if document_ids is not None:
        q = q.where(table.c.document_id.in_(list(document_ids)))
    with store.engine.connect() as conn:
        out = {}
        for r in conn.execute(q):
            row = dict(r._mapping)
            doc_id = row.pop("document_id")
            row["sources"] = json.loads(row["sources"])
            out[doc_id] = row
        return out


def story_dates_of(store: Store, document_ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    """document id -> its derived day row (day, story_id, votes, dated, sources, reason)."""
    return _derived_rows(store, schema.story_dates, document_ids)


def story_tolls_of(store: Store, document_ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    """document id -> its story toll row (kind, killed, injured, own_killed, own_injured,
    sources, source_day, votes, accounts, story_id, reason)."""
    return _derived_rows(store, schema.story_tolls, document_ids)


def story_of(store: Store) -> dict[str, str]:
    """document id -> story id."""
    t = schema.stories
    with store.engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(select(t.c.document_id, t.c.story_id))}
