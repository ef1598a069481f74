"""Stage benchmark on gva-dev: ingest rate, and the annotate stage against bare spaCy.

Usage::

    .venv/bin/python bench/bench_stages.py [--limit N]

Machines here are shared and noisy, so the figures that matter are ratios taken in
one run, on the same texts, one after the other:

1. Document layer: read + clean ``N`` gva-dev articles (no spaCy): articles/s.
2. Bare spaCy: ``nlp.pipe`` of the same model over the same texts the annotate stage
   parses (body segments and title lines).
3. The annotate stage (spaCy + our components + resolution) over the same segments.
   Ratio = annotate throughput / bare spaCy throughput (issue 4 asks >= 0.8).
   Steps 2 and 3 alternate over ``--chunks`` slices of the sample (bare, annotate,
   bare, annotate...), so a change of load on the machine falls on both.
4. The extract stage over those annotations: its time as a share of the annotate
   stage's (issue 5 asks <= 20%).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

import spacy

from rashomon.annotate import Annotation, annotate_many
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
    ap.add_argument("--chunks", type=int, default=4,
                    help="run bare spaCy and the annotate stage in turn over this many slices of "
                         "the sample (1: all of bare spaCy, then all of annotate), so that a "
                         "change of load on a shared machine weighs on both alike")
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

    def body(ds: list[Document]) -> list[str]:
        # what the annotate stage parses: body segments and title lines
        return [d.raw.text[s.start : s.end] for d in ds for s in d.segments
                if s.label in ("body", "title") and s.end > s.start]

    chars = sum(map(len, body(sample)))
    # 2. bare spaCy (the same model, the lemmatizer kept as the stage keeps it) and
    # 3. the annotate stage, over the same articles, slice by slice in turn
    bare = spacy.load(DEFAULT_MODEL)
    chunks = max(1, min(args.chunks, len(sample)))
    bounds = [len(sample) * k // chunks for k in range(chunks + 1)]
    bare_s = ann_s = 0.0
    annotations: list[Annotation] = []
    for a, b in itertools.pairwise(bounds):
        part = sample[a:b]
        pieces = body(part)
        t = time.perf_counter()
        for _ in bare.pipe(pieces, batch_size=32):
            pass
        bare_s += time.perf_counter() - t
        t = time.perf_counter()
        annotations.extend(annotate_many(part, res.annotate))
        ann_s += time.perf_counter() - t
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
