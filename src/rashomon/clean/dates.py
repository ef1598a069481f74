"""The reference date: the day a document's relative expressions resolve against.

Public contract::

    parse_dateline(line) -> list[DatelineDate]
    body_dates(text, spans) -> list[BodyDate]
    reference_date(raw, segments) -> ReferenceDate

The order of evidence (see :func:`reference_date`):

1. Datelines: segments labelled ``dateline``, short date-only lines at the top of the
   text, and ``Posted:`` / ``Published`` / ``Updated:`` labels in the first
   ~1,500 characters. A ``Posted``/``Published`` time wins over an ``Updated`` one.
2. A date in the URL path (``/2016/04/29/``), then the input's ``published`` metadata.
3. A check of that date against the explicit dates the body itself names: a dateline
   that is not a labelled publication time and lies far after every date of the body
   is an update time (the field lesson: "datelines that are update times are wrong"),
   so the story date is estimated from the body instead.
4. Without any of those, an estimate from the body's latest explicit full date, moved
   forward to a weekday the body names ("on Sunday") when that weekday falls within a
   week of it. A body that names only a month or a year gives no day: the result is
   ``unknown`` with a reason, never an invented day.

Most date strings of news pages come in a handful of shapes, so they are read by
precompiled regular expressions (fast, and they keep character spans); ``dateparser``
is used only for free-form metadata strings, with strict settings so that it never
fills a missing part from today.

When not to use: this module decides one date per document; resolving every time
expression of the body ("over the last week") is the annotate stage's job.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rashomon.model import DatePrecision, RawDocument, ReferenceDate, Segment, Span

#: How a dateline date is labelled on the page.
DatelineKind = Literal["published", "updated", "unknown"]

#: How far into the text labelled datelines ("Posted: ...") are looked for.
DATELINE_ZONE = 1500
#: A dateline this many days after the latest date the body names is taken for an
#: update time (news bodies name the days of their story, which is recent).
UPDATE_GAP_DAYS = 30
#: A weekday named alone is read as the nearest such day to the body's latest date,
#: so up to this many days after it (a week split down the middle).
NEAREST_WEEKDAY_DAYS = 3
#: Segment labels whose explicit dates the dateline is checked against.
_CHECKED_LABELS = frozenset({"body", "caption"})
#: How many lines at the top of the text may hold an unlabelled dateline.
TOP_LINES = 6
#: An unlabelled top line longer than this is prose, not a dateline.
TOP_LINE_MAX = 90

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2,
    "wed": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Fixed UTC offsets (minutes) of zone names seen in datelines. The US "ET/CT/..."
#: names do not say whether daylight time applies, so they carry no offset.
_TZ_OFFSETS: dict[str, int | None] = {
    "gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "msk": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420, "akst": -540, "akdt": -480,
    "hst": -600, "et": None, "ct": None, "mt": None, "pt": None,
}  # fmt: skip

_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WD_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_WD = r"(?:(?P<wd>" + _WD_ALT + r")\.?,?\s+)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})\b"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_TZ_NAMES = "|".join(sorted((k for k in _TZ_OFFSETS if k != "z"), key=len, reverse=True))
_TIME = (
    r"(?P<hh>[0-2]?\d)[:.](?P<mi>[0-5]\d)(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
    r"(?:\s*(?P<tz>(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?(?![\d ]*" + _MON + r")"
    r"|\b(?:" + _TZ_NAMES + r")\b))?"
)

_FLAGS = re.IGNORECASE
#: "Friday, Jul. 8, 2016", "Jul 8 2016", "March 3rd, 2016"
_RE_MDY = re.compile(r"\b" + _WD + _MON + r"\s+" + _DAY + r"(?:,\s*|\s+)" + _YEAR, _FLAGS)
#: "18 May 2019", "Tuesday 8th of November, 2016"
_RE_DMY = re.compile(
    r"\b" + _WD + r"(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR, _FLAGS
)
#: "2016-07-08", "2016-07-08T05:15:00+03:00"
_RE_ISO = re.compile(
    r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d)(?::\d{2}(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
    _FLAGS,
)
#: C's ctime, printed by some page templates: "Mon Mar 09 17:08:35 PDT 2015".
_RE_CTIME = re.compile(
    r"\b(?P<wd>" + _WD_ALT + r")\s+" + _MON + r"\s+" + _DAY + r"\s+(?P<hh>[0-2]\d):(?P<mi>[0-5]\d)"
    r":[0-5]\d\s+(?:(?P<tz>[a-z]{2,4})\s+)?" + _YEAR,
    _FLAGS,
)
#: "12/11/2016" (US order unless the first number cannot be a month), "3/5/16"
_RE_NUM = re.compile(
    r"(?<![\d/])(?P<a>[01]?\d|3[01])/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)?\d{2})(?![\d/])"
)
#: "December 10" with no year: the year is inferred from an anchor.
_RE_MD = re.compile(
    r"\b" + _WD + _MON + r"\s+" + _DAY + r"\b(?![:.]\d)(?!,?\s*(?:19|20)\d{2})(?!\s*(?:%|percent))",
    _FLAGS,
)
#: "in March 2016", "March, 2016": month precision.
_RE_MY = re.compile(r"\b" + _MON + r",?\s+" + _YEAR, _FLAGS)
#: "in 2015": year precision.
_RE_Y = re.compile(r"\b(?:in|since|during|of)\s+(?P<year>(?:19|20)\d{2})\b(?!\s*[-/]\d)", _FLAGS)
#: A bare weekday cue ("on Sunday", "Saturday night"): full names only ("Sun" is a paper).
_RE_BARE_WD = re.compile(
    r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"(?!,?\s*(?:the\s+)?(?:[0-3]?\d\b|" + "|".join(_MONTHS) + r"))",
    _FLAGS,
)
#: Labels of dateline parts.
_RE_LABEL = re.compile(
    r"\b(?P<label>first\s+published|published|posted|created|last\s+updated|updated|"
    r"last\s+modified|modified)\b(?:\s+(?:on|at)\b)?\s*:?",
    _FLAGS,
)
#: The garbled Sputnik-style dateline: a time, "GMT +3" glued to the day "24".
_RE_GLUED = re.compile(
    r"(?P<hh>[0-2]?\d):(?P<mi>[0-5]\d)\s*(?P<zone>gmt|utc)\s*(?P<sign>[+-])\s*"
    r"(?P<glued>\d{2,4})\s+" + _MON + r",?\s+" + _YEAR,
    _FLAGS,
)
_RE_TIME = re.compile(_TIME, _FLAGS)
#: What may stand between a label and its date: a weekday ("Published: Tuesday, 11/18/2014").
_RE_TIME_GAP = re.compile(r"[\s,|-]*(?:on\s+)?", _FLAGS)
_RE_GAP_WD = re.compile(r"\b(?:" + _WD_ALT + r")\b\.?", _FLAGS)
#: Date paths in URLs: /2016/04/29/, /2016-04-29/, /2016/4/29/, /2016/apr/29/.
_RE_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<mon>[01]?\d|"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")[/-]"
    r"(?P<day>[0-3]?\d)(?=[/_.-]|$)",
    re.IGNORECASE,
)
#: A compact stamp inside a path segment: "-20170105-story.html", "/20160917_Police".
_RE_URL_STAMP = re.compile(
    r"(?<![\d])(?P<year>(?:19|20)\d{2})(?P<mon>[01]\d)(?P<day>[0-3]\d)(?![\d])"
)
#: A year and month only ("/2017/01/slug"): the story is in that month.
_RE_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mon>[01]?\d)/(?![0-3]?\d[/_.-])")
#: The archive.org wrapper's crawl timestamp: an upper bound on the story date.
_RE_ARCHIVE_TS = re.compile(r"web\.archive\.org/web/((?:19|20)\d{2})([01]\d)([0-3]\d)")


@dataclass(frozen=True, slots=True, kw_only=True)
class DatelineDate:
    """One date read from a dateline.

    Attributes:
        value: the date, or the datetime when the dateline gives a time.
        tz_offset_minutes: the UTC offset the dateline states, when it states one
            that is unambiguous (``EST`` -300, ``GMT +3`` 180); None otherwise.
        kind: ``published`` under a Posted/Published label, ``updated`` under an
            Updated/Modified label, ``unknown`` when unlabelled.
        span: where it was read, as offsets into the parsed line.
        text: the words it was read from.
    """

    value: dt.date | dt.datetime
    tz_offset_minutes: int | None
    kind: DatelineKind
    span: Span
    text: str

    @property
    def day(self) -> dt.date:
        """The calendar day, as written on the page (in the page's time zone)."""
        return self.value.date() if isinstance(self.value, dt.datetime) else self.value


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyDate:
    """An explicit date the body names.

    Attributes:
        date: the day (first day of the month or year for coarser precision).
        precision: ``day``, ``month`` or ``year``.
        weekday: the weekday written next to it, if any (0 = Monday).
        year_inferred: True when the text gave no year and it was inferred.
        span: offsets into the document text.
        text: the words.
    """

    date: dt.date
    precision: DatePrecision
    weekday: int | None
    year_inferred: bool
    span: Span
    text: str


# ---------------------------------------------------------------------------
# small readers


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")]


def _tz_offset(token: str | None) -> int | None:
    """Minutes east of UTC for ``GMT+3``, ``EST``, ``+03:00``, ``Z``; None if unsure."""
    if not token:
        return None
    tok = token.strip().lower().replace(" ", "")
    m = re.fullmatch(r"(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?", tok)
    if m:
        # Dateline convention, not POSIX: "GMT+3" is three hours east of Greenwich.
        minutes = int(m[2]) * 60 + int(m[3] or 0)
        return minutes if m[1] == "+" else -minutes
    return _TZ_OFFSETS.get(tok)


def _time_parts(hh: str | None, mi: str | None, ampm: str | None) -> dt.time | None:
    if hh is None or mi is None:
        return None
    hour, minute = int(hh), int(mi)
    if ampm:
        pm = ampm.lower().startswith("p")
        if hour > 12:
            return None
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23:
        return None
    return dt.time(hour, minute)


def _split_glued(glued: str) -> tuple[int, int] | None:
    """Split digits where a one- or two-digit UTC offset is glued to a day number.

    "324" reads as offset 3, day 24 (a two-digit offset 32 is impossible); the first
    split whose offset is at most 14 and whose day is 1-31 wins, shortest offset first.
    """
    for cut in (1, 2):
        tz_part, day_part = glued[:cut], glued[cut:]
        if not day_part or len(day_part) > 2 or day_part.startswith("0") and len(day_part) == 2:
            continue
        if int(tz_part) <= 14 and 1 <= int(day_part) <= 31:
            return int(tz_part), int(day_part)
    return None


# ---------------------------------------------------------------------------
# datelines


def _kind_for(label: str | None) -> DatelineKind:
    if label is None:
        return "unknown"
    low = label.lower()
    if "updat" in low or "modif" in low:
        return "updated"
    return "published"


def _full_dates(text: str) -> list[tuple[int, int, dt.date, re.Match[str]]]:
    """Every full (day-precision, explicit-year) date in ``text``, non-overlapping."""
    found: list[tuple[int, int, dt.date, re.Match[str]]] = []
    for rx in (_RE_CTIME, _RE_MDY, _RE_DMY, _RE_ISO):
        for m in rx.finditer(text):
            month = int(m["mon"]) if rx is _RE_ISO else _month(m["mon"])
            day = _safe_date(int(m["year"]), month, int(m["day"]))
            if day is not None:
                found.append((m.start(), m.end(), day, m))
    for m in _RE_NUM.finditer(text):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        year = y + 2000 if y < 100 else y
        month, dd = (a, b) if a <= 12 else (b, a)
        day = _safe_date(year, month, dd)
        if day is not None:
            found.append((m.start(), m.end(), day, m))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, dt.date, re.Match[str]]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def parse_dateline(line: str, *, anchor: dt.date | None = None) -> list[DatelineDate]:
    """Read every date of a dateline, with its time, UTC offset and label.

    Handles "Posted: Tuesday, January 28, 2014 8:18 PM EST Updated: ...", "Published
    10:04 AM ET Mar 3, 2016", ISO timestamps, "12/11/2016", and the garbled
    "05:15 GMT +118 May 2019" (a one-digit UTC offset glued to the day number).

    Args:
        line: the dateline text (a line, a segment, or the top of a page).
        anchor: a day the page is not after (the crawl date); with it, a date
            written without a year ("Updated Sunday, Nov. 27") is read too, when a
            weekday pins its year or a Posted/Updated label vouches for it.

    Returns:
        The dates in reading order; spans are offsets into ``line``.
    """
    labels = [(m.start(), m.end(), m["label"]) for m in _RE_LABEL.finditer(line)]
    results: list[DatelineDate] = []
    taken: list[tuple[int, int]] = []

    def label_before(pos: int) -> str | None:
        # A label governs a date only when the date follows it at once ("Posted: Tue...",
        # "Published 10:04 AM"): prose such as "a photo posted online on Friday" is no label.
        for _start, end, label in labels:
            if end <= pos and not _RE_GAP_WD.sub("", line[end:pos]).strip(" \t:|-,"):
                return label
        return None

    for m in _RE_GLUED.finditer(line):
        split = _split_glued(m["glued"])
        if split is None:
            continue
        glued_offset, day_no = split
        day = _safe_date(int(m["year"]), _month(m["mon"]), day_no)
        at = _time_parts(m["hh"], m["mi"], None)
        if day is None or at is None:
            continue
        minutes = glued_offset * 60 * (1 if m["sign"] == "+" else -1)
        stamp = dt.datetime.combine(day, at, dt.timezone(dt.timedelta(minutes=minutes)))
        results.append(
            DatelineDate(
                value=stamp,
                tz_offset_minutes=minutes,
                kind=_kind_for(label_before(m.start())),
                span=Span(start=m.start(), end=m.end()),
                text=m.group(0),
            )
        )
        taken.append((m.start(), m.end()))

    dated: list[tuple[int, int, dt.date, re.Match[str]]] = list(_full_dates(line))
    if anchor is not None:
        # "Last updated at 10:39 a.m. on Sunday, Nov. 27": no year, so the crawl (or
        # another bound) gives it; a written weekday pins it, else a label must vouch
        # that this is a dateline at all.
        full_spans = [(a, b) for a, b, _, _ in dated]
        for m in _RE_MD.finditer(line):
            if any(a < m.end() and m.start() < b for a, b in full_spans) or m["mon"][0].islower():
                continue
            weekday = _WEEKDAYS[m["wd"].lower()] if m["wd"] else None
            if weekday is None and label_before(m.start()) is None:
                continue
            month, dd = _month(m["mon"]), int(m["day"])
            year = _infer_year(month, dd, weekday, anchor)
            md_day = None if year is None else _safe_date(year, month, dd)
            if md_day is not None:
                dated.append((m.start(), m.end(), md_day, m))
    for start, end, day, m in dated:
        if any(s < end and start < e for s, e in taken):
            continue
        span_start, span_end = start, end
        clock: dt.time | None = None
        tz_token: str | None = None
        if "hh" in m.re.groupindex and m["hh"]:
            clock = _time_parts(m["hh"], m["mi"], None)
            tz_token = m["tz"]
        else:
            # A time is written just after the date ("2014 8:18 PM EST", "2016 - 9:51 AM")
            # or just before it ("10:04 AM ET Mar 3, 2016", "10:39 a.m. on Sunday, Nov. 27").
            after = _RE_TIME.match(line, end + len(line[end:]) - len(line[end:].lstrip(" -,|at")))
            before = None
            for t in _RE_TIME.finditer(line, max(0, start - 30), start):
                if _RE_TIME_GAP.fullmatch(line[t.end() : start]):
                    before = t
            tm = after or before
            if tm is not None and not any(s < tm.end() and tm.start() < e for s, e in taken):
                clock = _time_parts(tm["hh"], tm["mi"], tm["ampm"])
                tz_token = tm["tz"]
                if clock is not None:
                    span_start, span_end = min(start, tm.start()), max(end, tm.end())
        offset = _tz_offset(tz_token)
        value: dt.date | dt.datetime = day
        if clock is not None:
            tzinfo = dt.timezone(dt.timedelta(minutes=offset)) if offset is not None else None
            value = dt.datetime.combine(day, clock, tzinfo)
        results.append(
            DatelineDate(
                value=value,
                tz_offset_minutes=offset,
                kind=_kind_for(label_before(span_start)),
                span=Span(start=span_start, end=span_end),
                text=line[span_start:span_end],
            )
        )
        taken.append((span_start, span_end))
    results.sort(key=lambda d: d.span.start)
    return results


