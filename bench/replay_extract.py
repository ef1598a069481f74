"""Re-run the extract stage and the story tolls on cached gva-dev annotations, in a minute.

Usage::

    .venv/bin/python bench/replay_extract.py cache DB CACHE
    .venv/bin/python bench/replay_extract.py score DB CACHE [--corpus DIR] [--split K/N]
        [--save FILE] [--against FILE] [--show N]

``DB`` is the SQLite file of a full run, ``rashomon eval gva DIR --db DB``: it holds
every cleaned document, its linker features and its story. ``cache`` annotates the
stored documents once (the annotate stage: spaCy and the resolvers, the slow part)
and pickles the annotations to ``CACHE``. ``score`` loads them, runs today's extract
stage on each (``rashomon.extract.extract``, the same call as the pipeline), takes
each document's own toll (``main_incident_toll``), applies the story tolls over the
run's stories exactly as ``pipeline.link_documents`` does (``link.story_tolls``; the
linker reads no toll, so the stories do not change with the casualty rules), and
scores killed and injured against the gold incidents as ``rashomon eval gva`` does
(one answer per content id; documents with no incident record left out).

``--save`` writes document id -> (killed, injured) to a JSON file; ``--against`` reads
such a file and lists, per split of the incidents, what a change fixed and broke,
with ``--show N`` of each printed (gold, before, after, title).

A development tool: a casualty rule is measured here in a minute instead of the
eight of a full pipeline run; the figure the docs report still comes from a fresh
``rashomon eval gva``. No gold information enters the extract stage.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rashomon.eval.gva import GoldCorpus, in_split, load_corpus, parse_split, raw_document
from rashomon.extract import extract, main_incident_toll
from rashomon.extract.lexicon import EventLexicon
from rashomon.link.features import DocFeatures
from rashomon.link.story_tolls import Toll, story_tolls
from rashomon.resolve.actors import ActorKB
from rashomon.store import Store
from rashomon.store.links import load_features, story_of
from rashomon.store.queries import document_ids, load_documents

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "gva-dev"


def cache(db: Path, out: Path) -> None:
    """Annotate every stored document once and pickle (id, title, annotation) triples."""
    from rashomon import pipeline

    resources = pipeline.load_resources()
    with Store.open(db, create=False) as store:
        docs = load_documents(store, document_ids(store))
    started = time.perf_counter()
    titles = {d.id: d.title for d in docs}
    items: list[tuple[str, str | None, Any]] = []
    for n, ann in enumerate(pipeline.annotate_documents(docs, resources), start=1):
        items.append((ann.document_id, titles.get(ann.document_id), ann))
        if n % 250 == 0:
            print(f"  {n}/{len(docs)} annotated, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with out.open("wb") as fh:
        pickle.dump(items, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(items)} annotations -> {out} ({out.stat().st_size / 2**20:.0f} MiB)")


def own_tolls(items: list[tuple[str, str | None, Any]]) -> dict[str, tuple[int | None, int | None]]:
    """Each document's own (killed, injured), from today's extract stage."""
    lexicon, kb = EventLexicon.load(), ActorKB.load()
    return {doc_id: main_incident_toll(extract(ann, lexicon=lexicon, kb=kb, title=title))
            for doc_id, title, ann in items}


def final_tolls(db: Path, own: dict[str, tuple[int | None, int | None]]) -> dict[str, tuple[int | None, int | None]]:
    """Own tolls with the story tolls applied, as ``pipeline.link_documents`` does."""
    with Store.open(db, create=False) as store:
        days = {d: DocFeatures.from_json(obj).date for d, obj in load_features(store)}
        stories = story_of(store)
    tolls = {d: Toll(killed=k, injured=i, day=days.get(d)) for d, (k, i) in own.items()}
    out = dict(own)
    for d, st in story_tolls(stories, tolls).items():
        out[d] = (st.killed, st.injured)
    return out


def gold_rows(corpus: GoldCorpus) -> list[tuple[str, str, int, int, str]]:
    """(content id, incident id, gold killed, gold injured, title) per gold document."""
    rows = []
    for doc in corpus.documents:
        inc = corpus.incident_of(doc)
        if inc is None:
            continue
        rows.append((raw_document(doc, corpus.path).content_id, doc.incident_id,
                     inc.num_killed, inc.num_injured, doc.title or ""))
    return rows


def score(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    with Path(args.cache).open("rb") as fh:
        items = pickle.load(fh)
    loaded = time.perf_counter()
    own = own_tolls(items)
    if args.save_own:
        Path(args.save_own).write_text(json.dumps(own))
    predicted = final_tolls(Path(args.db), own)
    ran = time.perf_counter()
    corpus = load_corpus(Path(args.corpus))
    rows = gold_rows(corpus)
    split = parse_split(args.split) if args.split else None
    before = json.loads(Path(args.against).read_text()) if args.against else None
    n = k_ok = i_ok = 0
    moves: Counter[str] = Counter()
    shown: dict[str, list[str]] = {"fixed": [], "broken": []}
    for cid, inc, gk, gi, title in rows:
        if split is not None and not in_split(inc, split):
            continue
        k, i = predicted.get(cid, (None, None))
        n += 1
        k_ok += k == gk
        i_ok += i == gi
        if before is not None:
            bk, bi = before.get(cid, (None, None))
            for name, g, was, now in (("killed", gk, bk, k), ("injured", gi, bi, i)):
                if (was == g) != (now == g):
                    verdict = "fixed" if now == g else "broken"
                    moves[f"{name} {verdict}"] += 1
                    shown[verdict].append(f"{name:7} gold {g} was {was} now {now}  {cid[:10]}  {title[:90]}")
    print(f"{n} gold documents: killed exact {100 * k_ok / n:.2f} % ({k_ok}), "
          f"injured exact {100 * i_ok / n:.2f} % ({i_ok})  "
          f"[load {loaded - started:.0f} s, extract {ran - loaded:.0f} s]")
    if before is not None:
        print("  " + (", ".join(f"{key} {v}" for key, v in sorted(moves.items())) or "no change"))
        for verdict, lines in shown.items():
            for line in lines[: args.show]:
                print(f"  {verdict:6} {line}")
    if args.save:
        Path(args.save).write_text(json.dumps(predicted))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cache", help="annotate the stored documents once and pickle them")
    c.add_argument("db")
    c.add_argument("cache")
    s = sub.add_parser("score", help="replay extract and story tolls, score killed and injured")
    s.add_argument("db")
    s.add_argument("cache")
    s.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    s.add_argument("--split", help="K/N: score only this split of the incidents")
    s.add_argument("--save", help="write document id -> [killed, injured] as JSON")
    s.add_argument("--save-own", help="likewise, each document's own toll (before the story tolls)")
    s.add_argument("--against", help="a --save file to compare with")
    s.add_argument("--show", type=int, default=0, help="print N fixed and N broken documents")
    args = p.parse_args()
    if args.cmd == "cache":
        cache(Path(args.db), Path(args.cache))
    else:
        score(args)


if __name__ == "__main__":
    main()
