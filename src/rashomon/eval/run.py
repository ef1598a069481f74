"""One evaluation run: feed the gold corpus to a predictor, score, summarise as JSON.

:func:`evaluate` is the whole job; :func:`summarise` turns per-document scores into
the figures of the JSON report, so it can be tested without running anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon import __version__
from rashomon.eval import metrics as m
from rashomon.eval.gva import (
    FIELDS,
    NEEDS,
    DocScore,
    GoldCorpus,
    link_partitions,
    per_incident,
    raw_document,
    score_document,
)
from rashomon.eval.predict import Capability, DocPrediction, Predictor

#: The keys of the JSON ``metrics`` object, in report order (the public contract).
METRIC_KEYS: tuple[str, ...] = (
    "reference_date_match",
    "event_found",
    "killed_exact",
    "injured_exact",
    "date_exact",
    "date_within_1",
    "city_found",
    "location_within_25km",
    "location_median_km",
    "bcubed_f1",
    "muc_f1",
    "ceafe_f1",
    "conll_f1",
    "docs_per_s",
    "peak_mb",
)

#: Where each field's evidence is found in :attr:`DocPrediction.evidence`.
EVIDENCE_KEYS: dict[str, tuple[str, ...]] = {
    "reference_date_match": ("reference_date",),
    "event_found": ("event",),
    "event_type_ok": ("event_type", "event"),
    "date_exact": ("event_date",),
    "date_within_1": ("event_date",),
    "date_contains": ("event_date",),
    "city_found": ("places",),
    "location_within_25km": ("location", "places"),
    "killed_exact": ("killed", "casualties"),
    "injured_exact": ("injured", "casualties"),
    "casualties_within_1": ("casualties", "killed", "injured"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOutcome:
    """What a run produced before summarising: predictions, scores and costs."""

    corpus: GoldCorpus
    predictions: Mapping[str, DocPrediction]  # gold row key -> prediction
    scores: tuple[DocScore, ...]
    clusters: Mapping[str, str]
    capabilities: frozenset[Capability]
    predictor: str
    seconds: float
    load_seconds: float
    peak_mb: float


def evaluate(
    corpus: GoldCorpus,
    make_predictor: Callable[[], Predictor],
    *,
    on_document: Callable[[int], None] | None = None,
) -> RunOutcome:
    """Runs the predictor over every selected document and scores each one.

    Documents with identical texts are processed once, as the system's own ingest
    does (one content id), and both gold documents get that prediction.

    Args:
        corpus: the selected gold corpus.
        make_predictor: builds the predictor; called once, and its load time is
            reported apart from the throughput.
        on_document: called with the number of gold documents done (progress bar).
    """
    start = time.perf_counter()
    predictor = make_predictor()
    loaded = time.perf_counter()
    by_text: dict[str, DocPrediction] = {}
    predictions: dict[str, DocPrediction] = {}
    try:
        for n, doc in enumerate(corpus.documents, start=1):
            raw = raw_document(doc, corpus.path, with_dct=corpus.dct_as_input)
            pred = by_text.get(raw.content_id)
            if pred is None:
                pred = predictor.predict(raw)
                by_text[raw.content_id] = pred
            predictions[doc.key] = pred
            if on_document is not None:
                on_document(n)
        clusters = predictor.link()
        filled = predictor.after_link()
        for gold_key, pred in list(predictions.items()):
            extra = filled.get(pred.document_id)
            if extra:
                predictions[gold_key] = with_fields(pred, extra)
    finally:
        predictor.close()
    seconds = time.perf_counter() - loaded
    caps = predictor.capabilities
    scores = tuple(
        score_document(doc, corpus.incident_of(doc), predictions[doc.key], caps)
        for doc in corpus.documents
    )
    return RunOutcome(
        corpus=corpus,
        predictions=predictions,
        scores=scores,
        clusters=clusters,
        capabilities=caps,
        predictor=predictor.description,
        seconds=seconds,
        load_seconds=loaded - start,
        peak_mb=peak_rss_mb(),
    )


def with_fields(pred: DocPrediction, extra: Mapping[str, Any]) -> DocPrediction:
    """The prediction with the link stage's fields filled in (evidence merged)."""
    fields = {k: v for k, v in extra.items() if k != "evidence"}
    evidence = {**pred.evidence, **extra.get("evidence", {})}
    return dataclasses.replace(pred, **fields, evidence=evidence)


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MiB (model loading included)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _prf(p: m.PRF) -> dict[str, float]:
    return {"precision": p.precision, "recall": p.recall, "f1": p.f1}


