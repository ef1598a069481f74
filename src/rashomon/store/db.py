"""The store: the only place with side effects on the database.

SQLite (one file, WAL mode) by default; any SQLAlchemy URL (``postgresql+psycopg://...``)
works with the same schema. Writes go through :class:`Store`'s ``add_*`` methods, one
transaction per batch, so a crash leaves whole documents or nothing, and a re-run
resumes by skipping the ids already stored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, make_url, select
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from ..errors import StoreError
from ..model import Document, Mention, Rejected, Source
from . import schema
from .migrations import migrate


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _url_for(target: str | Path) -> str:
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (the web app, `rashomon docs`) never block the ingest writer.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def display_target(target: str | Path) -> str:
    """The store as shown to a user: a path, or a URL with its password masked."""
    text = str(target)
    if "://" not in text:
        return text
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return text


class Store:
    """A rashomon database.

    Use :meth:`open`; do not construct directly. Not for sharing across processes
    while writing: one writer at a time (SQLite's rule), any number of readers.
    """

    def __init__(self, engine: Engine, *, label: str) -> None:
        self.engine = engine
        self.label = label

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> Store:
        """Open (and migrate) the store at a file path or SQLAlchemy URL.

        Args:
            target: ``rashomon.db``, ``/data/x.db`` or ``postgresql+psycopg://...``.
            create: when False, a missing SQLite file is an error (R202) rather than
                being created; read-only commands use this.
        """
        url = _url_for(target)
        label = display_target(target)
        if url.startswith("sqlite:///") and not create:
            path = Path(url.removeprefix("sqlite:///"))
            if not path.exists():
                raise StoreError(
                    f"no database at {path}: run 'rashomon ingest PATH --db {path}' first",
                    code="R202",
                )
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        try:
            with engine.begin() as conn:
                migrate(conn, path=label)
        except OperationalError as exc:
            raise StoreError(f"cannot open database {label}: {exc.orig}", code="R203") from exc
        return cls(engine, label=label)

    def close(self) -> None:
        """Release connections (the file stays)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def start_run(self, command: str) -> int:
        """Record the start of an ingest run; returns its id."""
        with self.engine.begin() as conn:
            result = conn.execute(schema.runs.insert().values(command=command, started_at=_now()))
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def finish_run(self, run_id: int, *, ingested: int, duplicates: int, rejected: int) -> None:
        """Record the end of a run and its counts."""
        with self.engine.begin() as conn:
            conn.execute(
                schema.runs.update()
                .where(schema.runs.c.id == run_id)
                .values(
                    finished_at=_now(), ingested=ingested, duplicates=duplicates, rejected=rejected
                )
            )

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        wanted = list(set(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                rows = conn.execute(select(schema.documents.c.id).where(schema.documents.c.id.in_(chunk)))
                found.update(r[0] for r in rows)
        return found

    def add_documents(self, docs: Sequence[Document], *, run_id: int | None = None) -> int:
        """Store documents and their segments in one transaction; skips stored ids.

        Returns:
            How many were new.
        """
        if not docs:
            return 0
        fresh: dict[str, Document] = {}
        known = self.existing_ids(d.id for d in docs)
        for doc in docs:
            if doc.id not in known and doc.id not in fresh:
                fresh[doc.id] = doc
        if not fresh:
            return 0
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(schema.documents.insert(), [_document_row(d, now, run_id) for d in fresh.values()])
            seg_rows = [
                {
                    "document_id": d.id,
                    "seq": i,
                    "start": s.start,
                    "end": s.end,
                    "label": s.label,
                    "reason": s.reason,
                    "score": s.score,
                }
                for d in fresh.values()
                for i, s in enumerate(d.segments)
            ]
            if seg_rows:
                conn.execute(schema.segments.insert(), seg_rows)
        return len(fresh)

    def add_rejects(self, rejects: Sequence[Rejected], *, run_id: int | None = None) -> None:
        """Record inputs that could not be used."""
        if not rejects:
            return
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(
                schema.rejects.insert(),
                [
                    {
                        "run_id": run_id,
                        "origin": r.origin,
                        "stage": r.stage,
                        "reason": r.reason,
                        "detail": r.detail,
                        "created_at": now,
                    }
                    for r in rejects
                ],
            )

    def upsert_sources(self, sources: Iterable[Source]) -> None:
        """Insert or refresh outlet rows (the outlet table is data and may change)."""
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "domains": json.dumps(list(s.domains)),
                "country": s.country,
                "owner": s.owner,
                "state_affiliated": s.state_affiliated,
                "kind": s.kind,
                "notes": s.notes,
            }
            for s in sources
        ]
        if not rows:
            return
        ids = [r["id"] for r in rows]
        with self.engine.begin() as conn:
            for i in range(0, len(ids), 500):
                conn.execute(schema.sources.delete().where(schema.sources.c.id.in_(ids[i : i + 500])))
            conn.execute(schema.sources.insert(), rows)

    def boilerplate_lines(self, outlet_id: str, *, min_count: int = 3) -> frozenset[str]:
        """Normalised lines seen in at least ``min_count`` documents of an outlet."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(schema.boilerplate.c.line).where(
                    schema.boilerplate.c.outlet_id == outlet_id,
                    schema.boilerplate.c.count >= min_count,
                )
            )
            return frozenset(r[0] for r in rows)

    def count_lines(self, outlet_id: str, lines: Iterable[str]) -> None:
        """Add one sighting of each (normalised) line for an outlet."""
        unique = sorted(set(lines))
        if not unique:
            return
        table = schema.boilerplate
        with self.engine.begin() as conn:
            have = {
                r[0]: r[1]
                for r in conn.execute(
                    select(table.c.line, table.c.count).where(
                        table.c.outlet_id == outlet_id, table.c.line.in_(unique)
                    )
                )
            }
            for line in unique:
                if line in have:
                    conn.execute(
                        table.update()
                        .where(table.c.outlet_id == outlet_id, table.c.line == line)
                        .values(count=have[line] + 1)
                    )
            new = [{"outlet_id": outlet_id, "line": ln, "count": 1} for ln in unique if ln not in have]
            if new:
                conn.execute(table.insert(), new)

    def replace_mentions(self, items: Sequence[tuple[str, Sequence[Mention]]]) -> None:
        """Store the mentions of documents, replacing any earlier annotation of them.

        Annotation is derived data: re-annotating (a new model, a new gazetteer)
        replaces it whole, while the documents themselves never change.
        """
        if not items:
            return
        table = schema.mentions
        with self.engine.begin() as conn:
            ids = [doc_id for doc_id, _ in items]
            for i in range(0, len(ids), 500):
                conn.execute(table.delete().where(table.c.document_id.in_(ids[i : i + 500])))
            rows = [
                {
                    "document_id": doc_id,
                    "seq": k,
                    "kind": m.kind,
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "resolved_id": m.resolved_id,
                    "resolved_name": m.resolved_name,
                    "detail": json.dumps(m.detail, ensure_ascii=False, default=str),
                    "reason": m.reason,
                }
                for doc_id, mentions in items
                for k, m in enumerate(mentions)
            ]
            if rows:
                conn.execute(table.insert(), rows)

    # -- small reads used by writers ---------------------------------------------------

    def document_count(self) -> int:
        """How many documents are stored."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.documents)).scalar_one())


def _document_row(d: Document, now: str, run_id: int | None) -> dict[str, Any]:
    raw = d.raw
    ref = d.reference_date
    orig = d.original_outlet
    return {
        "id": d.id,
        "origin": raw.origin,
        "kind": raw.kind,
        "url": raw.url,
        "title": d.title,
        "title_reason": d.title_reason,
        "outlet_id": d.outlet.source_id,
        "outlet_name": d.outlet.name,
        "outlet_reason": d.outlet.reason,
        "outlet_start": d.outlet.span.start if d.outlet.span else None,
        "outlet_end": d.outlet.span.end if d.outlet.span else None,
        "original_outlet_id": orig.source_id if orig else None,
        "original_outlet_name": orig.name if orig else None,
        "original_outlet_reason": orig.reason if orig else None,
        "original_outlet_start": orig.span.start if orig and orig.span else None,
        "original_outlet_end": orig.span.end if orig and orig.span else None,
        "reference_date": ref.date,
        "reference_date_precision": ref.precision,
        "reference_date_kind": ref.kind,
        "reference_date_reason": ref.reason,
        "reference_date_start": ref.span.start if ref.span else None,
        "reference_date_end": ref.span.end if ref.span else None,
        "language": d.language,
        "encoding": raw.encoding,
        "published_meta": raw.published,
        "source_meta": raw.source,
        "extra": json.dumps({k: json.loads(v) for k, v in raw.extra}, ensure_ascii=False),
        "text": raw.text,
        "html": raw.html,
        "ingested_at": now,
        "run_id": run_id,
    }
