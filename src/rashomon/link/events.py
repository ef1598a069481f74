"""Canonical events: event mentions of many documents merged into ACLED-shaped rows.

Public contract (pure functions over typed records; the store reads and writes)::

    block(mentions)            -> list[tuple[MentionRecord, ...]]   # groups, deterministic
    pair_link(a, b)            -> PairLink | None                   # why two accounts match
    conflict(a, b)             -> str | None                        # why they cannot
    cluster(group)             -> list[Cluster]                     # canonical events of a group
    fatality_range(accounts)   -> FatalityRange                     # low / best / high

Rules, in the order they apply:

1. Only news modalities form canonical events: ``occurred``, ``attempted`` and
   ``claimed``. Planned, hypothetical, negated and historical mentions stay mentions.
2. **Blocking.** Mentions are grouped by place cell (the GeoNames id's 0.25-degree grid
   cell; a mention with no place takes its document's most common cell) and, inside a
   cell, by overlapping time windows (a dated mention's own range; an undated one's
   report week, ``reference_date - 7 .. reference_date + 1``; a document with no
   reference date spans all time). Groups are connected components of that relation,
   so they do not depend on the order documents arrived in.
3. **Conflicts** (cannot-link): different type or sub-type; resolved places more than
   ``NEARBY_KM`` apart; dated ranges that do not overlap, or are of different
   precision (a "past week" account is not merged with one day's); a weekday named in
   an undated account's sentence that is not the other account's date's weekday; more
   than two distinct actors on the two sides together.
4. **Links** need, besides no conflict: the same type and sub-type; a *place anchor*
   (same GeoNames id, within ``NEARBY_KM``, or a missing place in the same document);
   and a *time anchor*: both dated; or an undated account that shares a specific
   with the other (a quantity such as "over 4,000" fighters, or the weekday of the
   other's one-day date); or one that is a syndicated copy of the other's text, or in
   the same document within ``NEAR_PARAGRAPHS`` paragraph breaks. The same story only
   adds weight: a story spans days, so an undated sentence in it needs a specific.
   Each link keeps its reasons and a score (the sum of their weights).
5. **Undated accounts whose strongest links point at dates that conflict** (a sentence
   that fits Saturday's and Sunday's fighting alike) are ambiguous: merging never
   gives them a date, so they only join events with no dated account.
6. **Clustering**: links are taken strongest first (ties by member keys) and merge two
   clusters unless any pair across them conflicts: single-link with cannot-link
   constraints. Event ids are hashes of the sorted member keys, so a rebuild gives the
   same ids.

When not to use: to group whole articles into stories (``link.cluster``), or to find
copies of a text (``link.minhash``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from .provenance import Attribution, Chain, Independence, OutletInfo, independence

#: Modalities that report something that happened (or was tried, or is claimed to have).
NEWS_MODALITIES: frozenset[str] = frozenset({"occurred", "attempted", "claimed"})
#: Two resolved places this close are "nearby" (ACLED's geo-precision 2 radius, roughly).
NEARBY_KM = 25.0
#: Side of a blocking cell, in degrees.
CELL_DEGREES = 0.25
#: An undated account belongs to the week before its report (and the day after).
REPORT_WINDOW = (dt.timedelta(days=7), dt.timedelta(days=1))
#: A shared quantity must be at least this large to count as a specific (not "two").
MIN_SHARED_QUANTITY = 10
#: Undated accounts of one document link only within this many paragraph breaks.
NEAR_PARAGRAPHS = 2
#: ACLED time_precision codes.
TIME_PRECISION_CODES: Mapping[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)

#: Weights of link reasons (the score is their sum; only the order of scores matters).
WEIGHTS: Mapping[str, int] = {
    "same_place": 2, "nearby_place": 1, "same_document_place": 1,
    "same_date": 3, "overlapping_dates": 2, "same_weekday": 2, "shared_quantity": 3,
    "same_document": 1, "same_story": 1, "syndicated": 1,
    "shared_actor": 1, "same_claim": 2,
}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A count an account gives ("over 4,000" fighters: low 4000, high None)."""

    low: int
    high: int | None
    role: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionRecord:
    """One account of one event, with what the merge needs about its document.

    Attributes:
        claim_seq: the claim it is attributed to (after :mod:`provenance`'s carry-over),
            None for the outlet's own voice.
        weekdays: weekdays (0 = Monday) named in the evidence sentence: lets an
            undated account ("overnight Saturday" in an undated report) be matched.
        paragraph: the index of the evidence's paragraph in the raw text.
        outlet_id: the publisher; ``original_outlet_id`` the outlet it republished.
        story_id: the document's story (link stage), if any.
        reference_date: the document's reference date, if known.
    """

    document_id: str
    seq: int
    event_type: str
    sub_event_type: str
    modality: str
    actor1_id: str | None = None
    actor1_name: str | None = None
    actor2_id: str | None = None
    actor2_name: str | None = None
    associated: tuple[tuple[str, str], ...] = ()  # (actor id, name)
    geonameid: int | None = None
    place_name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: str | None = None
    weekdays: frozenset[int] = frozenset()
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatalities_text: str | None = None
    quantities: tuple[Quantity, ...] = ()
    claim_seq: int | None = None
    evidence_start: int = 0
    evidence_end: int = 0
    evidence_text: str = ""
    paragraph: int | None = None
    is_main: bool = False
    outlet_id: str = ""
    original_outlet_id: str | None = None
    story_id: str | None = None
    reference_date: dt.date | None = None

    @property
    def key(self) -> tuple[str, int]:
        """The stable identity of the account: (document id, seq)."""
        return (self.document_id, self.seq)

    @property
    def dated(self) -> bool:
        """True when the account has its own date range."""
        return self.date_start is not None and self.date_end is not None

    @property
    def sides(self) -> frozenset[str]:
        """The actor ids on the two sides (actor1, actor2) it names."""
        return frozenset(a for a in (self.actor1_id, self.actor2_id) if a)


