"""Toponym resolution: each place name to one GeoNames entry, with ACLED precision.

Input is the toponym spans found by :mod:`rashomon.components.toponyms` (offsets
into the document's raw text); output is :class:`PlaceMention` records. Resolution
is a score over each name's gazetteer candidates:

1. the name's own evidence: a country name resolves to the country (never to a
   town that has it as an alternate, "Iraq" -> Arak), a designator ("Homs
   Province", "Aleppo city") picks the division or the town, a following
   ", Tenn." / ", Syria" restricts the candidates to that state or country;
2. the document's other places: candidates in the countries and first-level
   divisions the other names resolve to score higher (two passes), plus an
   optional :class:`RegionHint` (an outlet's home region);
3. population, and whether the name is the place's main name or an alternate.

Relative places ("the suburbs of X", "near X", "Y town northeast of X" where Y is
unknown or far from X) are coded to the anchor X with precision 2, as ACLED does.

:func:`pick_event_location` chooses the one place of a one-event article (local
news): not for multi-event documents, where each event needs its own place.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rashomon.resolve.gazetteer import (
    Candidate,
    Gazetteer,
    Place,
    distance_km,
    fold_name,
    strip_designator,
)

#: ACLED geo-precision: 1 the named town, 2 near / part of a town, 3 a region.
GeoPrecision = Literal[1, 2, 3]

#: Below this population a gazetteer-only name must be in a country the document is about.
_WEAK_POPULATION = 100_000
#: A place this big keeps its name even where a person of the document shares it.
_BIG_PLACE = 100_000
#: What an outlet's home state adds to a candidate in it.
_HINT_ADMIN1 = 2.0
#: Taken as the population of a town the gazetteer holds without one (cities500's floor
#: is 500: a postal town missing from it is smaller, or an unincorporated place).
_UNKNOWN_TOWN_POPULATION = 300
#: A town this close to a county the document names is taken to lie in it.
_COUNTY_KM = 40.0
#: Words after a compass word that make a district's name, not a town's ("West Side").
_NOT_TOWNS = frozenset(["side", "end", "shore", "coast", "bank", "county", "village", "park", "hills", "point"])
#: Words before a town's name that make the mention a part of it ("southeast Washington").
_PART_WORDS = frozenset(
    ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
     "northern", "southern", "eastern", "western", "central", "downtown", "midtown", "uptown"]
)
#: Countries whose GeoNames main names are the English names.
_ENGLISH_NAMED = frozenset({"US", "GB", "CA", "AU", "NZ", "IE"})
#: Toponym spans that are context for resolution, never mentions themselves.
_CONTEXT_ONLY = frozenset({"DEMONYM", "PERSON"})
_A_DESIGNATORS = r"province|governorate|governate|state|county|parish|region|district|oblast|prefecture"
_P_DESIGNATORS = r"city|town|village"
_DESIGNATOR_AFTER = re.compile(rf"^[ \t]+({_A_DESIGNATORS}|{_P_DESIGNATORS})\b", re.IGNORECASE)
_DIRS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_ANCHOR_BEFORE = re.compile(
    r"(?P<a>(?:(?:\d+(?:\.\d+)?|a few|several|some)\s*(?:km|kms|kilomet(?:er|re)s?|miles?|mi)\s+)?"
    rf"{_DIRS}(?:\s+(?:part|parts|side|outskirts|suburbs))?\s+(?:of|from)"
    r"|(?:the\s+)?(?:suburbs?|outskirts|vicinity|environs|proximity|area\s+around)\s+(?:of|to)"
    r"|(?:just\s+)?outside(?:\s+of)?|near(?:by)?|close\s+to|not\s+far\s+from)"
    r"\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_Y_BEFORE = re.compile(
    r"(?P<y>(?:\b(?:al|el|ad|as|ar|an|at|az|ash)-)?[A-Z][\w'’]*(?:[ -][A-Z][\w'’]*){0,2})"
    rf"(?:\s+(?P<d>{_P_DESIGNATORS}|area|district|neighbou?rhood|suburb))?\s*,?\s*$"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ToponymSpan:
    """A place name found in the text, before resolution.

    Attributes:
        start: offset into the document's raw text.
        end: end offset (exclusive).
        text: ``raw[start:end]``.
        source: how it was found: ``GPE``/``LOC``/``FAC`` (NER), ``GAZ``, ``GAZ_CTX``
            (gazetteer + context) or ``DEMONYM`` (context only, never a mention).
    """

    start: int
    end: int
    text: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionHint:
    """Where an outlet usually reports from (a local station's state, say).

    Attributes:
        country: ISO alpha-2 code.
        admin1: GeoNames admin1 code within it (``TN``), if known.
    """

    country: str
    admin1: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceMention:
    """A place name in a document and the GeoNames entry it was resolved to.

    Attributes:
        start: offset into the document's raw text.
        end: end offset (exclusive).
        text: the words.
        candidates: the gazetteer entries the name may mean, best first (at most 10).
        resolved: the chosen entry (for relative places, the anchor); ``None`` when
            the gazetteer does not know the name (a building, a small village).
        precision: ACLED geo-precision of ``resolved``: 1 town, 2 near / part of a
            town, 3 region or country; ``None`` when unresolved.
        anchor_of: the relation to the anchor place ("suburbs of", "northeast of",
            "near"), when the mention is relative.
        reason: why this entry was chosen, for users.
        source: how the name was found (see :class:`ToponymSpan`).
        dateline: the name opens a dateline ("NASHVILLE, Tenn. (AP) —").
        via: how the name reached ``resolved``: ``name`` (its main name),
            ``alternate``, ``abbreviation``...; ``None`` when unresolved or unknown.
    """

    start: int
    end: int
    text: str
    candidates: tuple[Place, ...]
    resolved: Place | None
    precision: GeoPrecision | None
    anchor_of: str | None
    reason: str
    source: str = "GAZ"
    dateline: bool = False
    via: str | None = None


def _precision(place: Place) -> GeoPrecision:
    return 1 if place.feature_class == "P" else 3


def _part_of_town(w: _Work, gazetteer: Gazetteer) -> None:
    """"southeast Washington", "west Charlotte": a part of the town named after the
    compass word, unless the whole phrase is a town's own name ("West Palm Beach")."""
    first, _, rest = w.key.partition(" ")
    if first not in _PART_WORDS or rest in _NOT_TOWNS or not rest or any(c.via == "name" for c in w.cands):
        return
    cands = _initial_candidates(gazetteer, rest)
    if any(c.place.feature_class == "P" or c.place.is_admin1 for c in cands):
        w.cands, w.part = cands, w.span.text.split()[0].lower()


@dataclass(slots=True)
class _Work:
    """Mutable per-mention state while resolving one document (never escapes)."""

    span: ToponymSpan
    key: str
    cands: list[Candidate]
    want: str | None  # "A" or "P" from a designator
    within: tuple[str, str | None] | None = None  # (country, admin1) from ", Tenn."
    after_place: bool = False  # directly after "X, "
    choice: Candidate | None = None
    why: str = ""
    part: str | None = None  # "southeast" of "southeast Washington"


def _designator(text: str, span: ToponymSpan, key: str) -> str | None:
    m = _DESIGNATOR_AFTER.match(text, span.end) if span.end < len(text) else None
    word = m.group(1).lower() if m else key.split()[-1] if " " in key else ""
    if re.fullmatch(_A_DESIGNATORS, word):
        return "A"
    if re.fullmatch(_P_DESIGNATORS, word):
        return "P"
    return None


def _initial_candidates(gaz: Gazetteer, key: str) -> list[Candidate]:
    cands = list(gaz.candidates_for_key(key))
    if not cands:
        stripped = strip_designator(key)
        if stripped != key:
            cands = list(gaz.candidates_for_key(stripped))
    return cands


def _is_country_name(c: Candidate) -> bool:
    return c.place.is_country and c.via != "abbreviation"


class _Context:
    """Countries and divisions the other names of the document point to."""

    def __init__(self, hint: RegionHint | None) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1s: Counter[tuple[str, str | None]] = Counter()
        self.counties: dict[int, Place] = {}
        self.hint = hint

    def add(self, place: Place, weight: float) -> None:
        self.countries[place.country] += weight  # type: ignore[assignment]
        if place.admin1 is not None and not place.is_country:
            self.admin1s[(place.country, place.admin1)] += weight  # type: ignore[assignment]
        if place.feature_code == "ADM2":
            self.counties[place.geonameid] = place

    def in_named_county(self, place: Place) -> Place | None:
        """A county of the document that ``place`` (a town) lies in, by distance."""
        if place.feature_class != "P":
            return None
        for county in self.counties.values():
            if (county.country, county.admin1) == (place.country, place.admin1) and (
                distance_km(county.lat, county.lon, place.lat, place.lon) <= _COUNTY_KM
            ):
                return county
        return None

    def totals(self, minus: _Context | None) -> tuple[float, float]:
        """The weight of all countries and all divisions, less ``minus``'s."""
        tot_c = sum(self.countries.values()) - (sum(minus.countries.values()) if minus else 0)
        tot_a = sum(self.admin1s.values()) - (sum(minus.admin1s.values()) if minus else 0)
        return tot_c, tot_a

    def score(self, place: Place, minus: _Context | None,
              totals: tuple[float, float] | None = None) -> tuple[float, list[str]]:
        why: list[str] = []
        tot_c, tot_a = totals if totals is not None else self.totals(minus)
        own_c = self.countries[place.country] - (minus.countries[place.country] if minus else 0)
        s = 0.0
        if tot_c > 0 and own_c > 0:
            s += 3.0 * own_c / tot_c
            why.append(f"country {place.country} in context")
        if place.admin1 is not None and not place.is_country:
            k = (place.country, place.admin1)
            own_a = self.admin1s[k] - (minus.admin1s[k] if minus else 0)
            if tot_a > 0 and own_a > 0:
                # one stray town ("Northeast" read as North East, PA) is weak evidence
                s += 3.0 * own_a / tot_a * min(1.0, own_a / 2.0)
                why.append(f"admin1 {place.admin1_name or place.admin1} in context")
        county = self.in_named_county(place)
        if county is not None:
            # "Bell" in a story that names Gilchrist County, Fla.: the Bell there
            s += 3.0
            why.append(f"near {county.name}, named in the document")
        if self.hint is not None and place.country == self.hint.country:
            s += 1.5
            if self.hint.admin1 is not None and place.admin1 == self.hint.admin1:
                s += _HINT_ADMIN1
                why.append("outlet's home region")
        return s, why


def _base_score(c: Candidate) -> float:
    p = c.place
    # a town without a population (a postal town the ZIP list added) is a small one
    pop = p.population if p.population or p.feature_class != "P" else _UNKNOWN_TOWN_POPULATION
    s = math.log10(pop + 10)
    if p.is_admin1:
        s -= 1.0  # "Homs", "New York": the big city of the same name is usually meant
    elif p.feature_code == "ADM2":
        s = 4.0
    if c.via == "name":
        s += 1.0
    elif c.via == "alternate" and p.feature_class == "P" and p.country in _ENGLISH_NAMED:
        # Where GeoNames' main name is already the English one, a town's alternates
        # are old names and neighbourhoods ("Lehigh" for Palmerton, "Allegheny" for
        # Pittsburgh); elsewhere they hold the English exonyms (Aleppo for Halab).
        s -= 1.0
    return s


def _choose(w: _Work, ctx: _Context, minus: _Context | None) -> None:
    cands = w.cands
    if w.within is not None:
        cc, a1 = w.within
        inside = [c for c in cands if c.place.country == cc and (a1 is None or c.place.admin1 == a1)]
        if not inside:
            # "TROY, W.Va.": the writer said which state; a Troy elsewhere is wrong,
            # and a town too small for the gazetteer is better left unresolved.
            w.choice, w.why = None, "no place of this name in the state or country named after it"
            return
        cands = inside
    if w.want is not None:
        wanted = [c for c in cands if c.place.feature_class == w.want]
        if wanted:
            cands = wanted
    country = [c for c in cands if _is_country_name(c)]
    if country and w.want != "P":
        # "Georgia" in a US story is the state; otherwise a country name is the country.
        states = [c for c in cands if c.place.is_admin1 and c.via == "name"
                  and (_minus_share(ctx, minus, c.place.country) > 0.5)]
        if states and _minus_share(ctx, minus, country[0].place.country) == 0:
            w.choice, w.why = states[0], "a division of the country the document is about"
        else:
            w.choice, w.why = country[0], "country name"
        return
    best: tuple[float, Candidate, list[str]] | None = None
    totals = ctx.totals(minus)
    for c in cands:
        if c.via == "abbreviation" and not w.after_place:
            continue  # "TN", "Ind." name a state only in "City, TN"
        s, why = ctx.score(c.place, minus, totals)
        s += _base_score(c)
        if best is None or s > best[0]:
            best = (s, c, why)
    if best is not None:
        pop = f"population {best[1].place.population}"
        w.choice, w.why = best[1], "; ".join([pop, f"via {best[1].via}", *best[2]])


def _minus_share(ctx: _Context, minus: _Context | None, country: str) -> float:
    """The share of the document's other place names in ``country``."""
    tot = sum(ctx.countries.values()) - (sum(minus.countries.values()) if minus else 0)
    own = ctx.countries[country] - (minus.countries[country] if minus else 0)
    return own / tot if tot > 0 else 0.0


def _contribution(w: _Work) -> _Context:
    own = _Context(None)
    if w.choice is not None:
        p = w.choice.place
        own.add(p, 2.0 if p.feature_class == "A" else 1.0)
    return own


def _contributions_by_key(works: Sequence[_Work]) -> dict[str, _Context]:
    """What all the mentions of each name add to the context, summed per name."""
    out: dict[str, _Context] = {}
    for w in works:
        own = out.setdefault(w.key, _Context(None))
        if w.choice is not None:
            own.add(w.choice.place, 2.0 if w.choice.place.feature_class == "A" else 1.0)
    return out


def _county_towns(works: Sequence[_Work], gazetteer: Gazetteer) -> None:
    """A bare "Marshall" in a document that names "Marshall County, AL" lies there.

    The town of that name in the county's state is chosen when the gazetteer has
    one, else the county itself (precision 3): a same-named town in another state
    is almost never meant.
    """
    counties: dict[str, Place] = {}
    for w in works:
        p = w.choice.place if w.choice else None
        if p is not None and p.feature_code == "ADM2":
            stem = strip_designator(fold_name(p.name))
            if stem != fold_name(p.name):
                counties.setdefault(stem, p)
    if not counties:
        return
    for w in works:
        county = counties.get(w.key)
        p = w.choice.place if w.choice else None
        if county is None or p is None or p.feature_class != "P" or w.within is not None:
            continue
        if (p.country, p.admin1) == (county.country, county.admin1):
            continue
        town = next((c for c in w.cands if c.place.feature_class == "P"
                     and (c.place.country, c.place.admin1) == (county.country, county.admin1)), None)
        if town is not None:
            w.choice, w.why = town, f"{w.why}; the document names {county.name}, {county.admin1}"
        else:
            w.choice = Candidate(place=county, via="name")
            w.why = f"{county.name}: the document names that county, and no town {w.span.text} lies in its state"


def _is_dateline(text: str, span: ToponymSpan) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    if text[line_start : span.start].strip():
        return False
    after = text[span.end : span.end + 3]
    letters = [ch for ch in span.text if ch.isalpha()]
    return bool(letters) and span.text.upper() == span.text and (after[:1] in (",", "(") or after.lstrip()[:1] in ("(", "—", "-"))


def resolve_toponyms(
    text: str,
    spans: Sequence[ToponymSpan],
    gazetteer: Gazetteer,
    *,
    hint: RegionHint | None = None,
    include_demonyms: bool = False,
) -> tuple[PlaceMention, ...]:
    """Resolve a document's toponym spans to places (see the module docstring).

    Args:
        text: the document's raw text (offsets of ``spans`` point into it).
        spans: toponyms and demonyms, as found by the toponym component.
        gazetteer: the gazetteer.
        hint: the outlet's home region, when known.
        include_demonyms: also return demonym spans, resolved to their country.

    Returns:
        One :class:`PlaceMention` per non-demonym span (unresolvable names
        included, with ``resolved=None``), plus relative places found by pattern
        ("al-X town northeast of Y"), sorted by offset.
    """
    ctx = _Context(hint)
    for s in spans:
        if s.source == "DEMONYM":
            cc = gazetteer.demonym(s.text)
            if cc is not None:
                ctx.countries[cc] += 1
    # words of full personal names anywhere in the document ("Christopher Dean Wright")
    person_words = {t for s in spans if s.source == "PERSON" for t in s.text.split() if t[:1].isupper()}
    works: list[_Work] = []
    for s in sorted((s for s in spans if s.source not in _CONTEXT_ONLY), key=lambda s: s.start):
        key = fold_name(s.text)
        w = _Work(span=s, key=key, cands=_initial_candidates(gazetteer, key), want=_designator(text, s, key))
        _part_of_town(w, gazetteer)
        if s.source in ("GAZ", "GAZ_CTX") and s.text in person_words and not any(
            c.place.feature_class == "A" or c.place.population >= _BIG_PLACE for c in w.cands
        ):
            continue  # "Wright said": the surname of a person the document names in full
        works.append(w)

    # 1. "X, Tenn." / "X, Syria": the second name constrains the first
    for a, b in itertools.pairwise(works):
        between = text[a.span.end : b.span.start]
        if between.strip() == "," and len(between) <= 3:
            b.after_place = True
            top = [c.place for c in b.cands if c.place.is_admin1 or _is_country_name(c)]
            # "HAWKINSVILLE, Georgia": the state that holds a Hawkinsville, not the country
            holds = [p for p in top if any(c.place.country == p.country and (not p.is_admin1 or c.place.admin1 == p.admin1)
                                           for c in a.cands if not c.place.is_country)]
            if holds or top:
                p = (holds or top)[0]
                a.within = (p.country, p.admin1 if p.is_admin1 else None)
    # one sense per discourse: "RICHMOND, Ind." settles every other "Richmond"
    settled = {w.key: w.within for w in works if w.within is not None}
    for w in works:
        if w.within is None and w.key in settled:
            w.within = settled[w.key]

    # 2. two passes: unambiguous names first feed the context, then everything again
    for w in works:
        _choose(w, ctx, None)
    for _ in range(3):
        full = _Context(hint)
        full.countries.update(ctx.countries)  # demonyms stay
        for w in works:
            if w.choice is not None:
                full.add(w.choice.place, 2.0 if w.choice.place.feature_class == "A" else 1.0)
        # one sense per discourse: a name's repetitions are no evidence for it
        # (six "Medina" must not outvote the "Manteca" beside them for Saudi Arabia)
        same = _contributions_by_key(works)
        for w in works:
            _choose(w, full, same[w.key])
    _county_towns(works, gazetteer)

    # 3. a name only the gazetteer found, small and in no country the document is
    #    about, is more likely a capitalised word than a place ("Waging", "Price")
    full = _Context(hint)
    full.countries.update(ctx.countries)
    for w in works:
        if w.choice is not None:
            full.add(w.choice.place, 2.0 if w.choice.place.feature_class == "A" else 1.0)
    kept: list[_Work] = []
    # a name's repetitions are no support for it (four "Overtown" in a Miami story)
    same = _contributions_by_key(works)
    for w in works:
        chosen = w.choice.place if w.choice else None
        if w.span.source == "GAZ" and chosen is not None and chosen.feature_class == "P":
            own = same[w.key]
            in_context = _minus_share(full, own, chosen.country) > 0 or (
                hint is not None and hint.country == chosen.country
            )
            has_context = sum(full.countries.values()) > sum(own.countries.values())
            # with other countries in view, only a world city may stand outside them
            limit = 10 * _WEAK_POPULATION if has_context else _WEAK_POPULATION
            if not in_context and chosen.population < limit:
                continue
        if (w.span.source == "LOC" and chosen is not None and chosen.feature_class == "P"
                and chosen.population < _WEAK_POPULATION and _minus_share(full, _contribution(w), chosen.country) == 0):
            w.choice, w.why = None, "a region or natural feature the gazetteer does not hold"
        elif (chosen is not None and chosen.feature_class == "P" and chosen.population < _WEAK_POPULATION
                and w.span.source != "GAZ" and (hint is None or hint.country != chosen.country)
                and sum(full.countries.values()) > sum(same[w.key].countries.values())
                and _minus_share(full, same[w.key], chosen.country) == 0):
            # "Overtown" in a Miami story is a neighbourhood the gazetteer lacks, not
            # the Scottish village of that name
            w.choice, w.why = None, "a small town abroad, in a document about other countries"
        kept.append(w)
    works = kept

    mentions = [
        PlaceMention(
            start=w.span.start, end=w.span.end, text=w.span.text,
            candidates=tuple(c.place for c in w.cands[:10]),
            resolved=w.choice.place if w.choice else None,
            precision=(2 if w.part and w.choice.place.feature_class == "P" else _precision(w.choice.place))
            if w.choice else None,
            anchor_of=f"{w.part} part of" if w.part and w.choice else None,
            reason=w.why or "not in the gazetteer", source=w.span.source,
            dateline=_is_dateline(text, w.span),
            via=w.choice.via if w.choice else None,
        )
        for w in works
    ]
    mentions = _relative_places(text, mentions)
    if include_demonyms:
        for s in spans:
            cc = gazetteer.demonym(s.text) if s.source == "DEMONYM" else None
            country = gazetteer.country(cc) if cc else None
            if country is not None:
                mentions.append(PlaceMention(start=s.start, end=s.end, text=s.text, candidates=(country,),
                                             resolved=country, precision=3, anchor_of=None,
                                             reason="demonym", source="DEMONYM"))
    return tuple(sorted(mentions, key=lambda m: (m.start, m.end)))


def _relative_places(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Code "the suburbs of X" / "Y town northeast of X" to X with precision 2."""
    out = list(mentions)
    by_end = {m.end: i for i, m in enumerate(out)}
    for i, m in enumerate(mentions):
        anchor = m.resolved
        if anchor is None or anchor.feature_class != "P":
            continue
        before = text[max(0, m.start - 80) : m.start]
        am = _ANCHOR_BEFORE.search(before)
        if am is None:
            continue
        phrase = " ".join(am.group("a").lower().split())
        out[i] = replace(m, precision=2, anchor_of=phrase, reason=f"{m.reason}; {phrase} {m.text}")
        if not re.search(_DIRS + r"|near|close|outskirts|outside", phrase):
            continue
        head = before[: am.start()]
        ym = _Y_BEFORE.search(head)
        if ym is None:
            continue
        y_start = max(0, m.start - 80) + ym.start("y")
        y_end = max(0, m.start - 80) + ym.end("y")
        anchored = {"resolved": anchor, "precision": 2, "anchor_of": phrase,
                        "reason": f"coded to {anchor.name}: {text[y_start:y_end]} lies {phrase} it"}
        j = next((k for e, k in by_end.items() if y_start <= out[k].start < y_end or out[k].end == y_end), None)
        if j is not None:
            y = out[j]
            far = y.resolved is None or distance_km(y.resolved.lat, y.resolved.lon, anchor.lat, anchor.lon) > 100
            if far:
                out[j] = replace(y, **anchored)  # type: ignore[arg-type]
        elif ym.group("d"):
            out.append(PlaceMention(start=y_start, end=y_end, text=text[y_start:y_end], candidates=(),
                                    source="PATTERN", **anchored))  # type: ignore[arg-type]
    return out


#: Country-code top-level domains whose code is not the ISO one.
_TLD_COUNTRY = {"uk": "GB"}
#: Second-level labels of country domains ("bbc.co.uk"): not name words.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "or", "ne", "go", "edu"})


def region_from_host(
    url: str, gazetteer: Gazetteer, *, stoplist: frozenset[str] = frozenset(),
    min_population: int = 100_000,
) -> RegionHint | None:
    """The home region an outlet's own address names ("mysanantonio.com" -> Texas).

    Local outlets often carry their city or state in the domain ("nbcmiami.com",
    "chicago.suntimes.com", "arkansasonline.com"). The leftmost run of letters that
    spells a US state or a big town's main name (``min_population``) wins, the
    longest one at that position ("arkansas", not "kansas"); a name shared by
    towns of similar size in two states, or one in ``stoplist`` (common words such
    as "Enterprise"), says nothing. Generic domains (.com, .org...) are read as US
    outlets, a country domain as that country's.

    Use it only for outlets the outlet table does not know: the table's own region
    (or its silence, for national outlets) is better evidence than a domain's words.

    Args:
        url: the document's address (archive.org wrappers are unwrapped).
        gazetteer: the gazetteer.
        stoplist: folded names never read from a domain.
        min_population: the smallest town a domain word may name.

    Returns:
        The hint, or ``None`` when the address names no place.
    """
    from rashomon.clean.outlets import host_of  # a pure helper of the clean stage

    labels = host_of(url).split(".")
    if len(labels) < 2:
        return None
    tld = labels[-1]
    country = "US" if len(tld) != 2 or tld == "us" else _TLD_COUNTRY.get(tld, tld.upper())
    words = [w for w in labels[:-1] if w not in _SECOND_LEVEL and w != "www"]
    index = gazetteer.squashed_names(country, min_population=min_population)
    for word in words:
        letters = re.sub(r"[^a-z]", "", word)
        for i in range(len(letters)):
            for j in range(len(letters), i + 3, -1):
                places = index.get(letters[i:j])
                if not places:
                    continue
                if j - i < 5 and not places[0].is_admin1:
                    continue  # "erie", "waco" inside a call sign are chance
                hint = _unambiguous(places, stoplist)
                if hint is not None:
                    return hint
    return None


def _unambiguous(places: Sequence[Place], stoplist: frozenset[str]) -> RegionHint | None:
    """The region of the place a squashed name means, if one clearly dominates."""
    if fold_name(places[0].name) in stoplist:
        return None
    towns = [p for p in places if p.feature_class == "P"]
    # "nbcwashington": the city a station is named after, not the state
    pool = towns or list(places)
    top = pool[0]
    rivals = [p for p in pool[1:] if p.admin1 != top.admin1 and 2 * p.population >= top.population]
    if rivals:
        return None
    return RegionHint(country=top.country, admin1=top.admin1)


#: How much the share of the article's places in a town's state or province counts
#: (in mentions): a story names its state, county and nearby towns, so a town in the
#: state most of them are in beats a bigger namesake elsewhere ("Austin" in a Chicago
#: story is the West Side neighbourhood, not the Texas capital).
COHERENCE_WEIGHT = 12.0
#: Bonus of a town lying within ``COUNTY_KM`` of a county the article names.
IN_COUNTY_BONUS = 2.0
COUNTY_KM = 40.0
#: Penalty of a town reached only through an alternate name (GeoNames keeps old and
#: local names: "West Side" or a neighbourhood's name may be another town's alternate).
ALTERNATE_PENALTY = 2.0
#: Bonuses of a dateline town and of the first town named.
DATELINE_BONUS = 1.5
FIRST_BONUS = 0.5


def pick_event_location(mentions: Sequence[PlaceMention]) -> PlaceMention | None:
    """The place most likely to be the incident location of a one-event article.

    Each town (precision 1 or 2) is scored by how often it is named, a dateline,
    being named first, lying in a county the article names, and, most, by the share
    of the article's places in its state or province; a town reached only through
    an alternate name is discounted. A county named at least as often as the chosen
    town, when that town is not in it, wins instead ("a shooting in Cowley County"
    with a mention of the TV station's Wichita). Without a town, a county, a state
    or province, then a country. Not for multi-event documents (one pin per event,
    not per article). Weights measured on gva-dev (docs/ACCURACY.md): on one fifth
    of the incidents, 77.7 -> 82.0 % within 25 km; on another, 81.1 -> 82.7 %.

    Args:
        mentions: the document's resolved place mentions, in text order.

    Returns:
        The first mention of the chosen place, or ``None`` when nothing resolved.
    """
    resolved = [m for m in mentions if m.resolved is not None and m.source != "DEMONYM"]
    if not resolved:
        return None
    # a town in the state or province most of the article's places are in
    regions = Counter((m.resolved.country, m.resolved.admin1) for m in resolved)  # type: ignore[union-attr]
    total = sum(regions.values())
    counties: dict[int, list[PlaceMention]] = {}
    for m in resolved:
        if m.resolved.feature_code == "ADM2":  # type: ignore[union-attr]
            counties.setdefault(m.resolved.geonameid, []).append(m)  # type: ignore[union-attr]

    def in_county(p: Place, county: Place) -> bool:
        return county.admin1 == p.admin1 and county.country == p.country and \
            distance_km(county.lat, county.lon, p.lat, p.lon) <= COUNTY_KM

    for tier in (
        lambda p: p.feature_class == "P",
        lambda p: p.feature_code == "ADM2",
        lambda p: p.is_admin1,
        lambda p: True,
    ):
        pool = [m for m in resolved if m.resolved is not None and tier(m.resolved)]
        if not pool:
            continue
        groups: dict[int, list[PlaceMention]] = {}
        for m in pool:
            groups.setdefault(m.resolved.geonameid, []).append(m)  # type: ignore[union-attr]
        first = pool[0].resolved.geonameid  # type: ignore[union-attr]
        scores: dict[int, tuple[float, int]] = {}
        for gid, ms in groups.items():
            p = ms[0].resolved
            assert p is not None
            coherence = regions[(p.country, p.admin1)] / total
            named_county = p.feature_class == "P" and any(
                in_county(p, c[0].resolved) for c in counties.values())  # type: ignore[arg-type]
            score = (len(ms) + DATELINE_BONUS * any(m.dateline for m in ms)
                     + FIRST_BONUS * (gid == first) + COHERENCE_WEIGHT * coherence
                     + IN_COUNTY_BONUS * named_county
                     - ALTERNATE_PENALTY * all(m.via == "alternate" for m in ms))
            scores[gid] = (score, -ms[0].start)
        best = max(scores, key=scores.__getitem__)
        chosen = groups[best]
        town = chosen[0].resolved
        assert town is not None
        if town.feature_class == "P" and counties:
            county_ms = max(counties.values(), key=lambda ms: (len(ms), -ms[0].start))
            county = county_ms[0].resolved
            assert county is not None
            if len(county_ms) >= len(chosen) and not in_county(town, county):
                return county_ms[0]
        return chosen[0]
    return None
