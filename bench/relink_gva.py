"""Re-run the document linker on stored gva-dev features and score it, in seconds.

Usage::

    .venv/bin/python bench/relink_gva.py DB [--corpus DIR] [--split K/N] [--shuffle SEED]
        [--threshold T] [--set NAME=VALUE ...] [--stored-annotations]
        [--stored-dates]

``DB`` is the SQLite file of a full run, ``rashomon eval gva DIR --db DB`` (it stores
every document and its linker features, table ``doc_features``). This replays the
stored features through :class:`rashomon.link.Linker` in ingest order (and, with
``--shuffle``, in a seeded shuffle) and scores the clusters against the gold
incidents exactly as ``rashomon eval gva`` does (``eval.gva.link_partitions``,
``eval.metrics.link_scores``): B-cubed, MUC, CEAF-e, CoNLL, and the number of
predicted versus gold incidents. No gold information enters the linker.

A development tool: a linker change is measured here in seconds instead of the
minutes of a full pipeline run, and the final figure still comes from a fresh
``rashomon eval gva``. ``--split K/N`` scores only the incidents of one hash split
(the linker still sees every document, as a user's corpus would), so a setting
tuned on one half can be checked on the other. ``--set`` overrides a module
constant of ``rashomon.link.cluster`` (``--set MAX_POSTING=20``) or a weight
(``--set w.date=-0.5``); ``--stored-annotations`` fills the resolved places, actors
and ages of features stored before they existed, from the store's other tables,
and ``--stored-dates`` the main incident's day and the archive's capture day
likewise.

From Python, :func:`collect_pairs` records every document's candidates with their
raw components once (they do not depend on weights or thresholds), :func:`simulate`
replays any weights and thresholds over them in a fraction of a second, and
:func:`fit_weights` fits the weights by logistic regression on "same gold incident"
(fit on the documents of one ``--split`` half, score the other).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import json
import os
import random
import sqlite3
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rashomon.eval import metrics as m
from rashomon.eval.gva import (
    GoldDocument,
    Selection,
    link_partitions,
    load_corpus,
    parse_split,
    raw_document,
)
from rashomon.link import DocFeatures, Linker
from rashomon.link.features import capture_day, person_ages
from rashomon.model import content_hash

# the module, not the name ``rashomon.link`` exports (an events function)
cluster_mod = importlib.import_module("rashomon.link.cluster")
REPO = Path(__file__).resolve().parent.parent


def default_corpus() -> Path:
    """$RASHOMON_SHARED/data/gva-dev, or ../shared/data/gva-dev beside the repo."""
    return Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared")) / "data" / "gva-dev"


def stored_features(db: Path) -> list[DocFeatures]:
    """The stored linker features, in ingest order (the order ``link_documents`` uses)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "select f.features from doc_features f join documents d on d.id = f.document_id "
            "order by d.ingested_at, d.id"
        ).fetchall()
    finally:
        con.close()
    return [DocFeatures.from_json(json.loads(r[0])) for r in rows]


def with_stored_annotations(db: Path, feats: Sequence[DocFeatures]) -> list[DocFeatures]:
    """``feats`` with ``place_ids`` / ``actor_ids`` / ``ages`` read from the store.

    For a store made before the features carried them: the resolved places and
    actors of the body pieces ``pipeline._link_entities`` reads (the first pieces up
    to 2,000 characters), as the pipeline now computes them.
    """
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        spans: dict[str, list[tuple[int, int]]] = {}
        all_spans: dict[str, list[tuple[int, int]]] = {}
        for doc_id, start, end in con.execute(
            "select document_id, start, \"end\" from segments where label = 'body' "
            "and \"end\" > start order by document_id, start"
        ):
            all_spans.setdefault(doc_id, []).append((start, end))
            got = spans.setdefault(doc_id, [])
            if sum(e - s for s, e in got) < 2000:
                got.append((start, end))
        bodies: dict[str, str] = {}
        for doc_id, title, text in con.execute("select id, title, text from documents"):
            body = "\n\n".join(text[s:e] for s, e in all_spans.get(doc_id, [])) or text
            window = body[:2000]
            bodies[doc_id] = f"{title}\n{window}" if title else window
        places: dict[str, set[str]] = {}
        actors: dict[str, set[str]] = {}
        for doc_id, kind, start, rid in con.execute(
            "select document_id, kind, start, resolved_id from mentions "
            "where kind in ('place', 'actor') and resolved_id is not null"
        ):
            if not any(s <= start < e for s, e in spans.get(doc_id, [])):
                continue
            (places if kind == "place" else actors).setdefault(doc_id, set()).add(str(rid))
    finally:
        con.close()
    return [
        dataclasses.replace(
            f,
            place_ids=f.place_ids or tuple(sorted(places.get(f.doc_id, ()))),
            actor_ids=f.actor_ids or tuple(sorted(actors.get(f.doc_id, ()))),
            ages=f.ages or person_ages(bodies.get(f.doc_id, "")),
        )
        for f in feats
    ]


