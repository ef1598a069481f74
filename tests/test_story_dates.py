"""Days for undated accounts from their story (link.story_dates), and their storage."""

from __future__ import annotations

import datetime as dt

from conftest import ingest_records

from rashomon.link.story_dates import story_dates

D = dt.date


def test_an_undated_account_takes_the_day_most_dated_accounts_give() -> None:
    stories = {"a": "s1", "b": "s1", "c": "s1", "u": "s1", "x": "s2", "y": "s2"}
    days = {"a": D(2016, 7, 27), "b": D(2016, 7, 27), "c": D(2016, 7, 28), "u": None,
            "x": None, "y": None}
    out = story_dates(stories, days)
    assert set(out) == {"u"}  # s2 has no dated account; dated ones keep their own day
    got = out["u"]
    assert (got.story_id, got.day, got.votes, got.dated, got.sources) == (
        "s1", D(2016, 7, 27), 2, 3, ("a", "b"))
    assert "2 of 3 dated accounts" in got.reason and "2016-07-27" in got.reason


def test_a_tie_goes_to_the_earliest_day_and_missing_documents_count_as_undated() -> None:
    stories = {"a": "s", "b": "s", "u": "s"}
    out = story_dates(stories, {"a": D(2015, 3, 2), "b": D(2015, 3, 1)})
    assert out["u"].day == D(2015, 3, 1) and out["u"].votes == 1
    assert "1 of 2 dated accounts in its story give" in out["u"].reason
    single = story_dates({"a": "s", "u": "s"}, {"a": D(2015, 3, 2)})["u"]
    assert "1 of 1 dated account in its story gives 2015-03-02" in single.reason
    assert story_dates({"a": "s"}, {"a": D(2015, 3, 2)}) == {}
    assert story_dates({}, {}) == {}


def test_an_undated_page_takes_its_story_mates_day_through_the_whole_pipeline(tmp_path) -> None:
    """Real ingest (spaCy, gazetteer, linker) into a real SQLite file, then `show --json`."""
    import json
    import subprocess
    import sys

    from rashomon.store import Store
    from rashomon.store.links import story_dates_of, story_of

    lead = ("Marcus Delaney, 24, was shot and killed outside the Riverside Lounge on Elmwood "
            "Avenue in Dayton on Saturday night, police said. Officers found Delaney with "
            "a gunshot wound to the chest; he died at Miami Valley Hospital. Police have "
            "not named a suspect in the Riverside Lounge shooting.")
    rows = [
        {"title": "Man shot dead outside Dayton lounge",
         "content": "Posted: Monday, March 2, 2015 6:10 AM EST\n\n" + lead,
         "url": "http://daytonnews.example/story/1"},
        {"title": "Police name victim of Riverside Lounge shooting",
         # a second outlet's own words (a near copy would read as a site template)
         "content": "Dayton police on Sunday identified the man killed in the Riverside "
                    "Lounge shooting as Marcus Delaney, 24. Delaney was shot in the chest "
                    "in the parking lot of the Elmwood Avenue bar late Saturday and died at "
                    "Miami Valley Hospital, a police spokeswoman said. Detectives are "
                    "reviewing video from the lounge and asked anyone who saw the shooting "
                    "to call Dayton police. No arrest has been made.",
         "url": "http://othernews.example/a/2"},
    ]
    db = ingest_records(tmp_path, rows)
    with Store.open(db, create=False) as store:
        stories = story_of(store)
        derived = story_dates_of(store)
    assert len(stories) == 2 and len(set(stories.values())) == 1, stories
    assert len(derived) == 1
    (undated_id, row), = derived.items()
    assert row["day"] == D(2015, 2, 28)  # "Saturday night" before Monday, March 2
    assert row["votes"] == 1 and row["dated"] == 1
    shown = subprocess.run([sys.executable, "-m", "rashomon.cli", "show", undated_id, "--db",
                            str(db), "--json"], capture_output=True, text=True, timeout=120,
                           check=False)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["story_date"]["day"] == "2015-02-28"


def test_a_publication_date_standing_in_gives_way_to_a_worded_day() -> None:
    stories = {"worded": "s", "stand_in": "s", "also_stand_in": "t", "lone": "t"}
    days = {"worded": D(2015, 3, 1), "stand_in": D(2015, 3, 3),
            "also_stand_in": D(2015, 3, 4), "lone": None}
    out = story_dates(stories, days, stand_ins={"stand_in", "also_stand_in"})
    assert set(out) == {"stand_in"}  # story t has no day named in words
    row = out["stand_in"]
    assert row.day == D(2015, 3, 1) and row.sources == ("worded",)
    assert "publication date 2015-03-03 stood in" in row.reason
    # a stand-in gives no day to an undated story-mate either
    assert story_dates({"a": "s", "b": "s"}, {"a": D(2015, 3, 3), "b": None},
                       stand_ins={"a"}) == {}
