"""Canonical events, provenance and independence (issue #6, items 3, 4, 6, 7).

Pure-function tests on hand-built records, then the seeds ingested by the real CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, REPO, seeds_db

from rashomon.cli import main
from rashomon.link.events import (
    MentionRecord,
    Quantity,
    block,
    cluster,
    conflict,
    fatality_range,
    pair_link,
)
from rashomon.link.provenance import (
    ActorNode,
    ClaimRecord,
    DocInfo,
    OutletInfo,
    SpeakerRef,
    attribute,
    chain,
    independence,
    owner_group,
    resolve_speakers,
)

D1, D2 = dt.date(2020, 5, 2), dt.date(2020, 5, 3)  # a Saturday and a Sunday


def _m(doc: str, seq: int, **kw: Any) -> MentionRecord:
    base: dict[str, Any] = {"event_type": "Battles", "sub_event_type": "Armed clash", "modality": "occurred",
                                "geonameid": 1, "place_name": "Town", "lat": 10.0, "lon": 10.0, "geo_precision": 1,
                                "outlet_id": "o-" + doc}
    base.update(kw)
    return MentionRecord(document_id=doc, seq=seq, **base)


def _day(d: dt.date) -> dict[str, Any]:
    return {"date_start": d, "date_end": d, "time_precision": "day"}


# -- merging -------------------------------------------------------------------------


def test_accounts_of_one_day_and_place_merge_across_documents() -> None:
    a, b = _m("a", 0, **_day(D1)), _m("b", 3, **_day(D1), modality="attempted")
    [event] = cluster([a, b])
    assert [m.key for m in event.members] == [("a", 0), ("b", 3)]
    assert {r.feature for r in event.links[0].reasons} >= {"same_place", "same_date"}
    assert event.event_id == cluster([b, a])[0].event_id  # ids from content, not order


def test_different_days_places_types_or_sides_stay_apart() -> None:
    a = _m("a", 0, **_day(D1))
    assert conflict(a, _m("b", 0, **_day(D2))) is not None
    assert conflict(a, _m("b", 0, **_day(D1), geonameid=2, lat=11.0)) is not None
    assert conflict(a, _m("b", 0, **_day(D1), sub_event_type="Attack")) is not None
    three = conflict(_m("a", 0, actor1_id="x", actor2_id="y"), _m("b", 0, actor1_id="z"))
    assert three is not None and "sides" in three
    week = {"date_start": D1 - dt.timedelta(days=6), "date_end": D2, "time_precision": "week"}
    assert conflict(a, _m("b", 0, **week)) is not None  # a week's account is not one day's


def test_undated_account_needs_a_specific_across_documents() -> None:
    dated = _m("a", 0, **_day(D1), quantities=(Quantity(low=4000, high=None, role="fighters", text="over 4,000"),))
    bare = _m("b", 0)
    assert pair_link(dated, bare) is None
    assert pair_link(dated, _m("b", 0, story_id="s")) is None  # a story spans days
    shared = _m("b", 0, quantities=(Quantity(low=4000, high=None, role="fighters", text="Over 4,000"),))
    link = pair_link(dated, shared)
    assert link is not None and "shared_quantity" in {r.feature for r in link.reasons}
    weekday = _m("b", 1, weekdays=frozenset({5}))  # "overnight Saturday"
    assert pair_link(dated, weekday) is not None
    assert pair_link(dated, _m("b", 1, weekdays=frozenset({6}))) is None  # Sunday is not D1


def test_undated_account_that_fits_two_days_gets_no_date() -> None:
    sat, sun = _m("a", 0, **_day(D1)), _m("a", 1, **_day(D2))
    vague = _m("a", 2)  # same document and paragraph: fits both days equally
    events = cluster([sat, sun, vague])
    alone = next(e for e in events if ("a", 2) in {m.key for m in e.members})
    assert [m.key for m in alone.members] == [("a", 2)] and ("a", 2) in alone.ambiguous


def test_only_news_modalities_form_events() -> None:
    groups = block([_m("a", 0), _m("a", 1, modality="planned"), _m("a", 2, modality="historical")])
    assert [[m.seq for m in g] for g in groups] == [[0]]


def test_blocking_is_order_free_and_splits_distant_times() -> None:
    ms = [_m("a", 0, **_day(D1)), _m("b", 0, **_day(D1 + dt.timedelta(days=60))), _m("c", 0, **_day(D1))]
    one = [[m.key for m in g] for g in block(ms)]
    assert one == [[m.key for m in g] for g in block(reversed(ms))]
    assert one == [[("a", 0), ("c", 0)], [("b", 0)]]


def test_fatality_range_rule() -> None:
    r = fatality_range([(1, 300), (None, None)])
    assert (r.low, r.best, r.high) == (1, 1, 300)
    r = fatality_range([(10, 10), (10, 10), (12, 12), (5, None)])
    assert (r.low, r.best, r.high) == (10, 10, 10)  # 12 is contradicted by the exact 10s
    r = fatality_range([(5, None), (1, 300), (7, 7)])
    assert (r.low, r.best, r.high) == (7, 7, 7)
    r = fatality_range([(5, None), (1, 300)])
    assert (r.low, r.best, r.high) == (5, 5, 300)
    r = fatality_range([(50, None), (1, 30)])  # "at least 50" is contradicted by "up to 30"
    assert (r.low, r.high) == (1, 30)
    assert fatality_range([]).low is None


# -- provenance ----------------------------------------------------------------------

ACTORS = {"press": ActorNode(id="press", name="Press Office", parent="ministry"),
          "ministry": ActorNode(id="ministry", name="Ministry of War")}
OUTLETS = {"a": OutletInfo(id="a", name="Agency A", owner="Holding", state_affiliated=True, country="XX"),
           "b": OutletInfo(id="b", name="Broadcaster B", owner="Other Holding", state_affiliated=True, country="XX"),
           "blog": OutletInfo(id="blog", name="Blog", owner="Blog Owner")}


def _claim(seq: int, start: int, end: int, speaker: SpeakerRef | None, stance: str = "asserts") -> ClaimRecord:
    return ClaimRecord(document_id="d", seq=seq, speaker=speaker, via=(), evidence_start=start,
                       evidence_end=end, stance=stance)


def test_chain_follows_syndication_and_kb_parents() -> None:
    c = _claim(0, 0, 10, SpeakerRef(text="the press office", kind="actor", actor_id="press"))
    ch = chain(DocInfo(id="d", outlet_id="blog", original_outlet_id="b"), c, {0: c.speaker}, OUTLETS, ACTORS)
    assert ch.text() == "Blog <- Broadcaster B <- the press office <- Ministry of War"
    assert ch.primary.key == "actor:ministry" and ch.carrier == "b"
    assert ch.owner.key == "state:XX"  # the republisher is a carrier, not a witness
    assert owner_group(OUTLETS["blog"]).key == "owner:blog owner"


def test_independence_counts_primary_sources_and_owner_groups() -> None:
    c = _claim(0, 0, 10, SpeakerRef(text="the ministry", kind="actor", actor_id="ministry"))
    chains = [chain(DocInfo(id="d", outlet_id=o), c, {0: c.speaker}, OUTLETS, ACTORS) for o in ("a", "b")]
    ind = independence(chains, OUTLETS)
    assert (len(ind.primary_sources), len(ind.owner_groups), ind.score) == (1, 1, 1)
    assert "weak corroboration" in ind.explanation
    own = chain(DocInfo(id="e", outlet_id="blog"), None, {}, OUTLETS, ACTORS)
    assert independence([*chains, own], OUTLETS).score == 2


def test_descriptions_resolve_back_and_attribution_carries_one_paragraph() -> None:
    first = _claim(0, 0, 20, SpeakerRef(text="Russia's center for reconciliation", kind="actor", actor_id="press"))
    later = _claim(1, 30, 50, SpeakerRef(text="the center", kind="person"))
    assert resolve_speakers([first, later])[1].actor_id == "press"
    text = "x" * 50 + "\n\nTerrorists attacked on Saturday.\n\nMore.\n\nThey reportedly entered."
    start = text.index("Terrorists")
    assert attribute(start, start + 10, text, [first, later]).claim_seq == 1
    far = text.index("They")
    assert attribute(far, far + 5, text, [first, later]).claim_seq is None
    assert attribute(far, len(text), text, [first, later]).hedged
    warn = _claim(1, 30, 50, SpeakerRef(text="the minister", kind="person"), stance="warns")
    assert attribute(start, start + 10, text, [warn]).claim_seq is None


def test_no_seed_strings_in_the_code() -> None:
    words = ("palmyra", "tadmur", "amaq", "barazi", "sputnik", "raqqa", "reconciliation")
    for rel in ("link/events.py", "link/provenance.py", "store/canonical.py"):
        text = (REPO / "src" / "rashomon" / rel).read_text(encoding="utf-8").lower()
        assert not [w for w in words if w in text], rel


# -- the seeds, through the real CLI ---------------------------------------------------


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds_db(tmp_path_factory)


@pytest.fixture(scope="module")
def events(seeds: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _cli("events", "--db", str(seeds), "--json").splitlines()]


def _docs(seeds: Path) -> dict[str, str]:
    con = sqlite3.connect(seeds)
    try:
        return {outlet: i for i, outlet in con.execute("SELECT id, outlet_id FROM documents")}
    finally:
        con.close()


def _detail(seeds: Path, event_id: str) -> dict[str, Any]:
    return json.loads(_cli("show", event_id, "--db", str(seeds), "--json"))


def _shared(seeds: Path, events: list[dict[str, Any]], sub: str) -> list[dict[str, Any]]:
    docs = set(_docs(seeds).values())
    out = []
    for e in events:
        if e["sub_event_type"] != sub:
            continue
        d = _detail(seeds, e["event_id_cnty"])
        if {a["document_id"] for a in d["accounts"]} == docs:
            out.append(d)
    return out


def _assert_one_state_source(e: dict[str, Any]) -> None:
    assert e["primary_source_count"] == 1, e["primary_sources"]
    assert [p["name"] for p in e["primary_sources"]] == ["Ministry of Defence of Russia"]
    assert e["owner_group_count"] == 1 and e["owner_groups"][0]["name"] == "state media of Russian Federation"
    assert e["independence"] == 1 and "weak corroboration" in e["independence_text"]
    # Global Research only republished RT: RT is the originating outlet, not a witness
    assert {o["original_outlet_id"] for o in e["outlets"]} == {None, "rt"}
    assert "RT (via Global Research)" in e["source"]


def test_force_movement_merges_across_the_two_articles(seeds: Path, events: list[dict[str, Any]]) -> None:
    [e] = [x for x in _shared(seeds, events, "Other")
           if any("4,000" in a["evidence"] for a in x["accounts"])]
    assert e["event_type"] == "Strategic developments" and e["geonameid"] == 163808
    _assert_one_state_source(e)
    assert any("Reconciliation" in s["name"] for a in e["accounts"] for s in a["chain"])


def test_saturday_attack_merges_with_its_figure(seeds: Path, events: list[dict[str, Any]]) -> None:
    [e] = [x for x in _shared(seeds, events, "Armed clash") if x["event_date"] == "2016-12-10"]
    assert e["geonameid"] == 163808 and e["time_precision"] == 1
    assert e["fatalities_high"] == 300 and e["fatalities_low"] >= 1 and e["fatalities"] == e["fatalities_low"]
    assert [f["high"] for f in e["figures"]] == [300]
    _assert_one_state_source(e)


def test_amaq_versus_governor_contradiction_is_reported(events: list[dict[str, Any]]) -> None:
    found = [c for e in events for c in e["contradictions"]]
    assert found, "no contradictions stored (is rashomon.link.contradictions in place?)"
    pairs = [{c["a"]["speaker"].lower(), c["b"]["speaker"].lower()} for c in found]
    assert any(any("amaq" in s for s in p) and any("governor" in s for s in p) for p in pairs), pairs
    c = next(c for c in found if any("amaq" in s["speaker"].lower() for s in (c["a"], c["b"])))
    assert c["reason"] and all(s["text"] and s["end"] > s["start"] for s in (c["a"], c["b"]))


def test_comments_contribute_nothing(seeds: Path, events: list[dict[str, Any]]) -> None:
    docs = _docs(seeds)
    comments: dict[str, list[tuple[int, int]]] = {}
    for doc_id in docs.values():
        body = json.loads(_cli("show", doc_id[:12], "--db", str(seeds), "--json"))
        comments[doc_id] = [(s["start"], s["end"]) for s in body["segments"] if s["label"] == "comment"]
    assert comments[docs["sputnik"]], "the Sputnik page has reader comments"
    for e in events:
        for a in _detail(seeds, e["event_id_cnty"])["accounts"]:
            assert not any(s <= a["evidence_start"] < t for s, t in comments[a["document_id"]]), a


def test_events_json_has_acled_names(events: list[dict[str, Any]]) -> None:
    names = {"event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
             "assoc_actor_1", "actor2", "country", "admin1", "location", "latitude", "longitude",
             "geo_precision", "source", "notes", "fatalities", "fatalities_low", "fatalities_best",
             "fatalities_high", "mentions", "outlets", "primary_sources", "independence",
             "primary_source_count", "owner_group_count", "contradictions"}
    assert events and all(names <= set(e) for e in events)


def test_show_event_and_stories(seeds: Path, events: list[dict[str, Any]]) -> None:
    eid = events[0]["event_id_cnty"]
    out = _cli("show", eid[:10], "--db", str(seeds))
    assert "independence" in out and "accounts" in out
    stories = [json.loads(line) for line in _cli("stories", "--db", str(seeds), "--json").splitlines()]
    assert {e for s in stories for e in s["events"]} == {e["event_id_cnty"] for e in events}
    bad = CliRunner().invoke(main, ["show", "evzz", "--db", str(seeds)])
    assert bad.exit_code == 2 and "evzz" in bad.output
    amb = CliRunner().invoke(main, ["show", "ev", "--db", str(seeds)])
    assert amb.exit_code == 2 and "ambiguous" in amb.output


# -- incremental == all at once == full rebuild ----------------------------------------


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(db)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("events", "event_members", "event_contradictions", "claim_provenance")}
    finally:
        con.close()


def test_incremental_equals_batch_equals_rebuild(seeds: Path, tmp_path: Path) -> None:
    one_by_one = tmp_path / "inc.db"
    for path in sorted(EXAMPLES.glob("*.txt")):
        done = subprocess.run([sys.executable, "-m", "rashomon.cli", "ingest", str(path), "--db", str(one_by_one),
                               "--quiet"], capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    batch = _tables(seeds)
    assert batch["events"]
    assert _tables(one_by_one) == batch
    rebuilt = tmp_path / "rebuilt.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{seeds}{suffix}").exists():
            shutil.copy(f"{seeds}{suffix}", f"{rebuilt}{suffix}")
    _cli("events", "--db", str(rebuilt), "--rebuild")
    assert _tables(rebuilt) == batch
