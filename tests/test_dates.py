"""The reference date: dateline parsing, the body check, and accuracy on gva-dev."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from rashomon.clean.dates import body_dates, parse_dateline, reference_date
from rashomon.model import RawDocument, Segment, Span

#: Measured 0.443 exact on the first 400 gva-dev documents (2026-11-24); the floor
#: sits a little below so a real regression fails.
GVA_EXACT_FLOOR_400 = 0.42


def _raw(text: str, **kw: str) -> RawDocument:
    return RawDocument(origin="test", kind="txt", text=text, **kw)


def test_garbled_sputnik_dateline_reads_offset_glued_to_day() -> None:
    (d,) = parse_dateline("05:15 GMT +324 March 2017")
    assert d.value == dt.datetime(2017, 3, 24, 5, 15, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert d.tz_offset_minutes == 180
    assert d.kind in ("updated", "unknown")


def test_glued_offset_rule_is_general() -> None:
    (d,) = parse_dateline("11:30 GMT +129 May 2018")
    assert d.day == dt.date(2018, 5, 29) and d.tz_offset_minutes == 60
    # Days are written without a leading zero, so "+107" is GMT+10 on the 7th.
    (z,) = parse_dateline("11:30 GMT +107 May 2018")
    assert z.day == dt.date(2018, 5, 7) and z.tz_offset_minutes == 600
    (e,) = parse_dateline("23:05 UTC -512 Jan 2019")
    assert e.day == dt.date(2019, 1, 12) and e.tz_offset_minutes == -300


def test_posted_and_updated_are_told_apart() -> None:
    line = (
        "Posted: Tuesday, January 28, 2014 8:18 PM EST "
        "Updated: Friday, February 28, 2014 8:27 PM EST"
    )
    posted, updated = parse_dateline(line)
    assert posted.kind == "published" and posted.day == dt.date(2014, 1, 28)
    assert isinstance(posted.value, dt.datetime) and posted.value.hour == 20
    assert posted.tz_offset_minutes == -300
    assert updated.kind == "updated" and updated.day == dt.date(2014, 2, 28)
    ref = reference_date(
        _raw("Teen charged in a case " + line + "\n\nPolice said on Tuesday..."), []
    )
    assert ref.date == dt.date(2014, 1, 28) and ref.kind == "published"


def test_other_dateline_shapes() -> None:
    (p,) = parse_dateline("Published 10:04 AM ET Mar 3, 2016")
    assert p.kind == "published" and p.value == dt.datetime(2016, 3, 3, 10, 4)
    (iso,) = parse_dateline("2016-12-10T05:15:00+03:00")
    assert iso.tz_offset_minutes == 180 and iso.day == dt.date(2016, 12, 10)
    (num,) = parse_dateline("12/11/2016")
    assert num.day == dt.date(2016, 12, 11)
    (upd,) = parse_dateline("by: A Reporter Updated: Nov 2, 2016 - 9:51 AM")
    assert upd.kind == "updated" and upd.value == dt.datetime(2016, 11, 2, 9, 51)
    assert parse_dateline("no date in this line at all") == []


def test_prose_posted_is_not_a_label() -> None:
    (d,) = parse_dateline("This image posted online on Saturday, Dec. 10, 2016, by someone")
    assert d.kind == "unknown"


def test_sputnik_seed_is_estimated_from_the_body(sputnik_path: Path) -> None:
    raw = _raw(sputnik_path.read_text(encoding="utf-8"))
    ref = reference_date(raw, [])
    assert ref.date == dt.date(2016, 12, 11)
    assert ref.kind == "estimated" and ref.precision == "day"
    assert "2017-03-24" in ref.reason and "update" in ref.reason
    assert "2016-12-10" in ref.reason and "Sunday" in ref.reason


def test_rt_seed_gets_no_invented_day(rt_path: Path) -> None:
    ref = reference_date(_raw(rt_path.read_text(encoding="utf-8")), [])
    assert ref.date is None and ref.kind == "unknown"
    assert "2015" in ref.reason


def test_publication_dateline_beats_old_body_dates() -> None:
    text = "Posted: March 3, 2016\n\nThe trial over the shooting on July 4, 2014 opened Monday."
    ref = reference_date(_raw(text), [])
    assert ref.date == dt.date(2016, 3, 3) and ref.kind == "published"


def test_url_date_then_metadata() -> None:
    text = "Police said a man was shot on Tuesday."
    url = "http://web.archive.org/web/20160501/http://example.com/news/2016/04/29/man-shot"
    ref = reference_date(_raw(text, url=url), [])
    assert ref.date == dt.date(2016, 4, 29) and ref.kind == "metadata"
    meta = reference_date(_raw(text, published="Thu, 3 Mar 2016 10:00:00 GMT"), [])
    assert meta.date == dt.date(2016, 3, 3) and meta.kind == "metadata"
    none = reference_date(_raw(text), [])
    assert none.date is None and none.kind == "unknown"


def test_body_dates_kinds_and_inferred_year() -> None:
    text = (
        "It began on Saturday, Dec. 10, 2016. On December 12 more came; in March 2016 and in 2015."
    )
    found = body_dates(text, [Span(start=0, end=len(text))], anchor=dt.date(2017, 1, 5))
    by_text = {b.text: b for b in found}
    assert by_text["Saturday, Dec. 10, 2016"].weekday == 5
    assert by_text["December 12"].date == dt.date(2016, 12, 12)
    assert by_text["December 12"].year_inferred
    assert by_text["March 2016"].precision == "month"
    assert by_text["in 2015"].precision == "year"


def test_gva_dev_accuracy_floor_and_speed(shared_data: Path) -> None:
    path = shared_data / "gva-dev" / "documents.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:400]]
    exact = 0
    start = time.perf_counter()
    for i, row in enumerate(rows):
        # dct is the gold: never passed in.
        raw = RawDocument(
            origin=f"gva:{i}", kind="jsonl", text=row["content"], title=row["title"], url=row["uri"]
        )
        ref = reference_date(raw, [])
        exact += ref.date == dt.date.fromisoformat(row["dct"])
    per_doc = (time.perf_counter() - start) / len(rows)
    assert exact / len(rows) >= GVA_EXACT_FLOOR_400, exact / len(rows)
    # Target 5 ms; the bound leaves room for a loaded shared machine.
    assert per_doc < 0.015, per_doc


def _seed_segments(text: str) -> list[Segment]:
    """Segments as a segmenter labels the Sputnik seed: dateline, caption, body, comments."""
    first_end = text.index("\n")
    cap_start = text.index("This image")
    cap_end = text.index("\n", cap_start)
    comments = text.index("Community standards")
    return [
        Segment(start=0, end=first_end, label="dateline", reason="test"),
        Segment(start=cap_start, end=cap_end, label="caption", reason="test"),
        Segment(start=cap_end, end=comments, label="body", reason="test"),
        Segment(start=comments, end=len(text), label="comment", reason="test"),
    ]


def test_sputnik_seed_with_segments_reads_caption_dates(sputnik_path: Path) -> None:
    text = sputnik_path.read_text(encoding="utf-8")
    ref = reference_date(_raw(text), _seed_segments(text))
    assert ref.date == dt.date(2016, 12, 11) and ref.kind == "estimated"


def test_more_url_date_shapes() -> None:
    text = "Police said a man was shot on Tuesday."
    arch = "http://web.archive.org/web/20170301000000/"
    cases = {
        "http://example.com/news/2017/feb/27/man-shot/": dt.date(2017, 2, 27),
        "http://example.com/crime/ct-shooting-20170105-story.html": dt.date(2017, 1, 5),
        "http://example.com/content/articles/2016/2/25/toddler.html": dt.date(2016, 2, 25),
    }
    for inner, want in cases.items():
        ref = reference_date(_raw(text, url=arch + inner), [])
        assert (ref.date, ref.kind) == (want, "metadata"), inner
    # A stamp after the crawl is an id, not a publication date.
    later = reference_date(_raw(text, url=arch + "http://example.com/story/20171231/x"), [])
    assert later.date is None


def test_weekday_between_label_and_numeric_date() -> None:
    found = parse_dateline("Published: Tuesday, 11/18/2014 - Updated: 8 months ago")
    assert [(d.day, d.kind) for d in found] == [(dt.date(2014, 11, 18), "published")]


def test_yearless_dateline_needs_an_anchor_and_a_label_or_weekday() -> None:
    line = "Last updated at 10:39 a.m. on Sunday, Nov. 27"
    assert parse_dateline(line) == []
    (d,) = parse_dateline(line, anchor=dt.date(2016, 11, 28))
    assert d.value == dt.datetime(2016, 11, 27, 10, 39) and d.kind == "updated"
    # neither a label nor a weekday: prose, not a dateline
    assert parse_dateline("The fair opens Nov. 27 downtown", anchor=dt.date(2016, 11, 28)) == []


def test_ctime_stamp() -> None:
    (d,) = parse_dateline("( Mon Mar 09 17:08:35 PDT 2015 )")
    assert d.value == dt.datetime(2015, 3, 9, 17, 8, tzinfo=dt.timezone(dt.timedelta(hours=-7)))


def test_yearless_future_dates_do_not_make_a_dateline_an_update() -> None:
    text = "City Briefs\n3/7/2017\n\nForms are due by March 9. A wallet was stolen Monday."
    ref = reference_date(_raw(text), [])
    assert ref.date == dt.date(2017, 3, 7) and ref.kind == "published"


def test_weekday_before_the_latest_date_does_not_move_the_story_a_week_on() -> None:
    text = (
        "A child was shot Wednesday night, police said. Police got a call at 3:38 a.m. "
        "Thursday. The report is dated Thursday, April 21, 2016."
    )
    url = "http://web.archive.org/web/20160525040357/http://example.com/news/child-shot"
    ref = reference_date(_raw(text, url=url), [])
    assert ref.date == dt.date(2016, 4, 21) and ref.precision == "day"


def test_yearless_dates_take_the_year_the_body_pins() -> None:
    text = "The shooting happened Sunday, July 5. He was arrested July 16."
    found = body_dates(text, [Span(start=0, end=len(text))], anchor=dt.date(2016, 9, 27))
    by_text = {b.text: b.date for b in found}
    assert by_text["Sunday, July 5"] == dt.date(2015, 7, 5)
    assert by_text["July 16"] == dt.date(2015, 7, 16)
