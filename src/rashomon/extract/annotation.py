"""What the extract stage reads: the annotate stage's output, seen through a Protocol.

The extract stage is duck-typed on :class:`AnnotationLike` so it works with
``rashomon.annotate.Annotation`` (the annotate stage's record) and with
:class:`LocalAnnotation`, which :func:`annotate_document` builds from the same pieces
(spaCy over the body segments, the actor and quantity components, time resolution,
toponym resolution). Use :func:`annotate_document` only where the annotate stage is
not at hand (tests, development scripts): the pipeline's own annotate stage is the
one to use in production.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from rashomon.model import Document, ReferenceDate
from rashomon.resolve.actors import ActorMention
from rashomon.resolve.gazetteer import Gazetteer
from rashomon.resolve.numbers import Quantity
from rashomon.resolve.places import PlaceMention, ToponymSpan, pick_event_location, resolve_toponyms
from rashomon.resolve.times import TimeMention, find_times


class BodyPieceLike(Protocol):
    """One body segment, parsed: ``doc`` is spaCy's parse of ``raw.text[start:end]``."""

    @property
    def start(self) -> int: ...

    @property
    def doc(self) -> Doc: ...


class AnnotationLike(Protocol):
    """The annotate stage's output for one document (offsets into the raw text)."""

    @property
    def document_id(self) -> str: ...

    @property
    def pieces(self) -> Sequence[BodyPieceLike]: ...

    @property
    def places(self) -> Sequence[PlaceMention]: ...

    @property
    def actors(self) -> Sequence[ActorMention]: ...

    @property
    def times(self) -> Sequence[TimeMention]: ...

    @property
    def quantities(self) -> Sequence[Quantity]: ...

    @property
    def event_location(self) -> PlaceMention | None: ...

    @property
    def reference(self) -> ReferenceDate: ...

    @property
    def titles(self) -> Sequence[BodyPieceLike]:
        """The parsed title lines (read when the body tells no event)."""
        ...

    @property
    def title_quantities(self) -> Sequence[Quantity]:
        """The title lines' counts, in raw-text offsets."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalPiece:
    """A parsed body segment (see :class:`BodyPieceLike`)."""

    start: int
    doc: Doc


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalAnnotation:
    """An :class:`AnnotationLike` built by :func:`annotate_document`."""

    document_id: str
    pieces: tuple[LocalPiece, ...]
    places: tuple[PlaceMention, ...]
    actors: tuple[ActorMention, ...]
    times: tuple[TimeMention, ...]
    quantities: tuple[Quantity, ...]
    event_location: PlaceMention | None
    reference: ReferenceDate
    titles: tuple[LocalPiece, ...] = ()
    title_quantities: tuple[Quantity, ...] = ()


def _shift_quantity(q: Quantity, offset: int) -> Quantity:
    return dataclasses.replace(
        q,
        start=q.start + offset,
        end=q.end + offset,
        head_start=None if q.head_start is None else q.head_start + offset,
        head_end=None if q.head_end is None else q.head_end + offset,
    )


def _shift_actor(a: ActorMention, offset: int) -> ActorMention:
    return dataclasses.replace(
        a,
        start=a.start + offset,
        end=a.end + offset,
        antecedent_start=None if a.antecedent_start is None else a.antecedent_start + offset,
    )


def annotate_document(
    document: Document, nlp: Language, *, gazetteer: Gazetteer | None = None
) -> LocalAnnotation:
    """Runs spaCy over a document's body segments and gathers what extract reads.

    Args:
        document: a cleaned document.
        nlp: a pipeline with ``rashomon_actors`` and ``rashomon_quantities`` (and, for
            places, ``rashomon_toponyms`` from :func:`rashomon.annotate.nlp.load_nlp`).
        gazetteer: resolves toponyms; None leaves places empty.

    Not the annotate stage: a stand-in with the same contract for tests and scripts.
    """
    spans = [(s.start, s.end) for s in document.body_spans if s.end > s.start]
    return annotate_text(document.id, document.raw.text, spans, document.reference_date, nlp,
                         gazetteer=gazetteer)


def annotate_text(
    document_id: str,
    text: str,
    spans: Sequence[tuple[int, int]],
    reference: ReferenceDate,
    nlp: Language,
    *,
    gazetteer: Gazetteer | None = None,
) -> LocalAnnotation:
    """:func:`annotate_document` for a bare text with its body spans and reference date."""
    ref = reference
    pieces: list[LocalPiece] = []
    actors: list[ActorMention] = []
    times: list[TimeMention] = []
    quantities: list[Quantity] = []
    toponyms: list[ToponymSpan] = []
    for doc, (start, _end) in nlp.pipe(((text[s:e], (s, e)) for s, e in spans), as_tuples=True):
        pieces.append(LocalPiece(start=start, doc=doc))
        if doc.has_extension("actor_mentions"):
            actors.extend(_shift_actor(a, start) for a in doc._.actor_mentions)
        if doc.has_extension("quantities"):
            quantities.extend(_shift_quantity(q, start) for q in doc._.quantities)
        if ref.date is not None:
            for t in find_times(doc, ref.date, precision_of_ref=ref.precision):
                times.append(dataclasses.replace(t, start=t.start + start, end=t.end + start))
        for sp in doc.spans.get("rashomon_toponyms", []):
            s, e = start + sp.start_char, start + sp.end_char
            toponyms.append(ToponymSpan(start=s, end=e, text=text[s:e], source=sp.label_))
    places: tuple[PlaceMention, ...] = ()
    if gazetteer is not None and toponyms:
        places = tuple(resolve_toponyms(text, toponyms, gazetteer))
    return LocalAnnotation(
        document_id=document_id,
        pieces=tuple(pieces),
        places=places,
        actors=tuple(actors),
        times=tuple(times),
        quantities=tuple(quantities),
        event_location=pick_event_location(places) if places else None,
        reference=ref,
    )
