"""The whole ingest job in one readable function, steps numbered.

::

    read_inputs -> clean -> store documents -> annotate -> extract -> store mentions, events

Per-document stages are pure functions (``process_raw``); this module only chains
them, batches the writes and reports progress. Use :func:`ingest_paths` from Python
exactly as ``rashomon ingest`` does.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .annotate import AnnotateResources, Annotation, annotate_many, load_annotate_resources, to_mentions
from .annotate.nlp import DEFAULT_MODEL
from .clean import CleanResources, clean
from .clean.outlets import OutletTable, source_for_unknown_domain
from .clean.segment import normalise_line
from .ingest import count_inputs, read_inputs
from .errors import ConfigError
from .extract import Extraction, extract, main_incident_day, main_incident_toll
from .extract import predict_fields as extract_fields
from .extract.lexicon import EventLexicon
from .model import Document, RawDocument, Rejected
from .resolve.places import RegionHint
from .store import Store, document_ids, load_documents
from .link import DocFeatures, EntityPair, Linker
from .link import features as link_features
from .store.events import replace_extractions
from .store.links import load_features, replace_features, replace_stories
from .link.events import CanonicalEvent, attach
from .link.story_dates import story_dates
from .link.story_tolls import Toll, story_tolls
from .link.provenance import Attribution, DocInfo
from .resolve.actors import ActorKB

#: Only short lines near the top or bottom of a page are counted as boilerplate candidates.
_EDGE_LINES = 15
_MAX_BOILERPLATE_LINE = 160


@dataclass(frozen=True, slots=True, kw_only=True)
class Resources:
    """Read-only resources of the per-document stages, loaded once per process.

    ``annotate`` is None when only the document layer is wanted (``--no-annotate``):
    loading the spaCy model and the gazetteer takes seconds.
    """

    outlets: OutletTable
    annotate: AnnotateResources | None = None
    lexicon: EventLexicon | None = None


def load_resources(
    *,
    outlet_files: Sequence[str | Path] = (),
    annotate: bool = True,
    model: str = DEFAULT_MODEL,
    gazetteer: str | Path | None = None,
    actor_files: Sequence[str | Path] = (),
) -> Resources:
    """Load the outlet table (plus the user's CSVs) and, unless told not to, the
    annotate stage's model, gazetteer and actor KB."""
    outlets = OutletTable.load(extra=[Path(p) for p in outlet_files])
    ann = (
        load_annotate_resources(
            model, gazetteer_path=Path(gazetteer) if gazetteer else None, actor_files=actor_files
        )
        if annotate
        else None
    )
    return Resources(outlets=outlets, annotate=ann, lexicon=EventLexicon.load() if annotate else None)


def region_hint(outlets: OutletTable, doc: Document) -> RegionHint | None:
    """The country (and, for a local outlet, the state) an outlet reports from, to
    break ties between same-named places.

    The state comes from the outlet table's ``region`` column (ISO 3166-2). Only US
    codes are passed on as an admin1: GeoNames' US admin1 codes are the postal codes
    that ISO uses (``US-TN`` -> ``TN``); elsewhere the two code systems differ.
    """
    src = outlets.by_domain(doc.raw.url) if doc.raw.url else None
    if src is None and doc.outlet.source_id not in ("unknown",):
        src = outlets.by_name(doc.outlet.name)
    if src is None or not src.country:
        return None
    region = outlets.region(src.id)
    admin1 = None
    if region and src.country == "US" and region.startswith("US-"):
        admin1 = region.removeprefix("US-")
    return RegionHint(country=src.country, admin1=admin1)


def annotate_documents(docs: Iterable[Document], resources: Resources) -> Iterator[Annotation]:
    """The annotate stage over cleaned documents (spaCy batched across them)."""
    if resources.annotate is None:
        raise ConfigError("the annotate stage was not loaded: load_resources(annotate=True)", code="R110")
    outlets = resources.outlets
    return annotate_many(docs, resources.annotate, hint_for=lambda d: region_hint(outlets, d))


def extract_annotated(
    annotations: Iterable[Annotation], resources: Resources, *, titles: Mapping[str, str | None] | None = None
) -> Iterator[tuple[Annotation, Extraction]]:
    """The extract stage: event mentions and claims of each annotated document.

    ``titles`` (document id -> title) lets a headline's casualty figures count where
    the body states none or states fewer.
    """
    if resources.annotate is None or resources.lexicon is None:
        raise ConfigError("the extract stage was not loaded: load_resources(annotate=True)", code="R110")
    for ann in annotations:
        title = titles.get(ann.document_id) if titles else None
        yield ann, extract(ann, lexicon=resources.lexicon, kb=resources.annotate.kb, title=title)


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """What the stages after clean made of one document (all derived data)."""

    document: Document
    annotation: Annotation
    extraction: Extraction
    features: DocFeatures


#: The linker was tuned on entities of a story's opening (title + ~2,000 characters).
_LINK_ENTITY_CHARS = 2000


def _link_entities(ann: Annotation) -> tuple[list[EntityPair], tuple[str, ...], tuple[str, ...]]:
    """The linker's view of a story's opening: NER entities, and the GeoNames ids of
    the places and KB ids of the actors resolved in the same body pieces."""
    out: list[EntityPair] = []
    spans: list[tuple[int, int]] = []
    seen = 0
    for piece in ann.pieces:
        if seen >= _LINK_ENTITY_CHARS:
            break
        out.extend(EntityPair(text=e.text, label_=e.label_) for e in piece.doc.ents)
        spans.append((piece.start, piece.start + len(piece.doc.text)))
        seen += len(piece.doc.text)

    def inside(start: int) -> bool:
        return any(lo <= start < hi for lo, hi in spans)

    places = tuple(str(p.resolved.geonameid) for p in ann.places
                   if p.resolved is not None and inside(p.start))
    actors = tuple(a.actor_id for a in ann.actors if a.actor_id and inside(a.start))
    return out, places, actors


def analyse(docs: Sequence[Document], resources: Resources) -> Iterator[Analysis]:
    """Annotate, extract and compute linker features for cleaned documents, in order."""
    pairs = extract_annotated(annotate_documents(docs, resources), resources,
                              titles={d.id: d.title for d in docs})
    for doc, (ann, extraction) in zip(docs, pairs, strict=True):
        ents, place_ids, actor_ids = _link_entities(ann)
        features = link_features(doc, ents, place_ids=place_ids, actor_ids=actor_ids)
        killed, injured = main_incident_toll(extraction)
        day = main_incident_day(extraction, ann)
        worded = main_incident_day(extraction, ann, from_words=True)
        features = dataclasses.replace(features, incident_date=day,
                                       incident_date_worded=None if day is None else worded is not None,
                                       main_killed=killed, main_injured=injured)
        yield Analysis(document=doc, annotation=ann, extraction=extraction, features=features)


def store_analyses(store: Store, analyses: Sequence[Analysis], resources: Resources) -> None:
    """Store mentions, event mentions, claims and linker features (replacing earlier ones)."""
    assert resources.annotate is not None
    kb = resources.annotate.kb
    store.replace_mentions([(a.document.id, to_mentions(a.annotation, kb)) for a in analyses])
    replace_extractions(store, [a.extraction for a in analyses])
    replace_features(store, [(a.document.id, a.features.to_json()) for a in analyses])


def _annotate_and_extract(store: Store, docs: Sequence[Document], resources: Resources) -> None:
    store_analyses(store, list(analyse(docs, resources)), resources)


def link_documents(store: Store) -> dict[str, str]:
    """Cluster every stored document into stories; returns document id -> story id.

    Replays the stored features in ingest order through the linker (deterministic
    for a given order), and stores each document's story with the reasons it joined,
    and, for each document whose text names no incident day (none at all, or only
    its reference date standing in), the day its story's dated accounts give
    (``link.story_dates``), and for each account whose wounded a
    later account counts dead or whose toll most of its story's accounts contradict,
    the story's toll (``link.story_tolls``); both are replaced with the stories.
    """
    linker = Linker()
    own_days: dict[str, Any] = {}
    stand_ins: set[str] = set()
    tolls: dict[str, Toll] = {}
    for doc_id, obj in load_features(store):
        features = DocFeatures.from_json(obj)
        linker.add(features)
        own_days[doc_id] = features.incident_date
        if features.incident_date_worded is False:
            stand_ins.add(doc_id)
        tolls[doc_id] = Toll(killed=features.main_killed, injured=features.main_injured,
                             day=features.date)
    merges = {m.doc_id: m for m in linker.merges()}
    clusters = linker.clusters()
    derived = story_dates(clusters, own_days, stand_ins=stand_ins)
    updated = story_tolls(clusters, tolls)
    rows = []
    for doc_id, story in clusters.items():
        m = merges.get(doc_id)
        rows.append({
            "document_id": doc_id,
            "story_id": story,
            "matched": m.matched if m else None,
            "score": m.score if m else None,
            "reasons": json.dumps(
                [{"feature": r.feature, "weight": r.weight, "detail": r.detail} for r in m.reasons]
                if m else []
            ),
        })
    dates = [
        {"document_id": d.document_id, "story_id": d.story_id, "day": d.day, "votes": d.votes,
         "dated": d.dated, "sources": json.dumps(list(d.sources)), "reason": d.reason}
        for d in derived.values()
    ]
    toll_rows = [
        {"document_id": t.document_id, "story_id": t.story_id, "kind": t.kind,
         "killed": t.killed, "injured": t.injured, "own_killed": t.own_killed,
         "own_injured": t.own_injured, "sources": json.dumps(list(t.sources)),
         "source_day": t.source_day, "votes": t.votes, "accounts": t.accounts,
         "reason": t.reason}
        for t in updated.values()
    ]
    replace_stories(store, rows, dates, toll_rows)
    return clusters


@dataclass(frozen=True, slots=True, kw_only=True)
class EventBuild:
    """What :func:`build_events` did."""

    groups: int
    rebuilt: int
    events: int
    contradictions: int


def build_events(
    store: Store,
    document_ids: Sequence[str] | None = None,
    *,
    kb: ActorKB | None = None,
    full: bool = False,
) -> EventBuild:
    """Merge stored event mentions into canonical events, with provenance (link stage).

    Incremental and idempotent: the accounts are blocked into groups (a function of
    the set of accounts only), and only groups that are new, changed membership, or
    hold a document that is new, changed story, or is named in ``document_ids`` are
    rebuilt; ``full`` rebuilds every group. Either way the tables end the same, since a
    group's events are a pure function of its accounts.

    Args:
        document_ids: documents to treat as changed (e.g. after re-extraction).
        kb: the actor KB for names and parent chains (default: the packaged one).
        full: rebuild every group.

    When not to use: it reads every news account's row to block them (one scan); at
    corpus scale run it once per ingest, not per document.
    """
    from .link.events import assemble, block, cluster, id_of
    from .link.provenance import ActorNode, attribute, chain, resolve_speakers
    from .resolve.actors import default_kb
    from .store import canonical

    kb = kb or default_kb()
    # 1. which documents changed since the last build
    changed = canonical.changed_documents(store) | set(document_ids or ())
    # 2. block every news account into groups
    names = {a.id: a.name for a in kb.actors.values()}
    groups = {id_of((m.key for m in g), "grp"): g for g in block(canonical.load_mention_records(store, actor_names=names))}
    stored = canonical.stored_groups(store)
    # 3. the groups to rebuild: new ones, and those holding a changed document
    todo = sorted(g for g, ms in groups.items()
                  if full or g not in stored or any(m.document_id in changed for m in ms))
    stale = sorted(set(stored) - set(groups) | set(todo))
    if not stale and not changed:
        return EventBuild(groups=len(groups), rebuilt=0, events=0, contradictions=0)
    docs = sorted({m.document_id for g in todo for m in groups[g]} | changed)
    claims = canonical.load_claims(store, docs)
    texts = canonical.load_texts(store, docs)
    outlets = canonical.load_outlets(store)
    actors = {a.id: ActorNode(id=a.id, name=a.name, parent=a.parent) for a in kb.actors.values()}
    speakers = {d: resolve_speakers(cs) for d, cs in claims.items()}
    # 4. each group: cluster, provenance of every account, contradictions
    statements = _statements_by_document(store, docs)
    event_rows, member_rows, contra_rows = [], [], []
    for gid in todo:
        prov = {}
        for m in groups[gid]:
            text, outlet, original = texts[m.document_id]
            att = (attribute(m.evidence_start, m.evidence_end, text, claims[m.document_id])
                   if m.claim_seq is None else Attribution(claim_seq=m.claim_seq, reason="the mention's own claim"))
            by_seq = {c.seq: c for c in claims[m.document_id]}
            doc = DocInfo(id=m.document_id, outlet_id=outlet, original_outlet_id=original)
            prov[m.key] = (chain(doc, by_seq.get(att.claim_seq) if att.claim_seq is not None else None,
                                 speakers[m.document_id], outlets, actors, hedged=att.hedged), att)
        built = [assemble(c, group_id=gid, provenance=prov, outlets=outlets) for c in cluster(groups[gid])]
        for e in built:
            row, members = canonical.event_rows(e, outlets)
            event_rows.append(row)
            member_rows.extend(members)
        contra_rows.extend(_contradiction_rows(store, gid, built, statements))
    # 5. claim provenance of the changed documents, and the builder's state
    claim_rows = [
        canonical.claim_provenance_row(d, c.seq, chain(DocInfo(id=d, outlet_id=texts[d][1],
                                                               original_outlet_id=texts[d][2]),
                                                       c, speakers[d], outlets, actors))
        for d in docs if d in texts for c in claims[d]
    ]
    stories = canonical.current_stories(store, docs)
    canonical.replace_groups(store, stale_groups=stale, events=event_rows, members=member_rows,
                             contradictions=contra_rows, claim_rows=claim_rows, claim_documents=docs,
                             state={d: stories.get(d) for d in docs if d in texts})
    return EventBuild(groups=len(groups), rebuilt=len(todo), events=len(event_rows),
                      contradictions=len(contra_rows))


@functools.lru_cache(maxsize=1)
def _contradiction_cues() -> Any:
    from .link.contradictions import ContradictionCues

    return ContradictionCues.load()


def _statements_by_document(store: Store, document_ids: Sequence[str]) -> dict[str, list[Any]]:
    """Every statement (event mention or claim) of the documents, read once per build."""
    try:
        from .store.statements import load_statements
    except ImportError:  # pragma: no cover - the detector ships separately
        return {}
    out: dict[str, list[Any]] = {}
    for s in load_statements(store, document_ids):
        out.setdefault(s.document_id, []).append(s)
    return out


def _contradiction_rows(
    store: Store, group_id: str, built: Sequence[CanonicalEvent], statements: Mapping[str, Sequence[Any]]
) -> list[dict[str, object]]:
    """The contradictions among a group's documents, one row per event they concern.

    Needs ``link.contradictions`` (guarded: without it, events are built without them).
    """
    try:
        from .link.contradictions import find_contradictions
    except ImportError:  # pragma: no cover - the detector ships separately
        return []
    from .store import canonical

    ids = sorted({a.mention.document_id for e in built for a in e.accounts})
    # Accounts are compared within one story (documents about one situation): a
    # blocking group can hold several incidents of one city and week. Casualty
    # figures must moreover belong to one canonical event (see attach).
    stories = canonical.current_stories(store, ids)
    by_story: dict[str, list[Any]] = {}
    for doc_id in ids:
        by_story.setdefault(stories.get(doc_id, doc_id), []).extend(statements.get(doc_id, ()))
    cues = _contradiction_cues()
    found = [c for story in sorted(by_story) for c in find_contradictions(by_story[story], cues=cues)]
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for event_id, con in attach(found, built, same_event=frozenset({"fatalities", "injuries"})):
        cid = canonical.contradiction_id(con.key())
        rows[(event_id, cid)] = {
            "event_id": event_id, "contradiction_id": cid, "group_id": group_id, "kind": con.kind,
            "geonameid": con.geonameid, "reason": con.reason,
            "a": json.dumps(canonical.side_json(con.a), ensure_ascii=False, default=str),
            "b": json.dumps(canonical.side_json(con.b), ensure_ascii=False, default=str),
        }
    return [rows[k] for k in sorted(rows)]


def capabilities() -> tuple[str, ...]:
    """The stages this build scores in ``rashomon eval`` (see eval.predict)."""
    return ("reference_date", "places", "location", "events", "event_date", "casualties", "linking")


def prediction_fields(analysis: Analysis) -> dict[str, object]:
    """What the stages say about one document, in the eval's field names (eval.predict)."""
    from .eval.predict import PlaceGuess  # the eval's record; imported only when scoring

    ann, extraction = analysis.annotation, analysis.extraction
    places = tuple(
        PlaceGuess(name=p.resolved.name, admin1=p.resolved.admin1_name or p.resolved.admin1,
                   country=p.resolved.country, lat=p.resolved.lat, lon=p.resolved.lon)
        for p in ann.places
        if p.resolved is not None
    )
    loc = ann.event_location
    evidence = {
        "places": "; ".join(f"{p.text!r}->{p.resolved.name if p.resolved else '?'}" for p in ann.places)[:300],
        "location": f"{loc.text!r} -> {loc.resolved.name if loc and loc.resolved else '?'} ({loc.reason})"
        if loc is not None
        else "no place resolved",
    }
    fields: dict[str, object] = dict(extract_fields(extraction, ann))
    evidence.update(fields.pop("evidence", {}))  # type: ignore[arg-type]
    return {
        **fields,
        "places": places,
        "location": (loc.resolved.lat, loc.resolved.lon) if loc is not None and loc.resolved else None,
        "evidence": evidence,
    }


def process_raw(
    raw: RawDocument,
    resources: Resources,
    *,
    repeated: Callable[[RawDocument], frozenset[str]] | None = None,
) -> Document | Rejected:
    """Run the clean stage on one raw document (pure: no I/O)."""
    clean_res = CleanResources(outlets=resources.outlets, **({"repeated": repeated} if repeated else {}))
    return clean(raw, clean_res)


@dataclass(slots=True, kw_only=True)
class IngestSummary:
    """What an ingest run did."""

    run_id: int
    ingested: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected


class Boilerplate:
    """Per-run view of the store's boilerplate counts (not a global: one per run).

    Called with a raw document, gives the lines known to repeat across its outlet's
    documents; ``record`` counts the lines of stored documents.
    """

    def __init__(self, store: Store, outlets: OutletTable) -> None:
        self._store = store
        self._outlets = outlets
        self._cache: dict[str, frozenset[str]] = {}

    def outlet_key(self, raw: RawDocument) -> str | None:
        src = None
        if raw.url:
            src = self._outlets.by_domain(raw.url)
        if src is None and raw.source:
            src = self._outlets.by_name(raw.source)
        return src.id if src else None

    def __call__(self, raw: RawDocument) -> frozenset[str]:
        key = self.outlet_key(raw)
        if key is None:
            return frozenset()
        if key not in self._cache:
            self._cache[key] = self._store.boilerplate_lines(key)
        return self._cache[key]

    def record(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            key = self.outlet_key(doc.raw)
            if key is None:
                continue
            lines = [ln for ln in doc.raw.text.splitlines() if ln.strip()]
            edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
            norm = [normalise_line(ln) for ln in edge if len(ln.strip()) <= _MAX_BOILERPLATE_LINE]
            self._store.count_lines(key, [n for n in norm if n])
            self._cache.pop(key, None)


def ingest_paths(
    paths: Sequence[str | Path],
    store: Store,
    *,
    resources: Resources | None = None,
    jsonl_map: Mapping[str, str] | None = None,
    command: str = "ingest",
    batch_size: int | None = None,
    console: Console | None = None,
    progress: bool = True,
    on_reject: Callable[[Rejected], None] | None = None,
) -> IngestSummary:
    """Read, clean and store every document under ``paths``.

    Bad input never stops the run: each becomes a ``Rejected`` row (and a call to
    ``on_reject``), and the good documents of the same batch are stored. Documents
    already in the store (same content hash) are counted as duplicates and skipped,
    so a re-run after a crash resumes where the last committed batch ended.

    Args:
        batch_size: documents per transaction (default 50 when annotating, so the
            progress bar moves, else 200).
    """
    res = resources or load_resources()
    size = batch_size or (50 if res.annotate is not None else 200)
    started = time.perf_counter()
    # 1. the outlet table goes into the store, so every document's outlet has a row
    store.upsert_sources(res.outlets.sources())
    summary = IngestSummary(run_id=store.start_run(command))
    boiler = Boilerplate(store, res.outlets)
    batch: list[Document] = []
    extra_sources: dict[str, object] = {}

    def flush() -> None:
        if not batch:
            return
        known = store.existing_ids(d.id for d in batch)
        fresh = [d for d in batch if d.id not in known]
        new = store.add_documents(batch, run_id=summary.run_id)
        summary.ingested += new
        summary.duplicates += len(batch) - new
        boiler.record(batch)
        # 5. annotate and extract the new documents; store mentions, events, claims
        if res.annotate is not None and fresh:
            _annotate_and_extract(store, list({d.id: d for d in fresh}.values()), res)
        batch.clear()

    bar = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeRemainingColumn(),
        console=console,
        disable=not progress,
        transient=False,
    )
    with bar:
        # A cheap count (files, JSONL lines) gives the bar a total; stdin has none.
        total = None if "-" in [str(p) for p in paths] else count_inputs(paths)
        task = bar.add_task("ingest", total=total or None, status="")
        # 2. read every input; 3. clean each document; 4. store in batches
        for item in read_inputs(paths, jsonl_map=jsonl_map):
            if isinstance(item, Rejected):
                _reject(store, summary, item, on_reject)
            else:
                result = process_raw(item, res, repeated=boiler)
                if isinstance(result, Rejected):
                    _reject(store, summary, result, on_reject)
                else:
                    _note_unknown_source(res.outlets, result, extra_sources, store)
                    batch.append(result)
                    if len(batch) >= size:
                        flush()
            bar.update(
                task,
                advance=1,
                status=f"{summary.ingested + len(batch)} ok, {len(summary.rejected)} rejected",
            )
        flush()
    if res.annotate is not None:
        # 6. documents stored by a run that died before analysing them
        left = document_ids(store, unanalysed=True)
        for i in range(0, len(left), size):
            _annotate_and_extract(store, load_documents(store, left[i : i + size]), res)
        # 7. stories: re-cluster the stored documents (cheap next to annotation)
        if summary.ingested or left:
            link_documents(store)
            # 8. canonical events: rebuild only the groups the new documents touch
            build_events(store, kb=res.annotate.kb)
    summary.seconds = time.perf_counter() - started
    store.finish_run(
        summary.run_id,
        ingested=summary.ingested,
        duplicates=summary.duplicates,
        rejected=len(summary.rejected),
    )
    return summary


def _reject(
    store: Store, summary: IngestSummary, item: Rejected, on_reject: Callable[[Rejected], None] | None
) -> None:
    store.add_rejects([item], run_id=summary.run_id)
    summary.rejected.append(item)
    if on_reject is not None:
        on_reject(item)


def _note_unknown_source(
    table: OutletTable, doc: Document, seen: dict[str, object], store: Store
) -> None:
    """Give an outlet named only from its domain (``dom:...``) a row in ``sources`` too."""
    for guess in (doc.outlet, doc.original_outlet):
        if guess is None or guess.source_id in seen or not guess.source_id.startswith("dom:"):
            continue
        store.upsert_sources([source_for_unknown_domain(guess.source_id.removeprefix("dom:"))])
        seen[guess.source_id] = True


def annotate_stored(
    store: Store,
    resources: Resources,
    *,
    everything: bool = False,
    batch_size: int = 50,
    console: Console | None = None,
    progress: bool = True,
) -> int:
    """Annotate stored documents: those never annotated, or all of them (``everything``).

    For stores filled with ``ingest --no-annotate``, or after changing the model,
    gazetteer or actor KB (annotation is derived data and is replaced whole).

    Returns:
        How many documents were annotated.
    """
    ids = document_ids(store, unanalysed=not everything)
    bar = Progress(TextColumn("[bold]annotate"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=console, disable=not progress)
    with bar:
        task = bar.add_task("annotate", total=len(ids))
        for i in range(0, len(ids), batch_size):
            docs = load_documents(store, ids[i : i + batch_size])
            _annotate_and_extract(store, docs, resources)
            bar.update(task, advance=len(docs))
    return len(ids)
