"""Link: near-duplicates, syndication, and documents clustered into incidents.

Steps, each public and usable alone:

1. ``features.features`` (or ``features_from_text``): what the linker knows about
   one document (names, places, dates, terms, MinHash): a pure function, stored.
2. ``minhash.find_near_duplicates`` and ``minhash.syndication_edges``: copies of one
   text, and which outlet each copy was taken from.
3. ``cluster.Linker.add`` / ``cluster.link_documents``: incremental clustering of
   documents into incidents through a blocking index, each merge with its reasons.
"""

from __future__ import annotations

from .cluster import (
    CorpusStats,
    Linker,
    Merge,
    PairScore,
    Reason,
    link_documents,
    score_pair,
)
from .features import (
    DocFeatures,
    EntityPair,
    entity_pairs,
    features,
    features_from_parts,
    features_from_text,
    ner_text,
)
from .minhash import (
    DuplicateInput,
    NearDuplicate,
    SyndicationEdge,
    body_text,
    duplicate_input,
    find_near_duplicates,
    minhash_signature,
    syndication_edges,
)

__all__ = [
    "CorpusStats",
    "DocFeatures",
    "DuplicateInput",
    "EntityPair",
    "Linker",
    "Merge",
    "NearDuplicate",
    "PairScore",
    "Reason",
    "SyndicationEdge",
    "body_text",
    "duplicate_input",
    "entity_pairs",
    "features",
    "features_from_parts",
    "features_from_text",
    "find_near_duplicates",
    "link_documents",
    "minhash_signature",
    "ner_text",
    "score_pair",
    "syndication_edges",
]