@dataclass(frozen=True, slots=True, kw_only=True)
class Reason:
    """One piece of evidence that two accounts describe the same event."""

    feature: str
    weight: int
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PairLink:
    """Why two accounts are taken to describe the same event."""

    a: tuple[str, int]
    b: tuple[str, int]
    reasons: tuple[Reason, ...]

    @property
    def score(self) -> int:
        """The sum of the reasons' weights."""
        return sum(r.weight for r in self.reasons)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """A canonical event of a group: its accounts and the links that merged them.

    Attributes:
        event_id: hash of the sorted member keys (stable across rebuilds).
        members: the accounts, sorted by key.
        links: the links that merged them (one fewer than the members).
        ambiguous: keys of undated members that also fit another dated event.
    """

    event_id: str
    members: tuple[MentionRecord, ...]
    links: tuple[PairLink, ...] = ()
    ambiguous: frozenset[tuple[str, int]] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True, kw_only=True)
class FatalityRange:
    """Fatalities across accounts (see :func:`fatality_range` for the rule)."""

    low: int | None
    best: int | None
    high: int | None
    reason: str


def is_news(modality: str) -> bool:
    """True for modalities that form canonical events (occurred, attempted, claimed)."""
    return modality in NEWS_MODALITIES


def weekdays_in(text: str) -> frozenset[int]:
    """Weekdays (0 = Monday) named in a sentence."""
    return frozenset(_WEEKDAYS.index(m.group(1).lower()) for m in _WEEKDAY_RE.finditer(text))


def id_of(keys: Iterable[tuple[str, int]], prefix: str = "ev") -> str:
    """A deterministic id from member keys: ``prefix`` + 16 hex digits of their hash."""
    text = "|".join(f"{d}:{s}" for d, s in sorted(keys))
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# -- blocking ---------------------------------------------------------------------------


def _cell(m: MentionRecord) -> str | None:
    if m.lat is None or m.lon is None:
        return None if m.geonameid is None else f"g{m.geonameid}"
    return f"c{math.floor(m.lat / CELL_DEGREES)}:{math.floor(m.lon / CELL_DEGREES)}"


def _window(m: MentionRecord) -> tuple[dt.date, dt.date]:
    if m.dated:
        assert m.date_start is not None and m.date_end is not None
        return m.date_start, m.date_end
    if m.reference_date is not None:
        before, after = REPORT_WINDOW
        return m.reference_date - before, m.reference_date + after
    return dt.date.min, dt.date.max


