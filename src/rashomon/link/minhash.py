"""Near-duplicates and syndication: MinHash over word shingles of the body text.

Public contract::

    body_text(document) -> str
    shingles(text, size=5) -> set[str]
    minhash_signature(text) -> tuple[int, ...]
    estimate_jaccard(a, b) -> float
    band_keys(signature) -> tuple[str, ...]
    find_near_duplicates(items, threshold=0.8) -> list[NearDuplicate]
    syndication_edges(pairs, items, wire_ids=()) -> list[SyndicationEdge]

A republished or lightly edited copy of an article shares most of its 5-word
shingles with the original, so the Jaccard similarity of the two shingle sets is
high (a copy with a new headline and one changed sentence stays above ~0.7), while
two articles about the same incident written independently share few 5-word runs
(< 0.2). The signature is stored as plain integers, so it can be persisted and an
index rebuilt from it without pickle.

When not to use: to decide whether two independently written articles report the
same incident; that is :mod:`rashomon.link.cluster`'s job (names, places, dates).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]  # no stubs

from ..model import Document, OutletGuess

#: Permutations per signature: 64 keeps the Jaccard estimate within ~0.06 (one sd)
#: and a signature small enough to store per document.
NUM_PERM = 64
#: A fixed seed and permutation scheme: signatures made on different days and
#: machines must be comparable (datasketch 2 refuses stored values without a scheme).
SEED = 1
SCHEME = "affine32"
#: LSH banding for blocking: 16 bands of 4 rows put the candidate threshold near
#: (1/16) ** (1/4) ~= 0.5, well below the near-duplicate threshold.
BANDS = 16
ROWS = NUM_PERM // BANDS
#: Jaccard estimate from which two texts are the same article (republished or
#: lightly edited); independently written reports of one incident stay far below.
NEAR_DUPLICATE_THRESHOLD = 0.7

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateInput:
    """What near-duplicate detection and syndication need to know about one document.

    Attributes:
        doc_id: the document id.
        signature: its MinHash signature (:func:`minhash_signature` of the body).
        outlet_id: the publishing outlet's source id, if known.
        original_outlet_id: the outlet that wrote it first, when the document itself
            says so ("Articles by: RT"); such a document keeps it.
        date: its reference date in ISO form (``YYYY-MM-DD``), if known.
    """

    doc_id: str
    signature: tuple[int, ...]
    outlet_id: str | None = None
    original_outlet_id: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NearDuplicate:
    """Two documents that are copies of one text (``a < b`` by id)."""

    a: str
    b: str
    jaccard: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SyndicationEdge:
    """``document_id`` carries a text first published by ``syndicated_from``.

    Attributes:
        document_id: the copy.
        syndicated_from: the source id of the original outlet.
        source_document_id: the earlier copy the edge was read from, when it came
            from a near-duplicate pair (``None`` when the document names its
            original outlet itself).
        jaccard: the pair's Jaccard estimate (1.0 for a self-declared original).
        reason: a sentence saying why this outlet is taken as the original.
    """

    document_id: str
    syndicated_from: str
    source_document_id: str | None
    jaccard: float
    reason: str


def body_text(document: Document) -> str:
    """The text later stages read: the body segments, or the whole text without any.

    Args:
        document: a cleaned document.

    Returns:
        The body segments joined by blank lines; the raw text when no segment is
        labelled ``body`` (a document the cleaner could not segment).
    """
    parts = document.segment_text("body")
    return "\n\n".join(parts) if parts else document.raw.text


def shingles(text: str, size: int = 5) -> set[str]:
    """The set of ``size``-word shingles of a text, case- and punctuation-folded.

    A text shorter than ``size`` words gives one shingle of all its words, so short
    texts still have a signature.
    """
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash_signature(text: str, size: int = 5) -> tuple[int, ...]:
    """The MinHash signature (``NUM_PERM`` integers) of a text's word shingles.

    Args:
        text: the body text.
        size: shingle length in words.

    Returns:
        The signature's hash values; all ``2**32 - 1`` (the empty signature) for a
        text without words.
    """
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    grams = sorted(shingles(text, size))
    if grams:
        mh.update_batch([g.encode("utf-8") for g in grams])
    return tuple(int(v) for v in mh.hashvalues)


def estimate_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard estimate of two signatures: the share of equal hash values."""
    if len(a) != len(b) or not a:
        raise ValueError("signatures must be non-empty and of equal length")
    # plain Python: 64 comparisons cost less than building two arrays per pair
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


def band_keys(signature: Sequence[int]) -> tuple[str, ...]:
    """LSH band keys of a signature, for a blocking index (``BANDS`` strings).

    Two documents share at least one key with probability ``1 - (1 - J**ROWS)**BANDS``
    for Jaccard ``J``: about 0.98 at J = 0.7, 0.02 at J = 0.2.
    """
    if _is_empty(signature):
        return ()
    return tuple(
        f"b{band}:" + ".".join(str(v) for v in signature[band * ROWS : (band + 1) * ROWS])
        for band in range(BANDS)
    )


def _is_empty(signature: Sequence[int]) -> bool:
    return all(v == (1 << 32) - 1 for v in signature)


