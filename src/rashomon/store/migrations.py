"""Numbered, decorator-registered schema migrations.

A database records its ``schema_version`` in the ``meta`` table. Opening a store runs
every registered step above that number, in order, each in its own transaction, then
records the new number. Steps must be safe on a database created by step 1 of a
*later* release (step 1 creates the current tables), so a step that adds a column
checks first whether the column exists.

To change the schema: edit ``schema.py`` and add ``@migration(N + 1)`` here.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, select

from ..errors import StoreError
from . import schema

Step = Callable[[Connection], None]
_STEPS: dict[int, tuple[str, Step]] = {}


def migration(version: int) -> Callable[[Step], Step]:
    """Register ``fn`` as the step that brings a database to ``version``."""

    def register(fn: Step) -> Step:
        if version in _STEPS:
            raise StoreError(f"migration {version} registered twice", code="R290")
        _STEPS[version] = (fn.__name__, fn)
        return fn

    return register


def latest_version() -> int:
    """The schema version this release writes."""
    return max(_STEPS)


def current_version(conn: Connection) -> int:
    """The version recorded in the database (0 for an empty one)."""
    if not inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(
        select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def migrate(conn: Connection, *, path: str) -> list[str]:
    """Bring the database to the latest version; returns the names of the steps run.

    Raises:
        StoreError: R201 when the database is newer than this release.
    """
    have = current_version(conn)
    want = latest_version()
    if have > want:
        raise StoreError(
            f"database {path} has schema version {have}, newer than this rashomon ({want}): "
            "upgrade rashomon or use another --db",
            code="R201",
        )
    done: list[str] = []
    for version in range(have + 1, want + 1):
        name, step = _STEPS[version]
        step(conn)
        _set_version(conn, version)
        done.append(f"{version}:{name}")
    return done


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    exists = conn.execute(select(table.c.key).where(table.c.key == "schema_version")).first()
    if exists:
        conn.execute(
            table.update().where(table.c.key == "schema_version").values(value=str(version))
        )
    else:
        conn.execute(table.insert().values(key="schema_version", value=str(version)))


@migration(1)
def create_document_layer(conn: Connection) -> None:
    """Sources, documents, segments, rejects, runs, boilerplate and meta."""
    schema.metadata.create_all(
        conn,
        tables=[
            schema.meta,
            schema.sources,
            schema.documents,
            schema.segments,
            schema.rejects,
            schema.runs,
            schema.boilerplate,
        ],
    )


@migration(2)
def create_mentions(conn: Connection) -> None:
    """Resolved mentions (annotate stage)."""
    schema.metadata.create_all(conn, tables=[schema.mentions])


@migration(3)
def create_event_tables(conn: Connection) -> None:
    """Event mentions and claims (extract stage)."""
    schema.metadata.create_all(conn, tables=[schema.event_mentions, schema.claims])


@migration(4)
def create_link_tables(conn: Connection) -> None:
    """Linker features and stories (link stage)."""
    schema.metadata.create_all(conn, tables=[schema.doc_features, schema.stories])


@migration(5)
def create_canonical_tables(conn: Connection) -> None:
    """Canonical events, their members, contradictions, claim provenance (link stage)."""
    schema.metadata.create_all(
        conn,
        tables=[schema.events, schema.event_members, schema.event_contradictions,
                schema.claim_provenance, schema.event_sources],
    )


@migration(6)
def create_story_dates(conn: Connection) -> None:
    """Incident days derived from a story for undated documents (link stage)."""
    schema.metadata.create_all(conn, tables=[schema.story_dates])


@migration(7)
def create_story_tolls(conn: Connection) -> None:
    """Tolls updated from a later account of the story (link stage)."""
    schema.metadata.create_all(conn, tables=[schema.story_tolls])