def _shift(found: list[DatelineDate], base: int) -> list[tuple[DatelineDate, Span]]:
    return [(d, Span(start=d.span.start + base, end=d.span.end + base)) for d in found]


def find_datelines(
    text: str, segments: Sequence[Segment], *, anchor: dt.date | None = None
) -> list[tuple[DatelineDate, Span]]:
    """The dateline dates of a document, with spans into its text.

    Looks in segments labelled ``dateline``, in short top lines that are mostly a date,
    and around Posted/Published/Updated labels in the first ``DATELINE_ZONE`` chars.
    ``anchor`` (a day the page is not after) lets dates without a year be read
    (see :func:`parse_dateline`).
    """
    out: list[tuple[DatelineDate, Span]] = []
    seen: set[int] = set()

    def add(items: list[tuple[DatelineDate, Span]]) -> None:
        for d, span in items:
            if span.start not in seen:
                seen.add(span.start)
                out.append((d, span))

    for seg in segments:
        if seg.label == "dateline":
            add(_shift(parse_dateline(text[seg.start : seg.end], anchor=anchor), seg.start))
    zone = text[:DATELINE_ZONE]
    # Labelled dates anywhere in the zone: parse from each label to the line's end.
    for m in _RE_LABEL.finditer(zone):
        line_end = zone.find("\n", m.end())
        line_end = len(zone) if line_end < 0 else line_end
        window_end = min(line_end, m.end() + 120)
        found = parse_dateline(zone[m.start() : window_end], anchor=anchor)
        add(_shift([d for d in found if d.kind != "unknown"], m.start()))
    # Unlabelled top lines that are nothing but a date (and a time).
    pos = 0
    lines_seen = 0
    for raw_line in zone.split("\n"):
        stripped = raw_line.strip()
        if stripped:
            lines_seen += 1
            if len(stripped) <= TOP_LINE_MAX:
                found = parse_dateline(raw_line, anchor=anchor)
                covered = sum(d.span.end - d.span.start for d in found)
                if found and covered >= 0.6 * len(stripped):
                    add(_shift(found, pos))
        pos += len(raw_line) + 1
        if lines_seen >= TOP_LINES:
            break
    out.sort(key=lambda item: item[1].start)
    return out


