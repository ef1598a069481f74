"""Free-text search: a derived full-text index over documents, and queries on it.

:func:`ensure_search_index` is the one writer in the read layer: it builds the index
the first time search is asked for and adds documents stored since. Dropping the
index table loses nothing.

- SQLite: an FTS5 table ``documents_fts`` (BM25 ranking, FTS5 query syntax).
- PostgreSQL: a table ``documents_tsv`` holding an English ``tsvector`` per document
  (title weight A, body B, other segments D) under a GIN index, queried with
  ``websearch_to_tsquery`` (plain words, "quoted phrases", ``or``, ``-word``),
  ranked by ``ts_rank`` with ``ts_headline`` snippets.
- Any other database: a case-insensitive substring match, newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, column, func, inspect, select, table, text
from sqlalchemy.exc import OperationalError

from ...errors import StoreError
from .. import schema
from ..db import Store
from .paging import Page, decode_cursor, encode_cursor

_FTS = "documents_fts"
_fts_table = table(_FTS, column("doc_id"))
_TSV = "documents_tsv"
_tsv_table = table(_TSV, column("doc_id"))


def ensure_search_index(store: Store) -> int:
    """Create the FTS5 index if missing and add documents not yet in it; returns how many.

    SQLite (FTS5) and PostgreSQL (tsvector); on other databases search falls back to
    a substring match and nothing is built. Body segments are indexed apart from the
    rest (comments, captions...), and ranked higher.
    """
    if store.engine.dialect.name == "postgresql":
        return _ensure_pg_index(store)
    if store.engine.dialect.name != "sqlite":
        return 0
    d = schema.documents
    with store.engine.begin() as conn:
        conn.execute(
            text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_FTS} USING fts5("
                "doc_id UNINDEXED, title, body, other, tokenize='unicode61 remove_diacritics 2')"
            )
        )
        missing = conn.execute(
            select(d.c.id, d.c.title, d.c.text).where(d.c.id.not_in(select(_fts_table.c.doc_id)))
        ).all()
        if not missing:
            return 0
        rows = _indexed_rows(conn, missing)
        conn.execute(text(f"INSERT INTO {_FTS} (doc_id, title, body, other) VALUES (:doc_id, :title, :body, :other)"), rows)
        return len(rows)


def _indexed_rows(conn: Connection, missing: Sequence[Any]) -> list[dict[str, str]]:
    spans = _all_spans(conn, [r.id for r in missing])
    rows = []
    for r in missing:
        body = " ".join(r.text[a:b] for a, b, label in spans[r.id] if label == "body")
        other = " ".join(r.text[a:b] for a, b, label in spans[r.id] if label not in ("body", "title"))
        rows.append({"doc_id": r.id, "title": r.title or "", "body": body, "other": other})
    return rows


def _ensure_pg_index(store: Store) -> int:
    d = schema.documents
    with store.engine.begin() as conn:
        conn.execute(text(
            f"CREATE TABLE IF NOT EXISTS {_TSV} (doc_id VARCHAR(40) PRIMARY KEY, body TEXT NOT NULL, "
            "tsv TSVECTOR NOT NULL)"
        ))
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{_TSV} ON {_TSV} USING GIN (tsv)"))
        missing = conn.execute(
            select(d.c.id, d.c.title, d.c.text).where(d.c.id.not_in(select(_tsv_table.c.doc_id)))
        ).all()
        if not missing:
            return 0
        conn.execute(
            text(
                f"INSERT INTO {_TSV} (doc_id, body, tsv) VALUES (:doc_id, :body, "
                "setweight(to_tsvector('english', :title), 'A') || "
                "setweight(to_tsvector('english', :body), 'B') || "
                "setweight(to_tsvector('english', :other), 'D'))"
            ),
            _indexed_rows(conn, missing),
        )
        return len(missing)


def _all_spans(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[tuple[int, int, str]]]:
    s = schema.segments
    out: dict[str, list[tuple[int, int, str]]] = {d: [] for d in doc_ids}
    for i in range(0, len(doc_ids), 500):
        chunk = list(doc_ids[i : i + 500])
        for r in conn.execute(select(s.c.document_id, s.c.start, s.c.end, s.c.label).where(s.c.document_id.in_(chunk)).order_by(s.c.seq)):
            out[r.document_id].append((r.start, r.end, r.label))
    return out


def _fts_query(q: str) -> str:
    """Plain words become quoted terms (ANDed) so punctuation cannot break the syntax;
    a query with FTS operators or quotes is passed as written."""
    if any(op in q for op in ('"', " OR ", " NOT ", " NEAR", "*")):
        return q
    words = [w for w in q.replace("-", " ").split() if w]
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def search_ids(conn: Connection, q: str) -> Any:
    """A subquery of the ids of documents matching ``q`` (for ``IN`` filters)."""
    if conn.dialect.name == "sqlite" and inspect(conn).has_table(_FTS):
        match = text(f"{_FTS} MATCH :q").bindparams(bindparam("q", _fts_query(q)))
        return select(_fts_table.c.doc_id).where(match)
    if conn.dialect.name == "postgresql" and inspect(conn).has_table(_TSV):
        match = text("tsv @@ websearch_to_tsquery('english', :q)").bindparams(bindparam("q", q))
        return select(_tsv_table.c.doc_id).where(match)
    d = schema.documents
    return select(d.c.id).where(d.c.text.ilike(f"%{q}%"))


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """A document matching a free-text query, with a highlighted snippet."""

    document_id: str
    title: str | None
    outlet: str
    reference_date: str | None
    snippet: str
    rank: float

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def refresh_search_index(store: Store) -> int:
    """:func:`ensure_search_index` when documents were added since, for a running server.

    Cheap when nothing changed (two counts). When the ingest writer holds the database,
    the refresh is skipped (search sees what was indexed) rather than failing the request.
    """
    dialect = store.engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        return 0
    index = _fts_table if dialect == "sqlite" else _tsv_table
    with store.engine.connect() as conn:
        if inspect(conn).has_table(index.name):
            docs = conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()
            indexed = conn.execute(select(func.count()).select_from(index)).scalar_one()
            if docs == indexed:
                return 0
    try:
        return ensure_search_index(store)
    except OperationalError as exc:
        if "locked" in str(exc.orig):
            return 0
        raise


def search(store: Store, q: str, *, limit: int = 50, cursor: str | None = None) -> Page[SearchHit]:
    """Documents matching ``q``, best first (BM25; title 5x, body 2x, other text 1x).

    Call :func:`ensure_search_index` first (the server does). On PostgreSQL, its
    full-text search (``websearch_to_tsquery`` syntax, ``ts_rank``); on databases
    other than these two, a plain case-insensitive substring match, newest first.

    Raises:
        StoreError: R224 when the query is not valid FTS5 syntax.
    """
    key = decode_cursor(cursor)
    offset = int(key[0]) if key else 0
    d = schema.documents
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            indexed = inspect(conn).has_table(_TSV)
        if indexed:
            return _search_pg(store, q, limit=limit, offset=offset)
    if store.engine.dialect.name != "sqlite":
        return _search_like(store, q, limit=limit, offset=offset)
    sql = text(
        f"SELECT f.doc_id, bm25({_FTS}, 0.0, 5.0, 2.0, 1.0) AS rank, "
        f"snippet({_FTS}, 2, '[', ']', ' … ', 16) AS snip "
        f"FROM {_FTS} f WHERE {_FTS} MATCH :q ORDER BY rank, f.doc_id LIMIT :n OFFSET :o"
    )
    with store.engine.connect() as conn:
        try:
            rows = conn.execute(sql, {"q": _fts_query(q), "n": limit + 1, "o": offset}).all()
        except OperationalError as exc:  # FTS5 syntax errors
            raise StoreError(f"bad search query {q!r}: {getattr(exc, 'orig', exc)}", code="R224") from None
        ids = [r.doc_id for r in rows[:limit]]
        meta = {
            r.id: r
            for r in conn.execute(select(d.c.id, d.c.title, d.c.outlet_name, d.c.reference_date).where(d.c.id.in_(ids)))
        }
    hits = [
        SearchHit(
            document_id=r.doc_id,
            title=meta[r.doc_id].title,
            outlet=meta[r.doc_id].outlet_name,
            reference_date=meta[r.doc_id].reference_date.isoformat() if meta[r.doc_id].reference_date else None,
            snippet=r.snip,
            rank=round(float(r.rank), 4),
        )
        for r in rows[:limit]
        if r.doc_id in meta
    ]
    nxt = encode_cursor([offset + limit]) if len(rows) > limit else None
    return Page(items=hits, next_cursor=nxt)


def _search_pg(store: Store, q: str, *, limit: int, offset: int) -> Page[SearchHit]:
    d = schema.documents
    sql = text(
        f"SELECT t.doc_id, ts_rank(t.tsv, query) AS rank, "
        "ts_headline('english', t.body, query, 'StartSel=[, StopSel=], MaxWords=24, MinWords=10') AS snip, "
        f"d.title, d.outlet_name, d.reference_date FROM {_TSV} t "
        f"JOIN {d.name} d ON d.id = t.doc_id, websearch_to_tsquery('english', :q) query "
        "WHERE t.tsv @@ query ORDER BY rank DESC, t.doc_id LIMIT :n OFFSET :o"
    )
    with store.engine.connect() as conn:
        rows = conn.execute(sql, {"q": q, "n": limit + 1, "o": offset}).all()
    hits = [
        SearchHit(document_id=r.doc_id, title=r.title, outlet=r.outlet_name,
                  reference_date=r.reference_date.isoformat() if r.reference_date else None,
                  snippet=" ".join((r.snip or "").split()), rank=round(-float(r.rank), 4))
        for r in rows[:limit]
    ]
    return Page(items=hits, next_cursor=encode_cursor([offset + limit]) if len(rows) > limit else None)


def _search_like(store: Store, q: str, *, limit: int, offset: int) -> Page[SearchHit]:
    d = schema.documents
    query = (
        select(d.c.id, d.c.title, d.c.outlet_name, d.c.reference_date, d.c.text)
        .where(d.c.text.ilike(f"%{q}%"))
        .order_by(d.c.reference_date.desc(), d.c.id)
        .limit(limit + 1)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    hits = []
    for r in rows[:limit]:
        at = r.text.lower().find(q.lower())
        snip = r.text[max(0, at - 60) : at] + "[" + r.text[at : at + len(q)] + "]" + r.text[at + len(q) : at + len(q) + 60]
        hits.append(SearchHit(document_id=r.id, title=r.title, outlet=r.outlet_name,
                              reference_date=r.reference_date.isoformat() if r.reference_date else None,
                              snippet=" ".join(snip.split()), rank=0.0))
    return Page(items=hits, next_cursor=encode_cursor([offset + limit]) if len(rows) > limit else None)


__all__ = ["SearchHit", "ensure_search_index", "refresh_search_index", "search", "search_ids"]