def block(mentions: Iterable[MentionRecord]) -> list[tuple[MentionRecord, ...]]:
    """Groups of news accounts that may describe the same events (rule 2 above).

    Non-news modalities are dropped. Each group is sorted by key; groups are sorted by
    their first key. The result depends only on the set of mentions.
    """
    news = sorted((m for m in mentions if is_news(m.modality)), key=lambda m: m.key)
    doc_cells: dict[str, Counter[str]] = defaultdict(Counter)
    for m in news:
        c = _cell(m)
        if c is not None:
            doc_cells[m.document_id][c] += 1
    by_cell: dict[str, list[MentionRecord]] = defaultdict(list)
    for m in news:
        c = _cell(m)
        if c is None:
            counts = doc_cells.get(m.document_id)
            c = min(counts, key=lambda k: (-counts[k], k)) if counts else f"d{m.document_id}"
        by_cell[c].append(m)
    groups: list[tuple[MentionRecord, ...]] = []
    for cell in sorted(by_cell):
        groups.extend(_time_components(by_cell[cell]))
    return sorted(groups, key=lambda g: g[0].key)


def _time_components(items: Sequence[MentionRecord]) -> list[tuple[MentionRecord, ...]]:
    """Connected components of overlapping time windows (a sweep over sorted starts)."""
    ordered = sorted(items, key=lambda m: (_window(m), m.key))
    out: list[tuple[MentionRecord, ...]] = []
    current: list[MentionRecord] = []
    reach = dt.date.min
    for m in ordered:
        start, end = _window(m)
        if current and start > reach:
            out.append(tuple(sorted(current, key=lambda x: x.key)))
            current = []
        current.append(m)
        reach = max(reach, end) if len(current) > 1 else end
    if current:
        out.append(tuple(sorted(current, key=lambda x: x.key)))
    return out


# -- pairs ------------------------------------------------------------------------------


