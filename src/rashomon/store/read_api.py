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
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeVar

import pycountry
from sqlalchemy import Connection, bindparam, column, func, inspect, select, table, text
from sqlalchemy.exc import OperationalError

from ..errors import StoreError
from . import schema
from .db import Store
from .queries import DocumentRow, get_document, get_mentions

T = TypeVar("T")

EventKind = Literal["event", "event_mention", "document_location"]

#: Bounding box: west, south, east, north (degrees), as in GeoJSON's ``bbox``.
BBox = tuple[float, float, float, float]

#: Actor id -> (canonical name, ACLED inter code); see :func:`load_actor_table`.
ActorTable = Mapping[str, tuple[str, int | None]]
NO_ACTORS: ActorTable = MappingProxyType({})


# -- filters -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """The filters every list, export and map shares. ``None`` means "any".

    Attributes:
        date_from: first day (inclusive); a row matches when its date range overlaps.
        date_to: last day (inclusive).
        country: ISO 3166 alpha-2/alpha-3 code or English name ("SY", "SYR", "Syria").
        admin1: first-level division name ("Homs"), case-insensitive.
        event_type: ACLED event type ("Battles"), case-insensitive.
        actor: actor id or name; matches actor1, actor2 or an associated actor
            (substring, case-insensitive). For documents: any resolved actor mention.
        bbox: west, south, east, north.
        min_independence: rows whose independence score is below it (or unknown)
            are left out.
        q: free text (SQLite FTS5 query syntax; plain words are ANDed).
        modalities: event mentions with one of these modalities only
            (:data:`EVENT_MODALITIES` for events in ACLED's sense); documents ignore it.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    bbox: BBox | None = None
    min_independence: float | None = None
    q: str | None = None
    modalities: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise StoreError(
                f"date range {self.date_from}..{self.date_to} is empty: swap --from and --to",
                code="R220",
            )
        if self.bbox is not None:
            w, s, e, n = self.bbox
            if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
                raise StoreError(
                    f"bad bbox {self.bbox}: give west,south,east,north in degrees", code="R221"
                )

    @property
    def country_code(self) -> str | None:
        """The ISO alpha-2 code of ``country`` (raises R222 when unknown)."""
        return country_alpha2(self.country) if self.country else None

    def to_query(self) -> dict[str, str]:
        """The filters as URL query parameters (the web app's and API's names)."""
        out: dict[str, str] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        for name in ("country", "admin1", "event_type", "actor", "q"):
            value = getattr(self, name)
            if value:
                out[name] = str(value)
        if self.bbox:
            out["bbox"] = ",".join(f"{v:g}" for v in self.bbox)
        if self.min_independence is not None:
            out["min_independence"] = f"{self.min_independence:g}"
        if self.modalities:
            out["modality"] = ",".join(self.modalities)
        return out


def parse_bbox(value: str | None) -> BBox | None:
    """``"w,s,e,n"`` -> a bbox tuple (R221 when malformed)."""
    if not value:
        return None
    parts = value.split(",")
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise StoreError(f"bad bbox {value!r}: give west,south,east,north", code="R221") from None
    return (w, s, e, n)


def parse_modalities(value: str | None) -> tuple[str, ...] | None:
    """``"occurred,claimed"`` -> a tuple; ``"all"`` or empty -> None (any). R225 when unknown."""
    if not value or value.strip().lower() == "all":
        return None
    known = ("occurred", "attempted", "claimed", "planned", "hypothetical", "negated", "historical")
    names = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in known]
    if bad:
        raise StoreError(f"unknown modality {', '.join(bad)}: use {', '.join(known)} or all", code="R225")
    return names


def country_alpha2(value: str) -> str:
    """ISO alpha-2 code for a code or an English country name.

    Raises:
        StoreError: R222 when no country matches.
    """
    v = value.strip()
    hit = pycountry.countries.get(alpha_2=v.upper()) if len(v) == 2 else None
    if hit is None and len(v) == 3:
        hit = pycountry.countries.get(alpha_3=v.upper())
    if hit is None:
        try:
            hit = pycountry.countries.lookup(v)
        except LookupError:
            hit = None
    if hit is None:
        raise StoreError(f"unknown country {value!r}: give an ISO code or an English name", code="R222")
    return str(hit.alpha_2)


def country_info(alpha2: str | None) -> tuple[str | None, int | None]:
    """(English short name, ISO numeric code) of an alpha-2 code; ACLED's ``country``, ``iso``."""
    if not alpha2:
        return None, None
    hit = pycountry.countries.get(alpha_2=alpha2.upper())
    if hit is None:
        return None, None
    name = getattr(hit, "common_name", None) or hit.name
    return str(name), int(hit.numeric)


# -- cursors -------------------------------------------------------------------------


