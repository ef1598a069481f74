"""The store on a real SQLite file: schema versions, WAL, idempotent writes, rejects."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from rashomon.errors import StoreError
from rashomon.model import Document, OutletGuess, RawDocument, ReferenceDate, Rejected, Segment, Span
from rashomon.store import Store, get_document, list_documents, list_rejects
from rashomon.store.migrations import latest_version


def _doc(body: str, *, origin: str = "a.txt") -> Document:
    raw = RawDocument(origin=origin, kind="txt", text="Title line\n\n" + body, extra=(("k", '"v"'),))
    return Document(
        id=raw.content_id,
        raw=raw,
        title="Title line",
        title_reason="test",
        outlet=OutletGuess(source_id="unknown", name="unknown", reason="test"),
        original_outlet=OutletGuess(source_id="rt", name="RT", reason="test", span=Span(start=0, end=5)),
        reference_date=ReferenceDate(date=dt.date(2016, 12, 11), precision="day", kind="estimated", reason="r"),
        segments=(
            Segment(start=0, end=10, label="title", reason="first line"),
            Segment(start=12, end=12 + len(body), label="body", reason="prose"),
        ),
    )


def test_new_store_is_wal_and_versioned(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Store.open(db).close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    version = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    assert int(version) == latest_version()


def test_add_is_idempotent_and_round_trips(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    doc = _doc("The army said on Sunday that it had repelled an attack.")
    with Store.open(db) as store:
        assert store.add_documents([doc, doc]) == 1
        assert store.add_documents([doc]) == 0
    with Store.open(db, create=False) as store:
        rows = list_documents(store)
        assert [r.id for r in rows] == [doc.id]
        full = get_document(store, doc.id[:6])
    assert full.text == doc.raw.text
    assert [s.label for s in full.segments] == ["title", "body"]
    assert full.reference_date == dt.date(2016, 12, 11)
    assert full.original_outlet == "RT"
    assert full.extra == {"k": "v"}
    js = full.to_json(with_segments=True)
    for key in ("id", "outlet", "original_outlet", "title", "url", "reference_date",
                "reference_date_precision", "reference_date_reason", "segments"):
        assert key in js
    assert set(js["segments"][0]) == {"start", "end", "label", "reason"}


def test_newer_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with Store.open(db) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value='999' WHERE key='schema_version'"))
    with pytest.raises(StoreError, match="R201"):
        Store.open(db)


def test_missing_database_for_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="R202"):
        Store.open(tmp_path / "nope.db", create=False)


def test_unknown_and_ambiguous_ids(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        store.add_documents([_doc("one"), _doc("two")])
        with pytest.raises(StoreError, match="R210"):
            get_document(store, "zzzz")
        with pytest.raises(StoreError, match="too short"):
            get_document(store, "a")


def test_rejects_are_kept(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        run = store.start_run("ingest x")
        store.add_rejects([Rejected(origin="f.jsonl:3", stage="ingest", reason="bad_json", detail="f.jsonl:3: bad")], run_id=run)
        rows = list_rejects(store)
    assert [(r.origin, r.reason, r.run_id) for r in rows] == [("f.jsonl:3", "bad_json", run)]


def test_boilerplate_counts(tmp_path: Path) -> None:
    with Store.open(tmp_path / "x.db") as store:
        for _ in range(3):
            store.count_lines("wkrn", ["share this", "posted: x"])
        store.count_lines("wkrn", ["only once"])
        assert store.boilerplate_lines("wkrn") == frozenset({"share this", "posted: x"})
        assert store.boilerplate_lines("other") == frozenset()


def test_a_crashed_ingest_resumes(tmp_path: Path) -> None:
    """A run that dies mid-way keeps its committed batches; the re-run adds the rest."""
    from rashomon.pipeline import ingest_paths, load_resources

    feed = tmp_path / "feed.jsonl"
    lines = [f'{{"title": "Report {i}", "text": "Police said {i} people were hurt on Friday in a fire."}}'
             for i in range(7)]
    lines.insert(5, "{not json")  # line 6: the run 'crashes' when it meets this
    feed.write_text("\n".join(lines) + "\n")
    res = load_resources(annotate=False)
    db = tmp_path / "crash.db"

    class Crash(Exception):
        pass

    def die(_r: Rejected) -> None:
        raise Crash

    with Store.open(db) as store, pytest.raises(Crash):
        ingest_paths([feed], store, resources=res, batch_size=2, progress=False, on_reject=die)
    with Store.open(db) as store:
        assert len(list_documents(store)) == 4  # two whole batches were committed
        summary = ingest_paths([feed], store, resources=res, batch_size=2, progress=False)
        assert (summary.ingested, summary.duplicates, len(summary.rejected)) == (3, 4, 1)
        assert len(list_documents(store)) == 7
