"""Stage benchmark on gva-dev: ingest rate, and the annotate stage against bare spaCy.

Usage::

    .venv/bin/python bench/bench_stages.py [--limit N]

Machines here are shared and noisy, so the figures that matter are ratios taken in
one run, on the same texts, one after the other:

1. Document layer: read + clean ``N`` gva-dev articles (no spaCy): articles/s.
2. Bare spaCy: ``nlp.pipe`` of the same model over the same body segments.
3. The annotate stage (spaCy + our components + resolution) over the same segments.
   Ratio = annotate throughput / bare spaCy throughput (issue 4 asks >= 0.8).
4. The extract stage over those annotations: its time as a share of the annotate
   stage's (issue 5 asks <= 20%).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import spacy

from rashomon.annotate import annotate_many
from rashomon.annotate.nlp import DEFAULT_MODEL
from rashomon.extract import extract
from rashomon.ingest import read_inputs
from rashomon.model import Document, RawDocument
from rashomon.pipeline import load_resources, process_raw

REPO = Path(__file__).resolve().parent.parent


def documents_path() -> Path:
    root = Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared"))
    path = root / "data" / "gva-dev" / "documents.jsonl"
    if not path.is_file():
        sys.exit(f"gold data not found at {path}: set RASHOMON_SHARED")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=300, help="articles for the spaCy comparison")
    args = ap.parse_args()
    res = load_resources()
    assert res.annotate is not None

    # 1. the document layer over the whole file
    t = time.perf_counter()
    docs: list[Document] = []
    for item in read_inputs([documents_path()]):
        if isinstance(item, RawDocument):
            out = process_raw(item, res)
            if isinstance(out, Document):
                docs.append(out)
    clean_s = time.perf_counter() - t
    print(f"document layer: {len(docs)} articles in {clean_s:.1f} s = {len(docs) / clean_s:.0f} articles/s")

    sample = docs[: args.limit]
    pieces = [d.raw.text[s.start : s.end] for d in sample for s in d.segments if s.label == "body"]
    chars = sum(map(len, pieces))
    # 2. bare spaCy (the same model, the lemmatizer kept as the stage keeps it)
    bare = spacy.load(DEFAULT_MODEL)
    t = time.perf_counter()
    for _ in bare.pipe(pieces, batch_size=32):
        pass
    bare_s = time.perf_counter() - t
    # 3. the annotate stage
    t = time.perf_counter()
    annotations = list(annotate_many(sample, res.annotate))
    ann_s = time.perf_counter() - t
    n = len(annotations)
    # 4. the extract stage
    assert res.lexicon is not None
    t = time.perf_counter()
    for ann in annotations:
        extract(ann, lexicon=res.lexicon, kb=res.annotate.kb)
    ext_s = time.perf_counter() - t
    print(f"bare spaCy:     {len(sample)} articles ({chars} body chars) in {bare_s:.1f} s = "
          f"{len(sample) / bare_s:.1f} articles/s")
    print(f"annotate stage: {n} articles in {ann_s:.1f} s = {n / ann_s:.1f} articles/s")
    print(f"ratio annotate/bare throughput: {bare_s / ann_s:.2f} (target >= 0.80)")
    print(f"extract stage:  {n} articles in {ext_s:.1f} s = {ext_s / ann_s:.0%} of the annotate time (target <= 20%)")


if __name__ == "__main__":
    main()