def distance_km(a: MentionRecord, b: MentionRecord) -> float | None:
    """Great-circle distance between two accounts' places, None when either is unplaced."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(a: MentionRecord, b: MentionRecord) -> bool:
    return a.geonameid is not None and a.geonameid == b.geonameid


def conflict(a: MentionRecord, b: MentionRecord) -> str | None:
    """Why two accounts cannot describe the same event, or None (rule 3 above)."""
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type):
        return f"different types: {a.sub_event_type} / {b.sub_event_type}"
    if not _same_place(a, b):
        km = distance_km(a, b)
        if km is not None and km > NEARBY_KM:
            return f"places {km:.0f} km apart: {a.place_name} / {b.place_name}"
        if km is None and a.geonameid is not None and b.geonameid is not None:
            return f"different places: {a.place_name} / {b.place_name}"
    if a.dated and b.dated:
        assert a.date_start and a.date_end and b.date_start and b.date_end
        if a.date_end < b.date_start or b.date_end < a.date_start:
            return f"dates do not overlap: {a.date_start}..{a.date_end} / {b.date_start}..{b.date_end}"
        if a.time_precision != b.time_precision:
            return f"date precision differs: {a.time_precision} / {b.time_precision}"
    for undated, dated in ((a, b), (b, a)):
        if not undated.dated and dated.dated and undated.weekdays:
            assert dated.date_start is not None and dated.date_end is not None
            days = {(dated.date_start + dt.timedelta(days=k)).weekday()
                    for k in range(min(7, (dated.date_end - dated.date_start).days + 1))}
            if not undated.weekdays & days:
                return f"weekday named ({_names(undated.weekdays)}) is not the date's ({dated.date_start})"
    if len(a.sides | b.sides) > 2:
        return f"more than two sides: {', '.join(sorted(a.sides | b.sides))}"
    return None


def _names(days: Iterable[int]) -> str:
    return ", ".join(_WEEKDAYS[d].capitalize() for d in sorted(days))


def _syndicated(a: MentionRecord, b: MentionRecord) -> bool:
    oa, ob = a.original_outlet_id or a.outlet_id, b.original_outlet_id or b.outlet_id
    return a.document_id != b.document_id and bool(a.original_outlet_id or b.original_outlet_id) and oa == ob


def _shared_quantities(a: MentionRecord, b: MentionRecord) -> list[Quantity]:
    mine = {(q.low, q.high, q.role): q for q in a.quantities if q.low >= MIN_SHARED_QUANTITY}
    return [mine[k] for k in sorted(mine, key=str) if k in {(q.low, q.high, q.role) for q in b.quantities}]


def _context(a: MentionRecord, b: MentionRecord) -> list[Reason]:
    out: list[Reason] = []
    if a.document_id == b.document_id:
        out.append(Reason(feature="same_document", weight=WEIGHTS["same_document"], detail=a.document_id[:10]))
        if a.claim_seq is not None and a.claim_seq == b.claim_seq:
            out.append(Reason(feature="same_claim", weight=WEIGHTS["same_claim"], detail=f"claim {a.claim_seq}"))
    elif a.story_id is not None and a.story_id == b.story_id:
        # no story id in the detail: it depends on the order documents arrived in
        out.append(Reason(feature="same_story", weight=WEIGHTS["same_story"], detail="the documents share a story"))
    if _syndicated(a, b):
        out.append(Reason(feature="syndicated", weight=WEIGHTS["syndicated"],
                          detail=f"both from {a.original_outlet_id or a.outlet_id}"))
    return out


def _context_anchors(a: MentionRecord, b: MentionRecord, context: Sequence[Reason]) -> bool:
    """Whether context alone dates an undated account: syndicated copies, or the same
    document within ``NEAR_PARAGRAPHS`` (a story spans days: it needs a specific)."""
    features = {r.feature for r in context}
    if "syndicated" in features:
        return True
    if "same_document" not in features:
        return False
    if a.paragraph is None or b.paragraph is None:
        return True
    return abs(a.paragraph - b.paragraph) <= NEAR_PARAGRAPHS


def _place_anchor(a: MentionRecord, b: MentionRecord) -> Reason | None:
    if _same_place(a, b):
        return Reason(feature="same_place", weight=WEIGHTS["same_place"], detail=f"{a.place_name} ({a.geonameid})")
    km = distance_km(a, b)
    if km is not None and km <= NEARBY_KM:
        return Reason(feature="nearby_place", weight=WEIGHTS["nearby_place"],
                      detail=f"{a.place_name} / {b.place_name}, {km:.0f} km")
    if a.document_id == b.document_id and (a.geonameid is None or b.geonameid is None):
        return Reason(feature="same_document_place", weight=WEIGHTS["same_document_place"],
                      detail="one account names no place; same document")
    return None


def _time_anchor(a: MentionRecord, b: MentionRecord) -> list[Reason]:
    if a.dated and b.dated:
        if (a.date_start, a.date_end) == (b.date_start, b.date_end):
            return [Reason(feature="same_date", weight=WEIGHTS["same_date"], detail=str(a.date_start))]
        return [Reason(feature="overlapping_dates", weight=WEIGHTS["overlapping_dates"],
                       detail=f"{a.date_start}..{a.date_end} / {b.date_start}..{b.date_end}")]
    out: list[Reason] = []
    for q in _shared_quantities(a, b):
        out.append(Reason(feature="shared_quantity", weight=WEIGHTS["shared_quantity"],
                          detail=f"{q.text!r} ({q.role})"))
    for undated, dated in ((a, b), (b, a)):
        if not undated.dated and dated.dated and undated.weekdays and dated.date_start == dated.date_end:
            assert dated.date_start is not None
            out.append(Reason(feature="same_weekday", weight=WEIGHTS["same_weekday"],
                              detail=f"{_names(undated.weekdays)} = {dated.date_start}"))
    return out


def pair_link(a: MentionRecord, b: MentionRecord) -> PairLink | None:
    """Why ``a`` and ``b`` describe the same event, or None (rule 4 above)."""
    if a.key == b.key or conflict(a, b) is not None:
        return None
    place = _place_anchor(a, b)
    if place is None:
        return None
    context = _context(a, b)
    time = _time_anchor(a, b)
    if not time and not _context_anchors(a, b, context):
        return None
    reasons = [place, *time, *context]
    shared = sorted((a.sides | {x for x, _ in a.associated}) & (b.sides | {x for x, _ in b.associated}))
    if shared:
        reasons.append(Reason(feature="shared_actor", weight=WEIGHTS["shared_actor"], detail=", ".join(shared)))
    first, second = sorted((a.key, b.key))
    return PairLink(a=first, b=second, reasons=tuple(reasons))


# -- clustering -------------------------------------------------------------------------


def _ambiguous(group: Sequence[MentionRecord], links: Sequence[PairLink]) -> frozenset[tuple[str, int]]:
    """Undated accounts whose strongest links to dated accounts point at conflicting dates."""
    by_key = {m.key: m for m in group}
    best: dict[tuple[str, int], tuple[int, list[MentionRecord]]] = {}
    for link in links:
        for mine, other in ((link.a, link.b), (link.b, link.a)):
            m, o = by_key[mine], by_key[other]
            if m.dated or not o.dated:
                continue
            score, found = best.get(mine, (-1, []))
            if link.score > score:
                best[mine] = (link.score, [o])
            elif link.score == score:
                found.append(o)
    out = set()
    for key, (_score, dated) in best.items():
        if any(conflict(x, y) for i, x in enumerate(dated) for y in dated[i + 1 :]):
            out.add(key)
    return frozenset(out)


def cluster(group: Sequence[MentionRecord]) -> list[Cluster]:
    """The canonical events of one group (rules 5 and 6 above), sorted by first key.

    Quadratic in the group's size: call it on :func:`block`'s groups, not on a corpus.
    """
    members = sorted((m for m in group if is_news(m.modality)), key=lambda m: m.key)
    links = [lk for i, a in enumerate(members) for b in members[i + 1 :] if (lk := pair_link(a, b))]
    ambiguous = _ambiguous(members, links)
    by_key = {m.key: m for m in members}
    root: dict[tuple[str, int], tuple[str, int]] = {m.key: m.key for m in members}
    parts: dict[tuple[str, int], list[tuple[str, int]]] = {m.key: [m.key] for m in members}
    used: dict[tuple[str, int], list[PairLink]] = {m.key: [] for m in members}
    for link in sorted(links, key=lambda lk: (-lk.score, lk.a, lk.b)):
        ra, rb = root[link.a], root[link.b]
        if ra == rb or not _compatible(parts[ra], parts[rb], by_key, ambiguous):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        for k in parts[gone]:
            root[k] = keep
        parts[keep].extend(parts.pop(gone))
        used[keep].extend([*used.pop(gone), link])
    out = []
    for keys in parts.values():
        ms = tuple(by_key[k] for k in sorted(keys))
        out.append(Cluster(event_id=id_of(keys), members=ms,
                           links=tuple(sorted(used[min(keys)], key=lambda lk: (lk.a, lk.b))),
                           ambiguous=frozenset(k for k in keys if k in ambiguous)))
    return sorted(out, key=lambda c: c.members[0].key)


def _compatible(
    left: Sequence[tuple[str, int]],
    right: Sequence[tuple[str, int]],
    by_key: Mapping[tuple[str, int], MentionRecord],
    ambiguous: frozenset[tuple[str, int]],
) -> bool:
    both = [by_key[k] for k in (*left, *right)]
    if any(k in ambiguous for k in (*left, *right)) and any(m.dated for m in both):
        return False
    return not any(conflict(by_key[x], by_key[y]) for x in left for y in right)


# -- the canonical row ------------------------------------------------------------------


def fatality_range(accounts: Sequence[tuple[int | None, int | None]]) -> FatalityRange:
    """Fatalities across accounts, each a (low, high) range (high None = no upper bound).

    Rule: ``low`` is the largest lower bound that no account's upper bound contradicts
    (if "at least 50" meets "up to 30", 50 is contradicted and the next is taken);
    ``high`` is the smallest finite upper bound that is not below ``low`` (None when
    every account is open-ended); ``best`` is the exact figure (low == high) most
    accounts give, else ``low``. No account with a figure: all None.
    """
    given = [(lo, hi) for lo, hi in accounts if lo is not None]
    if not given:
        return FatalityRange(low=None, best=None, high=None, reason="no account gives a figure")
    highs = [hi for _lo, hi in given if hi is not None]
    lows = sorted({lo for lo, _hi in given}, reverse=True)
    low = next((lo for lo in lows if all(lo <= hi for hi in highs)), min(lows))
    finite = [hi for hi in highs if hi >= low]
    high = min(finite) if finite else None
    exact = Counter(lo for lo, hi in given if lo == hi)
    best = min(exact, key=lambda v: (-exact[v], v)) if exact else low
    why = (f"{len(given)} account(s) with a figure; low = largest uncontradicted lower bound, "
           f"high = smallest upper bound, best = most common exact figure else low")
    return FatalityRange(low=low, best=best, high=high, reason=why)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventCore:
    """The ACLED-shaped fields of a cluster that come from its accounts alone."""

    event_date: dt.date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    actor1_id: str | None
    actor1: str | None
    actor2_id: str | None
    actor2: str | None
    assoc_actor_1: str | None
    geonameid: int | None
    location: str | None
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    notes: str
    fatalities: FatalityRange
    date_reason: str


def core_fields(c: Cluster) -> EventCore:
    """Date, type, actors, place, notes and fatalities of a canonical event.

    Date: the intersection of the dated accounts' ranges (its start), with ACLED's
    precision code of the coarsest; with no dated account, the earliest report date at
    precision 2 ("within a week of the report"); with no report date either, None.
    Place: the most common GeoNames id among the most precise accounts. Actors: the id
    named most often in each role (ties by id), actor2 never equal to actor1.
    """
    ms = c.members
    date, prec, why = _event_date(ms)
    a1 = _vote([(m.actor1_id, m.actor1_name) for m in ms])
    a2 = _vote([(m.actor2_id, m.actor2_name) for m in ms], exclude=a1[0])
    if a1[0] is None and a2[0] is not None:
        a1, a2 = a2, (None, None)
    assoc = _vote([x for m in ms for x in m.associated], exclude=a1[0])
    placed = [m for m in ms if m.geonameid is not None]
    if placed:
        top = min(m.geo_precision or 3 for m in placed)
        counts = Counter(m.geonameid for m in placed if (m.geo_precision or 3) == top)
        gid = min(counts, key=lambda g: (-counts[g], g or 0))
        p = next(m for m in placed if m.geonameid == gid)
    else:
        p = None
    rep = _representative(ms)
    return EventCore(
        event_date=date, time_precision=prec, event_type=rep.event_type, sub_event_type=rep.sub_event_type,
        actor1_id=a1[0], actor1=a1[1], actor2_id=a2[0], actor2=a2[1], assoc_actor_1=assoc[1],
        geonameid=p.geonameid if p else None, location=p.place_name if p else None,
        country=p.country if p else None, admin1=p.admin1 if p else None,
        latitude=p.lat if p else None, longitude=p.lon if p else None,
        geo_precision=p.geo_precision if p else None,
        notes=" ".join(rep.evidence_text.split()),
        fatalities=fatality_range([(m.fatalities_low, m.fatalities_high) for m in ms]),
        date_reason=why,
    )


def _event_date(ms: Sequence[MentionRecord]) -> tuple[dt.date | None, int | None, str]:
    dated = [m for m in ms if m.dated]
    if dated:
        start = max(m.date_start for m in dated if m.date_start)
        codes = [TIME_PRECISION_CODES.get(m.time_precision or "", 3) for m in dated]
        return start, max(codes), f"{len(dated)} dated account(s) agree on {start}"
    refs = [m.reference_date for m in ms if m.reference_date is not None]
    if refs:
        return min(refs), 2, "no account dates it: the earliest report's date, within a week"
    return None, None, "no account dates it and no report has a date"


def _vote(pairs: Sequence[tuple[str | None, str | None]], exclude: str | None = None) -> tuple[str | None, str | None]:
    ids = Counter(i for i, _n in pairs if i and i != exclude)
    if not ids:
        return None, None
    best = min(ids, key=lambda i: (-ids[i], i))
    return best, next(n for i, n in pairs if i == best) or best


def _representative(ms: Sequence[MentionRecord]) -> MentionRecord:
    """The account whose sentence becomes the notes: dated, main, with figures, first."""
    return min(ms, key=lambda m: (not m.dated, not m.is_main, m.fatalities_low is None,
                                  m.modality != "occurred", m.key))


# -- with provenance: the canonical event -----------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """A member of a canonical event with its provenance."""

    mention: MentionRecord
    chain: Chain
    attribution: Attribution


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One account's own fatality figure, kept beside the merged range."""

    document_id: str
    seq: int
    outlet: str
    speaker: str
    low: int
    high: int | None
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CanonicalEvent:
    """A canonical event: ACLED-shaped fields, its accounts, provenance and independence."""

    event_id: str
    group_id: str
    core: EventCore
    accounts: tuple[Account, ...]
    links: tuple[PairLink, ...]
    independence: Independence
    source: str
    figures: tuple[Figure, ...]
    ambiguous: frozenset[tuple[str, int]]


