"""Incremental clustering of documents into incidents ("stories").

Public contract::

    Linker().add(features) -> cluster_id
    Linker.rebuild(features_in_order) -> Linker
    link_documents(features) -> dict[doc_id, cluster_id]
    score_pair(a, b, stats) -> PairScore

A new document is compared only with candidates from a blocking index, never with
the whole corpus: its keys are its rare person names, its last names and places
bucketed by week or month around its reference date, and its MinHash bands. Each
posting list is read only up to ``MAX_POSTING`` entries, so a document costs about
the same whether the index holds a thousand documents or a million.

Each candidate is scored by a small explainable similarity (:func:`score_pair`):
IDF-weighted overlap of person names (the victim's or suspect's name is the best cue
in local crime news; a name many documents give is a public figure's and counts
less), last names, places and resolved places (GeoNames ids), TF-IDF cosine of title
and body, shared ages, a bonus when both report an incident on the same day, minus
a penalty for the distance between the incident days (the reference dates when a
day is missing; for an undated page, the day a web archive captured it bounds its
date from above), for conflicting casualty counts or ages, and for two pages of one
outlet (whose page template matches itself). IDF counts
``IDF_PRIOR`` pseudo-documents, so in a corpus of two documents a place both name
still weighs as evidence. The document joins the cluster of its best candidate when
that score reaches ``THRESHOLD``, or ``LOW_THRESHOLD`` when that candidate beats the
best of every other cluster by ``MARGIN``; otherwise it starts a new cluster. A
document that also matches another cluster well unites the two (``UNION_MARGIN``;
``SINGLETON_MARGIN`` for a document still alone). Every join and union is kept as a
:class:`Merge` with the features that matched, so it can be shown, and a join
undone (:meth:`Linker.detach`).

The state is the features in the order they were added: :meth:`Linker.rebuild`
replays them (features are stored as JSON, never pickled) and gives the same
clusters. Adding a document id twice is a no-op.

When not to use: to find copies of one text (use
:func:`rashomon.link.minhash.find_near_duplicates`), or to merge event mentions
(an article can report several events; this groups whole articles).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from .features import DocFeatures
from .minhash import NEAR_DUPLICATE_THRESHOLD, band_keys, estimate_jaccard

#: Entries read per posting list: bounds the candidates of one document.
MAX_POSTING = 20
#: Candidates scored per document (the ones sharing most keys first). Scoring is
#: most of a document's cost, so this bound is what keeps the cost flat as the index
#: grows: a small index gives fewer candidates than a large one until the bound is
#: reached, and 15 is reached by most documents from about a thousand on. On gva-dev,
#: 15 instead of 30 changed B-cubed F1 by less than 0.001 (bench/relink_gva.py).
MAX_CANDIDATES = 15
#: Entity and title words are blocking keys only while rarer than this share of the
#: documents seen ...
RARE_SHARE = 0.01
#: ... or than this many documents, early on.
RARE_MIN = 20
#: Weeks either side of the reference date searched through place keys.
PLACE_WEEKS = 2
#: Months either side searched through last-name keys.
SURNAME_MONTHS = 2
#: Days beyond which a shared full name alone no longer reaches a candidate
#: (a trial two years later is another story).
PERSON_DAYS = 1100

#: Weights of the similarity components (see pair_components). Fitted on gva-dev
#: candidate pairs by a logistic regression (``bench/relink_gva.py``'s
#: ``fit_weights``), then rounded; components the fit found useless or negative
#: are kept at 0 so that every merge reason reads as evidence for the merge:
#: ``near_duplicate`` (a copy already reaches the cosine cap), ``other_people``
#: (different people named did not mean different incidents: articles name police
#: spokespeople) and ``actors`` (in local crime news the actors are police and
#: civilians; it is kept for conflict news, where who fought whom tells stories
#: apart). Fitted on one half of the incidents, the weights score the other half
#: within a point of these (docs/PERFORMANCE.md). ``same_day``, ``same_outlet``
#: and the capture components were added later, with ``no_date`` lowered from
#: -3.2 to -1.5 (``no_date`` plus ``no_capture`` keep -3.2 where no capture day is
#: known), by a grid on one half of the gva-dev incidents, checked on the other
#: (see pair_components): the capture days gained about 0.005 B-cubed F1 on each
#: half, ``same_day`` and ``same_outlet`` about 0.002 to 0.004 each; a joint
#: refit or search of all weights gained on the half it was tuned on only.
#: ``template`` only says why the body words were left out.
WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "person": 2.3,
        "surname": 1.05,
        "place": 1.25,
        "name_tokens": 2.3,
        "title": 2.85,
        "cosine": 9.8,
        "cosine_short": 5.4,
        "date": -0.67,
        "no_date": -1.5,
        "no_capture": -1.7,
        "capture": -0.3,
        "captured_before": -3.0,
        "counts": -1.15,
        "other_people": 0.0,
        "near_duplicate": 0.0,
        "place_ids": 0.65,
        "actors": 0.0,
        "ages": 0.6,
        "other_ages": -2.6,
        "same_day": 1.0,
        "same_outlet": -1.0,
        "template": 0.0,
    }
)
#: A near-duplicate counts as evidence only for bodies of this many words or more
#: (short bodies shared across months are page templates: sign-in walls, errors).
NEAR_DUPLICATE_MIN_WORDS = 60
#: ... and only between documents this close in time (a copy is republished soon).
NEAR_DUPLICATE_DAYS = 30
#: Days an undated page's capture may precede the other page's day before
#: ``captured_before`` (a day's slack for time zones and overnight incidents).
CAPTURE_SLACK = 1
#: A full person name counts fully while at most this many documents seen give it,
#: and by ``PERSON_DF / df`` beyond: a name in many documents is a police chief's,
#: a mayor's or a reporter's, not a victim's. On gva-dev candidate pairs sharing a
#: name, 79% are one incident when one earlier document gives it, 21% at five to
#: nine, 1% at twenty or more (the IDF, capped, hardly told these apart); 1 gained
#: 0.004 B-cubed F1 on each half of the incidents (2 and 3 slightly less).
PERSON_DF = 1
#: Bodies shorter than this (in words) have their cosine weighted apart.
SHORT_WORDS = 80
#: Short bodies (under ``SHORT_WORDS``) that are near-copies while their titles
#: share less than this (IDF-weighted) are one site template under two stories:
#: their body words do not count (``template``). On gva-dev, 7 of the 8 such
#: candidate pairs above the threshold were two incidents; the rule gained 0.0015
#: B-cubed F1 on each half of the incidents.
TEMPLATE_TITLE = 0.6
#: Cosine above this adds nothing (see pair_components).
COSINE_CAP = 0.6
#: Index size from which a stored TF-IDF vector is refreshed once the corpus has
#: doubled since it was computed.
REFRESH_FROM = 64
#: A document that matches documents of two clusters, each by this much above the
#: threshold, makes them one cluster (``math.inf``: never). 1.5 gained 0.002 and
#: 0.001 B-cubed F1 on the two halves of the gva-dev incidents (0.5 and 1 about as
#: much, with more false unions on the full corpus).
UNION_MARGIN = 1.5
#: ... and a document alone in its cluster joins a new document's cluster when
#: they score this much above the threshold: the threshold itself (0) gained
#: 0.002 B-cubed F1 on each half of the gva-dev incidents (0.5 and 1 less).
SINGLETON_MARGIN = 0.0
#: IDF at which a feature counts fully (rarer features do not count more).
IDF_CAP = 6.0
#: Pseudo-documents added to the corpus size in IDF, none of which has the feature:
#: a feature seen in every one of a handful of documents is not yet known to be
#: common (with two documents, a place both name would otherwise weigh nothing).
#: Beyond a few hundred documents the prior no longer matters.
IDF_PRIOR = 100
#: Score from which a document joins its best candidate's cluster (the fit's
#: intercept was -4.14).
THRESHOLD = 4.1
#: Score from which a document joins its best candidate's cluster when that
#: candidate beats the best of every other cluster by ``MARGIN`` (see Linker._joins);
#: moves with ``threshold`` when a linker is given another one.
LOW_THRESHOLD = 1.9
MARGIN = 3.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Reason:
    """One feature's contribution to a pair's score."""

    feature: str  # a pair_components name
    weight: float
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PairScore:
    """The similarity of two documents, with what made it."""

    a: str
    b: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Merge:
    """A document joined a cluster because it matched one of its documents.

    Attributes:
        doc_id: the document that joined.
        cluster_id: the cluster it joined.
        matched: the document of that cluster it matched best.
        score: the pair's score (at least ``THRESHOLD``).
        reasons: the features that matched, strongest first.
    """

    doc_id: str
    cluster_id: str
    matched: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusStats:
    """Document frequencies of the features the linker has seen (for IDF).

    A snapshot for one round of scoring: it memoises the IDFs it computed, so make
    a new one (``Linker.stats``) after adding documents.
    """

    n: int
    df: Mapping[str, int]
    _memo: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def idf(self, key: str) -> float:
        """Smoothed inverse document frequency, capped at ``IDF_CAP``."""
        value = self._memo.get(key)
        if value is None:
            n = self.n + IDF_PRIOR
            value = min(IDF_CAP, math.log((n + 1) / (self.df.get(key, 0) + 1)) + 1.0)
            self._memo[key] = value
        return value


def _df_keys(f: DocFeatures) -> set[str]:
    keys = {f"p:{p}" for p in f.persons}
    keys.update(f"s:{s}" for s in f.surnames)
    keys.update(f"g:{g}" for g in f.places)
    keys.update(f"n:{t}" for t in f.name_tokens)
    keys.update(f"w:{t}" for t, _ in f.terms)
    keys.update(f"G:{g}" for g in f.place_ids)
    keys.update(f"a:{a}" for a in f.actor_ids)
    return keys


def _week(day: dt.date) -> int:
    return day.toordinal() // 7


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _dated_keys(f: DocFeatures) -> list[tuple[str, str, int]]:
    """``(prefix, value, bucket width)`` of the keys filed under a date bucket."""
    out = [("s", s, 0) for s in f.surnames]
    out.extend(("g", g, 1) for g in f.places)
    out.extend(("n", t, 1) for t in f.name_tokens)
    out.extend(("h", t, 1) for t in f.title_tokens)
    return out


def _bucket(f: DocFeatures, width: int) -> int | None:
    """Month (width 0) or week (width 1) number of the reference date."""
    if f.date is None:
        return None
    return _month(f.date) if width == 0 else _week(f.date)


def _block_keys(f: DocFeatures) -> list[str]:
    """The keys a document is filed under.

    Every word-like feature is filed twice: under its date bucket (``g:x|week``),
    for dated documents to find each other, and without a date (``u:g:x``), for
    undated documents to find anything. Undated documents are also filed under the
    ``?`` bucket, which dated documents look up.
    """
    keys = [f"p:{p}" for p in f.persons]
    keys.extend(band_keys(f.signature))
    for prefix, value, width in _dated_keys(f):
        bucket = _bucket(f, width)
        keys.append(f"{prefix}:{value}|{'?' if bucket is None else bucket}")
        keys.append(f"u:{prefix}:{value}")
    return keys


def _probe_keys(f: DocFeatures, stats: CorpusStats) -> list[str]:
    """The keys a document looks up: its own, widened to neighbouring buckets.

    Common words ("police", "county") are not looked up: only words in fewer than
    ``RARE_SHARE`` of the documents seen so far (and at least ``RARE_MIN`` of them)
    make candidates. A dated document looks up places and last names whatever
    their frequency (their buckets keep them local in time) and the undated
    bucket; an undated document looks up rare features only, across all dates.
    """
    keys = [f"p:{p}" for p in f.persons]
    keys.extend(band_keys(f.signature))
    spans = {0: SURNAME_MONTHS, 1: PLACE_WEEKS}
    common = max(RARE_MIN, RARE_SHARE * stats.n)
    for prefix, value, width in _dated_keys(f):
        frequent = stats.df.get(_DF_PREFIX[prefix] + value, 0) > common
        bucket = _bucket(f, width)
        if bucket is None:
            if not frequent:
                keys.append(f"u:{prefix}:{value}")
            continue
        if frequent and prefix in ("n", "h"):
            continue
        keys.append(f"{prefix}:{value}|?")
        span = spans[width]
        keys.extend(f"{prefix}:{value}|{b}" for b in range(bucket - span, bucket + span + 1))
    return keys


#: The document-frequency key of each word-like blocking prefix.
_DF_PREFIX = {"s": "s:", "g": "g:", "n": "n:", "h": "w:"}


def _tfidf(f: DocFeatures, stats: CorpusStats) -> dict[str, float]:
    """Sublinear TF times IDF of a document's words, L2-normalised."""
    weights = {t: (1 + math.log(n)) * stats.idf(f"w:{t}") for t, n in f.terms}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _weighted_overlap(
    a: Iterable[str], b: Iterable[str], prefix: str, stats: CorpusStats
) -> tuple[float, list[str]]:
    """IDF mass of the shared items over the smaller side's IDF mass (0..1)."""
    sa, sb = set(a), set(b)
    shared = sorted(sa & sb)
    if not shared:
        return 0.0, []
    mass_a = sum(stats.idf(prefix + x) for x in sa)
    mass_b = sum(stats.idf(prefix + x) for x in sb)
    return sum(stats.idf(prefix + x) for x in shared) / min(mass_a, mass_b), shared