# ---------------------------------------------------------------------------
# the body's own dates


def _infer_year(month: int, day: int, weekday: int | None, anchor: dt.date) -> int | None:
    """The year of "Sunday, February 12": the latest not after ``anchor``.

    A written weekday pins the year (within seven years back); without one, the
    latest year that keeps the date on or before the anchor.
    """
    for back in range(8):
        year = anchor.year - back
        cand = _safe_date(year, month, day)
        if cand is None or cand > anchor:
            continue
        if weekday is None or cand.weekday() == weekday:
            return year
        if back >= 1 and weekday is not None and back == 7:
            return None
    return None


def body_dates(
    text: str, spans: Sequence[Span], *, anchor: dt.date | None = None
) -> list[BodyDate]:
    """The explicit dates the body names, in text order.

    Args:
        text: the document text.
        spans: the body spans to read (offsets into ``text``).
        anchor: a day the story is not after (a dateline, a crawl date), used to
            give "on December 10" its year; without it such dates are skipped.

    Returns:
        Day dates (explicit or inferred year), month dates ("in March 2016") and
        year dates ("in 2015").
    """
    out: list[BodyDate] = []
    for span in spans:
        chunk = text[span.start : span.end]
        base = span.start
        taken: list[tuple[int, int]] = []
        for start, end, day, m in _full_dates(chunk):
            wd = m.groupdict().get("wd")
            out.append(
                BodyDate(
                    date=day,
                    precision="day",
                    weekday=_WEEKDAYS[wd.lower()] if wd else None,
                    year_inferred=False,
                    span=Span(start=base + start, end=base + end),
                    text=m.group(0),
                )
            )
            taken.append((start, end))

        def free(s: int, e: int, taken: list[tuple[int, int]] = taken) -> bool:
            return not any(a < e and s < b for a, b in taken)

        if anchor is not None:
            for m in _RE_MD.finditer(chunk):
                if not free(m.start(), m.end()):
                    continue
                mon = m["mon"].lower().rstrip(".")
                # "may 5" is too often the verb; demand a capital or a weekday.
                if mon == "may" and not (m["mon"][0].isupper() or m["wd"]):
                    continue
                if m["mon"][0].islower() and len(mon) <= 3:
                    continue
                weekday = _WEEKDAYS[m["wd"].lower()] if m["wd"] else None
                dd = int(m["day"])
                year = _infer_year(_MONTHS[mon], dd, weekday, anchor)
                md_day = None if year is None else _safe_date(year, _MONTHS[mon], dd)
                if md_day is None:
                    continue
                out.append(
                    BodyDate(
                        date=md_day,
                        precision="day",
                        weekday=weekday,
                        year_inferred=True,
                        span=Span(start=base + m.start(), end=base + m.end()),
                        text=m.group(0),
                    )
                )
                taken.append((m.start(), m.end()))
        for m in _RE_MY.finditer(chunk):
            if free(m.start(), m.end()) and not (
                m["mon"].lower() == "may" and m["mon"][0].islower()
            ):
                out.append(
                    BodyDate(
                        date=dt.date(int(m["year"]), _month(m["mon"]), 1),
                        precision="month",
                        weekday=None,
                        year_inferred=False,
                        span=Span(start=base + m.start(), end=base + m.end()),
                        text=m.group(0),
                    )
                )
                taken.append((m.start(), m.end()))
        for m in _RE_Y.finditer(chunk):
            if free(m.start(), m.end()):
                out.append(
                    BodyDate(
                        date=dt.date(int(m["year"]), 1, 1),
                        precision="year",
                        weekday=None,
                        year_inferred=False,
                        span=Span(start=base + m.start(), end=base + m.end()),
                        text=m.group(0),
                    )
                )
    out.sort(key=lambda b: b.span.start)
    return _same_story_years(out, anchor)