def find_near_duplicates(
    items: Iterable[DuplicateInput], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[NearDuplicate]:
    """Pairs of documents whose bodies are copies of one another.

    Candidates come from datasketch's MinHash LSH (never all pairs); each is kept when
    its Jaccard estimate reaches ``threshold``. Documents without words are skipped.

    Args:
        items: the documents, each with its signature.
        threshold: the Jaccard estimate from which a pair is a near-duplicate.

    Returns:
        The pairs, sorted by ids, each with its Jaccard estimate.
    """
    lsh = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=NUM_PERM)
    seen: dict[str, DuplicateInput] = {}
    found: dict[tuple[str, str], float] = {}
    for item in items:
        if item.doc_id in seen or _is_empty(item.signature):
            continue
        mh = MinHash(
            num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.asarray(item.signature)
        )
        for other in sorted(lsh.query(mh)):
            j = estimate_jaccard(item.signature, seen[other].signature)
            if j >= threshold:
                a, b = sorted((item.doc_id, other))
                found[(a, b)] = j
        lsh.insert(item.doc_id, mh)
        seen[item.doc_id] = item
    return [NearDuplicate(a=a, b=b, jaccard=j) for (a, b), j in sorted(found.items())]


def syndication_edges(
    pairs: Iterable[NearDuplicate],
    items: Mapping[str, DuplicateInput],
    wire_ids: Collection[str] = (),
) -> list[SyndicationEdge]:
    """Which copy was taken from which outlet: the ``syndicated_from`` edges.

    Rules, in order (the first that decides wins):

    1. A document that names its original outlet itself keeps it (one edge per
       such document, whatever its copies say).
    2. Of a pair from two different outlets, the one whose outlet is the other's
       declared original, or a wire/agency (``wire_ids``), is the source.
    3. Otherwise the earlier reference date is the source.

    Pairs from the same outlet (a page republished with an update) and pairs whose
    direction no rule decides (same day, no wire, no outlet) give no edge: they are
    still near-duplicates, so they still never count as independent witnesses.

    Args:
        pairs: near-duplicate pairs from :func:`find_near_duplicates`.
        items: the documents by id.
        wire_ids: source ids of wires and agencies (AP, Reuters, AFP...).

    Returns:
        At most one edge per copy (the strongest pair decides), sorted by document id.
    """
    edges: dict[str, SyndicationEdge] = {}
    for item in sorted(items.values(), key=lambda i: i.doc_id):
        if item.original_outlet_id and item.original_outlet_id != item.outlet_id:
            edges[item.doc_id] = SyndicationEdge(
                document_id=item.doc_id,
                syndicated_from=item.original_outlet_id,
                source_document_id=None,
                jaccard=1.0,
                reason="the document names its original outlet",
            )
    for pair in sorted(pairs, key=lambda p: (-p.jaccard, p.a, p.b)):
        a, b = items.get(pair.a), items.get(pair.b)
        if a is None or b is None:
            continue
        decided = _direction(a, b, wire_ids)
        if decided is None:
            continue
        source, copy, why = decided
        if copy.doc_id in edges:
            continue
        origin = source.original_outlet_id or source.outlet_id
        if origin is None or origin == copy.outlet_id:
            continue
        edges[copy.doc_id] = SyndicationEdge(
            document_id=copy.doc_id,
            syndicated_from=origin,
            source_document_id=source.doc_id,
            jaccard=pair.jaccard,
            reason=f"near-duplicate of {source.doc_id} (Jaccard {pair.jaccard:.2f}); {why}",
        )
    return [edges[k] for k in sorted(edges)]


def _direction(
    a: DuplicateInput, b: DuplicateInput, wire_ids: Collection[str]
) -> tuple[DuplicateInput, DuplicateInput, str] | None:
    """(source, copy, reason) of a near-duplicate pair, or ``None`` when undecided."""
    if a.outlet_id is None or b.outlet_id is None or a.outlet_id == b.outlet_id:
        return None
    for x, y in ((a, b), (b, a)):
        if y.original_outlet_id is not None and y.original_outlet_id == x.outlet_id:
            return x, y, f"{y.doc_id} names {x.outlet_id} as its original outlet"
    a_wire, b_wire = a.outlet_id in wire_ids, b.outlet_id in wire_ids
    if a_wire != b_wire:
        src, cp = (a, b) if a_wire else (b, a)
        return src, cp, f"{src.outlet_id} is a wire"
    if a.date and b.date and a.date != b.date:
        src, cp = (a, b) if a.date < b.date else (b, a)
        return src, cp, f"{src.doc_id} is earlier ({src.date} < {cp.date})"
    return None


def duplicate_input(document: Document, signature: tuple[int, ...]) -> DuplicateInput:
    """The :class:`DuplicateInput` of a cleaned document and its body signature."""
    original: OutletGuess | None = document.original_outlet
    day = document.reference_date.date
    return DuplicateInput(
        doc_id=document.id,
        signature=signature,
        outlet_id=document.outlet.source_id,
        original_outlet_id=original.source_id if original else None,
        date=day.isoformat() if day else None,
    )
