"""Read-only queries for the interfaces (export, API, web, sitrep), with shared filters.

Everything here reads; the one exception is :func:`ensure_search_index`, which builds
the derived full-text index (SQLite FTS5) the first time free-text search is asked
for, and adds documents stored since. It is derived data, like mentions: dropping
``documents_fts`` loses nothing.

Two kinds of map row share one record, :class:`EventRow`, and say which they are in
``kind``:

- ``event_mention``: one account of one event in one document, from the
  ``event_mentions`` table (when the store has it);
- ``document_location``: a document placed at the place its body names most often,
  with no event type, actors or counts. Used by the map before events exist. It is
  *not* an event and the exporters refuse it (see :mod:`rashomon.export`).

Lists are paged with opaque cursors over a unique sort key (keyset pagination), so a
page never repeats or skips rows while documents are being added.

When not to use: bulk analysis over millions of rows -- query the SQLite file (or
the Parquet export) directly.

Canonical events (the link stage's merge of accounts across documents) are
:class:`CanonicalEvent` rows (:mod:`.canonical_events`); stories, their outlet matrix
and claims are in :mod:`.stories`. Exports, the API and the sitrep hand these on; the
per-document :class:`EventRow` stays for ``/api/mentions`` and ``--rows mentions``.

Modules, by concern: :mod:`.filters` (the shared :class:`Filters` and parsing),
:mod:`.paging` (cursors and :class:`Page`), :mod:`.events` (:class:`EventRow` and event
queries), :mod:`.documents` (document lists and detail, outlets), :mod:`.search` (the
FTS5 index and search). Import from here; the modules are the layout, not the API.
"""

from __future__ import annotations

# The ``X as X`` imports are public names the one-module read_api had outside its
# __all__: importable from here as before, and ``import *`` stays as it was.
from .canonical_events import (
    CanonicalEvent,
    EventDetail,
    canonical_count,
    canonical_events_by_id,
    event_accounts,
    get_canonical_event,
    has_canonical_events,
    iter_canonical_events,
    list_canonical_events,
    require_canonical_events,
    resolve_event_id,
)
from .documents import (
    DocumentDetail,
    DocumentSummary,
    SourceRow,
    get_document_detail,
    iter_document_locations,
    iter_documents,
    list_documents,
    list_sources,
)
from .documents import document_location as document_location
from .events import (
    EVENT_MODALITIES,
    ActorTable,
    EventRow,
    Evidence,
    disagreements,
    get_event,
    has_events,
    list_events,
    load_actor_table,
    other_accounts,
)
from .events import NO_ACTORS as NO_ACTORS
from .events import EventKind as EventKind
from .events import iter_events as iter_events
from .filters import BBox, Filters, country_alpha2, country_info, parse_bbox, parse_modalities
from .paging import Page, decode_cursor, encode_cursor
from .paging import T as T
from .search import SearchHit, ensure_search_index, refresh_search_index, search
from .search import search_ids as search_ids
from .stories import get_story, list_claims, list_story_page, resolve_story_id, story_count

__all__ = [
    "EVENT_MODALITIES",
    "ActorTable",
    "BBox",
    "CanonicalEvent",
    "DocumentDetail",
    "DocumentSummary",
    "EventDetail",
    "EventRow",
    "Evidence",
    "Filters",
    "Page",
    "SearchHit",
    "SourceRow",
    "canonical_count",
    "canonical_events_by_id",
    "country_alpha2",
    "country_info",
    "decode_cursor",
    "disagreements",
    "encode_cursor",
    "ensure_search_index",
    "event_accounts",
    "get_canonical_event",
    "get_document_detail",
    "get_event",
    "get_story",
    "has_canonical_events",
    "has_events",
    "iter_canonical_events",
    "iter_document_locations",
    "iter_documents",
    "list_canonical_events",
    "list_claims",
    "list_documents",
    "list_events",
    "list_sources",
    "list_story_page",
    "load_actor_table",
    "other_accounts",
    "parse_bbox",
    "parse_modalities",
    "refresh_search_index",
    "require_canonical_events",
    "resolve_event_id",
    "resolve_story_id",
    "search",
    "story_count",
]