def assemble(
    c: Cluster,
    *,
    group_id: str,
    provenance: Mapping[tuple[str, int], tuple[Chain, Attribution]],
    outlets: Mapping[str, OutletInfo],
) -> CanonicalEvent:
    """The canonical event of a cluster, given each member's chain and attribution.

    ``source`` is ACLED's column: the originating outlets, "; "-joined, with the
    publisher in brackets when it only republished.
    """
    accounts = tuple(Account(mention=m, chain=provenance[m.key][0], attribution=provenance[m.key][1])
                     for m in c.members)
    chains = [a.chain for a in accounts]
    names: dict[str, str] = {}
    for a in accounts:
        carrier = outlets.get(a.chain.carrier)
        name = carrier.name if carrier else a.chain.carrier
        pub = a.mention.outlet_id
        if pub != a.chain.carrier:
            pname = outlets[pub].name if pub in outlets else pub
            name = f"{name} (via {pname})"
        names.setdefault(name, name)
    figures = tuple(
        Figure(document_id=a.mention.document_id, seq=a.mention.seq,
               outlet=(outlets[a.chain.carrier].name if a.chain.carrier in outlets else a.chain.carrier),
               speaker=a.chain.primary.name, low=a.mention.fatalities_low, high=a.mention.fatalities_high,
               text=a.mention.fatalities_text or "")
        for a in accounts
        if a.mention.fatalities_low is not None
    )
    return CanonicalEvent(
        event_id=c.event_id, group_id=group_id, core=core_fields(c), accounts=accounts, links=c.links,
        independence=independence(chains, outlets), source="; ".join(sorted(names)), figures=figures,
        ambiguous=c.ambiguous,
    )


