"""Link: near-duplicates, syndication, and documents clustered into incidents.

Steps, each public and usable alone:

1. ``features.features`` (or ``features_from_text``): what the linker knows about
   one document (names, places, dates, terms, MinHash): a pure function, stored.
2. ``minhash.find_near_duplicates`` and ``minhash.syndication_edges``: copies of one
   text, and which outlet each copy was taken from.
3. ``cluster.Linker.add`` / ``cluster.link_documents``: incremental clustering of
   documents into incidents through a blocking index, each merge with its reasons.
4. ``events.block`` / ``events.cluster`` / ``events.assemble``: event mentions of many
   documents merged into canonical, ACLED-shaped events, each merge with its reasons.
5. ``provenance.chain`` / ``provenance.independence``: outlet -> cited source ->
   primary source, owner groups, and how independent an event's accounts are.
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
from .events import (
    CanonicalEvent,
    Cluster,
    MentionRecord,
    PairLink,
    assemble,
    block,
    cluster,
    fatality_range,
    pair_link,
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
from .provenance import Chain, Independence, PrimarySource, chain, independence

__all__ = [
    "CanonicalEvent",
    "Chain",
    "Cluster",
    "CorpusStats",
    "DocFeatures",
    "DuplicateInput",
    "EntityPair",
    "Independence",
    "Linker",
    "MentionRecord",
    "Merge",
    "NearDuplicate",
    "PairLink",
    "PairScore",
    "PrimarySource",
    "Reason",
    "SyndicationEdge",
    "assemble",
    "block",
    "body_text",
    "chain",
    "cluster",
    "duplicate_input",
    "entity_pairs",
    "fatality_range",
    "features",
    "features_from_parts",
    "features_from_text",
    "find_near_duplicates",
    "independence",
    "link_documents",
    "minhash_signature",
    "ner_text",
    "pair_link",
    "score_pair",
    "syndication_edges",
]
