"""Tolls of accounts written before a victim died, from their story (link.story_tolls)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from conftest import ingest_records

from rashomon.link.story_tolls import DIED_WITHIN_DAYS, Toll, story_tolls

D = dt.date


def test_wounded_who_died_take_the_later_accounts_toll() -> None:
    stories = {"first": "s", "later": "s", "other": "t"}
    tolls = {
        "first": Toll(killed=0, injured=2, day=D(2015, 3, 1)),
        "later": Toll(killed=1, injured=1, day=D(2015, 3, 3)),
        "other": Toll(killed=0, injured=2, day=D(2015, 3, 1)),
    }
    out = story_tolls(stories, tolls)
    assert set(out) == {"first"}  # "other" has no story-mate; "later" is already updated
    row = out["first"]
    assert row.kind == "died"
    assert (row.killed, row.injured, row.own_killed, row.own_injured) == (1, 1, 0, 2)
    assert row.sources == ("later",) and row.source_day == D(2015, 3, 3) and row.story_id == "s"
    assert "counts the same 2 victims with 1 killed: 1 of the wounded died" in row.reason


def test_only_the_same_victims_dated_no_earlier_count() -> None:
    day = D(2015, 3, 2)
    # more victims in all: a merged neighbour or a city's roundup, not an update
    assert story_tolls({"a": "s", "b": "s"}, {
        "a": Toll(killed=0, injured=1, day=day),
        "b": Toll(killed=2, injured=0, day=day)}) == {}
    # an earlier account cannot tell what happened after a later one was written
    assert story_tolls({"a": "s", "b": "s"}, {
        "a": Toll(killed=0, injured=1, day=day),
        "b": Toll(killed=1, injured=0, day=day - dt.timedelta(days=1))}) == {}
    # an unknown day or count neither gives nor takes
    assert story_tolls({"a": "s", "b": "s"}, {
        "a": Toll(killed=0, injured=1, day=day),
        "b": Toll(killed=1, injured=0, day=None)}) == {}
    assert story_tolls({"a": "s", "b": "s"}, {
        "a": Toll(killed=None, injured=None, day=day),
        "b": Toll(killed=1, injured=0, day=day)}) == {}
    # fewer dead later is no update either (the first account over-counted, or the
    # later one is about an arrest): the extract stage's own figure stands
    assert story_tolls({"a": "s", "b": "s"}, {
        "a": Toll(killed=1, injured=0, day=day),
        "b": Toll(killed=0, injured=1, day=day + dt.timedelta(days=2))}) == {}
    assert story_tolls({}, {}) == {}
    # an account written more than a week later is a follow-up (an arrest, a trial):
    # its toll is no news of the wounded dying; a week later still is
    assert story_tolls({"a": "s", "b": "s"}, {
        "a": Toll(killed=0, injured=1, day=day),
        "b": Toll(killed=1, injured=0, day=day + dt.timedelta(days=DIED_WITHIN_DAYS + 1))}) == {}
    within = story_tolls({"a": "s", "b": "s"}, {
        "a": Toll(killed=0, injured=1, day=day),
        "b": Toll(killed=1, injured=0, day=day + dt.timedelta(days=DIED_WITHIN_DAYS))})
    assert set(within) == {"a"} and within["a"].kind == "died"
    # a later account that still counts the victim wounded outweighs one that says he died
    # (and, two against one, the odd account takes the others' toll)
    outvoted = story_tolls(dict.fromkeys("abc", "s"), {
        "a": Toll(killed=0, injured=1, day=day),
        "b": Toll(killed=1, injured=0, day=day + dt.timedelta(days=1)),
        "c": Toll(killed=0, injured=1, day=day + dt.timedelta(days=2))})
    assert set(outvoted) == {"b"} and outvoted["b"].kind == "consensus"


def test_the_most_dead_win_then_the_latest_day() -> None:
    stories = dict.fromkeys(("a", "b", "c", "d"), "s")
    tolls = {
        "a": Toll(killed=0, injured=3, day=D(2015, 3, 1)),
        "b": Toll(killed=1, injured=2, day=D(2015, 3, 2)),
        "c": Toll(killed=2, injured=1, day=D(2015, 3, 4)),
        "d": Toll(killed=2, injured=1, day=D(2015, 3, 5)),
    }
    out = story_tolls(stories, tolls)
    assert (out["a"].killed, out["a"].sources) == (2, ("d",))
    assert (out["b"].killed, out["b"].injured, out["b"].sources) == (2, 1, ("d",))
    assert "c" not in out  # "d" counts as many dead as "c": no change
    assert "d" not in out


def test_an_account_most_of_its_story_contradicts_takes_the_majoritys_toll() -> None:
    day = D(2015, 3, 2)
    stories = dict.fromkeys(("a", "b", "c", "odd", "silent"), "s")
    tolls = {
        "a": Toll(killed=1, injured=2, day=day),
        "b": Toll(killed=1, injured=2, day=day),
        "c": Toll(killed=1, injured=2, day=None),  # a day is not needed to vote
        "odd": Toll(killed=2, injured=2, day=day),  # more victims: no "died" reading
        "silent": Toll(killed=None, injured=None, day=day),
    }
    out = story_tolls(stories, tolls)
    assert set(out) == {"odd", "silent"}
    odd = out["odd"]
    assert odd.kind == "consensus" and (odd.killed, odd.injured) == (1, 2)
    assert (odd.own_killed, odd.own_injured) == (2, 2)
    assert odd.votes == 3 and odd.accounts == 4 and odd.sources == ("a", "b", "c")
    assert "3 of the 4 accounts of its story that give a toll count 1 killed and 2 injured" in odd.reason
    assert out["silent"].own_killed is None and "gives no toll" in out["silent"].reason


def test_no_consensus_without_two_thirds_and_two() -> None:
    day = D(2015, 3, 2)
    two_two = {"a": Toll(killed=1, injured=0, day=day), "b": Toll(killed=1, injured=0, day=day),
               "c": Toll(killed=2, injured=0, day=day), "d": Toll(killed=2, injured=0, day=day)}
    assert story_tolls(dict.fromkeys(two_two, "s"), two_two) == {}
    # two of five agree: a plurality, not a majority
    spread = {**two_two, "d": Toll(killed=3, injured=0, day=day),
              "e": Toll(killed=4, injured=0, day=day)}
    assert story_tolls(dict.fromkeys(spread, "s"), spread) == {}
    # three of five: a bare majority, not two thirds
    three_five = {**two_two, "e": Toll(killed=1, injured=0, day=day)}
    assert story_tolls(dict.fromkeys(three_five, "s"), three_five) == {}
    # ... while two of three is enough
    two_three = {"a": two_two["a"], "b": two_two["b"], "c": two_two["c"]}
    assert set(story_tolls(dict.fromkeys(two_three, "s"), two_three)) == {"c"}
    # one account against one: no majority of two
    pair = {"a": Toll(killed=1, injured=0, day=day), "b": Toll(killed=3, injured=0, day=day)}
    assert story_tolls(dict.fromkeys(pair, "s"), pair) == {}


def test_an_account_written_before_the_death_takes_the_toll_through_the_pipeline(
    tmp_path: Path,
) -> None:
    """Real ingest (spaCy, gazetteer, linker) into a real SQLite file, then `show --json`."""
    from rashomon.store import Store
    from rashomon.store.links import story_of, story_tolls_of

    rows = [
        {"title": "Man critically hurt in shooting outside Dayton lounge",
         "content": "Posted: Sunday, March 1, 2015 6:10 AM EST\n\nMarcus Delaney, 24, was "
                    "shot outside the Riverside Lounge on Elmwood Avenue in Dayton on "
                    "Saturday night, police said. Delaney was taken to Miami Valley "
                    "Hospital in critical condition with a gunshot wound to the chest. "
                    "Police have not named a suspect in the Riverside Lounge shooting.",
         "url": "http://daytonnews.example/story/1"},
        {"title": "Man shot outside Riverside Lounge dies",
         "content": "Posted: Tuesday, March 3, 2015 7:30 AM EST\n\nMarcus Delaney, 24, "
                    "who was shot in the parking lot of the Riverside Lounge on Elmwood "
                    "Avenue in Dayton late Saturday, died Monday at Miami Valley Hospital, "
                    "a police spokeswoman said. Detectives are reviewing video from the "
                    "lounge and asked anyone who saw the shooting to call Dayton police. "
                    "No arrest has been made.",
         "url": "http://othernews.example/a/2"},
    ]
    db = ingest_records(tmp_path, rows)
    from rashomon.store.read_api.documents import get_document_detail

    with Store.open(db, create=False) as store:
        stories = story_of(store)
        updated = story_tolls_of(store)
        details = {d: get_document_detail(store, d).to_json() for d in stories}
    assert len(stories) == 2 and len(set(stories.values())) == 1, stories
    assert len(updated) == 1, updated
    (first_id, row), = updated.items()
    assert (row["own_killed"], row["own_injured"]) == (0, 1)
    assert (row["killed"], row["injured"], row["kind"]) == (1, 0, "died")
    assert row["source_day"] == D(2015, 3, 3) and len(row["sources"]) == 1
    # what /api/documents/{id} serves: the derived toll as a reason, on that document only
    tolls = {d: body["reasons"].get("toll") for d, body in details.items()}
    assert tolls[first_id]["value"] == "1 killed, 0 injured", tolls
    assert "1 of the wounded died" in tolls[first_id]["reason"]
    assert [d for d, t in tolls.items() if t is not None] == [first_id]
    shown = subprocess.run([sys.executable, "-m", "rashomon.cli", "show", first_id, "--db",
                            str(db), "--json"], capture_output=True, text=True, timeout=120,
                           check=False)
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["story_toll"]["killed"] == 1 and body["story_toll"]["source_day"] == "2015-03-03"
    # the document's own event mention keeps what its text says
    main = next(e for e in body["events"] if e.get("is_main"))
    assert main["fatalities_high"] in (0, None), main