class _Side(Protocol):
    @property
    def document_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def seq(self) -> int: ...


class _Contradiction(Protocol):
    @property
    def a(self) -> _Side: ...
    @property
    def b(self) -> _Side: ...


_C = TypeVar("_C", bound=_Contradiction)


def attach(
    contradictions: Sequence[_C], events: Sequence[CanonicalEvent], *, same_event: frozenset[str] = frozenset()
) -> list[tuple[str, _C]]:
    """(event id, contradiction) for each canonical event that holds either side.

    An "event" side belongs to the event that has that mention as a member; a "claim"
    side to the events with a member attributed to that claim in that document. For a
    kind in ``same_event`` (casualty figures), both sides must belong to one event:
    two figures only disagree when they count the same thing, and the contradiction
    is attached to that event alone; otherwise it is dropped.
    """
    by_mention: dict[tuple[str, int], str] = {}
    by_claim: dict[tuple[str, int], set[str]] = defaultdict(set)
    for e in events:
        for a in e.accounts:
            by_mention[a.mention.key] = e.event_id
            if a.attribution.claim_seq is not None:
                by_claim[(a.mention.document_id, a.attribution.claim_seq)].add(e.event_id)

    def ids_of(side: Any) -> set[str]:
        if side.kind == "event" and (side.document_id, side.seq) in by_mention:
            return {by_mention[(side.document_id, side.seq)]}
        if side.kind == "claim":
            return set(by_claim.get((side.document_id, side.seq), set()))
        return set()

    out: list[tuple[str, _C]] = []
    for con in contradictions:
        a, b = ids_of(con.a), ids_of(con.b)
        ids = a & b if con.kind in same_event else a | b
        out.extend((i, con) for i in sorted(ids))
    return out
