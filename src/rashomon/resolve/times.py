"""Time expressions: resolve "on Sunday", "last week", "in March this year" against a date.

``resolve_time`` reads one expression; ``find_times`` finds them in a spaCy ``Doc``
(spaCy's DATE/TIME entities plus our own patterns, which spaCy often misses or splits:
"overnight Saturday", "over the last week") and reads the tense of the clause each one
sits in, because "on Sunday" means the Sunday before the story in "fighting erupted on
Sunday" and the Sunday after it in "talks will resume on Sunday".

Rules, all relative to the reference date ``ref`` (the story's date):

* weekday ("on Sunday", "Tuesday evening", "overnight Saturday"): past -> the latest such
  day on or before ``ref``; future -> the first after it; "last"/"next" force the week.
* today / tonight / this morning -> ``ref``; yesterday / last night -> ``ref`` - 1.
  A bare "overnight" is ``ref`` too: a story of the morning tells of the night that
  ended that day, and US incident records date a shooting after midnight by the new
  day (on gva-dev, "overnight" read as ``ref`` - 1 missed 5 of 6).
* "Dec. 10", "December 10": that day in ``ref``'s year, or the year before when that
  would be after ``ref`` in a past clause. With a year, as written.
* "March 2016", "March, 2016", "May 2015": the whole month (never the 11th, as
  dateparser's fill-in from the base date would give). "March this year" / "last year".
  "in March" alone: the latest March on or before ``ref`` (past) or the next (future).
* "in 2015": the year.
* last/this/next week|month|year, "earlier this month" (start of month..ref), "later this
  week", "over the last week" / "the past week" / "the past 3 days" (range ending at
  ``ref``), "in recent weeks|months", "N days|weeks|months|years ago".

Ranges are inclusive; ``precision`` is the coarsest unit the words allow (day, week,
month, year). When the reference date itself is only known to a month or year
(``precision_of_ref``), expressions relative to a day widen to that period; a month and
day ("Feb. 13") stays one day against a reference known to the week.

Do not use this for publication datelines ("05:15 GMT +312 May 2019", a time zone glued to the day): that is the
clean stage's job, which decides the reference date these functions need.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from rashomon.model import DatePrecision

#: The tense of the clause an expression sits in.
Tense = Literal["past", "future", "unknown"]

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "couple of": 2, "a couple of": 2, "few": 3, "a few": 3, "several": 4,
}  # fmt: skip

# Words whose infinitive complement is a future event ("plans to", "is expected to").
_FUTURE_HEADS = frozenset(
    {"plan", "expect", "set", "due", "schedule", "intend", "vow", "threaten", "aim", "hope",
     "prepare", "promise", "pledge", "announce", "want", "seek", "propose", "agree"}
)  # fmt: skip
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_MODAL_AUX = frozenset({"could", "might", "may", "would", "should", "can", "must"})

# Full names take no period (it would swallow a sentence's full stop); abbreviations may.
_MONTH_RE = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|"
    r"november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"
)
_WEEKDAY_RE = (
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"(?:mon|tues?|wed|thu(?:rs)?|fri|sat|sun)\.?)"
)
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_PART_RE = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_NUM_RE = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s+)?couple\s+of|(?:a\s+)?few|several)"
_UNIT_RE = r"(?P<unit>day|week|month|year)s?"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeRange:
    """An inclusive range of days and how precisely the words placed it."""

    start: dt.date
    end: dt.date
    precision: DatePrecision

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"time range ends before it starts: {self.start} > {self.end}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeMention:
    """A time expression found in a document.

    Attributes:
        start: character offset into ``doc.text``.
        end: character offset into ``doc.text`` (exclusive).
        text: the words.
        range: the resolved days.
        tense: the tense of its clause ("will ... on Sunday" is future: not an event yet).
        reason: the rule that resolved it, for users.
    """

    start: int
    end: int
    text: str
    range: TimeRange
    tense: Tense
    reason: str


# -- calendar helpers ------------------------------------------------------------------------


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _precision_of(start: dt.date, end: dt.date) -> DatePrecision:
    days = (end - start).days + 1
    if days <= 1:
        return "day"
    if days <= 10:
        return "week"
    if days <= 45:
        return "month"
    return "year"


def _rng(start: dt.date, end: dt.date, precision: DatePrecision | None = None) -> TimeRange:
    return TimeRange(start=start, end=end, precision=precision or _precision_of(start, end))


def _day(day: dt.date) -> TimeRange:
    return TimeRange(start=day, end=day, precision="day")


def _count(word: str) -> int:
    word = re.sub(r"\s+", " ", word.strip())
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


# -- the rules -------------------------------------------------------------------------------
# Each rule: a regex (matched in full against the normalised expression, and searched in
# document text), and a function (match, ref, future) -> TimeRange | None.

_Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str], dt.date, bool], TimeRange | None]]


def _r_full_date(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    try:
        return _day(dt.date(int(m["year"]), _MONTHS[m["month"].lower().rstrip(".")], int(m["day"])))
    except ValueError:
        return None


#: How many years back a written weekday may pin a year-less date ("Sunday, July 5").
WEEKDAY_YEAR_BACK = 7


def _r_month_day(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    month, day = _MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
    written = re.match(r"\s*([a-z]+)", m.group(0), re.IGNORECASE)
    weekday = _WEEKDAYS.get(written[1].lower()) if written else None
    if weekday is not None and not future:
        # "Sunday, July 5" on a page read years later: the weekday names the year.
        for back in range(WEEKDAY_YEAR_BACK + 1):
            try:
                candidate = dt.date(ref.year - back, month, day)
            except ValueError:
                return None
            if candidate <= ref + dt.timedelta(days=1) and candidate.weekday() == weekday:
                return _day(candidate)
    for year in (ref.year, ref.year - 1, ref.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if future and candidate >= ref - dt.timedelta(days=1):
            return _day(candidate)
        if not future and candidate <= ref + dt.timedelta(days=1):
            return _day(candidate)
    return None


def _r_iso(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    try:
        return _day(dt.date(int(m["year"]), int(m["m"]), int(m["d"])))
    except ValueError:
        return None


def _r_us_numeric(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    # US news writes month/day/year; a first number above 12 can only be a day.
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    year = year + 2000 if year < 100 else year
    month, day = (a, b) if a <= 12 else (b, a)
    try:
        return _day(dt.date(year, month, day))
    except ValueError:
        return None


def _r_month_year(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    start, end = _month_range(int(m["year"]), _MONTHS[m["month"].lower().rstrip(".")])
    return _rng(start, end, "month")


def _r_month_rel_year(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    shift = {"this": 0, "last": -1, "next": 1, "previous": -1, "past": -1}[m["rel"].lower()]
    start, end = _month_range(ref.year + shift, _MONTHS[m["month"].lower().rstrip(".")])
    return _rng(start, end, "month")


def _r_month(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    month = _MONTHS[m["month"].lower().rstrip(".")]
    year = ref.year
    if future and month < ref.month:
        year += 1
    elif not future and month > ref.month:
        year -= 1
    start, end = _month_range(year, month)
    return _rng(start, end, "month")


def _r_year(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    year = int(m["year"])
    return _rng(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _r_weekday(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    target = _WEEKDAYS[m["weekday"].lower().rstrip(".")]
    rel = (m["rel"] or "").strip().lower()
    if rel == "next" or (future and rel != "last"):
        ahead = (target - ref.weekday()) % 7 or 7
        return _day(ref + dt.timedelta(days=ahead))
    back = (ref.weekday() - target) % 7
    if rel == "last" and back == 0:
        back = 7
    return _day(ref - dt.timedelta(days=back))


def _r_today(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    return _day(ref)


def _r_yesterday(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    return _day(ref - dt.timedelta(days=1))


def _r_tomorrow(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    return _day(ref + dt.timedelta(days=1))


def _r_period(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    """last/this/next week|month|year, with "earlier"/"later" cutting at ``ref``."""
    rel, unit, side = m["rel"].lower(), m["unit"].lower(), (m["side"] or "").strip().lower()
    shift = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "week":
        start, end = _week_of(ref + dt.timedelta(days=7 * shift))
        precision: DatePrecision = "week"
    elif unit == "month":
        first = _add_months(ref.replace(day=1), shift)
        start, end = _month_range(first.year, first.month)
        precision = "month"
    else:
        start, end = dt.date(ref.year + shift, 1, 1), dt.date(ref.year + shift, 12, 31)
        precision = "year"
    if shift == 0 and side == "earlier":
        end = min(end, ref)
    elif shift == 0 and side == "later":
        start = max(start, ref)
    return _rng(start, end, precision)


def _r_span_back(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    """"over the last week", "the past three days", "the past few months": ``ref``-N..``ref``."""
    n = _count(m["num"].lower()) if m["num"] else 1
    unit = m["unit"].lower()
    if unit == "day":
        start = ref - dt.timedelta(days=n)
    elif unit == "week":
        start = ref - dt.timedelta(days=7 * n)
    elif unit == "month":
        start = _add_months(ref, -n)
    else:
        start = _add_months(ref, -12 * n)
    return _rng(start, ref)


def _r_recent(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    """"in recent weeks|months|days|years": a loose window ending at ``ref``."""
    unit = m["unit"].lower()
    back = {"day": dt.timedelta(days=7), "week": dt.timedelta(days=30)}
    if unit in back:
        start = ref - back[unit]
    else:
        start = _add_months(ref, -6 if unit == "month" else -36)
    return _rng(start, ref)


def _r_ago(m: re.Match[str], ref: dt.date, future: bool) -> TimeRange | None:
    """"two days ago" (day), "a week ago" (the 7 days around), "a year ago" (its month)."""
    n, unit = _count(m["num"].lower()), m["unit"].lower()
    if unit == "day":
        return _day(ref - dt.timedelta(days=n))
    if unit == "week":
        centre = ref - dt.timedelta(days=7 * n)
        return _rng(centre - dt.timedelta(days=3), centre + dt.timedelta(days=3), "week")
    day = _add_months(ref, -n if unit == "month" else -12 * n)
    start, end = _month_range(day.year, day.month)
    return _rng(start, end, "month")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_OPT_WEEKDAY = rf"(?:{_WEEKDAY_RE.replace('?P<weekday>', '?:')},?\s+)?"
_RULES: tuple[_Rule, ...] = (
    ("full date", _compile(rf"{_OPT_WEEKDAY}{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}"), _r_full_date),
    ("full date", _compile(rf"{_OPT_WEEKDAY}(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}"), _r_full_date),
    ("ISO date", _compile(rf"{_YEAR_RE}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)"), _r_iso),
    ("numeric date", _compile(r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)"), _r_us_numeric),
    ("month and year", _compile(rf"(?:(?:early|mid|late)[\s-]+)?{_MONTH_RE},?\s+(?:of\s+)?{_YEAR_RE}"), _r_month_year),
    ("month of a year relative to the reference", _compile(rf"{_MONTH_RE}\s+(?:of\s+)?(?P<rel>this|last|next|previous|past)\s+year"), _r_month_rel_year),
    ("day of month", _compile(rf"{_OPT_WEEKDAY}{_MONTH_RE}\s+{_DAY_RE}\b(?!\s*,?\s*(?:19|20)\d\d)"), _r_month_day),
    ("day of month", _compile(rf"{_OPT_WEEKDAY}(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?!\s*,?\s*(?:19|20)\d\d)"), _r_month_day),
    ("today", _compile(r"(?:earlier\s+|later\s+)?(?:today|tonight|overnight|this\s+(?:morning|afternoon|evening)|(?:early\s+|late\s+)?this\s+morning)"), _r_today),
    ("yesterday", _compile(r"(?:(?:early|late)\s+)?(?:yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night)"), _r_yesterday),
    ("tomorrow", _compile(r"tomorrow(?:\s+(?:morning|afternoon|evening|night))?"), _r_tomorrow),
    ("weekday", _compile(rf"(?:(?:early|late)\s+)?(?:(?P<rel>last|next|this|overnight|past)\s+)?{_WEEKDAY_RE}{_PART_RE}"), _r_weekday),
    ("period relative to the reference", _compile(r"(?:(?P<side>earlier|later)\s+)?(?P<rel>last|past|previous|this|next|coming)\s+(?P<unit>week|month|year)(?!s)"), _r_period),
    ("window ending at the reference", _compile(rf"(?:over\s+|in\s+|during\s+|for\s+|within\s+)?the\s+(?:last|past|previous)\s+(?:{_NUM_RE}\s+)?{_UNIT_RE}"), _r_span_back),
    ("recent window", _compile(rf"(?:over\s+|in\s+|during\s+)?(?:the\s+)?recent\s+{_UNIT_RE}"), _r_recent),
    ("ago", _compile(rf"{_NUM_RE}\s+{_UNIT_RE}\s+ago"), _r_ago),
    ("month", _compile(rf"(?:(?:early|mid|late)[\s-]+)?{_MONTH_RE}"), _r_month),
    ("year", _compile(rf"(?<![\d,.$])(?:the\s+year\s+)?{_YEAR_RE}(?![\d,%-])"), _r_year),
)
# Reference-relative rules whose meaning is a day: they widen when ``ref`` is coarse.
_DAY_RELATIVE = frozenset({"day of month", "today", "yesterday", "tomorrow", "weekday", "ago"})
_LEADING = re.compile(r"^(?:on|in|at|during|since|by|from|as\s+of|of)\s+", re.IGNORECASE)


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" ,.;:")
    return _LEADING.sub("", text).strip()


def _widen(ref: dt.date, precision: DatePrecision) -> TimeRange:
    if precision == "month":
        start, end = _month_range(ref.year, ref.month)
        return _rng(start, end, "month")
    if precision == "year":
        return _rng(dt.date(ref.year, 1, 1), dt.date(ref.year, 12, 31), "year")
    start, end = _week_of(ref)
    return _rng(start, end, "week")


@functools.lru_cache(maxsize=32768)
def _resolve(
    text: str, ref: dt.date, precision_of_ref: DatePrecision, tense: Tense
) -> tuple[TimeRange, str] | None:
    # Memoised: a pure function of its arguments, and the same few expressions
    # ("on Sunday", "last week") recur against the same story dates.
    expr = _normalise(text)
    future = tense == "future"
    for name, pattern, fn in _RULES:
        match = pattern.fullmatch(expr)
        if match is None:
            continue
        if name == "month" and not re.search(r"[a-z]{3}", match["month"], re.IGNORECASE):
            continue
        if name == "month" and match["month"].lower() == "may" and expr[0] == "m":
            continue  # the modal "may" is no month
        # "Feb. 13" against a reference known to the week still names one day: the
        # week only leaves the year to take from it, and a week cannot blur that.
        if name in _DAY_RELATIVE and precision_of_ref != "day" and not (
            name == "day of month" and precision_of_ref == "week"
        ):
            return _widen(ref, precision_of_ref), f"{name}, widened to the reference's {precision_of_ref}"
        resolved = fn(match, ref, future)
        if resolved is not None:
            return resolved, name
    return None


def resolve_time(
    text: str,
    ref: dt.date,
    *,
    precision_of_ref: DatePrecision = "day",
    tense: Tense = "past",
) -> TimeRange | None:
    """Resolve one time expression against a reference date.

    Args:
        text: the expression ("on Sunday", "in March this year", "over the last week").
        ref: the story's date.
        precision_of_ref: how well ``ref`` is known; day-relative words widen to it.
        tense: the clause's tense; "unknown" reads as past (news reports the past).

    Returns:
        The inclusive range of days, or None when the words are not a time we can
        place ("the day before" needs an event, not the story date).

    Examples:
        >>> resolve_time("in March this year", dt.date(2016, 12, 10)).start
        datetime.date(2016, 3, 1)
    """
    found = _resolve(text, ref, precision_of_ref, tense)
    return None if found is None else found[0]


# -- documents ------------------------------------------------------------------------------


def clause_tense(token: Token) -> Tense:
    """The tense of the clause ``token`` sits in: future, past, or unknown.

    Future: "will"/"shall" on the verb, or the verb is the complement of "plans to",
    "is expected to", "is set to" (a list in ``_FUTURE_HEADS``), or "going to".
    Past: a past-tense verb or auxiliary. Modals ("could", "may") are unknown: they are
    hypotheses, which the event stage keeps apart.
    """
    verb: Token | None = token
    steps = 0
    while verb is not None and verb.pos_ not in {"VERB", "AUX"} and steps < 6:
        verb = None if verb.head.i == verb.i else verb.head
        steps += 1
    if verb is None or verb.pos_ not in {"VERB", "AUX"}:
        return "unknown"
    chain = [verb]
    if verb.dep_ in {"xcomp", "ccomp", "conj"} and verb.head.i != verb.i:
        chain.append(verb.head)
    for v in chain:
        aux = {_aux_word(c) for c in v.children if c.dep_ in {"aux", "auxpass"}}
        if aux & _FUTURE_AUX:
            return "future"
        if v is not verb and v.lemma_.lower() in _FUTURE_HEADS:
            return "future"
        if v.lemma_.lower() == "go" and v.tag_ == "VBG" and v is not verb:
            return "future"
        if aux & _MODAL_AUX:
            return "unknown"
        if v.tag_ == "VBD" or any(c.tag_ == "VBD" for c in v.children if c.dep_ in {"aux", "auxpass"}):
            return "past"
        if v.tag_ == "VBN" and aux & {"has", "have", "had", "was", "were", "been"}:
            return "past"
    return "unknown"


def _aux_word(tok: Token) -> str:
    return tok.text.lower().replace("\u2019", "'")


_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DIGITS = tuple("0123456789")

#: Per rule of ``_RULES`` (same order): words that every match of the rule contains
#: (a conjunction of alternatives, looked for in the lowercased text). A text without
#: them cannot match the rule, so its regex (slow: most open on optional groups, so the
#: engine tries every position) is not run. ``None``: always run ("month" is skipped).
_TRIGGERS: tuple[tuple[tuple[str, ...], ...] | None, ...] = (
    (_MONTH_KEYS, ("19", "20")),  # full date (month day, year)
    (_MONTH_KEYS, ("19", "20")),  # full date (day month year)
    (("-",), ("19", "20")),  # ISO date
    (("/",), _DIGITS),  # numeric date
    (_MONTH_KEYS, ("19", "20")),  # month and year
    (_MONTH_KEYS, ("year",)),  # month of a year relative to the reference
    (_MONTH_KEYS, _DIGITS),  # day of month (month day)
    (_MONTH_KEYS, _DIGITS),  # day of month (day month)
    (("today", "tonight", "overnight", "this"),),  # today
    (("yesterday", "last"),),  # yesterday
    (("tomorrow",),),  # tomorrow
    (_WEEKDAY_KEYS,),  # weekday
    (("week", "month", "year"),),  # period relative to the reference
    (("last", "past", "previous"), ("day", "week", "month", "year")),  # window ending at the reference
    (("recent",), ("day", "week", "month", "year")),  # recent window
    (("ago",), ("day", "week", "month", "year")),  # ago
    None,  # month (not searched in text)
    (("19", "20"),),  # year
)
assert len(_TRIGGERS) == len(_RULES)
#: Characters that IGNORECASE matches to ASCII letters but ``str.lower`` does not
#: lower to them (dotless i, long s, Kelvin sign, dotted capital I): with any of them
#: in the text the trigger test is skipped.
_ODD_CASE = frozenset("\u0131\u017f\u212a\u0130")


#: One search per distinct group of trigger words (groups repeat across rules).
_GROUPS: tuple[tuple[str, ...], ...] = tuple(dict.fromkeys(g for t in _TRIGGERS if t for g in t))
_GROUP_RES = tuple(re.compile("|".join(map(re.escape, g))) for g in _GROUPS)
_TRIGGER_IDS = tuple(None if t is None else tuple(_GROUPS.index(g) for g in t) for t in _TRIGGERS)


def _candidates(text: str) -> list[tuple[int, int]]:
    """Longest non-overlapping pattern matches in ``text``, left to right."""
    found: list[tuple[int, int]] = []
    low = None if not _ODD_CASE.isdisjoint(text) else text.lower()
    present: list[bool | None] = [None] * len(_GROUPS)
    for (name, pattern, _), trigger in zip(_RULES, _TRIGGER_IDS, strict=True):
        if name == "month":
            continue  # a bare month word needs spaCy's DATE tag: "may", "march" are verbs
        if low is not None and trigger is not None:
            ok = True
            for g in trigger:
                if present[g] is None:
                    present[g] = _GROUP_RES[g].search(low) is not None
                if not present[g]:
                    ok = False
                    break
            if not ok:
                continue
        for m in pattern.finditer(text):
            if _word_bounded(text, m.start(), m.end()):
                found.append((m.start(), m.end()))
    found.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    chosen: list[tuple[int, int]] = []
    for start, end in found:
        if chosen and start < chosen[-1][1]:
            if end - start > chosen[-1][1] - chosen[-1][0] and start == chosen[-1][0]:
                chosen[-1] = (start, end)
            continue
        chosen.append((start, end))
    return chosen


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def find_times(
    doc: Doc, ref: dt.date, *, precision_of_ref: DatePrecision = "day"
) -> list[TimeMention]:
    """Time expressions in ``doc`` resolved against ``ref``, with their clause's tense.

    Candidates are our patterns (searched in the text: no-break spaces are spaces) and
    spaCy's DATE/TIME entities; overlapping candidates keep the longest that resolves.
    Ages ("a 15-year-old") and durations ("for three years") are not times and are
    skipped; so is anything no rule can place.

    Args:
        doc: the parsed text.
        ref: the story's date (the clean stage's reference date).
        precision_of_ref: how well ``ref`` is known.

    Returns:
        Mentions in text order; offsets into ``doc.text``.
    """
    raw = doc.text  # built anew on every access: read once
    text = raw.replace("\u00a0", " ")
    spans = _candidates(text)
    for ent in doc.ents:
        if ent.label_ in {"DATE", "TIME"}:
            spans.append((ent.start_char, ent.end_char))
    spans.sort(key=lambda se: (se[0], -(se[1] - se[0])))
    out: list[TimeMention] = []
    last_end = -1
    for start, end in spans:
        if start < last_end:
            continue
        mention = _mention(doc, start, end, ref, precision_of_ref, raw)
        if mention is None:
            continue
        out.append(mention)
        last_end = mention.end
    return out


def _mention(
    doc: Doc, start: int, end: int, ref: dt.date, precision_of_ref: DatePrecision,
    text: str | None = None,
) -> TimeMention | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    text = doc.text if text is None else text
    words = text[start:end]
    if _AGE.search(text[start : end + 12]):
        return None
    tense = clause_tense(_anchor(span))
    found = _resolve(words, ref, precision_of_ref, tense)
    if found is None:
        return None
    rng, rule = found
    return TimeMention(
        start=start,
        end=end,
        text=words,
        range=rng,
        tense=tense,
        reason=f"{rule} against {ref.isoformat()} ({tense} clause)",
    )


_AGE = re.compile(r"year[\s-]*old|years?\s+of\s+age|\bage[ds]?\b", re.IGNORECASE)


def _anchor(span: Span) -> Token:
    """The token whose clause decides the tense: the span's root."""
    return span.root


__all__: Sequence[str] = (
    "Tense",
    "TimeMention",
    "TimeRange",
    "clause_tense",
    "find_times",
    "resolve_time",
)
