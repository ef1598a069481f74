"""The HTTP API and the web app, one read-only FastAPI process over one store.

::

    GET /api/meta                     what the store holds, the export formats
    GET /api/events                   canonical events (filters, cursor, ?format=)
    GET /api/events/{id}              one canonical event with every account (id or prefix)
    GET /api/stories                  stories: documents, time span, places, actors, events
    GET /api/stories/{id}             one story with its events, outlet matrix, contradictions
    GET /api/claims                   attributed statements (document, story, speaker)
    GET /api/mentions                 event mentions: one account in one document
    GET /api/mentions/{id}            one mention with other documents' candidate accounts
    GET /api/documents                documents with their locations (filters, cursor, ?format=)
    GET /api/documents/{id}           raw text, labelled segments, mentions, reasons
    GET /api/sources                  outlets with document counts
    GET /api/search?q=                full text (FTS5), best first
    GET /openapi.json                 the schema of all of the above
    GET /, /events/{id}, /stories/{id}, /documents/{id}   the web app (static, offline)

Thin: parse, call :mod:`rashomon.store.read_api`, shape. Lists are paged by opaque
cursors (``next_cursor``); ``?format=geojson`` (or any export format) downloads the
whole filtered list instead. The JSON names are documented in docs/USAGE.md.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..export.formats import EXPORTERS, ExportContext, ExportRow, RowKind
from ..export.views import acled_event_row, acled_row
from ..store import read_api as ra
from ..store.db import Store
from . import errors

Format = Literal["json", "acled-csv", "ucdp-csv", "geojson", "jsonl", "parquet"]
assert set(Format.__args__) - {"json"} == set(EXPORTERS), "Format must list every exporter"  # type: ignore[attr-defined]


class FilterParams(BaseModel):
    """The shared filters, as query parameters (names as in the web app's URL)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    date_from: dt.date | None = Field(None, alias="from", description="First day, inclusive (YYYY-MM-DD).")
    date_to: dt.date | None = Field(None, alias="to", description="Last day, inclusive.")
    country: str | None = Field(None, description="ISO code or English name.")
    admin1: str | None = Field(None, description="First-level division name.")
    event_type: str | None = Field(None, description="ACLED event type.")
    actor: str | None = Field(None, description="Actor id or name (substring).")
    bbox: str | None = Field(None, description="west,south,east,north in degrees.", pattern=r"^[-0-9.,eE ]+$")
    min_independence: int | None = Field(
        None, ge=0,
        description="An integer: the fewest independent sources (min of distinct primary sources and owner "
                    "groups) an event may have; events below are left out (no longer a 0-1 score).",
    )
    q: str | None = Field(None, description="Free text: events with an account in a matching document (FTS5).")
    modality: str = Field(
        ",".join(ra.EVENT_MODALITIES),
        description="Events with an account of these modalities, comma-separated, or 'all' "
                    "(adds planned, hypothetical, negated, historical: mentions only).",
    )
    limit: int = Field(100, ge=1, le=1000, description="Page size.")
    cursor: str | None = Field(None, description="next_cursor of the previous page.")
    format: Format = Field("json", description="json (a page) or an export format (the whole list).")

    def filters(self) -> ra.Filters:
        return ra.Filters(
            date_from=self.date_from,
            date_to=self.date_to,
            country=self.country,
            admin1=self.admin1,
            event_type=self.event_type,
            actor=self.actor,
            bbox=ra.parse_bbox(self.bbox),
            min_independence=self.min_independence,
            q=self.q,
            modalities=ra.parse_modalities(self.modality),
        )


_WEB = files("rashomon.web")


def _page(items: list[dict[str, Any]], next_cursor: str | None, request: Request) -> dict[str, Any]:
    nxt = None
    if next_cursor:
        nxt = str(request.url.include_query_params(cursor=next_cursor))
    return {"items": items, "count": len(items), "next_cursor": next_cursor, "next": nxt}


def _download(store: Store, fmt: str, rows: Iterator[ExportRow], stem: str, kind: RowKind) -> Response:
    exporter = EXPORTERS[fmt]
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 - closed by the stream
    exporter.write(rows, spool, ExportContext.from_store(store, kind))
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(1 << 16):
                yield block

    headers = {"Content-Disposition": f'attachment; filename="{stem}.{exporter.extension}"'}
    return StreamingResponse(chunks(), media_type=exporter.media_type, headers=headers)


def _filters(s: Store, params: FilterParams) -> ra.Filters:
    filters = params.filters()
    if filters.q:
        ra.refresh_search_index(s)
    return filters


def create_app(db: str) -> FastAPI:
    """The app over the store at ``db`` (file path or SQLAlchemy URL); opened read-only.

    The full-text index is brought up to date once at start (the only write).
    """
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        store = Store.open(db, create=False)
        ra.ensure_search_index(store)
        state["store"] = store
        state["actors"] = ra.load_actor_table() if ra.has_events(store) else {}
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="rashomon",
        version=__version__,
        description="Read-only API over a rashomon store: canonical events, stories, claims, "
                    "event mentions, documents, sources, search.",
        lifespan=lifespan,
    )
    errors.install(app)

    def store() -> Store:
        return state["store"]  # type: ignore[no-any-return]

    def actors() -> ra.ActorTable:
        if not state["actors"] and ra.has_events(state["store"]):  # events stored since start
            state["actors"] = ra.load_actor_table()
        return state["actors"]  # type: ignore[no-any-return]

    @app.get("/api/meta", tags=["meta"])
    def meta() -> dict[str, Any]:
        """What the store holds (documents, event mentions, canonical events, stories) and
        which formats lists download in."""
        s = store()
        return {
            "version": __version__,
            "db": s.label,
            "documents": s.document_count(),
            "has_events": ra.has_events(s),
            "has_canonical_events": ra.has_canonical_events(s),
            "events": ra.canonical_count(s),
            "stories": ra.story_count(s),
            "formats": {name: e.description for name, e in EXPORTERS.items()},
        }

    @app.get("/api/events", tags=["events"])
    def events(params: Annotated[FilterParams, Query()], request: Request) -> Response:
        """Canonical events (accounts merged across documents), filtered, a page at a time;
        ``format`` downloads all of them."""
        s = store()
        filters = _filters(s, params)
        if params.format != "json":
            ra.require_canonical_events(s)  # R233 before a download starts
            rows = ra.iter_canonical_events(s, filters, actors=actors())
            return _download(s, params.format, rows, "events", "events")
        page = ra.list_canonical_events(s, filters, limit=params.limit, cursor=params.cursor, actors=actors())
        return JSONResponse(_page([e.to_json() for e in page.items], page.next_cursor, request))

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: Annotated[str, Path(min_length=1, max_length=200)]) -> dict[str, Any]:
        """One canonical event (full id or unique prefix): the ACLED row, every account with
        its document, evidence, claim and provenance chain, and its contradictions."""
        s = store()
        detail = ra.get_canonical_event(s, event_id, actors=actors())
        body = detail.to_json()
        body["acled"] = acled_event_row(detail.event, ExportContext.from_store(s).source_countries)
        return body

    @app.get("/api/stories", tags=["stories"])
    def stories(
        request: Request,
        limit: Annotated[int, Query(ge=1, le=1000, description="Page size.")] = 100,
        cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    ) -> dict[str, Any]:
        """Stories: documents, time span, places, actors, canonical events."""
        page = ra.list_story_page(store(), limit=limit, cursor=cursor, actors=actors())
        return _page(page.items, page.next_cursor, request)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def story(story_id: Annotated[str, Path(min_length=1, max_length=200)]) -> dict[str, Any]:
        """One story (full id or unique prefix): its events, the outlet matrix (columns:
        originating outlets; rows: events, then claims no event is tied to; cells: that
        outlet's account or null), and its contradictions."""
        return ra.get_story(store(), story_id, actors=actors())

    @app.get("/api/claims", tags=["claims"])
    def claims(
        request: Request,
        document: Annotated[str | None, Query(max_length=40, description="Document id or unique prefix.")] = None,
        story: Annotated[str | None, Query(max_length=200, description="Story id or unique prefix.")] = None,
        speaker: Annotated[str | None, Query(max_length=200, description="Speaker words or actor id (substring).")] = None,
        limit: Annotated[int, Query(ge=1, le=1000, description="Page size.")] = 100,
        cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    ) -> dict[str, Any]:
        """Claims (attributed statements) with speaker, verb, channel, stance, provenance chain
        and the canonical events attributed to them."""
        page = ra.list_claims(store(), document=document, story=story, speaker=speaker, limit=limit, cursor=cursor)
        return _page(page.items, page.next_cursor, request)

    @app.get("/api/mentions", tags=["mentions"])
    def mentions(params: Annotated[FilterParams, Query()], request: Request) -> Response:
        """Event mentions (one account in one document), filtered, a page at a time; ``format``
        downloads all of them. Kept for scripts: ``/api/events`` merges them."""
        s = store()
        filters = _filters(s, params)
        if params.format != "json":
            if not ra.has_events(s):
                ra.list_events(s, filters, limit=1)  # raises R230, the one error shape
            return _download(s, params.format, ra.iter_events(s, filters, actors=actors()), "mentions", "mentions")
        page = ra.list_events(s, filters, limit=params.limit, cursor=params.cursor, actors=actors())
        return JSONResponse(_page([r.to_json() for r in page.items], page.next_cursor, request))

    @app.get("/api/mentions/{mention_id}", tags=["mentions"])
    def mention(mention_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        """One event mention (``DOC:SEQ``): the row, its evidence, and other documents' accounts
        of what may be the same event (same type and place, dates within 3 days)."""
        s = store()
        row = ra.get_event(s, mention_id, actors=actors())
        others = ra.other_accounts(s, row, actors=actors())
        return {
            "event": row.to_json(),
            "acled": acled_row(row, ExportContext.from_store(s).source_countries),
            "other_accounts": [o.to_json() for o in others],
            "disagreements": ra.disagreements([row, *others]),
        }

    @app.get("/api/documents", tags=["documents"])
    def documents(params: Annotated[FilterParams, Query()], request: Request) -> Response:
        """Documents with the place their body names most, filtered and paged.

        ``format`` downloads the documents' locations as rows labelled
        ``document_location`` (not events).
        """
        s = store()
        filters = _filters(s, params)
        if params.format != "json":
            rows = ra.iter_document_locations(s, filters)
            return _download(s, params.format, rows, "document-locations", "document-locations")
        page = ra.list_documents(s, filters, limit=params.limit, cursor=params.cursor)
        return JSONResponse(_page([d.to_json() for d in page.items], page.next_cursor, request))

    @app.get("/api/documents/{document_id}", tags=["documents"])
    def document(document_id: Annotated[str, Path(min_length=4, max_length=40)]) -> dict[str, Any]:
        """Raw text, labelled segments, mentions, outlets and the reasons behind the metadata."""
        return ra.get_document_detail(store(), document_id).to_json()

    @app.get("/api/sources", tags=["sources"])
    def sources(all: bool = Query(False, description="Every known outlet, not only those with documents.")) -> dict[str, Any]:
        """Outlets with how many stored documents they published or originally wrote."""
        rows = ra.list_sources(store(), with_documents_only=not all)
        return {"items": [r.to_json() for r in rows], "count": len(rows), "next_cursor": None}

    @app.get("/api/search", tags=["search"])
    def search(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=500, description="FTS5 query; plain words are ANDed.")],
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: str | None = None,
    ) -> dict[str, Any]:
        """Documents matching ``q``, best first, with a snippet ([matched] words)."""
        ra.refresh_search_index(store())
        page = ra.search(store(), q, limit=limit, cursor=cursor)
        return _page([h.to_json() for h in page.items], page.next_cursor, request)

    _mount_web(app)
    return app


def _mount_web(app: FastAPI) -> None:
    """The web app: static pages that call the API (no CDN, works offline).

    ``/events/{id}``, ``/stories/{id}`` and ``/documents/{id}`` serve the page of that
    kind (``event.html``, ``story.html``, ``document.html``), or the app's index when
    the web app has no such page.
    """
    static = _WEB / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def page(name: str) -> FileResponse:
        target = static / name
        return FileResponse(str(target if target.is_file() else static / "index.html"), media_type="text/html")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return page("index.html")

    @app.get("/documents/{document_id}", include_in_schema=False)
    def document_page(document_id: str) -> FileResponse:
        return page("document.html")

    @app.get("/events/{event_id}", include_in_schema=False)
    def event_page(event_id: str) -> FileResponse:
        return page("event.html")

    @app.get("/stories/{story_id}", include_in_schema=False)
    def story_page(story_id: str) -> FileResponse:
        return page("story.html")