def pair_components(
    a: DocFeatures,
    b: DocFeatures,
    stats: CorpusStats,
    a_tfidf: Mapping[str, float] | None = None,
    b_tfidf: Mapping[str, float] | None = None,
) -> dict[str, tuple[float, str]]:
    """The raw similarity components of two documents: ``feature -> (value, detail)``.

    Only non-zero components are returned. Values (before weighting):

    - ``person``: scaled IDF (0..1) of the rarest full person name both give, times
      ``min(1, PERSON_DF / df)`` (``df``: the documents seen giving it);
    - ``surname``: the same for a shared last name not part of a shared full name;
    - ``place``: IDF-weighted share of places in common (0..1);
    - ``name_tokens``: IDF-weighted share of entity words in common (0..1);
    - ``title``: IDF-weighted share of title words in common (0..1);
    - ``place_ids``: IDF-weighted share of resolved places (GeoNames ids) in common
      (0..1): "Kyiv" and "Kiev" are one place;
    - ``actors``: IDF-weighted share of resolved actors (KB ids) in common (0..1);
    - ``cosine``: TF-IDF cosine of title and body words, capped at ``COSINE_CAP``;
      ``cosine_short``
      instead when either body has fewer than ``SHORT_WORDS`` words;
    - ``date``: ``log2(1 + days / 3)`` between the incident days when both
      documents have one (``DocFeatures.incident_date``: articles published days
      apart report one incident's day), else between the reference dates;
    - ``same_day``: 1 when both give the same incident day;
    - ``no_date``: 1 when neither that nor either reference date is known; then
      ``capture``, ``captured_before`` or ``no_capture`` say what the archive's
      capture days tell instead (:func:`_capture_components`);
    - ``counts``: the number of casualty counts both give differently (0..2);
    - ``ages``: 1 when both give a person's age and one age is the same
      ("a 17-year-old"); ``other_ages``: 1 when both give ages and none is shared;
    - ``other_people``: 1 when both name people and no name or last name is shared
      (in local crime news, different victims mean different incidents);
    - ``near_duplicate``: 1 when the bodies are copies of a text long enough not to
      be a shared page template, and within ``NEAR_DUPLICATE_DAYS``;
    - ``template``: 1 when short bodies are near-copies under titles sharing less
      than ``TEMPLATE_TITLE``: a site template, so neither ``cosine`` nor
      ``name_tokens`` is given (weight 0: it only says why);
    - ``same_outlet``: 1 when both come from one outlet: its page template (the
      site name in titles, section words) makes any two of its pages look alike,
      and an outlet more often reports two incidents than one twice (on gva-dev
      candidate pairs scoring between the thresholds, 9% of same-outlet pairs were
      one incident against 36% of the others).

    ``a_tfidf`` and ``b_tfidf`` are the documents' TF-IDF vectors when the caller
    already has them (the linker computes each once, not per pair).
    """
    out: dict[str, tuple[float, str]] = {}

    def scaled(key: str) -> float:
        return stats.idf(key) / IDF_CAP

    def specific(name: str) -> float:
        # a name in many documents is a public figure's (PERSON_DF)
        return scaled("p:" + name) * min(1.0, PERSON_DF / max(1, stats.df.get("p:" + name, 0)))

    shared_persons = sorted(set(a.persons) & set(b.persons))
    if shared_persons:
        best = max(shared_persons, key=lambda p: (specific(p), p))
        value = specific(best)
        df = stats.df.get("p:" + best, 0)
        detail = ", ".join(shared_persons)
        if df > PERSON_DF:
            detail += f" ({best!r} is in {df} documents)"
        out["person"] = (value, detail)
    in_persons = {p.split()[-1] for p in shared_persons}
    shared_all = set(a.surnames) & set(b.surnames)
    shared_surnames = sorted(shared_all - in_persons)
    if shared_surnames:
        best = max(shared_surnames, key=lambda s: (scaled("s:" + s), s))
        out["surname"] = (scaled("s:" + best), ", ".join(shared_surnames))
    if a.persons and b.persons and not shared_all:
        out["other_people"] = (1.0, f"{a.persons[0]} / {b.persons[0]}")
    for name, xs, ys, prefix in (
        ("place", a.places, b.places, "g:"),
        ("name_tokens", a.name_tokens, b.name_tokens, "n:"),
        ("title", a.title_tokens, b.title_tokens, "w:"),
        ("place_ids", a.place_ids, b.place_ids, "G:"),
        ("actors", a.actor_ids, b.actor_ids, "a:"),
    ):
        share, common = _weighted_overlap(xs, ys, prefix, stats)
        if common:
            out[name] = (share, ", ".join(common[:8]))
    cos = _cosine(
        _tfidf(a, stats) if a_tfidf is None else a_tfidf,
        _tfidf(b, stats) if b_tfidf is None else b_tfidf,
    )
    short = min(a.words, b.words) < SHORT_WORDS
    jac = (
        estimate_jaccard(a.signature, b.signature)
        if a.signature and len(a.signature) == len(b.signature)
        else 0.0
    )
    if short and jac >= NEAR_DUPLICATE_THRESHOLD and out.get("title", (0.0, ""))[0] < TEMPLATE_TITLE:
        # one short body under two different headlines is the site's template
        # (a consent notice, a video player), not the story: its words say nothing
        out.pop("name_tokens", None)
        out["template"] = (1.0, f"bodies Jaccard {jac:.2f} under different titles")
    elif cos > 0:
        # short bodies are mostly page templates (error pages, sign-in walls) whose
        # words match any other page of the site: their cosine is a weaker cue
        # and beyond COSINE_CAP more shared words say "same page layout" as often
        # as "same incident" (copies are caught by near_duplicate)
        out["cosine_short" if short else "cosine"] = (min(cos, COSINE_CAP), f"{cos:.2f}")
    days: int | None = None  # between the reference dates (near_duplicate reads it)
    if a.date is not None and b.date is not None:
        days = abs((a.date - b.date).days)
    if a.incident_date is not None and b.incident_date is not None:
        apart = abs((a.incident_date - b.incident_date).days)
        if apart:
            out["date"] = (math.log2(1 + apart / 3), f"incident days {apart} days apart")
        else:
            out["same_day"] = (1.0, f"both report an incident on {a.incident_date}")
    elif days is None:
        out["no_date"] = (1.0, "a reference date is unknown")
        out.update(_capture_components(a, b))
    elif days:
        out["date"] = (math.log2(1 + days / 3), f"{days} days apart")
    if a.ages and b.ages:
        shared_ages = sorted(set(a.ages) & set(b.ages))
        if shared_ages:
            out["ages"] = (1.0, ", ".join(map(str, shared_ages)))
        else:
            out["other_ages"] = (1.0, f"{a.ages} / {b.ages}")
    conflicts = [
        f"{name} {x} vs {y}"
        for name, x, y in (("killed", a.killed, b.killed), ("injured", a.injured, b.injured))
        if x is not None and y is not None and x != y
    ]
    if conflicts:
        out["counts"] = (float(len(conflicts)), "; ".join(conflicts))
    if a.outlet_id is not None and a.outlet_id == b.outlet_id:
        out["same_outlet"] = (1.0, a.outlet_id)
    if (
        min(a.words, b.words) >= NEAR_DUPLICATE_MIN_WORDS
        and (days is None or days <= NEAR_DUPLICATE_DAYS)
        and jac >= NEAR_DUPLICATE_THRESHOLD
    ):
        out["near_duplicate"] = (1.0, f"Jaccard {jac:.2f}")
    return out


