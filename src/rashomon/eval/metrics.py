"""Pure scoring functions: coreference partitions, distances, dates, summaries.

Nothing here reads files or knows about GVA; every function takes plain values and
returns plain values, so each can be checked against a hand-computed example.

Coreference metrics follow the reference implementation described by Pradhan et al.
(2014), "Scoring Coreference Partitions of Predicted Mentions: A Reference
Implementation": a *partition* is a mapping ``mention -> cluster label``; the key
(gold) and the response (system) may cover different mentions. A mention the other
side lacks counts as a singleton there (MUC) or simply shares nothing (B-cubed, CEAF).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]  # no stubs

#: Mean Earth radius (IUGG), the usual choice for the haversine formula.
EARTH_RADIUS_KM = 6371.0088

# Keys are Any because Mapping is invariant in its key type: a dict[str, str] of
# document ids must be accepted as readily as a dict[int, int].
Partition = Mapping[Any, Hashable]
"""A clustering: mention -> cluster label (labels are only compared for equality)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PRF:
    """Precision, recall and their harmonic mean (F1), each in 0..1."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> PRF:
        """Builds the record, with F1 = 0 when both are 0 (rather than dividing by 0)."""
        total = precision + recall
        return cls(
            precision=precision,
            recall=recall,
            f1=0.0 if total == 0 else 2 * precision * recall / total,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkScores:
    """The three coreference metrics and their CoNLL average (mean of the F1s)."""

    bcubed: PRF
    muc: PRF
    ceafe: PRF

    @property
    def conll_f1(self) -> float:
        """The CoNLL-2012 score: the unweighted mean of MUC, B-cubed and CEAF-e F1."""
        return (self.bcubed.f1 + self.muc.f1 + self.ceafe.f1) / 3


def clusters(partition: Partition) -> list[frozenset[Hashable]]:
    """Groups a ``mention -> label`` mapping into clusters (sets of mentions).

    The order is that of each label's first mention, so results are deterministic.
    """
    groups: dict[Hashable, set[Hashable]] = {}
    for mention, label in partition.items():
        groups.setdefault(label, set()).add(mention)
    return [frozenset(g) for g in groups.values()]


def muc(key: Partition, response: Partition) -> PRF:
    """MUC (Vilain et al., 1995): link-based, counts the links needed to rejoin clusters.

    Recall is ``sum(|K| - |p(K)|) / sum(|K| - 1)`` over key clusters ``K``, where
    ``p(K)`` is the partition of ``K`` by the response, mentions missing from the
    response each forming their own part; precision swaps the roles. A side made only
    of singletons has no links, so its denominator is 0 and that figure is 0 (as in
    the reference scorer). Not useful alone: it ignores singletons entirely, so it
    rewards over-merging; read it beside B-cubed and CEAF-e.
    """
    return PRF.of(_muc_recall(response, key), _muc_recall(key, response))


def _muc_recall(key: Partition, response: Partition) -> float:
    numerator = 0
    denominator = 0
    for cluster in clusters(key):
        parts = {response.get(m, ("__missing__", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return 0.0 if denominator == 0 else numerator / denominator


def bcubed(key: Partition, response: Partition) -> PRF:
    """B-cubed (Bagga and Baldwin, 1998): per-mention overlap of its two clusters.

    Recall is ``sum over K, R of |K & R|^2 / |K|`` divided by the number of key
    mentions; precision is the same with ``/ |R|`` over response mentions. As in
    Pradhan et al. (2014), a mention only one side has adds nothing to the overlap
    but still counts in that side's denominator.
    """
    overlap = _overlaps(key, response)
    key_sizes = {label: len(c) for label, c in _by_label(key).items()}
    resp_sizes = {label: len(c) for label, c in _by_label(response).items()}
    recall_sum = sum(n * n / key_sizes[k] for (k, _), n in overlap.items())
    precision_sum = sum(n * n / resp_sizes[r] for (_, r), n in overlap.items())
    recall = recall_sum / len(key) if key else 0.0
    precision = precision_sum / len(response) if response else 0.0
    return PRF.of(precision, recall)


def ceafe(key: Partition, response: Partition) -> PRF:
    """Entity-based CEAF (Luo, 2005) with the similarity phi4 = 2|K & R| / (|K| + |R|).

    The best one-to-one alignment of key and response clusters (Kuhn-Munkres, via
    :func:`scipy.optimize.linear_sum_assignment`) gives the total similarity ``S``;
    recall is ``S / #key clusters`` and precision ``S / #response clusters``. Only
    clusters that share a mention have a non-zero similarity, so the assignment is
    solved per connected component: that keeps it fast on thousands of clusters.
    """
    key_groups = _by_label(key)
    resp_groups = _by_label(response)
    if not key_groups or not resp_groups:
        return PRF.of(0.0, 0.0)
    overlap = _overlaps(key, response)
    total = 0.0
    for comp_keys, comp_resps in _components(overlap):
        k_index = {k: i for i, k in enumerate(comp_keys)}
        r_index = {r: j for j, r in enumerate(comp_resps)}
        sim = np.zeros((len(comp_keys), len(comp_resps)))
        for k in comp_keys:
            for r in comp_resps:
                n = overlap.get((k, r), 0)
                if n:
                    sim[k_index[k], r_index[r]] = (
                        2 * n / (len(key_groups[k]) + len(resp_groups[r]))
                    )
        rows, cols = linear_sum_assignment(sim, maximize=True)
        total += float(sim[rows, cols].sum())
    return PRF.of(total / len(resp_groups), total / len(key_groups))


def link_scores(key: Partition, response: Partition) -> LinkScores:
    """B-cubed, MUC and CEAF-e of ``response`` against ``key``."""
    return LinkScores(
        bcubed=bcubed(key, response), muc=muc(key, response), ceafe=ceafe(key, response)
    )


def singletons_partition(mentions: Iterable[Hashable]) -> dict[Hashable, Hashable]:
    """The all-singletons baseline: every mention alone (what "no linking" scores)."""
    return {m: ("singleton", m) for m in mentions}


def one_cluster_partition(mentions: Iterable[Hashable]) -> dict[Hashable, Hashable]:
    """The one-cluster baseline: every mention in one cluster (maximal over-merging)."""
    return {m: "all" for m in mentions}


def _by_label(partition: Partition) -> dict[Hashable, set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in partition.items():
        groups[label].add(mention)
    return groups


def _overlaps(key: Partition, response: Partition) -> dict[tuple[Hashable, Hashable], int]:
    """``(key label, response label) -> number of shared mentions``, non-zero only."""
    counts: dict[tuple[Hashable, Hashable], int] = defaultdict(int)
    for mention, k in key.items():
        if mention in response:
            counts[(k, response[mention])] += 1
    return counts


def _components(
    overlap: Mapping[tuple[Hashable, Hashable], int],
) -> list[tuple[list[Hashable], list[Hashable]]]:
    """Connected components of the bipartite key/response overlap graph."""
    parent: dict[tuple[str, Hashable], tuple[str, Hashable]] = {}

    def find(x: tuple[str, Hashable]) -> tuple[str, Hashable]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, r in overlap:
        a, b = find(("k", k)), find(("r", r))
        if a != b:
            parent[a] = b
    comps: dict[tuple[str, Hashable], tuple[list[Hashable], list[Hashable]]] = {}
    for node in list(parent):
        keys, resps = comps.setdefault(find(node), ([], []))
        (keys if node[0] == "k" else resps).append(node[1])
    return list(comps.values())


# -- distances and dates -------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees.

    Uses a spherical Earth (radius 6371.0088 km), so it is off by up to ~0.5 % from
    the ellipsoidal distance: far below the 25 km tolerance it is used for.
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


DateRange = tuple[dt.date, dt.date]
"""An inclusive ``(low, high)`` range of days; a single day has ``low == high``."""


def date_exact(predicted: DateRange | None, gold: dt.date) -> bool:
    """True when the prediction is exactly the gold day (a one-day range)."""
    return predicted is not None and predicted[0] == predicted[1] == gold


def date_within(predicted: DateRange | None, gold: dt.date, days: int) -> bool:
    """True when every day of the predicted range is within ``days`` of the gold day.

    So "within one day" accepts 14 or 14-15 for a gold 15th, but not a whole week that
    merely contains the 15th: a vague range must not score as a precise one.
    """
    if predicted is None:
        return False
    low, high = predicted
    slack = dt.timedelta(days=days)
    return gold - slack <= low <= high <= gold + slack


def date_contains(predicted: DateRange | None, gold: dt.date) -> bool:
    """True when the gold day lies inside the predicted range (however wide)."""
    return predicted is not None and predicted[0] <= gold <= predicted[1]


def date_error_days(predicted: DateRange | None, gold: dt.date) -> int | None:
    """Days from the gold day to the nearest end of the range (0 inside it)."""
    if predicted is None:
        return None
    low, high = predicted
    if low <= gold <= high:
        return 0
    return min(abs((low - gold).days), abs((high - gold).days))


# -- summaries ------------------------------------------------------------------------


def fraction(outcomes: Sequence[bool | None]) -> float | None:
    """Share of True among the scored outcomes (``None`` = not scorable, left out).

    Returns ``None`` when nothing was scorable, so an empty set never reads as 0 %.
    """
    scored = [o for o in outcomes if o is not None]
    if not scored:
        return None
    return sum(1 for o in scored if o) / len(scored)


def median(values: Iterable[float | None]) -> float | None:
    """Median of the known values, or ``None`` when there are none."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None