#: A year-less date is read in the year of the dates the text pins (a written year
#: or weekday), unless that would put it this many days after the latest of them.
STORY_YEAR_SLACK_DAYS = 90


def _same_story_years(dates: list[BodyDate], anchor: dt.date | None) -> list[BodyDate]:
    """Re-read year-less dates in the years the body itself pins.

    A page archived years after the story gives "July 16" the crawl's year; when the
    body also writes "Sunday, July 5" (a weekday that pins 2015) or "July 5, 2015",
    "July 16" is that story's July 16 too.
    """
    if anchor is None:
        return dates
    pinned = [
        b.date
        for b in dates
        if b.precision == "day" and (not b.year_inferred or b.weekday is not None) and b.date <= anchor
    ]
    if not pinned:
        return dates
    local = min(anchor, max(pinned) + dt.timedelta(days=STORY_YEAR_SLACK_DAYS))
    out: list[BodyDate] = []
    for b in dates:
        if b.year_inferred and b.weekday is None and b.date > local:
            year = _infer_year(b.date.month, b.date.day, None, local)
            day = None if year is None else _safe_date(year, b.date.month, b.date.day)
            if day is not None:
                b = BodyDate(
                    date=day,
                    precision=b.precision,
                    weekday=None,
                    year_inferred=True,
                    span=b.span,
                    text=b.text,
                )
        out.append(b)
    return out