def _capture_components(a: DocFeatures, b: DocFeatures) -> dict[str, tuple[float, str]]:
    """What the archive's capture days say of a pair when a reference date is unknown.

    A page was published by the day an archive captured it, so an undated page's
    capture day stands in for its date, from above: against a dated page's
    incident day (else its reference date), ``capture`` is ``log2(1 + days / 3)``
    of the days from that day to the capture (0 when captured the same day or up
    to ``CAPTURE_SLACK`` days before), and ``captured_before`` is 1 when the
    capture came earlier than that (the page cannot tell of an incident that had
    not happened yet); between two undated pages, ``capture`` reads the days
    between their captures. When that cannot be read (no capture day),
    ``no_capture`` is 1, and the pair weighs as before capture days were known.
    """
    if a.date is None and b.date is None:
        if a.capture_date is None or b.capture_date is None:
            return {"no_capture": (1.0, "a capture day is unknown")}
        gap = abs((a.capture_date - b.capture_date).days)
        return {"capture": (math.log2(1 + gap / 3), f"captured {gap} days apart")} if gap else {}
    undated, dated = (a, b) if a.date is None else (b, a)
    day = dated.incident_date or dated.date
    if undated.capture_date is None or day is None:
        return {"no_capture": (1.0, "a capture day is unknown")}
    gap = (undated.capture_date - day).days
    if gap < -CAPTURE_SLACK:
        return {"captured_before": (1.0, f"captured {-gap} days before the other's {day}")}
    if gap <= 0:
        return {}
    return {"capture": (math.log2(1 + gap / 3), f"captured {gap} days after the other's {day}")}


