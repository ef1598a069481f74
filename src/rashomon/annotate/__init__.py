"""Annotate: a document's body to resolved mentions (places, actors, times, numbers).

One spaCy pass per body segment (``nlp.pipe`` across documents), then the resolvers::

    annotate_many(documents, resources) -> Iterator[Annotation]

Every mention keeps offsets into the document's raw text. Captions, related
headlines and reader comments are never read: only segments labelled ``body``,
and ``title`` lines for place names alone (a title often names the town).
Use :func:`load_annotate_resources` once per process (it loads the model and the
gazetteer: seconds, not milliseconds) and pass the result around.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from ..components.toponyms import SPAN_GROUP
from ..model import Document, Mention, ReferenceDate
from ..resolve.actors import ActorKB, ActorMention, resolve_coreference
from ..resolve.gazetteer import Gazetteer, open_gazetteer
from ..resolve.numbers import Quantity
from ..resolve.places import (
    PlaceMention,
    RegionHint,
    ToponymSpan,
    pick_event_location,
    region_from_host,
    resolve_toponyms,
)
from ..resolve.times import TimeMention, find_times
from .nlp import DEFAULT_MODEL, load_nlp

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotateResources:
    """The read-only resources of the annotate stage (load once, share)."""

    nlp: Language
    gazetteer: Gazetteer
    kb: ActorKB


def load_annotate_resources(
    model: str = DEFAULT_MODEL,
    *,
    gazetteer_path: Path | None = None,
    actor_files: Sequence[str | Path] = (),
) -> AnnotateResources:
    """Load the spaCy model with our components, the gazetteer and the actor KB.

    Args:
        model: an installed spaCy pipeline (a larger English model works too).
        gazetteer_path: a gazetteer built by ``rashomon gazetteer build``; the
            default one is built from packaged GeoNames data on first use and cached.
        actor_files: the user's own actor CSVs, merged over the packaged KB.
    """
    gazetteer = open_gazetteer(gazetteer_path)
    extra = [str(p) for p in actor_files]
    # The lemmatizer stays: the actor and quantity components read lemmas.
    nlp = load_nlp(model, gazetteer=gazetteer, exclude=())
    kb = ActorKB.load(extra_files=extra)
    actors = nlp.add_pipe(
        "rashomon_actors", config={"extra_files": extra, "country": None, "coreference": False}
    )
    actors.set_kb(kb)  # one KB in memory, shared by the component and the resolvers
    nlp.add_pipe("rashomon_quantities", after="ner")
    return AnnotateResources(nlp=nlp, gazetteer=gazetteer, kb=kb)


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyPiece:
    """One body segment as spaCy parsed it; ``doc`` offsets + ``start`` = raw offsets."""

    start: int
    doc: Doc


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotation:
    """A document's resolved mentions (offsets into its raw text)."""

    document_id: str
    text: str
    reference: ReferenceDate
    pieces: tuple[BodyPiece, ...]
    places: tuple[PlaceMention, ...]
    actors: tuple[ActorMention, ...]
    times: tuple[TimeMention, ...]
    quantities: tuple[Quantity, ...]
    event_location: PlaceMention | None
    #: the title lines, parsed: read for places, and by the extract stage for the
    #: event and its toll only when the body tells none (a login wall, a photo page)
    titles: tuple[BodyPiece, ...] = ()
    title_quantities: tuple[Quantity, ...] = ()


def _shift(record: T, offset: int, fields: Sequence[str]) -> T:
    """A copy of ``record`` with offset fields moved from piece to raw-text offsets."""
    if offset == 0:
        return record
    changes: dict[str, Any] = {}
    for name in fields:
        value = getattr(record, name)
        if value is not None:
            changes[name] = value + offset
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


def _body_pieces(doc: Document) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.segments if s.label == "body" and s.end > s.start]


def _title_pieces(doc: Document) -> list[tuple[int, int]]:
    """The title lines of the raw text ("Teen shot in Bokoshe"): read for places only."""
    return [(s.start, s.end) for s in doc.segments if s.label == "title" and s.end > s.start]