#: Event types whose dated mention can stand for the incident's day (as in
#: ``extract._main_date``).
_VIOLENT = ("Battles", "Violence against civilians", "Explosions/Remote violence")


def with_stored_dates(db: Path, feats: Sequence[DocFeatures]) -> list[DocFeatures]:
    """``feats`` with ``incident_date`` and ``capture_date`` read from the store, for
    features stored before they existed.

    The capture day is read from the document's address (``features.capture_day``).
    The incident day is the choice of ``extract.main_incident_day`` replayed on the stored event and time
    mentions: the main event's day; else the first dated violent event that
    occurred; else the first one-day time of the body in a clause that is not
    future and not after the reference date; else the reference date when it is
    known to the day. Only a single day counts (a range gives none).
    """
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        events: dict[str, list[tuple[Any, ...]]] = {}
        for row in con.execute(
            "select document_id, is_main, event_type, modality, date_start, date_end, "
            "time_precision from event_mentions order by document_id, seq"
        ):
            events.setdefault(row[0], []).append(row[1:])
        times: dict[str, list[tuple[str, str, str]]] = {}
        for doc_id, detail in con.execute(
            "select document_id, detail from mentions where kind = 'time' "
            "order by document_id, start"
        ):
            d = json.loads(detail)
            if d.get("precision") == "day" and d.get("tense") != "future":
                times.setdefault(doc_id, []).append((d["start"], d["end"], d["tense"]))
        day_precise: set[str] = set()
        captured: dict[str, dt.date | None] = {}
        for doc_id, precision, url in con.execute(
            "select id, reference_date_precision, url from documents"
        ):
            if precision == "day":
                day_precise.add(doc_id)
            captured[doc_id] = capture_day(url)
    finally:
        con.close()

    def day(f: DocFeatures) -> dt.date | None:
        rows = events.get(f.doc_id, [])
        found: tuple[str, str] | None = None
        for is_main, _, _, start, end, precision in rows:
            if is_main and start and end and precision == "day":
                found = (start, end)
        if found is None:
            found = next(
                ((start, end) for _, etype, modality, start, end, precision in rows
                 if etype in _VIOLENT and precision == "day" and start and end
                 and modality in ("occurred", "attempted", "claimed")),
                None,
            )
        if found is None:
            ref = f.date.isoformat() if f.date else None
            found = next(
                ((start, end) for start, end, _ in times.get(f.doc_id, [])
                 if start == end and (ref is None or start <= ref)),
                None,
            )
        if found is None and f.date is not None and f.doc_id in day_precise:
            return f.date
        if found is None or found[0] != found[1]:
            return None
        return dt.date.fromisoformat(found[0])

    return [
        dataclasses.replace(
            f,
            incident_date=f.incident_date or day(f),
            capture_date=f.capture_date or captured.get(f.doc_id),
        )
        for f in feats
    ]


def relink(feats: Sequence[DocFeatures], **kwargs: Any) -> tuple[dict[str, str], float]:
    """Cluster ``feats`` in the given order; returns the clusters and the seconds spent."""
    t0 = time.perf_counter()
    linker = Linker(**kwargs)
    for f in feats:
        linker.add(f)
    return linker.clusters(), time.perf_counter() - t0