def _links(scores: m.LinkScores) -> dict[str, Any]:
    return {
        "bcubed": _prf(scores.bcubed),
        "muc": _prf(scores.muc),
        "ceafe": _prf(scores.ceafe),
        "conll_f1": scores.conll_f1,
    }


def summarise(
    run: RunOutcome, *, command: str, errors: int = 0, today: dt.date | None = None
) -> dict[str, Any]:
    """The JSON report of a run: ``metrics`` (the contract) plus details and errors.

    Args:
        run: the run's predictions and scores.
        command: the command line that produced it (recorded for ACCURACY.md).
        errors: how many of the worst documents to list per field (0: none).
        today: the date to record (defaults to today).
    """
    corpus, scores, caps = run.corpus, run.scores, run.capabilities
    scored = [s for s in scores if s.has_incident]
    built = {f: NEEDS[f] in caps for f in FIELDS}

    def frac(name: str) -> float | None:
        return m.fraction([s.outcomes[name] for s in scores]) if built[name] else None

    doc_ids = {gid: p.document_id for gid, p in run.predictions.items()}
    key, response = link_partitions(corpus, doc_ids, run.clusters)
    mentions = list(key)
    system = m.link_scores(key, response) if "linking" in caps and key else None
    singletons = m.link_scores(key, m.singletons_partition(mentions)) if key else None
    one = m.link_scores(key, m.one_cluster_partition(mentions)) if key else None

    km = [s.location_km for s in scored]
    metrics: dict[str, float | None] = {
        "reference_date_match": frac("reference_date_match"),
        "event_found": frac("event_found"),
        "killed_exact": frac("killed_exact"),
        "injured_exact": frac("injured_exact"),
        "date_exact": frac("date_exact"),
        "date_within_1": frac("date_within_1"),
        "city_found": frac("city_found"),
        "location_within_25km": frac("location_within_25km"),
        "location_median_km": m.median(km) if "location" in caps else None,
        "bcubed_f1": None if system is None else system.bcubed.f1,
        "muc_f1": None if system is None else system.muc.f1,
        "ceafe_f1": None if system is None else system.ceafe.f1,
        "conll_f1": None if system is None else system.conll_f1,
        "docs_per_s": len(corpus.documents) / run.seconds if run.seconds > 0 else None,
        "peak_mb": run.peak_mb,
    }
    incident_ids = {d.incident_id for d in corpus.documents}
    with_record = {i for i in incident_ids if i in corpus.incidents}
    report: dict[str, Any] = {
        "version": __version__,
        "git_commit": git_commit(),
        "date": (today or dt.date.today()).isoformat(),
        "command": command,
        "corpus": str(corpus.path),
        "predictor": run.predictor,
        "capabilities": sorted(caps),
        "not_built": sorted({NEEDS[f] for f in FIELDS if not built[f]} | (
            set() if "linking" in caps else {"linking"})),
        "python": platform.python_version(),
        "documents": {
            "in_corpus": corpus.total_documents,
            "selected": len(corpus.documents),
            "distinct_texts": len({p.document_id for p in run.predictions.values()}),
            "with_incident": len(scored),
            "without_incident": len(scores) - len(scored),
            "rejected": sum(1 for p in run.predictions.values() if p.rejected),
        },
        "incidents": {
            "selected": len(incident_ids),
            "with_record": len(with_record),
            "missing_record": len(incident_ids - with_record),
            "with_two_or_more_documents": sum(
                1 for i, c in Counter(d.incident_id for d in corpus.documents).items()
                if c > 1 and i in with_record
            ),
        },
        "metrics": metrics,
        "details": {
            "fields": {
                f: {
                    "per_document": frac(f),
                    "per_incident": per_incident(scores, f) if built[f] else None,
                    "scored": sum(1 for s in scores if s.outcomes[f] is not None),
                }
                for f in FIELDS
            },
            "location_km_known": sum(1 for v in km if v is not None),
            "linking": {
                "mentions": len(mentions),
                # how many incidents the system found beside how many there are
                "gold_incidents": len(set(key.values())),
                "predicted_incidents": len(set(response.values())) if system is not None else None,
                "system": None if system is None else _links(system),
                "all_singletons": None if singletons is None else _links(singletons),
                "one_cluster": None if one is None else _links(one),
            },
            "timing": {"seconds": run.seconds, "load_seconds": run.load_seconds},
        },
    }
    if errors > 0:
        report["errors"] = worst(run, errors)
    return report


