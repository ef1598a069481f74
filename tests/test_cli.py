"""The command line end to end, on the bundled examples and a real SQLite file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, seeds_db

RASHOMON = [sys.executable, "-m", "rashomon.cli"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RASHOMON, *args], capture_output=True, text=True, input=stdin, timeout=300)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = seeds_db(tmp_path_factory)  # the session's one ingest of the examples
    rej = run("rejects", "--db", str(db), "--json")
    assert rej.returncode == 0 and rej.stdout == ""
    return db


def _docs(db: Path) -> list[dict[str, object]]:
    out = run("docs", "--db", str(db), "--json")
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_docs_json_names_and_seed_metadata(seeded_db: Path) -> None:
    docs = {str(d["outlet"]): d for d in _docs(seeded_db)}
    assert set(docs) == {"Sputnik", "Global Research"}
    for d in docs.values():
        for key in ("id", "outlet", "original_outlet", "title", "url", "reference_date",
                    "reference_date_precision", "reference_date_reason"):
            assert key in d
    assert docs["Global Research"]["original_outlet"] == "RT"
    assert docs["Sputnik"]["original_outlet"] is None
    assert docs["Sputnik"]["reference_date"] == "2016-12-11"
    assert "2017-03-24" in str(docs["Sputnik"]["reference_date_reason"])


def test_reingest_is_a_noop(seeded_db: Path) -> None:
    again = run("ingest", str(EXAMPLES), "--db", str(seeded_db), "--quiet", "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["ingested"], summary["duplicates"], summary["rejected"]) == (0, 2, 0)
    assert len(_docs(seeded_db)) == 2


def test_show_json_has_segments_and_resolved_mentions(seeded_db: Path) -> None:
    sputnik = next(d for d in _docs(seeded_db) if d["outlet"] == "Sputnik")
    out = run("show", str(sputnik["id"])[:8], "--db", str(seeded_db), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    text = doc["text"]
    labels = {s["label"] for s in doc["segments"]}
    assert {"body", "comment", "related", "caption", "dateline", "title"} <= labels
    # comments never feed mentions: every mention lies inside the body (or a title line:
    # headlines name places)
    body = [(s["start"], s["end"]) for s in doc["segments"] if s["label"] in ("body", "title")]
    assert doc["mentions"]
    for m in doc["mentions"]:
        assert any(a <= m["start"] and m["end"] <= b for a, b in body), m
        assert text[m["start"]:m["end"]] == m["text"]
    palmyra = {m["resolved_id"] for m in doc["mentions"] if m["kind"] == "place" and m["text"] == "Palmyra"}
    assert palmyra == {"163808"}
    actors = {m["text"]: m["resolved_id"] for m in doc["mentions"] if m["kind"] == "actor"}
    assert actors["the government forces"] == actors["Syrian Army"]
    assert actors["Daesh"] == actors["The terrorists"]


def test_show_renders_for_humans(seeded_db: Path) -> None:
    rt = next(d for d in _docs(seeded_db) if d["outlet"] == "Global Research")
    plain = run("show", str(rt["id"]), "--db", str(seeded_db))
    assert plain.returncode == 0, plain.stderr
    assert "Articles by: RT" in plain.stdout and "disclaimer" in plain.stdout
    ment = run("show", str(rt["id"]), "--db", str(seeded_db), "--mentions")
    assert ment.returncode == 0 and "Mosul" in ment.stdout


def test_bad_inputs_are_reported_and_recorded(tmp_path: Path) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    shutil.copy(next(EXAMPLES.glob("003_*.txt")), good)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "feed.jsonl").write_text('{"text": "A short report. Police said two men were hurt."}\n{broken\n')
    db = tmp_path / "x.db"
    out = run("ingest", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--db", str(db),
              "--quiet", "--no-annotate")
    assert out.returncode == 1
    assert "empty.txt" in out.stderr and "feed.jsonl:2" in out.stderr and "missing.txt" in out.stderr
    rej = run("rejects", "--db", str(db), "--json")
    reasons = sorted(json.loads(line)["reason"] for line in rej.stdout.splitlines())
    assert reasons == ["bad_json", "empty", "not_found"]
    assert len(_docs(db)) == 2


def test_stdin_and_missing_db(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    out = run("ingest", "-", "--db", str(db), "--quiet", "--no-annotate",
              stdin="Gunman kills two in downtown shooting\n\nTwo people were killed on Friday, police said.\n")
    assert out.returncode == 0, out.stderr
    assert len(_docs(db)) == 1
    missing = run("docs", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "R202" in missing.stderr


def test_annotate_later_equals_annotate_at_ingest(tmp_path: Path, seeded_db: Path) -> None:
    db = tmp_path / "later.db"
    assert run("ingest", str(EXAMPLES), "--db", str(db), "--quiet", "--no-annotate").returncode == 0
    ids = [str(d["id"]) for d in _docs(db)]

    def mentions(path: Path, doc_id: str) -> list[tuple[str, int, int, str | None]]:
        out = run("show", doc_id, "--db", str(path), "--json")
        return [(m["kind"], m["start"], m["end"], m["resolved_id"]) for m in json.loads(out.stdout)["mentions"]]

    assert all(mentions(db, i) == [] for i in ids)
    done = run("annotate", "--db", str(db), "--quiet")
    assert done.returncode == 0 and "2 documents annotated" in done.stderr
    for i in ids:
        assert mentions(db, i) and mentions(db, i) == mentions(seeded_db, i)
    again = run("annotate", "--db", str(db), "--quiet")
    assert "0 documents annotated" in again.stderr


def test_a_rerun_analyses_documents_a_dead_run_left_unanalysed(tmp_path: Path) -> None:
    # documents stored but never analysed: what a run killed between the two leaves
    db = tmp_path / "half.db"
    assert run("ingest", str(EXAMPLES), "--db", str(db), "--quiet", "--no-annotate").returncode == 0
    again = run("ingest", str(EXAMPLES), "--db", str(db), "--quiet", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["duplicates"] == 2
    for d in _docs(db):
        shown = json.loads(run("show", str(d["id"]), "--db", str(db), "--json").stdout)
        assert shown["mentions"] and shown["events"]
