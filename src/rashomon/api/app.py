"""The HTTP API and the web app, one read-only FastAPI process over one store.

::

    GET /api/meta                     what the store holds, the export formats
    GET /api/events                   event rows (filters, cursor, ?format=)
    GET /api/events/{id}              one event row with its accounts
    GET /api/documents                documents with their locations (filters, cursor, ?format=)
    GET /api/documents/{id}           raw text, labelled segments, mentions, reasons
    GET /api/sources                  outlets with document counts
    GET /api/search?q=                full text (FTS5), best first
    GET /openapi.json                 the schema of all of the above
    GET /, /documents/{id}, /events/{id}   the web app (static, offline)

Thin: parse, call :mod:`rashomon.store.read_api`, shape. Lists are paged by opaque
cursors (``next_cursor``); ``?format=geojson`` (or any export format) downloads the
whole filtered list instead.
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
from ..export.formats import EXPORTERS, ExportContext
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
    min_independence: float | None = Field(None, ge=0, le=1, description="0..1; rows below (or unknown) are left out.")
    q: str | None = Field(None, description="Free text over document text (FTS5 syntax).")
    modality: str = Field(
        ",".join(ra.EVENT_MODALITIES),
        description="Event modalities, comma-separated, or 'all' (adds planned, hypothetical, negated, historical).",
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


def _download(store: Store, fmt: str, rows: Iterator[ra.EventRow], stem: str) -> Response:
    exporter = EXPORTERS[fmt]
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 - closed by the stream
    exporter.write(rows, spool, ExportContext.from_store(store))
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(1 << 16):
                yield block

    headers = {"Content-Disposition": f'attachment; filename="{stem}.{exporter.extension}"'}
    return StreamingResponse(chunks(), media_type=exporter.media_type, headers=headers)


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
        description="Read-only API over a rashomon store: events, documents, sources, search.",
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
        """What the store holds and which formats lists download in."""
        s = store()
        return {
            "version": __version__,
            "db": s.label,
            "documents": s.document_count(),
            "has_events": ra.has_events(s),
            "formats": {name: e.description for name, e in EXPORTERS.items()},
        }

    @app.get("/api/events", tags=["events"])
    def events(params: Annotated[FilterParams, Query()], request: Request) -> Response:
        """Event rows, filtered, a page at a time; ``format`` downloads all of them."""
        s = store()
        filters = params.filters()
        if filters.q:
            ra.refresh_search_index(s)
        if params.format != "json":
            if not ra.has_events(s):
                ra.list_events(s, filters, limit=1)  # raises R230, the one error shape
            return _download(s, params.format, ra.iter_events(s, filters, actors=actors()), "events")
        page = ra.list_events(s, filters, limit=params.limit, cursor=params.cursor, actors=actors())
        return JSONResponse(_page([r.to_json() for r in page.items], page.next_cursor, request))

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
        """One event row: the ACLED-shaped row, its evidence, and other documents' accounts
        of what may be the same event (same type and place, dates within 3 days)."""
        s = store()
        row = ra.get_event(s, event_id, actors=actors())
        others = ra.other_accounts(s, row, actors=actors())
        return {
            "event": row.to_json(),
            "acled": _acled(s, row),
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
        filters = params.filters()
        if filters.q:
            ra.refresh_search_index(s)
        if params.format != "json":
            return _download(s, params.format, ra.iter_document_locations(s, filters), "document-locations")
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


def _acled(s: Store, row: ra.EventRow) -> dict[str, Any]:
    from ..export.views import acled_row

    return acled_row(row, ExportContext.from_store(s).source_countries)


def _mount_web(app: FastAPI) -> None:
    """The web app: static pages that call the API (no CDN, works offline)."""
    static = _WEB / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def page(name: str) -> FileResponse:
        return FileResponse(str(static / name), media_type="text/html")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return page("index.html")

    @app.get("/documents/{document_id}", include_in_schema=False)
    def document_page(document_id: str) -> FileResponse:
        return page("document.html")

    @app.get("/events/{event_id}", include_in_schema=False)
    def event_page(event_id: str) -> FileResponse:
        return page("event.html")