def score(corpus_dir: Path, split: tuple[int, int] | None, clusters: Mapping[str, str],
          stored_only: bool = False) -> dict[str, Any]:
    """The eval's linking figures for ``clusters`` (our document id -> cluster id).

    With ``stored_only``, gold documents the linker never saw are left out (a store
    of a partial run); otherwise they count as singletons, as the eval does.
    """
    corpus = load_corpus(corpus_dir, Selection(split=split))
    doc_ids = {d.key: _stored_id(d, corpus.path, clusters) for d in corpus.documents}
    if stored_only:
        kept = tuple(d for d in corpus.documents if doc_ids[d.key] in clusters)
        corpus = dataclasses.replace(corpus, documents=kept)
    key, response = link_partitions(corpus, doc_ids, clusters)
    s = m.link_scores(key, response)
    return {
        "bcubed": (s.bcubed.precision, s.bcubed.recall, s.bcubed.f1),
        "muc_f1": s.muc.f1,
        "ceafe_f1": s.ceafe.f1,
        "conll_f1": s.conll_f1,
        "predicted_incidents": len(set(response.values())),
        "gold_incidents": len(set(key.values())),
        "mentions": len(key),
    }


def _stored_id(doc: GoldDocument, corpus_path: Path, clusters: Mapping[str, str]) -> str:
    """Our id of a gold article: as ingest makes it now, or as a store made before
    ingest put the title on top of the text did (the hash of the bare text)."""
    now = raw_document(doc, corpus_path).content_id
    if now in clusters:
        return now
    bare = content_hash(doc.content)
    return bare if bare in clusters else now


Pairs = list[tuple[str, list[tuple[str, dict[str, float]]]]]


def collect_pairs(feats: Sequence[DocFeatures]) -> Pairs:
    """Each document's candidates with their raw components, as the linker sees them.

    The candidates and components do not depend on the weights or the threshold
    (blocking reads the index, not the clusters), so any setting of those can then
    be replayed in a fraction of a second by :func:`simulate`.
    """
    linker = Linker()
    out: Pairs = []
    for f in feats:
        stats = linker.stats
        vector = cluster_mod._tfidf(f, stats)
        row = []
        for c in linker.candidates(f, stats):
            comps = cluster_mod.pair_components(
                f, linker._features[c], stats, vector, linker._vector(c, stats)
            )
            row.append((c, {k: v for k, (v, _) in comps.items()}))
        out.append((f.doc_id, row))
        linker.add(f)
    return out


def simulate(pairs: Pairs, weights: Mapping[str, float], threshold: float,
             union_margin: float | None = None, low: float | None = None,
             margin: float | None = None,
             singleton_margin: float | None = None) -> dict[str, str]:
    """The clusters :class:`Linker` makes with these settings (from :func:`collect_pairs`).

    ``union_margin``, ``low`` (the low threshold), ``margin`` and
    ``singleton_margin`` default to the module's ``UNION_MARGIN``,
    ``LOW_THRESHOLD``, ``MARGIN`` and ``SINGLETON_MARGIN``. Ties between candidates
    of equal score may break differently from the linker's (by id).
    """
    um = cluster_mod.UNION_MARGIN if union_margin is None else union_margin
    sm = cluster_mod.SINGLETON_MARGIN if singleton_margin is None else singleton_margin
    low = cluster_mod.LOW_THRESHOLD if low is None else low
    margin = cluster_mod.MARGIN if margin is None else margin
    parent: dict[str, str] = {}
    size: dict[str, int] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            if size[rx] < size[ry]:
                rx, ry = ry, rx
            parent[ry] = rx
            size[rx] += size[ry]

    for doc_id, row in pairs:
        parent[doc_id] = doc_id
        size[doc_id] = 1
        scored = sorted(
            ((sum(weights.get(k, 0.0) * v for k, v in comps.items()), c) for c, comps in row),
            key=lambda t: (-t[0], t[1]),
        )
        if not scored:
            continue
        s1, c1 = scored[0]
        k1 = find(c1)
        s2 = next((sc for sc, c in scored[1:] if find(c) != k1), None)
        if s1 >= threshold or (s1 >= low and (s2 is None or s1 - s2 >= margin)):
            union(doc_id, k1)
        for sc, c in scored[1:]:
            if sc < threshold + min(um, sm):
                break
            k = find(c)
            if k != find(doc_id) and (sc >= threshold + um or size[k] == 1):
                union(doc_id, k)
    return {d: "c:" + find(d) for d in parent}