def _bare_weekdays(
    text: str, spans: Sequence[Span], dates: Sequence[BodyDate]
) -> list[tuple[int, Span]]:
    """Weekday names the body uses alone ("on Sunday"), not inside an explicit date."""
    inside = [(b.span.start, b.span.end) for b in dates]
    out: list[tuple[int, Span]] = []
    for span in spans:
        for m in _RE_BARE_WD.finditer(text, span.start, span.end):
            if any(s <= m.start() < e for s, e in inside):
                continue
            out.append((_WEEKDAYS[m["wd"].lower()], Span(start=m.start(), end=m.end())))
    return out


# ---------------------------------------------------------------------------
# the decision


def _quote(text: str, span: Span) -> str:
    snippet = " ".join(text[span.start : span.end].split())
    return f"'{snippet}'"


def _estimate_from_body(
    text: str,
    spans: Sequence[Span],
    dates: Sequence[BodyDate],
    *,
    not_after: dt.date | None,
    prefix: str,
) -> ReferenceDate | None:
    """Story date = the latest explicit full date, moved to a weekday named after it.

    Weekdays the body names alone are read as the nearest such day to the latest
    full date D (within three days either side: "shot Wednesday night" beside
    "Thursday, April 21" is the day before, not six days after). One of them falling
    up to three days after D means the story runs on to that day (the latest such
    day wins); D's own weekday confirms D. Returns None when the body names no full
    date.
    """
    full = [b for b in dates if b.precision == "day" and (not_after is None or b.date <= not_after)]
    if not full:
        return None
    latest = max(full, key=lambda b: (b.date, -b.span.start))
    story = latest.date
    pinned_by: tuple[int, Span] | None = None
    for weekday, wspan in _bare_weekdays(text, spans, dates):
        ahead = (weekday - latest.date.weekday()) % 7
        if ahead > NEAREST_WEEKDAY_DAYS:
            continue  # the nearest such day is before D: it dates an event, not the story
        cand = latest.date + dt.timedelta(days=ahead)
        if not_after is not None and cand > not_after:
            continue
        if cand > story or (pinned_by is None and cand == story):
            story, pinned_by = cand, (weekday, wspan)
    reason = (
        f"{prefix}the latest date the body names is {latest.date.isoformat()} "
        f"({_quote(text, latest.span)})"
    )
    if pinned_by is not None and story != latest.date:
        reason += (
            f"; {_quote(text, pinned_by[1])} is the next {_WEEKDAY_NAMES[pinned_by[0]]}, "
            f"which puts the story on {story.isoformat()}"
        )
    elif pinned_by is not None:
        reason += f"; {_quote(text, pinned_by[1])} names that same weekday"
    else:
        reason += "; no later weekday is named, so the story is taken to be that day"
    # A day the body pins by a weekday is a day; otherwise the story may run on for
    # some days after its latest date, so only the week is claimed.
    precision: DatePrecision = "day" if pinned_by is not None else "week"
    return ReferenceDate(
        date=story, precision=precision, kind="estimated", reason=reason, span=latest.span
    )