def score_pair(
    a: DocFeatures,
    b: DocFeatures,
    stats: CorpusStats,
    weights: Mapping[str, float] = WEIGHTS,
    a_tfidf: Mapping[str, float] | None = None,
    b_tfidf: Mapping[str, float] | None = None,
) -> PairScore:
    """The explainable similarity of two documents: weighted :func:`pair_components`.

    Args:
        a: one document's features.
        b: the other's.
        stats: document frequencies for IDF.
        weights: the weight of each component (``WEIGHTS`` by default).
        a_tfidf: ``a``'s TF-IDF vector, when already computed.
        b_tfidf: ``b``'s, likewise.

    Returns:
        The score and its reasons (one per component), strongest first.
    """
    reasons = [
        Reason(feature=name, weight=weights.get(name, 0.0) * value, detail=detail)
        for name, (value, detail) in pair_components(a, b, stats, a_tfidf, b_tfidf).items()
    ]
    reasons.sort(key=lambda r: (-r.weight, r.feature))
    return PairScore(a=a.doc_id, b=b.doc_id, score=sum(r.weight for r in reasons),
                     reasons=tuple(reasons))


class Linker:
    """The incremental clusterer: a blocking index, document frequencies, clusters.

    Deterministic for a given order of :meth:`add` calls. In memory; its whole state
    follows from the features in the order they were added (:meth:`rebuild`), so a
    store keeps features, never this object.

    Example:
        >>> linker = Linker()
        >>> cluster_id = linker.add(features)  # doctest: +SKIP
    """

    def __init__(
        self, *, threshold: float = THRESHOLD, weights: Mapping[str, float] = WEIGHTS
    ) -> None:
        """An empty linker.

        Args:
            threshold: the score from which a document joins a cluster.
            weights: the weight of each similarity component.
        """
        self.threshold = threshold
        self.weights = MappingProxyType(dict(weights))
        self._features: dict[str, DocFeatures] = {}
        self._cluster_of: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._merges: dict[str, Merge] = {}
        self._unions: list[Merge] = []
        self._df: Counter[str] = Counter()
        self._index: defaultdict[str, list[str]] = defaultdict(list)
        # TF-IDF vectors of the indexed documents, each with the corpus size it was
        # computed at; a vector is recomputed when it is read after the corpus has
        # doubled since (from REFRESH_FROM on): IDF stays within a factor of two of
        # the current corpus, for amortised constant work per document and no pass
        # over the whole index.
        self._vectors: dict[str, tuple[int, dict[str, float]]] = {}

    @classmethod
    def rebuild(
        cls,
        features: Iterable[DocFeatures],
        *,
        threshold: float = THRESHOLD,
        weights: Mapping[str, float] = WEIGHTS,
    ) -> Linker:
        """A linker with ``features`` added in order (from stored features)."""
        linker = cls(threshold=threshold, weights=weights)
        for f in features:
            linker.add(f)
        return linker

    def __len__(self) -> int:
        return len(self._features)

    @property
    def stats(self) -> CorpusStats:
        """The document frequencies seen so far (a read-only view)."""
        return CorpusStats(n=len(self._features), df=self._df)

    def candidates(self, f: DocFeatures, stats: CorpusStats | None = None) -> list[str]:
        """The indexed documents ``f`` is compared with (most shared keys first)."""
        hits: Counter[str] = Counter()
        for key in _probe_keys(f, self.stats if stats is None else stats):
            posting = self._index.get(key)
            if not posting:
                continue
            for doc_id in posting[-MAX_POSTING:]:
                if doc_id != f.doc_id:
                    hits[doc_id] += 1
        if f.date is not None:
            for doc_id in list(hits):
                other = self._features[doc_id].date
                if other is not None and abs((other - f.date).days) > PERSON_DAYS:
                    del hits[doc_id]
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [doc_id for doc_id, _ in ranked[:MAX_CANDIDATES]]

    def _vector(self, doc_id: str, stats: CorpusStats) -> dict[str, float]:
        made_at, vector = self._vectors[doc_id]
        if stats.n >= REFRESH_FROM and 2 * made_at < stats.n:
            vector = _tfidf(self._features[doc_id], stats)
            self._vectors[doc_id] = (stats.n, vector)
        return vector

    def scored(
        self,
        f: DocFeatures,
        stats: CorpusStats | None = None,
        vector: Mapping[str, float] | None = None,
    ) -> list[PairScore]:
        """Every candidate of ``f`` with its score, best first (ties: smaller id)."""
        stats = self.stats if stats is None else stats
        vector = _tfidf(f, stats) if vector is None else vector
        pairs = [
            score_pair(f, self._features[doc_id], stats, self.weights, vector,
                       self._vector(doc_id, stats))
            for doc_id in self.candidates(f, stats)
        ]
        pairs.sort(key=lambda p: (-p.score, p.b))
        return pairs

    def best_match(
        self,
        f: DocFeatures,
        stats: CorpusStats | None = None,
        vector: Mapping[str, float] | None = None,
    ) -> PairScore | None:
        """The best-scoring candidate of ``f`` (ties go to the smaller id), or ``None``."""
        pairs = self.scored(f, stats, vector)
        return pairs[0] if pairs else None

    def add(self, f: DocFeatures) -> str:
        """File a document and return its cluster id.

        The document joins the cluster of its best candidate when their score
        reaches the threshold, else it founds a cluster named after itself
        (``"c:" + doc_id``). When it also matches a document of another cluster by
        ``UNION_MARGIN`` above the threshold, the two clusters become one (a late
        article that names what two earlier ones each told half of), and so does
        a document still alone in its cluster that it matches by
        ``SINGLETON_MARGIN`` above the threshold (a page that came before any
        account it could join is picked up by a later one); the larger cluster
        keeps its id, and each union is kept (:meth:`unions`). Adding an id
        already present changes nothing.

        Args:
            f: the document's features.

        Returns:
            Its cluster id.
        """
        known = self._cluster_of.get(f.doc_id)
        if known is not None:
            return known
        stats = self.stats
        vector = _tfidf(f, stats)
        pairs = self.scored(f, stats, vector)
        best = pairs[0] if pairs else None
        if best is not None and self._joins(best, pairs):
            cluster = self._cluster_of[best.b]
            self._merges[f.doc_id] = Merge(doc_id=f.doc_id, cluster_id=cluster, matched=best.b,
                                           score=best.score, reasons=best.reasons)
        else:
            cluster = "c:" + f.doc_id
        self._features[f.doc_id] = f
        self._cluster_of[f.doc_id] = cluster
        self._members.setdefault(cluster, []).append(f.doc_id)
        self._df.update(_df_keys(f))
        for key in _block_keys(f):
            self._index[key].append(f.doc_id)
        self._vectors[f.doc_id] = (stats.n, vector)
        for pair in pairs[1:]:
            if pair.score < self.threshold + min(UNION_MARGIN, SINGLETON_MARGIN):
                break
            other = self._cluster_of[pair.b]
            if other != cluster and (pair.score >= self.threshold + UNION_MARGIN
                                     or len(self._members[other]) == 1):
                cluster = self._union(cluster, other, f.doc_id, pair)
        return cluster

    def _joins(self, best: PairScore, pairs: Sequence[PairScore]) -> bool:
        """Whether a document joins the cluster of its best candidate ``best``.

        At ``threshold``, always; from ``LOW_THRESHOLD``, when ``best`` stands out
        by ``MARGIN`` from the best candidate of any other cluster (or no other
        cluster is a candidate): the blocking index only brings documents that
        share rare names, places or words, so a clear winner among them is most
        often the same incident, while a close race between two clusters is not.
        """
        if best.score >= self.threshold:
            return True
        if best.score < self.threshold - THRESHOLD + LOW_THRESHOLD:
            return False
        mine = self._cluster_of[best.b]
        runner_up = next((p.score for p in pairs if self._cluster_of[p.b] != mine), None)
        return runner_up is None or best.score - runner_up >= MARGIN

    def _union(self, cluster: str, other: str, doc_id: str, pair: PairScore) -> str:
        """Make ``other`` and ``cluster`` one cluster (the larger's id); returns it."""
        if other == cluster:
            return cluster
        keep, gone = (cluster, other)
        if len(self._members[other]) > len(self._members[cluster]):
            keep, gone = other, cluster
        moved = self._members.pop(gone)
        for d in moved:
            self._cluster_of[d] = keep
        self._members[keep].extend(moved)
        self._unions.append(Merge(doc_id=doc_id, cluster_id=keep, matched=pair.b,
                                  score=pair.score, reasons=pair.reasons))
        return keep

    def detach(self, doc_id: str) -> str:
        """Undo a document's merge: it leaves its cluster and founds its own.

        Documents that joined through it keep their cluster (each merge is undone on
        its own, from its stored reason).

        Args:
            doc_id: an added document.

        Returns:
            Its new cluster id.

        Raises:
            KeyError: when the document was never added.
        """
        if doc_id not in self._cluster_of:
            raise KeyError(doc_id)
        self._merges.pop(doc_id, None)
        old = self._cluster_of[doc_id]
        cluster = "c:" + doc_id
        if old != cluster:
            members = self._members[old]
            members.remove(doc_id)
            if not members:
                del self._members[old]
            self._members.setdefault(cluster, []).append(doc_id)
        self._cluster_of[doc_id] = cluster
        return cluster

    def cluster_of(self, doc_id: str) -> str:
        """The cluster id of an added document."""
        return self._cluster_of[doc_id]

    def clusters(self) -> dict[str, str]:
        """Every added document's cluster id, in the order they were added."""
        return dict(self._cluster_of)

    def merge_of(self, doc_id: str) -> Merge | None:
        """Why a document joined its cluster, or ``None`` when it founded it."""
        return self._merges.get(doc_id)

    def merges(self) -> list[Merge]:
        """Every merge, in the order of the documents that made them."""
        return [self._merges[d] for d in self._cluster_of if d in self._merges]

    def unions(self) -> list[Merge]:
        """Every union of two clusters, in order: ``doc_id`` matched ``matched`` of the
        other cluster well enough to join the two (``cluster_id`` is the one kept)."""
        return list(self._unions)


def link_documents(features: Iterable[DocFeatures], *, threshold: float = THRESHOLD) -> dict[
    str, str
]:
    """Cluster documents into incidents: document id -> cluster id.

    Documents are added in the order given (sort them by reference date for a
    stream-like run); the result is deterministic for a given order.

    Args:
        features: the documents' features.
        threshold: the score from which a document joins a cluster.

    Returns:
        Each document id's cluster id.
    """
    return Linker.rebuild(features, threshold=threshold).clusters()