def worst(run: RunOutcome, n: int) -> dict[str, list[dict[str, Any]]]:
    """The ``n`` worst documents per field: failures, largest error first.

    Each entry names the gold document, the gold and predicted values, and the
    evidence the system used, so a reader can see why without rerunning.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for f in FIELDS:
        failed = [s for s in run.scores if s.outcomes[f] is False]
        if not failed:
            continue
        failed.sort(key=lambda s: (-s.errors.get(f, 0.0), s.key))
        rows = []
        for s in failed[:n]:
            pred = run.predictions[s.key]
            evidence = next(
                (pred.evidence[k] for k in EVIDENCE_KEYS[f] if k in pred.evidence),
                pred.evidence.get("rejected", ""),
            )
            err = s.errors.get(f)
            rows.append({
                "doc_id": s.doc_id,
                "incident_id": s.incident_id,
                "gold": s.gold.get(f, ""),
                "predicted": s.predicted.get(f, ""),
                "error": None if err is None or err == float("inf") else err,
                "evidence": evidence,
            })
        out[f] = rows
    return out


def per_document_rows(run: RunOutcome) -> list[dict[str, Any]]:
    """One row per gold document: outcomes, gold and predicted values, evidence, cluster.

    What ``--per-document FILE`` writes (JSON lines), so a reader can slice the
    errors any way without rerunning the pipeline.
    """
    rows = []
    for s in run.scores:
        pred = run.predictions[s.key]
        rows.append({
            "doc_id": s.doc_id,
            "incident_id": s.incident_id,
            "document_id": pred.document_id,
            "cluster": run.clusters.get(pred.document_id),
            "outcomes": dict(s.outcomes),
            "gold": dict(s.gold),
            "predicted": dict(s.predicted),
            "evidence": dict(pred.evidence),
            "location_km": s.location_km,
        })
    return rows


def git_commit(cwd: Path | None = None) -> str | None:
    """The current git commit of the source tree, or ``None`` outside a repository."""
    here = cwd or Path(__file__).resolve().parent
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=here, capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip() if done.returncode == 0 else ""
    if not commit:
        return None
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=here, capture_output=True, text=True, timeout=10, check=False,
    )
    # Figures from uncommitted code must not pass for the commit's own.
    return f"{commit}+dirty" if dirty.stdout.strip() else commit


def baseline_rows(report: Mapping[str, Any]) -> Sequence[tuple[str, Mapping[str, Any] | None]]:
    """The linking rows of a report: system, all-singletons and one-cluster."""
    linking = report["details"]["linking"]
    return (
        ("system", linking["system"]),
        ("all singletons", linking["all_singletons"]),
        ("one cluster", linking["one_cluster"]),
    )