def capture_day(url: str | None) -> dt.date | None:
    """The day a web archive captured the page at ``url`` (a Wayback Machine address
    carries it): an upper bound on the page's date. ``None`` for other addresses."""
    m = _RE_ARCHIVE_TS.search(url or "")
    return _safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _url_path(url: str) -> tuple[str, dt.date | None]:
    """(the page's own path, archive.org crawl date) of a URL."""
    inner = url
    crawl = capture_day(url)
    if _RE_ARCHIVE_TS.search(url):
        rest = re.search(r"web\.archive\.org/web/[^/]+/(.*)", url)
        inner = rest.group(1) if rest else url
    path = re.sub(r"^[a-z]+:/*[^/]+", "", inner, flags=re.IGNORECASE).split("?")[0]
    return path, crawl


def _url_date(url: str | None) -> tuple[dt.date | None, dt.date | None]:
    """(date in the page's own URL path, archive.org crawl date) of a URL.

    Path dates come as /2016/04/29/, /2016/apr/29/ or a stamp inside a segment
    (``-20170105-story.html``). A path date after the crawl is no publication date
    (an ID that looks like one), so it is dropped.
    """
    if not url:
        return None, None
    path, crawl = _url_path(url)
    own: dt.date | None = None
    for rx in (_RE_URL_DATE, _RE_URL_STAMP):
        for u in rx.finditer(path):
            mon = u["mon"]
            month = int(mon) if mon.isdigit() else _MONTHS[mon.lower()]
            day = _safe_date(int(u["year"]), month, int(u["day"]))
            if day is not None and (crawl is None or day <= crawl):
                own = day
                break
        if own is not None:
            break
    return own, crawl