def encode_cursor(key: Sequence[Any]) -> str:
    """An opaque, URL-safe cursor for the sort key of the last row of a page."""
    raw = json.dumps(list(key), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The sort key inside a cursor (R223 when it is not one of ours)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise StoreError(f"bad cursor {cursor!r}: use the next_cursor of a previous page", code="R223") from None
    if not isinstance(key, list):
        raise StoreError(f"bad cursor {cursor!r}: use the next_cursor of a previous page", code="R223")
    return key


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of a list: its rows and the cursor of the next page (None at the end)."""

    items: list[T]
    next_cursor: str | None


# -- records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Words in one document that support a row: a span with its role."""

    document_id: str
    start: int
    end: int
    role: str  # evidence, trigger, place, actor1, actor2, fatalities, time, location
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow:
    """One row of the event table, in ACLED's terms (see the module docstring for ``kind``).

    Attributes:
        id: stable id (``DOC:SEQ`` for an event mention, the document id for a
            document location).
        kind: what the row is; only ``event`` and ``event_mention`` are events.
        document_ids: the documents that tell it.
        sources: outlet names, in document order (original outlet first when
            a document is syndicated).
        fatalities_low / fatalities_high: the killed range read from the words
            (high None = no upper bound).
        independence: 0..1, how independent the sources are; None when unknown.
        notes: the evidence sentence (or, for a document location, the title).
    """

    id: str
    kind: EventKind
    document_ids: tuple[str, ...]
    event_type: str | None = None
    sub_event_type: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: str | None = None
    actor1: str | None = None
    actor1_id: str | None = None
    actor2: str | None = None
    actor2_id: str | None = None
    assoc_actors: tuple[str, ...] = ()
    inter1: int | None = None  # ACLED actor type codes (1 state forces ... 8 external)
    inter2: int | None = None
    country: str | None = None  # ISO alpha-2
    admin1: str | None = None
    location: str | None = None
    geonameid: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    modality: str | None = None
    attributed_to: str | None = None  # who the account is attributed to (a claim's speaker)
    is_main: bool = False  # the event the document is about
    sources: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    independence: float | None = None
    notes: str = ""
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()
    updated: str | None = None  # when stored (ISO time)

    @property
    def is_event(self) -> bool:
        """True for rows that are events (not document locations)."""
        return self.kind != "document_location"

    def to_json(self) -> dict[str, Any]:
        """Stable JSON names (the API's and the JSONL export's)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif name == "evidence":
                value = [
                    {"document_id": e.document_id, "start": e.start, "end": e.end, "role": e.role, "text": e.text}
                    for e in value
                ]
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRow:
    """An outlet with how many stored documents it published or originally wrote."""

    id: str
    name: str
    domains: tuple[str, ...]
    country: str | None
    owner: str | None
    state_affiliated: bool
    kind: str
    notes: str
    documents: int
    original_documents: int

    def to_json(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["domains"] = list(self.domains)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentDetail:
    """A document with everything the document page shows."""

    document: DocumentRow
    mentions: list[dict[str, Any]]
    outlet: SourceRow | None
    original_outlet: SourceRow | None
    reasons: dict[str, dict[str, Any]] = field(default_factory=dict)
    location: EventRow | None = None

    def to_json(self) -> dict[str, Any]:
        out = self.document.to_json(with_segments=True)
        out["mentions"] = self.mentions
        out["outlet_source"] = self.outlet.to_json() if self.outlet else None
        out["original_outlet_source"] = self.original_outlet.to_json() if self.original_outlet else None
        out["reasons"] = self.reasons
        out["location"] = self.location.to_json() if self.location else None
        return out


# -- capabilities ----------------------------------------------------------------------


def has_events(store: Store) -> bool:
    """Whether the store holds any event mention (the table exists and is not empty)."""
    with store.engine.connect() as conn:
        if not inspect(conn).has_table("event_mentions"):
            return False
        return conn.execute(text("SELECT 1 FROM event_mentions LIMIT 1")).first() is not None


# -- documents -------------------------------------------------------------------------

_DOC_LIST_COLUMNS = [c for c in schema.documents.c if c.name not in ("text", "html")]


def _place_mentions(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[Any]]:
    m = schema.mentions
    out: dict[str, list[Any]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    q = (
        select(m.c.document_id, m.c.start, m.c.end, m.c.text, m.c.resolved_id, m.c.resolved_name, m.c.detail, m.c.reason)
        .where(m.c.kind == "place", m.c.document_id.in_(list(doc_ids)))
        .order_by(m.c.document_id, m.c.start)
    )
    for r in conn.execute(q):
        out[r.document_id].append(r)
    return out


def _body_spans(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    s = schema.segments
    out: dict[str, list[tuple[int, int]]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    q = select(s.c.document_id, s.c.start, s.c.end).where(
        s.c.label == "body", s.c.document_id.in_(list(doc_ids))
    )
    for r in conn.execute(q):
        out[r.document_id].append((r.start, r.end))
    return out


def document_location(doc: Any, places: list[Any], body: list[tuple[int, int]]) -> EventRow | None:
    """Where a document's body points: its most-named place finer than a country.

    Ties go to the place named first. Countries and provinces (feature class A) count
    only when nothing finer is named. None when no place resolved to coordinates.
    """

    def in_body(r: Any) -> bool:
        return any(a <= r.start and r.end <= b for a, b in body)

    usable = [(r, json.loads(r.detail or "{}")) for r in places if in_body(r)]
    usable = [(r, d) for r, d in usable if d.get("lat") is not None and d.get("lon") is not None]
    if not usable:
        return None
    fine = [(r, d) for r, d in usable if d.get("feature_class") != "A"]
    pool = fine or usable
    counts = Counter(r.resolved_id for r, _ in pool)
    best_id, n = max(counts.items(), key=lambda kv: (kv[1], -min(r.start for r, _ in pool if r.resolved_id == kv[0])))
    hits = [(r, d) for r, d in pool if r.resolved_id == best_id]
    first, detail = hits[0]
    precision = min(int(d.get("precision") or 3) for _, d in hits)
    sources = tuple(x for x in (doc.original_outlet_name, doc.outlet_name) if x)
    source_ids = tuple(x for x in (doc.original_outlet_id, doc.outlet_id) if x)
    ref: dt.date | None = doc.reference_date
    return EventRow(
        id=doc.id,
        kind="document_location",
        document_ids=(doc.id,),
        date_start=ref,
        date_end=ref,
        time_precision=doc.reference_date_precision if ref else None,
        country=detail.get("country"),
        admin1=detail.get("admin1_name"),
        location=first.resolved_name or first.text,
        geonameid=str(best_id) if best_id is not None else None,
        latitude=float(detail["lat"]),
        longitude=float(detail["lon"]),
        geo_precision=precision,
        sources=sources,
        source_ids=source_ids,
        notes=doc.title or "",
        reason=f"document location: {first.resolved_name or first.text} named {n} time(s) in the body"
        + ("" if fine else " (no place finer than a region or country)"),
        evidence=tuple(
            Evidence(document_id=doc.id, start=r.start, end=r.end, role="location", text=r.text) for r, _ in hits
        ),
        updated=doc.ingested_at,
    )


def _document_where(conn: Connection, filters: Filters) -> list[Any]:
    d = schema.documents
    m = schema.mentions
    conds: list[Any] = []
    if filters.date_from:
        conds.append(d.c.reference_date >= filters.date_from)
    if filters.date_to:
        conds.append(d.c.reference_date <= filters.date_to)
    if filters.actor:
        like = f"%{filters.actor.lower()}%"
        sub = select(m.c.document_id).where(
            m.c.kind == "actor",
            (func.lower(m.c.resolved_id) == filters.actor.lower()) | func.lower(m.c.resolved_name).like(like),
        )
        conds.append(d.c.id.in_(sub))
    if filters.q:
        conds.append(d.c.id.in_(search_ids(conn, filters.q)))
    return conds


def _location_matches(row: EventRow | None, filters: Filters) -> bool:
    needs_place = filters.country or filters.admin1 or filters.bbox
    if not needs_place:
        return True
    if row is None:
        return False
    if filters.country and row.country != filters.country_code:
        return False
    if filters.admin1 and (row.admin1 or "").lower() != filters.admin1.lower():
        return False
    if filters.bbox:
        w, s, e, n = filters.bbox
        lat, lon = row.latitude, row.longitude
        if lat is None or lon is None or not s <= lat <= n:
            return False
        inside_lon = w <= lon <= e if w <= e else (lon >= w or lon <= e)  # bbox across 180°
        if not inside_lon:
            return False
    return True


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSummary:
    """A document in a list: metadata and its location (for the map and filters)."""

    document: DocumentRow
    location: EventRow | None

    def to_json(self) -> dict[str, Any]:
        out = self.document.to_json()
        out["location"] = (
            {k: v for k, v in self.location.to_json().items() if k in _LOCATION_KEYS} if self.location else None
        )
        return out


_LOCATION_KEYS = ("location", "geonameid", "country", "admin1", "latitude", "longitude", "geo_precision", "reason")


def list_documents(
    store: Store, filters: Filters = Filters(), *, limit: int = 100, cursor: str | None = None
) -> Page[DocumentSummary]:
    """Documents in ingest order matching ``filters``, a page at a time.

    ``event_type`` and ``min_independence`` do not apply to documents: asking for them
    leaves nothing (a document is not an event).
    """
    from .queries import _row_to_document  # the one mapping of a documents row

    if filters.event_type or filters.min_independence is not None:
        return Page(items=[], next_cursor=None)
    d = schema.documents
    key = decode_cursor(cursor)
    items: list[DocumentSummary] = []
    last: list[Any] | None = key
    with store.engine.connect() as conn:
        conds = _document_where(conn, filters)
        while len(items) < limit:
            q = select(*_DOC_LIST_COLUMNS).where(*conds).order_by(d.c.ingested_at, d.c.id).limit(limit * 2)
            if last is not None:
                q = q.where((d.c.ingested_at > last[0]) | ((d.c.ingested_at == last[0]) & (d.c.id > last[1])))
            rows = conn.execute(q).all()
            if not rows:
                return Page(items=items, next_cursor=None)
            ids = [r.id for r in rows]
            places = _place_mentions(conn, ids)
            bodies = _body_spans(conn, ids)
            for r in rows:
                last = [r.ingested_at, r.id]
                loc = document_location(r, places[r.id], bodies[r.id])
                if _location_matches(loc, filters):
                    items.append(DocumentSummary(document=_row_to_document(r), location=loc))
                    if len(items) == limit:
                        break
            if len(rows) < limit * 2 and len(items) < limit:
                return Page(items=items, next_cursor=None)
    assert last is not None
    return Page(items=items, next_cursor=encode_cursor(last))


def iter_documents(store: Store, filters: Filters = Filters(), *, page_size: int = 200) -> Iterator[DocumentSummary]:
    """Every matching document, fetched a page at a time (never the whole corpus at once)."""
    cursor: str | None = None
    while True:
        page = list_documents(store, filters, limit=page_size, cursor=cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _source(conn: Connection, source_id: str | None) -> SourceRow | None:
    if not source_id:
        return None
    rows = _sources(conn, [source_id])
    return rows[0] if rows else None


def get_document_detail(store: Store, ident: str) -> DocumentDetail:
    """A document by id (or unique prefix) with segments, mentions, outlets, reasons.

    Raises:
        StoreError: R210 when no document (or several) match.
    """
    doc = get_document(store, ident)
    mentions = [
        {
            "kind": m.kind,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "resolved_id": m.resolved_id,
            "resolved_name": m.resolved_name,
            "detail": m.detail,
            "reason": m.reason,
        }
        for m in get_mentions(store, doc.id)
    ]
    d = schema.documents
    with store.engine.connect() as conn:
        raw = conn.execute(select(*_DOC_LIST_COLUMNS).where(d.c.id == doc.id)).one()
        places = _place_mentions(conn, [doc.id])[doc.id]
        body = _body_spans(conn, [doc.id])[doc.id]
        outlet = _source(conn, doc.outlet_id)
        original = _source(conn, doc.original_outlet_id)
    reasons: dict[str, dict[str, Any]] = {
        "title": {"value": doc.title, "reason": doc.title_reason, "span": None},
        "outlet": {"value": doc.outlet, "reason": doc.outlet_reason, "span": _span(raw.outlet_start, raw.outlet_end)},
        "original_outlet": {
            "value": doc.original_outlet,
            "reason": doc.original_outlet_reason,
            "span": _span(raw.original_outlet_start, raw.original_outlet_end),
        },
        "reference_date": {
            "value": doc.reference_date.isoformat() if doc.reference_date else None,
            "precision": doc.reference_date_precision,
            "kind": doc.reference_date_kind,
            "reason": doc.reference_date_reason,
            "span": list(doc.reference_date_span) if doc.reference_date_span else None,
        },
    }
    loc = document_location(raw, places, body)
    if loc is not None:
        reasons["location"] = {"value": loc.location, "reason": loc.reason, "span": None}
    return DocumentDetail(
        document=doc, mentions=mentions, outlet=outlet, original_outlet=original, reasons=reasons, location=loc
    )


# -- sources ---------------------------------------------------------------------------


def _span(start: int | None, end: int | None) -> list[int] | None:
    return [start, end] if start is not None and end is not None else None


def _sources(conn: Connection, ids: Sequence[str] | None) -> list[SourceRow]:
    s = schema.sources
    d = schema.documents
    pub = select(d.c.outlet_id.label("sid"), func.count().label("n")).group_by(d.c.outlet_id).subquery()
    orig = (
        select(d.c.original_outlet_id.label("sid"), func.count().label("n"))
        .where(d.c.original_outlet_id.is_not(None))
        .group_by(d.c.original_outlet_id)
        .subquery()
    )
    q = (
        select(s, func.coalesce(pub.c.n, 0).label("docs"), func.coalesce(orig.c.n, 0).label("orig_docs"))
        .outerjoin(pub, pub.c.sid == s.c.id)
        .outerjoin(orig, orig.c.sid == s.c.id)
        .order_by(s.c.id)
    )
    if ids is not None:
        q = q.where(s.c.id.in_(list(ids)))
    return [
        SourceRow(
            id=r.id,
            name=r.name,
            domains=tuple(json.loads(r.domains or "[]")),
            country=r.country,
            owner=r.owner,
            state_affiliated=bool(r.state_affiliated),
            kind=r.kind,
            notes=r.notes,
            documents=int(r.docs),
            original_documents=int(r.orig_docs),
        )
        for r in conn.execute(q)
    ]


def list_sources(store: Store, *, with_documents_only: bool = True) -> list[SourceRow]:
    """Outlets, by id; by default only those that published or wrote a stored document."""
    with store.engine.connect() as conn:
        rows = _sources(conn, None)
    if with_documents_only:
        rows = [r for r in rows if r.documents or r.original_documents]
    return rows


# -- events ----------------------------------------------------------------------------


def list_events(
    store: Store, filters: Filters = Filters(), *, limit: int = 100, cursor: str | None = None,
    actors: ActorTable = NO_ACTORS,
) -> Page[EventRow]:
    """Event mentions matching ``filters`` in date order, a page at a time.

    Args:
        actors: canonical names and ACLED inter codes by actor id
            (:func:`load_actor_table`); without it, actors are named as in the text
            and have no inter code.

    Raises:
        StoreError: R230 when the store has no events yet (run the extract stage).
    """
    if not has_events(store):
        raise StoreError(
            f"{store.label} has no events yet: re-run 'rashomon ingest' with a release that extracts events",
            code="R230",
        )
    return _list_event_rows(store, filters, limit=limit, cursor=cursor, actors=actors)


def iter_events(
    store: Store, filters: Filters = Filters(), *, page_size: int = 500, actors: ActorTable = NO_ACTORS
) -> Iterator[EventRow]:
    """Every matching event row, a page at a time."""
    cursor: str | None = None
    while True:
        page = list_events(store, filters, limit=page_size, cursor=cursor, actors=actors)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def get_event(store: Store, event_id: str, *, actors: ActorTable = NO_ACTORS) -> EventRow:
    """One event row by id (R231 when absent, R230 when the store has no events)."""
    if not has_events(store):
        raise StoreError(f"{store.label} has no events yet", code="R230")
    row = _get_event_row(store, event_id, actors)
    if row is None:
        raise StoreError(f"no event with id '{event_id}' in {store.label}", code="R231")
    return row


def iter_document_locations(store: Store, filters: Filters = Filters()) -> Iterator[EventRow]:
    """Documents' locations as map rows (``kind="document_location"``): never events."""
    for summary in iter_documents(store, filters):
        if summary.location is not None:
            yield replace(summary.location)



#: Modalities that are events in ACLED's sense (the exporters' default).
EVENT_MODALITIES = ("occurred", "attempted", "claimed")


def load_actor_table() -> dict[str, tuple[str, int | None]]:
    """Names and inter codes of the packaged actor KB (loads spaCy's tokenizer: ~4 s)."""
    from ..resolve.actors import ActorKB

    return {a.id: (a.name, a.acled_type) for a in ActorKB.load().actors.values()}


def _event_table() -> Any:
    em = getattr(schema, "event_mentions", None)
    if em is None:  # an older rashomon's schema module with a newer database
        raise StoreError("this rashomon has no event tables: upgrade it", code="R232")
    return em


def _actor(raw: str | None, actors: ActorTable) -> tuple[str | None, str | None, int | None, dict[str, Any] | None]:
    if not raw:
        return None, None, None, None
    a = json.loads(raw)
    aid = a.get("actor_id")
    name, inter = actors.get(aid, (None, None)) if aid else (None, None)
    return name or a.get("text"), aid, inter, a


def _event_row(r: Any, claims: dict[tuple[str, int], str], actors: ActorTable) -> EventRow:
    doc = r.document_id
    place = json.loads(r.place) if r.place else {}
    a1, a1_id, inter1, a1_raw = _actor(r.actor1, actors)
    a2, a2_id, inter2, a2_raw = _actor(r.actor2, actors)
    assoc = [_actor(json.dumps(x), actors) for x in json.loads(r.associated or "[]")]
    spans = [Evidence(document_id=doc, start=r.evidence_start, end=r.evidence_end, role="evidence", text=r.evidence_text or ""),
             Evidence(document_id=doc, start=r.trigger_start, end=r.trigger_end, role="trigger", text=r.trigger)]
    for role, obj in (("actor1", a1_raw), ("actor2", a2_raw), ("place", place or None)):
        if obj and obj.get("start") is not None:
            spans.append(Evidence(document_id=doc, start=obj["start"], end=obj["end"], role=role, text=obj.get("text", "")))
    sources = tuple(x for x in (r.original_outlet_name, r.outlet_name) if x)
    return EventRow(
        id=f"{doc}:{r.seq}", kind="event_mention", document_ids=(doc,),
        event_type=r.event_type, sub_event_type=r.sub_event_type,
        date_start=r.date_start, date_end=r.date_end, time_precision=r.time_precision,
        actor1=a1, actor1_id=a1_id, actor2=a2, actor2_id=a2_id,
        assoc_actors=tuple(x[0] for x in assoc if x[0]), inter1=inter1, inter2=inter2,
        country=place.get("country"), admin1=place.get("admin1_name") or place.get("admin1"),
        location=place.get("name") or place.get("text"),
        geonameid=str(r.geonameid) if r.geonameid is not None else None,
        latitude=place.get("lat"), longitude=place.get("lon"), geo_precision=r.geo_precision,
        fatalities_low=r.fatalities_low, fatalities_high=r.fatalities_high, modality=r.modality,
        attributed_to=claims.get((doc, r.claim_seq)) if r.claim_seq is not None else None,
        is_main=bool(r.is_main), sources=sources,
        source_ids=tuple(x for x in (r.original_outlet_id, r.outlet_id) if x),
        notes=" ".join((r.evidence_text or "").split()), reason=r.reason,
        evidence=tuple(spans), updated=r.ingested_at,
    )


def _claim_speakers(conn: Connection, keys: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    c = getattr(schema, "claims", None)
    if c is None or not keys:
        return {}
    docs = sorted({k[0] for k in keys})
    out: dict[tuple[str, int], str] = {}
    for r in conn.execute(select(c.c.document_id, c.c.seq, c.c.speaker, c.c.via, c.c.stance).where(c.c.document_id.in_(docs))):
        if (r.document_id, r.seq) not in keys:
            continue
        speaker = json.loads(r.speaker) if r.speaker else None
        via = [v.get("text", "") for v in json.loads(r.via or "[]")]
        who = speaker.get("text", "") if speaker else "unnamed source"
        out[(r.document_id, r.seq)] = f"{who} ({r.stance})" + (f", citing {', '.join(via)}" if via else "")
    return out


def _event_select(em: Any) -> Any:
    d = schema.documents
    evidence = func.substr(d.c.text, em.c.evidence_start + 1, em.c.evidence_end - em.c.evidence_start)
    return select(
        em, evidence.label("evidence_text"), d.c.outlet_id, d.c.outlet_name, d.c.original_outlet_id,
        d.c.original_outlet_name, d.c.ingested_at,
    ).join(d, d.c.id == em.c.document_id)


def _event_matches(row: EventRow, filters: Filters) -> bool:
    if filters.actor:
        needle = filters.actor.lower()
        names = [row.actor1, row.actor1_id, row.actor2, row.actor2_id, *row.assoc_actors]
        if not any(n and needle in n.lower() for n in names):
            return False
    if filters.min_independence is not None and (row.independence is None or row.independence < filters.min_independence):
        return False
    return _location_matches(row, filters)


_NO_DATE = dt.date(1, 1, 1)


def _list_event_rows(
    store: Store, filters: Filters, *, limit: int, cursor: str | None, actors: ActorTable
) -> Page[EventRow]:
    em = _event_table()
    day = func.coalesce(em.c.date_start, _NO_DATE)
    conds: list[Any] = []
    if filters.date_from:
        conds.append(func.coalesce(em.c.date_end, em.c.date_start) >= filters.date_from)
    if filters.date_to:
        conds.append(em.c.date_start <= filters.date_to)
    if filters.event_type:
        conds.append(func.lower(em.c.event_type) == filters.event_type.lower())
    if filters.modalities:
        conds.append(em.c.modality.in_(list(filters.modalities)))
    key = decode_cursor(cursor)
    last: tuple[dt.date, str, int] | None = (dt.date.fromisoformat(key[0]), key[1], int(key[2])) if key else None
    items: list[EventRow] = []
    with store.engine.connect() as conn:
        if filters.q:
            conds.append(em.c.document_id.in_(search_ids(conn, filters.q)))
        while len(items) < limit:
            q = _event_select(em).where(*conds).order_by(day, em.c.document_id, em.c.seq).limit(limit * 2)
            if last is not None:
                d0, doc0, seq0 = last
                q = q.where((day > d0) | ((day == d0) & ((em.c.document_id > doc0) | ((em.c.document_id == doc0) & (em.c.seq > seq0)))))
            rows = conn.execute(q).all()
            if not rows:
                return Page(items=items, next_cursor=None)
            claims = _claim_speakers(conn, {(r.document_id, r.claim_seq) for r in rows if r.claim_seq is not None})
            for r in rows:
                last = (r.date_start or _NO_DATE, r.document_id, r.seq)
                row = _event_row(r, claims, actors)
                if _event_matches(row, filters):
                    items.append(row)
                    if len(items) == limit:
                        break
            if len(rows) < limit * 2 and len(items) < limit:
                return Page(items=items, next_cursor=None)
    assert last is not None
    return Page(items=items, next_cursor=encode_cursor([last[0].isoformat(), last[1], last[2]]))


def _get_event_row(store: Store, event_id: str, actors: ActorTable) -> EventRow | None:
    doc, _, seq = event_id.rpartition(":")
    if not doc or not seq.isdigit():
        raise StoreError(f"bad event id {event_id!r}: event ids look like DOCUMENT:N", code="R231")
    em = _event_table()
    with store.engine.connect() as conn:
        r = conn.execute(_event_select(em).where(em.c.document_id == doc, em.c.seq == int(seq))).first()
        if r is None:
            return None
        claims = _claim_speakers(conn, {(r.document_id, r.claim_seq)} if r.claim_seq is not None else set())
    return _event_row(r, claims, actors)


def other_accounts(store: Store, row: EventRow, *, actors: ActorTable = NO_ACTORS, days: int = 3) -> list[EventRow]:
    """Event mentions in *other* documents that may tell the same event: same event type,
    same place (GeoNames id), dates within ``days`` (or undated). A candidate list for
    the event page, not a merge (linking decides merges, with reasons).
    """
    if row.geonameid is None or row.event_type is None:
        return []
    em = _event_table()
    conds = [em.c.event_type == row.event_type, em.c.geonameid == int(row.geonameid), em.c.document_id.not_in(list(row.document_ids))]
    if row.date_start:
        lo, hi = row.date_start - dt.timedelta(days=days), (row.date_end or row.date_start) + dt.timedelta(days=days)
        in_window = (func.coalesce(em.c.date_end, em.c.date_start) >= lo) & (em.c.date_start <= hi)
        conds.append(em.c.date_start.is_(None) | in_window)  # an undated account may be the same event
    with store.engine.connect() as conn:
        rows = conn.execute(_event_select(em).where(*conds).order_by(em.c.document_id, em.c.seq).limit(50)).all()
        claims = _claim_speakers(conn, {(r.document_id, r.claim_seq) for r in rows if r.claim_seq is not None})
    return [_event_row(r, claims, actors) for r in rows]


def disagreements(rows: Sequence[EventRow]) -> list[dict[str, Any]]:
    """Fields on which accounts differ, each value with who said it (shown, never resolved)."""
    out: list[dict[str, Any]] = []
    for name in ("sub_event_type", "modality", "fatalities_low", "fatalities_high", "date_start", "actor1", "actor2"):
        values: dict[str, list[str]] = {}
        for r in rows:
            value = getattr(r, name)
            if value is None:
                continue
            who = ", ".join(r.sources) + (f" ({r.attributed_to})" if r.attributed_to else "")
            values.setdefault(str(value), []).append(f"{r.id}: {who}")
        if len(values) > 1:
            out.append({"field": name, "values": [{"value": v, "accounts": a} for v, a in values.items()]})
    return out


# -- full-text search ------------------------------------------------------------------

_FTS = "documents_fts"
_fts_table = table(_FTS, column("doc_id"))


def ensure_search_index(store: Store) -> int:
    """Create the FTS5 index if missing and add documents not yet in it; returns how many.

    SQLite only (on other databases search falls back to LIKE). Body segments are
    indexed apart from the rest (comments, captions...), and ranked higher.
    """
    if store.engine.dialect.name != "sqlite":
        return 0
    d = schema.documents
    with store.engine.begin() as conn:
        conn.execute(
            text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_FTS} USING fts5("
                "doc_id UNINDEXED, title, body, other, tokenize='unicode61 remove_diacritics 2')"
            )
        )
        missing = conn.execute(
            select(d.c.id, d.c.title, d.c.text).where(d.c.id.not_in(select(_fts_table.c.doc_id)))
        ).all()
        if not missing:
            return 0
        spans = _all_spans(conn, [r.id for r in missing])
        rows = []
        for r in missing:
            body = " ".join(r.text[a:b] for a, b, label in spans[r.id] if label == "body")
            other = " ".join(r.text[a:b] for a, b, label in spans[r.id] if label not in ("body", "title"))
            rows.append({"doc_id": r.id, "title": r.title or "", "body": body, "other": other})
        conn.execute(text(f"INSERT INTO {_FTS} (doc_id, title, body, other) VALUES (:doc_id, :title, :body, :other)"), rows)
        return len(rows)


def _all_spans(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[tuple[int, int, str]]]:
    s = schema.segments
    out: dict[str, list[tuple[int, int, str]]] = {d: [] for d in doc_ids}
    for i in range(0, len(doc_ids), 500):
        chunk = list(doc_ids[i : i + 500])
        for r in conn.execute(select(s.c.document_id, s.c.start, s.c.end, s.c.label).where(s.c.document_id.in_(chunk)).order_by(s.c.seq)):
            out[r.document_id].append((r.start, r.end, r.label))
    return out


def _fts_query(q: str) -> str:
    """Plain words become quoted terms (ANDed) so punctuation cannot break the syntax;
    a query with FTS operators or quotes is passed as written."""
    if any(op in q for op in ('"', " OR ", " NOT ", " NEAR", "*")):
        return q
    words = [w for w in q.replace("-", " ").split() if w]
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def search_ids(conn: Connection, q: str) -> Any:
    """A subquery of the ids of documents matching ``q`` (for ``IN`` filters)."""
    if conn.dialect.name == "sqlite" and inspect(conn).has_table(_FTS):
        match = text(f"{_FTS} MATCH :q").bindparams(bindparam("q", _fts_query(q)))
        return select(_fts_table.c.doc_id).where(match)
    d = schema.documents
    return select(d.c.id).where(d.c.text.ilike(f"%{q}%"))


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """A document matching a free-text query, with a highlighted snippet."""

    document_id: str
    title: str | None
    outlet: str
    reference_date: str | None
    snippet: str
    rank: float

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def refresh_search_index(store: Store) -> int:
    """:func:`ensure_search_index` when documents were added since, for a running server.

    Cheap when nothing changed (two counts). When the ingest writer holds the database,
    the refresh is skipped (search sees what was indexed) rather than failing the request.
    """
    if store.engine.dialect.name != "sqlite":
        return 0
    with store.engine.connect() as conn:
        if inspect(conn).has_table(_FTS):
            docs = conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()
            indexed = conn.execute(select(func.count()).select_from(_fts_table)).scalar_one()
            if docs == indexed:
                return 0
    try:
        return ensure_search_index(store)
    except OperationalError as exc:
        if "locked" in str(exc.orig):
            return 0
        raise


def search(store: Store, q: str, *, limit: int = 50, cursor: str | None = None) -> Page[SearchHit]:
    """Documents matching ``q``, best first (BM25; title 5x, body 2x, other text 1x).

    Call :func:`ensure_search_index` first (the server does). On databases other
    than SQLite, a plain case-insensitive substring match, newest first.

    Raises:
        StoreError: R224 when the query is not valid FTS5 syntax.
    """
    key = decode_cursor(cursor)
    offset = int(key[0]) if key else 0
    d = schema.documents
    if store.engine.dialect.name != "sqlite":
        return _search_like(store, q, limit=limit, offset=offset)
    sql = text(
        f"SELECT f.doc_id, bm25({_FTS}, 0.0, 5.0, 2.0, 1.0) AS rank, "
        f"snippet({_FTS}, 2, '[', ']', ' … ', 16) AS snip "
        f"FROM {_FTS} f WHERE {_FTS} MATCH :q ORDER BY rank, f.doc_id LIMIT :n OFFSET :o"
    )
    with store.engine.connect() as conn:
        try:
            rows = conn.execute(sql, {"q": _fts_query(q), "n": limit + 1, "o": offset}).all()
        except OperationalError as exc:  # FTS5 syntax errors
            raise StoreError(f"bad search query {q!r}: {getattr(exc, 'orig', exc)}", code="R224") from None
        ids = [r.doc_id for r in rows[:limit]]
        meta = {
            r.id: r
            for r in conn.execute(select(d.c.id, d.c.title, d.c.outlet_name, d.c.reference_date).where(d.c.id.in_(ids)))
        }
    hits = [
        SearchHit(
            document_id=r.doc_id,
            title=meta[r.doc_id].title,
            outlet=meta[r.doc_id].outlet_name,
            reference_date=meta[r.doc_id].reference_date.isoformat() if meta[r.doc_id].reference_date else None,
            snippet=r.snip,
            rank=round(float(r.rank), 4),
        )
        for r in rows[:limit]
        if r.doc_id in meta
    ]
    nxt = encode_cursor([offset + limit]) if len(rows) > limit else None
    return Page(items=hits, next_cursor=nxt)


def _search_like(store: Store, q: str, *, limit: int, offset: int) -> Page[SearchHit]:
    d = schema.documents
    query = (
        select(d.c.id, d.c.title, d.c.outlet_name, d.c.reference_date, d.c.text)
        .where(d.c.text.ilike(f"%{q}%"))
        .order_by(d.c.reference_date.desc(), d.c.id)
        .limit(limit + 1)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    hits = []
    for r in rows[:limit]:
        at = r.text.lower().find(q.lower())
        snip = r.text[max(0, at - 60) : at] + "[" + r.text[at : at + len(q)] + "]" + r.text[at + len(q) : at + len(q) + 60]
        hits.append(SearchHit(document_id=r.id, title=r.title, outlet=r.outlet_name,
                              reference_date=r.reference_date.isoformat() if r.reference_date else None,
                              snippet=" ".join(snip.split()), rank=0.0))
    return Page(items=hits, next_cursor=encode_cursor([offset + limit]) if len(rows) > limit else None)


__all__ = [
    "EVENT_MODALITIES",
    "ActorTable",
    "BBox",
    "DocumentDetail",
    "DocumentSummary",
    "EventRow",
    "Evidence",
    "Filters",
    "Page",
    "SearchHit",
    "SourceRow",
    "country_alpha2",
    "country_info",
    "decode_cursor",
    "disagreements",
    "encode_cursor",
    "ensure_search_index",
    "get_document_detail",
    "get_event",
    "has_events",
    "iter_document_locations",
    "iter_documents",
    "list_documents",
    "list_events",
    "list_sources",
    "load_actor_table",
    "other_accounts",
    "parse_bbox",
    "parse_modalities",
    "refresh_search_index",
    "search",
]