def fit_weights(pairs: Pairs, incidents: Mapping[str, set[str]], names: Sequence[str],
                keep: set[str] | None = None, l2: float = 1.0) -> tuple[dict[str, float], float]:
    """A logistic regression of "same gold incident" on the components of candidate
    pairs (of documents in ``keep`` when given): weights and intercept."""
    import numpy as np

    xs, ys = [], []
    for doc_id, row in pairs:
        if keep is not None and doc_id not in keep:
            continue
        mine = incidents.get(doc_id, set())
        for c, comps in row:
            xs.append([comps.get(n, 0.0) for n in names])
            ys.append(1.0 if mine & incidents.get(c, set()) else 0.0)
    x = np.hstack([np.asarray(xs), np.ones((len(xs), 1))])
    y = np.asarray(ys)
    w = np.zeros(x.shape[1])
    reg = np.eye(x.shape[1]) * l2
    reg[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + reg @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {n: float(v) for n, v in zip(names, w[:-1])}, float(w[-1])


def gold_incidents(corpus_dir: Path) -> dict[str, set[str]]:
    """Our document id -> its gold incident ids (identical texts may have several).

    Each article is listed under its id as ingest makes it now and under the hash of
    its bare text (the id in stores made before ingest put the title on top).
    """
    corpus = load_corpus(corpus_dir)
    out: dict[str, set[str]] = {}
    for d in corpus.documents:
        for doc_id in {raw_document(d, corpus.path).content_id, content_hash(d.content)}:
            out.setdefault(doc_id, set()).add(d.incident_id)
    return out


def _apply_overrides(pairs: Sequence[str]) -> dict[str, float]:
    weights = dict(cluster_mod.WEIGHTS)
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name.startswith("w."):
            weights[name[2:]] = float(value)
        elif hasattr(cluster_mod, name):
            old = getattr(cluster_mod, name)
            setattr(cluster_mod, name, type(old)(float(value)) if not isinstance(old, bool)
                    else value.lower() in ("1", "true", "yes"))
        else:
            sys.exit(f"unknown setting {name}")
    return weights


def main() -> None:
    """Replay, score and print."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--corpus", type=Path, default=default_corpus())
    ap.add_argument("--split", type=parse_split, default=None)
    ap.add_argument("--shuffle", type=int, default=None, help="also replay in this seeded shuffle")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--stored-annotations", action="store_true",
                    help="fill place_ids / actor_ids from the store's mentions table")
    ap.add_argument("--stored-dates", action="store_true",
                    help="fill incident_date from the store's event and time mentions, and "
                         "capture_date from the documents' addresses")
    ap.add_argument("--stored-only", action="store_true",
                    help="score only the gold documents found in the store (partial run)")
    ap.add_argument("--set", action="append", default=[], help="NAME=VALUE or w.FEATURE=VALUE")
    args = ap.parse_args()

    weights = _apply_overrides(args.set)
    kwargs: dict[str, Any] = {"weights": weights}
    if args.threshold is not None:
        kwargs["threshold"] = args.threshold
    feats = stored_features(args.db)
    if args.stored_annotations:
        feats = with_stored_annotations(args.db, feats)
    if args.stored_dates:
        feats = with_stored_dates(args.db, feats)
    orders = [("ingest order", feats)]
    if args.shuffle is not None:
        shuffled = list(feats)
        random.Random(args.shuffle).shuffle(shuffled)
        orders.append((f"shuffled (seed {args.shuffle})", shuffled))
    for name, order in orders:
        clusters, seconds = relink(order, **kwargs)
        s = score(args.corpus, args.split, clusters, args.stored_only)
        p, r, f1 = s["bcubed"]
        print(f"{name}: {len(order)} docs linked in {seconds:.1f} s; "
              f"B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}; MUC {s['muc_f1']:.3f} "
              f"CEAF-e {s['ceafe_f1']:.3f} CoNLL {s['conll_f1']:.3f}; incidents predicted "
              f"{s['predicted_incidents']} / gold {s['gold_incidents']} "
              f"({s['mentions']} documents)")


if __name__ == "__main__":
    main()