def _url_month(url: str | None) -> dt.date | None:
    """The first day of the month a ``/2017/01/slug`` path names, if any."""
    if not url:
        return None
    path, _crawl = _url_path(url)
    m = _RE_URL_MONTH.search(path)
    return _safe_date(int(m["year"]), int(m["mon"]), 1) if m else None


def _metadata_date(published: str | None) -> dt.date | None:
    if not published or not published.strip():
        return None
    iso = _RE_ISO.search(published)
    if iso:
        return _safe_date(int(iso["year"]), int(iso["mon"]), int(iso["day"]))
    import dateparser  # type: ignore[import-untyped]  # local: it is slow to import and only metadata needs it

    parsed = dateparser.parse(
        published,
        settings={
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
        },
    )
    return parsed.date() if parsed else None


def reference_date(raw: RawDocument, segments: Sequence[Segment]) -> ReferenceDate:
    """Decide the day a document's relative dates ("on Sunday") resolve against.

    Args:
        raw: the document; ``raw.published`` (metadata) and ``raw.url`` are used.
        segments: its segments; datelines come from ``dateline`` segments and the
            top of the text, the check reads ``body`` and ``caption`` segments (the
            whole text, datelines excluded, when there are none).

    Returns:
        The reference date with its kind, precision, reason and span.
    """
    text = raw.text
    url_day, crawl_day = _url_date(raw.url)
    # 1. datelines
    datelines = find_datelines(text, segments, anchor=crawl_day)
    published = [d for d in datelines if d[0].kind == "published"]
    unlabelled = [d for d in datelines if d[0].kind == "unknown"]
    updated = [d for d in datelines if d[0].kind == "updated"]
    ranked = published or unlabelled or updated
    chosen = ranked[0] if ranked else None

    # 2. the body to check against
    # Captions are editorial text about the story's own pictures ("A photo taken
    # on Friday, Jul. 8, 2016"), so their dates count; comments, related
    # headlines and tags are other people's or other stories' words and do not.
    body = [Span(start=s.start, end=s.end) for s in segments if s.label in _CHECKED_LABELS]
    if not body:
        body = [Span(start=0, end=len(text))]
    dl_spans = [span for _, span in datelines]
    if dl_spans:
        cut: list[Span] = []
        for span in body:
            start = span.start
            for d in sorted(dl_spans, key=lambda s: s.start):
                if d.end <= start or d.start >= span.end:
                    continue
                if d.start > start:
                    cut.append(Span(start=start, end=d.start))
                start = max(start, d.end)
            if start < span.end:
                cut.append(Span(start=start, end=span.end))
        body = cut

    meta_day = _metadata_date(raw.published)

    # 3. a dateline, checked against the body
    if chosen is not None:
        dline, dspan = chosen
        day = dline.day
        dates = body_dates(text, body, anchor=day)
        if dline.kind != "published":
            # A year the text did not write is no evidence of an old story: "by March 9"
            # under a March 7 dateline is read as last year's March 9 by the
            # not-after-the-anchor rule. Only written years (or weekdays) count.
            full = [
                b
                for b in dates
                if b.precision == "day"
                and b.date <= day
                and (not b.year_inferred or b.weekday is not None)
            ]
            if full and all((day - b.date).days > UPDATE_GAP_DAYS for b in full):
                latest = max(b.date for b in full)
                gap = (day - latest).days
                est = _estimate_from_body(
                    text,
                    body,
                    dates,
                    not_after=day,
                    prefix=(
                        f"dateline {day.isoformat()} ({_quote(text, dspan)}) is {gap} days "
                        "after the latest date in the body, so it is an update time; "
                    ),
                )
                if est is not None:
                    return est
        what = {"published": "publication", "updated": "update", "unknown": "unlabelled"}[
            dline.kind
        ]
        reason = f"{what} dateline {_quote(text, dspan)} reads {day.isoformat()}"
        if dline.kind == "updated":
            reason += "; no publication time is given, so the update time stands in"
        return ReferenceDate(
            date=day,
            precision="day",
            kind="updated" if dline.kind == "updated" else "published",
            reason=reason,
            span=dspan,
        )

    # 4. the URL path, then metadata
    if url_day is not None and (crawl_day is None or url_day <= crawl_day):
        return ReferenceDate(
            date=url_day,
            precision="day",
            kind="metadata",
            reason=f"no dateline; the page's URL path carries the date {url_day.isoformat()}",
        )
    if meta_day is not None:
        return ReferenceDate(
            date=meta_day,
            precision="day",
            kind="metadata",
            reason=f"no dateline; the input's metadata gives {raw.published!r}",
        )

    # 5. the body alone
    dates = body_dates(text, body, anchor=crawl_day)
    prefix = "no dateline, URL date or metadata; "
    if crawl_day is not None:
        prefix += f"the page was archived on {crawl_day.isoformat()}; "
    est = _estimate_from_body(text, body, dates, not_after=crawl_day, prefix=prefix)
    if est is not None:
        return est
    coarse = [b for b in dates if b.precision in ("month", "year")]
    if coarse:
        bound = max(coarse, key=lambda b: b.date)
        return ReferenceDate(
            date=None,
            kind="unknown",
            precision=bound.precision,
            reason=(
                f"{prefix}the body names no full date; its latest dated mention is "
                f"{_quote(text, bound.span)}, which only bounds the story from below, "
                "so no day is given"
            ),
            span=bound.span,
        )
    return ReferenceDate(
        date=None,
        kind="unknown",
        reason=f"{prefix}the body names no explicit date",
    )
