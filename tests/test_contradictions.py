"""Contradictions: control, figures and denials kept side by side, never resolved."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import seeds_db  # one ingest of the seeds per session, shared
from sqlalchemy import select

from rashomon.errors import ConfigError
from rashomon.link.contradictions import (
    ContradictionCues,
    Statement,
    control_of,
    find_contradictions,
    lemmas,
)
from rashomon.store import schema
from rashomon.store.db import Store
from rashomon.store.statements import load_statements

PLACE = 1001
OTHER_PLACE = 2002
DAY = dt.date(2020, 5, 3)


@pytest.fixture(scope="module")
def cues() -> ContradictionCues:
    return ContradictionCues.load()


def st(text: str, *, doc: str = "d1", kind: str = "claim", seq: int = 0, speaker: str = "A",
       actor: str | None = None, geonameid: int | None = PLACE, day: dt.date | None = DAY,
       start: int = 0, **extra: Any) -> Statement:
    """A hand-built statement (texts written for these tests)."""
    fields: dict[str, Any] = {
        "document_id": doc, "kind": kind, "seq": seq, "outlet_id": f"outlet-{doc}",
        "original_outlet_id": None, "speaker": speaker, "speaker_actor_id": actor,
        "start": start, "end": start + len(text), "text": text, "geonameid": geonameid,
        "date_start": day, "date_end": day, "event_type": None, "sub_event_type": None,
        "modality": None, "stance": "asserts" if kind == "claim" else None, "actor1_id": None,
        "actor2_id": None, "fatalities_low": None, "fatalities_high": None,
        "injuries_low": None, "injuries_high": None,
        "claim_seq": seq if kind == "claim" else None, "place_name": "Testville",
    }
    fields.update(extra)
    return Statement(**fields)


TAKEN = "the rebels seized the town after a night of fighting"
HELD = "the garrison is maintaining resistance and holds out against the rebels"
REPELLED = "the army repelled the assault on the town"


# -- reading the words ---------------------------------------------------------------


def test_lemmas_cover_regular_and_irregular_forms(cues: ContradictionCues) -> None:
    assert "repel" in lemmas("repelled", cues.irregular)
    assert "seize" in lemmas("Seized", cues.irregular)
    assert "capture" in lemmas("capturing", cues.irregular)
    assert "fall" in lemmas("fell", cues.irregular)
    assert "overrun" in lemmas("overran", cues.irregular)


@pytest.mark.parametrize(("text", "expected"), [
    (TAKEN, ("taken", "episode")),
    ("the town fell to the insurgents on Monday", ("taken", "episode")),
    ("Rivertown was captured by the militia", ("taken", "episode")),
    ("the militants managed to capture the town", ("taken", "episode")),
    (HELD, ("held", "status")),
    (REPELLED, ("held", "episode")),
    ("all of their attempts to enter were foiled", ("held", "episode")),
])
def test_control_cues(cues: ContradictionCues, text: str, expected: tuple[str, str]) -> None:
    got = control_of(st(text), cues)
    assert got is not None and (got.polarity, got.aspect) == expected and not got.partial


@pytest.mark.parametrize("text", [
    "the militants sought to seize the town",  # an intention
    "fighters have regrouped to capture the town",  # a purpose
    "the rebels could seize the town within days",  # a possibility
    "the rebels did not seize the town",  # a negation
    "allies seized combat action against the militants this week",  # no place taken
    "the rebels attacked, were repelled, and then seized the town",  # no single reading
    "the army was fighting in the suburbs",  # no control cue
])
def test_no_control_reading(cues: ContradictionCues, text: str) -> None:
    assert control_of(st(text), cues) is None


def test_partial_taking_is_marked(cues: ContradictionCues) -> None:
    got = control_of(st("the militants captured several high grounds near the town"), cues)
    assert got is not None and got.polarity == "taken" and got.partial


def test_event_types_and_modalities(cues: ContradictionCues) -> None:
    overtakes = st("fighters advanced into the town", kind="event",
                   event_type="Battles", sub_event_type="Non-state actor overtakes territory",
                   modality="occurred")
    assert control_of(overtakes, cues) == control_of(replace(overtakes, modality="claimed"), cues)
    assert control_of(overtakes, cues) is not None
    assert control_of(replace(overtakes, modality="planned"), cues) is None
    assert control_of(replace(overtakes, modality="historical"), cues) is None
    thwarted = st("their offensive on the town was thwarted", kind="event",
                  event_type="Battles", sub_event_type="Armed clash", modality="attempted")
    got = control_of(thwarted, cues)
    assert got is not None and got.polarity == "held"
    # an attempt takes nothing, even worded with a taking verb
    attempt = st("militants attacked to capture the town", kind="event", modality="attempted",
                 event_type="Battles", sub_event_type="Non-state actor overtakes territory")
    assert control_of(attempt, cues) is None


# -- control -----------------------------------------------------------------------


def test_control_contradiction_keeps_both_sides() -> None:
    taken = st(TAKEN, doc="d1", speaker="Rebel media", actor="rebel-media")
    held = st(HELD, doc="d2", speaker="The governor")
    [c] = find_contradictions([held, taken])
    assert c.kind == "control" and c.geonameid == PLACE
    assert c.a == taken and c.b == held  # a: the taken side, b: the held side, untouched
    assert "Rebel media" in c.reason and "The governor" in c.reason and "seized" in c.reason


@pytest.mark.parametrize("change", [
    {"geonameid": OTHER_PLACE},  # another place
    {"geonameid": None},  # no place: no pair
    {"day": DAY + dt.timedelta(days=3)},  # another day
])
def test_control_needs_same_place_and_time(change: dict[str, Any]) -> None:
    taken = st(TAKEN, doc="d1", speaker="Rebel media")
    held = st(HELD, doc="d2", speaker="The governor", **change)
    assert find_contradictions([taken, held]) == []


def test_undated_claim_against_a_status() -> None:
    taken = st(TAKEN, doc="d1", speaker="Rebel media", day=None)
    held = st(HELD, doc="d2", speaker="The governor")
    assert [c.kind for c in find_contradictions([taken, held])] == ["control"]


def test_undated_episodes_do_not_contradict() -> None:
    # one attack repelled, another successful: they can follow each other
    taken = st(TAKEN, doc="d1", speaker="Rebel media", day=None)
    repelled = st(REPELLED, doc="d2", speaker="The ministry")
    assert find_contradictions([taken, repelled]) == []
    # both dated the same day, the same two episodes do contradict
    assert len(find_contradictions([replace(taken, date_start=DAY, date_end=DAY), repelled])) == 1


def test_undated_narration_is_background() -> None:
    # the outlet's own undated "was seized" is history, not news of the day
    taken = st("the town was seized by the rebels years ago", doc="d1", kind="event",
               speaker="Outlet", day=None)
    held = st(HELD, doc="d2", speaker="The governor")
    assert find_contradictions([taken, held]) == []


def test_partial_taking_does_not_contradict_holding() -> None:
    taken = st("the militants captured several high grounds near the town", doc="d1",
               kind="event", speaker="Outlet", day=None,
               date_start=DAY - dt.timedelta(days=6), date_end=DAY)
    repelled = st(REPELLED, doc="d1", kind="event", seq=1, speaker="Outlet", start=200)
    assert find_contradictions([taken, repelled]) == []


def test_one_account_is_never_paired_with_itself() -> None:
    claim = st("the rebels seized the town", seq=3, speaker="Rebel media", start=50)
    event = st("Rebel media claims the rebels seized the town.", kind="event", seq=7,
               speaker="Rebel media", start=38, claim_seq=3, modality="claimed",
               event_type="Battles", sub_event_type="Non-state actor overtakes territory")
    held = st(HELD, doc="d2", speaker="The governor")
    found = find_contradictions([event, held, claim])
    assert len(found) == 1 and found[0].a == claim  # the claim's own words are kept
    assert find_contradictions([claim, event]) == []


def test_same_speaker_changing_its_story_says_so() -> None:
    taken = st(TAKEN, doc="d1", speaker="The ministry", actor="mod")
    held = st(HELD, doc="d2", speaker="the Defence Ministry", actor="mod")
    [c] = find_contradictions([taken, held])
    assert "same speaker" in c.reason


def test_order_independent_and_deduplicated() -> None:
    statements = [
        st(TAKEN, doc="d1", speaker="Rebel media"),
        st(HELD, doc="d2", speaker="The governor"),
        st(REPELLED, doc="d3", speaker="The ministry"),
        st("the town remains in control of the army", doc="d4", speaker="State TV"),
        st("the town fell to the rebels", doc="d5", speaker="Activists"),
    ]
    first = find_contradictions(statements)
    assert len(first) == 6  # two takings x three holdings
    for seed in range(5):
        shuffled = statements * 2
        random.Random(seed).shuffle(shuffled)
        again = find_contradictions(shuffled)
        assert [c.key() for c in again] == [c.key() for c in first]
        assert again == first
    assert len({c.key() for c in first}) == len(first)


# -- figures -----------------------------------------------------------------------


def _clash(doc: str, speaker: str, low: int | None, high: int | None, **extra: Any) -> Statement:
    fields: dict[str, Any] = {"event_type": "Battles", "sub_event_type": "Armed clash",
                              "modality": "occurred", "fatalities_low": low,
                              "fatalities_high": high}
    fields.update(extra)
    return st("fighting in the town", doc=doc, kind="event", speaker=speaker, **fields)


def test_fatality_ranges_that_do_not_overlap() -> None:
    low = _clash("d1", "The ministry", 1, 300)
    high = _clash("d2", "Monitors", 400, None)
    [c] = find_contradictions([high, low])
    assert c.kind == "fatalities" and c.a == low and c.b == high
    assert "1 to 300" in c.reason and "at least 400" in c.reason


@pytest.mark.parametrize("other", [
    _clash("d2", "Monitors", 200, None),  # overlapping ranges
    _clash("d2", "Monitors", 400, 500, sub_event_type="Government regains territory"),
    _clash("d2", "Monitors", 400, 500, geonameid=OTHER_PLACE),
    _clash("d1", "Monitors", 400, 500, day=None, start=300),  # one article, undated side
    _clash("d2", "Monitors", 400, 500, modality="historical"),
])
def test_figures_that_do_not_contradict(other: Statement) -> None:
    assert find_contradictions([_clash("d1", "The ministry", 1, 300), other]) == []


def test_same_speaker_same_outlet_figures_are_not_paired() -> None:
    a = _clash("d1", "The ministry", 1, 3)
    b = replace(_clash("d2", "The ministry", 10, 12), outlet_id="outlet-d1")
    assert find_contradictions([a, b]) == []
    assert [c.kind for c in find_contradictions([a, replace(b, outlet_id="x")])] == ["fatalities"]


def test_injuries() -> None:
    a = replace(_clash("d1", "Police", None, None), injuries_low=2, injuries_high=2)
    b = replace(_clash("d2", "Hospital", None, None), injuries_low=10, injuries_high=12)
    assert [c.kind for c in find_contradictions([a, b])] == ["injuries"]


def test_one_figure_restated_is_one_disagreement() -> None:
    """An outlet repeating its figure in title, lead and body against another speaker's
    figure is one contradiction; a third position is another one."""
    police = _clash("d1", "Police", 1, 1)
    restated = [replace(_clash("d2", "The outlet", 3, 3), seq=i, start=100 * i, end=100 * i + 20) for i in range(1, 4)]
    found = find_contradictions([police, *restated])
    assert len(found) == 1 and found[0].kind == "fatalities"
    hospital = _clash("d3", "Hospital", 5, 6)
    assert len(find_contradictions([police, *restated, hospital])) == 3  # police-outlet, police-hospital, outlet-hospital


# -- denials -----------------------------------------------------------------------


def test_denial_of_another_speakers_claim() -> None:
    claim = st(TAKEN, doc="d1", speaker="Rebel media")
    denial = st("that the rebels seized the town", doc="d2", speaker="The ministry",
                stance="denies")
    [c] = find_contradictions([claim, denial])
    assert c.kind == "denial" and c.a == denial and c.b == claim  # never read as "taken"
    assert "denies" in c.reason


def test_denial_needs_a_shared_subject() -> None:
    claim = st(HELD, doc="d1", speaker="The governor")
    denial = st("reports of shelling in the town", doc="d2", speaker="The militia",
                stance="denies", event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack")
    assert find_contradictions([claim, denial]) == []
    shelled = st("shells hit the town", doc="d3", speaker="Residents",
                 event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack")
    assert [c.kind for c in find_contradictions([denial, shelled])] == ["denial"]
    # same type and place, but it denies something else: no pair
    unrelated = st("any part in the robbery", doc="d4", speaker="The suspect", stance="denies",
                   event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack")
    assert find_contradictions([unrelated, shelled]) == []


# -- the cue file ------------------------------------------------------------------


def test_cue_file_is_general(cues: ContradictionCues) -> None:
    raw = resources.files("rashomon").joinpath("data", "events", "contradiction_cues.json")
    text = raw.read_text(encoding="utf-8").lower()
    for name in ("palmyra", "tadmur", "amaq", "barazi", "daesh", "homs"):
        assert name not in text
    assert ("seize",) in cues.taken_episode and ("repel",) in cues.held_episode


def test_bad_cue_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "cues.json"
    bad.write_text(json.dumps({"taken_episode": [["seize"]]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="R120"):
        ContradictionCues.load(bad)


# -- the seeds, through the real CLI ingest ----------------------------------------------


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(seeds_db(tmp_path_factory), create=False)
    yield store
    store.close()


@pytest.fixture(scope="module")
def seed_statements(seed_store: Store) -> list[Statement]:
    with seed_store.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(schema.documents.c.id).order_by(schema.documents.c.id))]
    return load_statements(seed_store, ids)


def test_seeds_amaq_against_the_governor(seed_store: Store, seed_statements: list[Statement]) -> None:
    found = find_contradictions(seed_statements)
    assert [c.kind for c in found] == ["control"], [c.reason for c in found]
    [c] = found
    assert c.geonameid == 163808
    with seed_store.engine.connect() as conn:
        docs = {r.id: r for r in conn.execute(select(
            schema.documents.c.id, schema.documents.c.text, schema.documents.c.outlet_id,
            schema.documents.c.original_outlet_id))}
    # the taken side: Amaq, in the RT article republished by Global Research
    assert c.a.speaker_actor_id == "is-amaq" and "Amaq" in c.a.speaker
    assert c.a.stance == "claims" and docs[c.a.document_id].original_outlet_id == "rt"
    assert docs[c.a.document_id].text[c.a.start:c.a.end] == c.a.text
    assert "seized the city" in c.a.text
    assert c.a.date_start is None  # the RT copy has no reference date: compatible
    # the held side: the Homs governor, in the Sputnik article
    assert "Governor" in c.b.speaker and docs[c.b.document_id].outlet_id == "sputnik"
    assert docs[c.b.document_id].text[c.b.start:c.b.end] == c.b.text
    assert "maintaining stiff resistance" in c.b.text
    assert c.b.geonameid == 163808 and c.b.date_start == dt.date(2016, 12, 11)
    assert "Amaq" in c.reason and "Governor" in c.reason


def test_seed_statements_come_from_the_body_only(seed_store: Store,
                                                 seed_statements: list[Statement]) -> None:
    with seed_store.engine.connect() as conn:
        segs = conn.execute(select(schema.segments)).mappings().all()
    body = [(s["document_id"], s["start"], s["end"]) for s in segs if s["label"] == "body"]
    comments = [(s["document_id"], s["start"], s["end"]) for s in segs if s["label"] == "comment"]
    assert comments  # the Sputnik page has a reader thread
    kinds = {s.kind for s in seed_statements}
    assert kinds == {"event", "claim"}
    for s in seed_statements:
        assert any(d == s.document_id and a <= s.start and s.end <= b for d, a, b in body)
        assert not any(d == s.document_id and s.start < b and a < s.end for d, a, b in comments)


def test_seed_claims_get_a_place_and_a_date(seed_statements: list[Statement]) -> None:
    governor = next(s for s in seed_statements
                    if s.kind == "claim" and "stiff resistance" in s.text)
    assert governor.geonameid == 163808 and governor.place_reason
    assert governor.date_start == governor.date_end == dt.date(2016, 12, 11)
    amaq = next(s for s in seed_statements if s.kind == "claim" and s.speaker_actor_id == "is-amaq")
    assert amaq.geonameid == 163808 and amaq.date_start is None
