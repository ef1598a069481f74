"""The same store on a real PostgreSQL server: ingest, reads, exports, full-text search.

The server comes from ``$RASHOMON_TEST_PG``, a SQLAlchemy URL of a role that may create
databases (``.ci/run`` installs and starts Debian's PostgreSQL and sets it). Each test
session creates a fresh database and drops it afterwards. Without the variable the
tests are skipped on a developer machine and fail in CI (``CI=true``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import EXAMPLES, seeds_db
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from test_api import start_server, stop_server

from rashomon.store import Store, schema


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    admin = os.environ.get("RASHOMON_TEST_PG")
    if not admin:
        msg = "RASHOMON_TEST_PG is not set (a PostgreSQL URL, e.g. postgresql+psycopg://u:p@127.0.0.1/postgres; see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    name = f"rashomon_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def rashomon(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rashomon.cli", *args], capture_output=True, text=True,
                          check=False, timeout=600)


@pytest.fixture(scope="module")
def pg_seeds(pg_url: str) -> str:
    done = rashomon("ingest", str(EXAMPLES), "--db", pg_url, "--quiet")
    assert done.returncode == 0, done.stderr
    password = make_url(pg_url).password
    if password:  # never print the password
        assert f":{password}@" not in done.stdout + done.stderr
        assert ":***@" in done.stderr
    return pg_url


def _table_rows(db: str, table: str, *cols: str) -> list[tuple[object, ...]]:
    t = schema.metadata.tables[table]
    with Store.open(db, create=False) as store, store.engine.connect() as conn:
        return sorted((tuple(r) for r in conn.execute(select(*(t.c[c] for c in cols)))), key=repr)


def test_ingest_stores_what_sqlite_stores(pg_seeds: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The two backends hold the same documents, segments, mentions, events and claims."""
    lite = str(seeds_db(tmp_path_factory))
    checks = {
        "documents": ("id", "outlet_id", "original_outlet_id", "reference_date", "reference_date_precision"),
        "segments": ("document_id", "start", "end", "label"),
        "mentions": ("document_id", "kind", "start", "end", "resolved_id"),
        "event_mentions": ("document_id", "event_type", "sub_event_type", "modality", "evidence_start",
                           "fatalities_low", "fatalities_high", "date_start"),
        "claims": ("document_id", "speaker_actor_id", "stance", "content_start"),
    }
    for table, cols in checks.items():
        pg_rows = _table_rows(pg_seeds, table, *cols)
        assert pg_rows, table
        assert pg_rows == _table_rows(lite, table, *cols), table


def test_reingest_is_a_no_op(pg_seeds: str) -> None:
    done = rashomon("ingest", str(EXAMPLES), "--db", pg_seeds)
    assert done.returncode == 0, done.stderr
    with Store.open(pg_seeds, create=False) as store, store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.documents)).scalar_one() == 2


def test_listing_and_export_read_postgres(pg_seeds: str, tmp_path: Path) -> None:
    docs = rashomon("docs", "--db", pg_seeds, "--json")
    assert docs.returncode == 0, docs.stderr
    rows = [json.loads(line) for line in docs.stdout.splitlines() if line.strip()]
    assert len(rows) == 2
    out = tmp_path / "events.csv"
    exported = rashomon("export", "--db", pg_seeds, "--format", "acled-csv", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) > 2


def test_full_text_search_uses_postgres_ranking(pg_seeds: str) -> None:
    """Search goes through PostgreSQL's tsvector index over a real HTTP server."""
    server, thread, base = start_server(pg_seeds)  # type: ignore[arg-type]
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            hits = client.get("/api/search", params={"q": "reconciliation"}).json()["items"]
            assert len(hits) == 2
            assert all("[" in h["snippet"] and "]" in h["snippet"] for h in hits)
            # English stemming: the plural finds the singular the articles use
            assert len(client.get("/api/search", params={"q": "terrorists regrouping"}).json()["items"]) >= 1
            # a phrase only one article has, and a word neither has
            one = client.get("/api/search", params={"q": '"Amaq news agency"'}).json()["items"]
            assert len(one) == 1
            assert client.get("/api/search", params={"q": "zyxwvut"}).json()["items"] == []
    finally:
        stop_server(server, thread)
    with Store.open(pg_seeds, create=False) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents_tsv")).scalar_one() == 2