def annotate_many(
    documents: Iterable[Document],
    resources: AnnotateResources,
    *,
    hint_for: Callable[[Document], RegionHint | None] | None = None,
    batch_size: int = 32,
) -> Iterator[Annotation]:
    """Annotate documents in input order, batching spaCy across them.

    Args:
        documents: cleaned documents (streamed; one batch is held at a time).
        resources: from :func:`load_annotate_resources`.
        hint_for: the region an outlet usually reports from (a local station's
            state), to break ties between same-named places.
        batch_size: spaCy's batch size.
    """
    nlp = resources.nlp

    def pieces() -> Iterator[tuple[str, tuple[Document, int, bool, bool]]]:
        for doc in documents:
            spans = [(s, e, False) for s, e in _body_pieces(doc) or [(0, 0)]]
            spans += [(s, e, True) for s, e in _title_pieces(doc)]
            for k, (s, e, title) in enumerate(spans):
                yield doc.raw.text[s:e], (doc, s, title, k == len(spans) - 1)

    collected: list[BodyPiece] = []
    titles: list[BodyPiece] = []
    for parsed, (doc, offset, title, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        (titles if title else collected).append(BodyPiece(start=offset, doc=parsed))
        if last:
            hint = hint_for(doc) if hint_for else None
            yield _resolve(doc, tuple(p for p in collected if len(p.doc)), resources, hint, tuple(titles))
            collected, titles = [], []


def annotate(document: Document, resources: AnnotateResources, *, hint: RegionHint | None = None) -> Annotation:
    """Annotate one document (see :func:`annotate_many` for many)."""
    return next(annotate_many([document], resources, hint_for=(lambda _d: hint)))


#: Words after a town's name that make it the seat of a local agency ("Sanford police").
_AGENCY_WORDS = frozenset(["police", "sheriff", "sheriff's", "fire", "pd", "municipal", "city", "county", "township", "mayor"])


def _inside_actor(text: str, start: int, end: int, names: Sequence[tuple[int, int]]) -> bool:
    """Whether a place word is part of a longer actor name ("Arab" in "Syrian Arab
    Army"); a town opening the name of its own police or council ("Franklin Police
    Department") is still the town."""
    for a, b in names:
        if a <= start and end <= b and b - a > end - start:
            nxt = text[end:b].split(maxsplit=1)
            if a == start and nxt and nxt[0].lower().rstrip(".,") in _AGENCY_WORDS:
                continue
            return True
    return False


def _fallback_hint(doc: Document, hint: RegionHint | None, gazetteer: Gazetteer,
                   stoplist: frozenset[str] = frozenset()) -> RegionHint | None:
    """The caller's hint, else the region the document's own address names.

    An outlet the table knows keeps the table's word (a national outlet has no
    region on purpose); an unknown local site often names its city in its domain
    ("mysanantonio.com").
    """
    if hint is not None or not doc.raw.url:
        return hint
    return region_from_host(doc.raw.url, gazetteer, stoplist=stoplist)


def _stoplist(nlp: Language) -> frozenset[str]:
    """The toponym component's stoplist (common words that are also places)."""
    if "rashomon_toponyms" not in nlp.pipe_names:
        return frozenset()
    component = nlp.get_pipe("rashomon_toponyms")
    return getattr(getattr(component, "config", None), "stoplist", frozenset())


def _main_country(places: Sequence[PlaceMention]) -> str | None:
    """The country most of a document's resolved places lie in (towns count double)."""
    votes: dict[str, int] = {}
    for p in places:
        if p.resolved is not None and p.resolved.country:
            votes[p.resolved.country] = votes.get(p.resolved.country, 0) + (2 if p.precision == 1 else 1)
    return max(votes, key=lambda c: votes[c]) if votes else None


def _toponyms(text: str, piece: BodyPiece) -> Iterator[ToponymSpan]:
    """A piece's toponym spans, in raw-text offsets."""
    # A place word inside a longer actor name ("Arab" in "Syrian Arab Army") is
    # part of that name, not a place of the story.
    names = [(m.start, m.end) for m in piece.doc._.actor_mentions if m.kind != "anaphor"]
    spans = piece.doc.spans.get(SPAN_GROUP, [])
    doc_text = piece.doc.text if names and len(spans) else ""  # built on each access: once
    for sp in spans:
        # (Demonyms are kept: they are context for resolution, never mentions.)
        if sp.label_ != "DEMONYM" and _inside_actor(doc_text, sp.start_char, sp.end_char, names):
            continue
        start, end = piece.start + sp.start_char, piece.start + sp.end_char
        yield ToponymSpan(start=start, end=end, text=text[start:end], source=sp.label_)


def _resolve(
    doc: Document, pieces: tuple[BodyPiece, ...], res: AnnotateResources, hint: RegionHint | None,
    titles: tuple[BodyPiece, ...] = (),
) -> Annotation:
    text = doc.raw.text
    ref = doc.reference_date
    # the title names the town more often than any line of the body; its other
    # words (counts, times, actors) are the body's business
    toponyms: list[ToponymSpan] = [t for piece in titles for t in _toponyms(text, piece)]
    actors: list[ActorMention] = []
    times: list[TimeMention] = []
    quantities: list[Quantity] = []
    hint = _fallback_hint(doc, hint, res.gazetteer, _stoplist(res.nlp))
    for piece in pieces:
        off = piece.start
        toponyms.extend(_toponyms(text, piece))
        quantities.extend(
            _shift(q, off, ("start", "end", "head_start", "head_end")) for q in piece.doc._.quantities
        )
        if ref.date is not None:
            precision = ref.precision
            times.extend(
                _shift(t, off, ("start", "end"))
                for t in find_times(piece.doc, ref.date, precision_of_ref=precision)
            )
    places = resolve_toponyms(text, toponyms, res.gazetteer, hint=hint)
    # "government forces" means the forces of the country the story is about.
    country = _main_country(places)
    for piece in pieces:
        # The component resolved descriptions with a guess of the country from one
        # paragraph; redo that part with the whole document's places.
        named = list(piece.doc._.actor_mentions)
        mentions = resolve_coreference(named, piece.doc, res.kb, country=country)
        actors.extend(_shift(m, piece.start, ("start", "end", "antecedent_start")) for m in mentions)
    return Annotation(
        document_id=doc.id,
        text=text,
        reference=ref,
        pieces=pieces,
        places=tuple(places),
        actors=tuple(actors),
        times=tuple(times),
        quantities=tuple(quantities),
        event_location=pick_event_location(places),
        titles=titles,
        title_quantities=tuple(
            _shift(q, piece.start, ("start", "end", "head_start", "head_end"))
            for piece in titles for q in piece.doc._.quantities
        ),
    )


def to_mentions(annotation: Annotation, kb: ActorKB) -> tuple[Mention, ...]:
    """Flatten an annotation to stored mentions, in text order."""
    out: list[Mention] = []
    for p in annotation.places:
        r = p.resolved
        detail: dict[str, object] = {"precision": p.precision, "anchor_of": p.anchor_of,
                                     "source": p.source, "dateline": p.dateline}
        if r is not None:
            detail.update(lat=r.lat, lon=r.lon, country=r.country, admin1=r.admin1,
                          admin1_name=r.admin1_name, feature_class=r.feature_class)
        out.append(Mention(kind="place", start=p.start, end=p.end, text=p.text,
                           resolved_id=str(r.geonameid) if r else None,
                           resolved_name=r.name if r else None, detail=detail, reason=p.reason))
    for a in annotation.actors:
        name = kb.actors[a.actor_id].name if a.actor_id in kb.actors else None
        out.append(Mention(kind="actor", start=a.start, end=a.end, text=a.text,
                           resolved_id=a.actor_id, resolved_name=name,
                           detail={"branch": a.branch, "how": a.kind,
                                   "antecedent_start": a.antecedent_start},
                           reason=a.reason))
    for t in annotation.times:
        rng = t.range
        out.append(Mention(kind="time", start=t.start, end=t.end, text=t.text,
                           resolved_id=f"{rng.start.isoformat()}/{rng.end.isoformat()}",
                           resolved_name=None,
                           detail={"start": rng.start.isoformat(), "end": rng.end.isoformat(),
                                   "precision": rng.precision, "tense": t.tense},
                           reason=t.reason))
    for q in annotation.quantities:
        out.append(Mention(kind="quantity", start=q.start, end=q.end, text=q.text,
                           resolved_id=None, resolved_name=q.head,
                           detail={"low": q.low, "high": q.high, "qualifier": q.qualifier,
                                   "bound": q.bound, "role": q.role},
                           reason=q.reason))
    out.sort(key=lambda m: (m.start, m.end))
    return tuple(out)


__all__ = [
    "AnnotateResources",
    "to_mentions",
    "Annotation",
    "BodyPiece",
    "annotate",
    "annotate_many",
    "load_annotate_resources",
]
