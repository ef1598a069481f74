"""Writers of events: ACLED CSV, UCDP GED CSV, GeoJSON, JSON Lines, Parquet.

Every writer streams: it takes an iterable of rows (fetched a page at a time by
:func:`rashomon.store.read_api.iter_canonical_events` or ``iter_events``) and a binary
file, and never holds the whole table. The registry :data:`EXPORTERS` is the one list
the CLI and the API offer; a plugin adds a format with :func:`register`.

A row is an :data:`ExportRow`: a canonical event (:class:`CanonicalEvent`, the
default: accounts of all documents merged), or a per-document :class:`EventRow`
that keeps its ``kind``: an ``event_mention`` is one account of one event; a
``document_location`` (a document placed on the map, not an event) is exported only
when the caller asks for it, and says so in every format (``kind`` / ``tags``).
One export holds one kind of row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any, Literal

from sqlalchemy import select

from ..store import schema
from ..store.db import Store
from ..store.read_api import CanonicalEvent, EventRow, Evidence
from .views import ACLED_COLUMNS, UCDP_COLUMNS, acled_event_row, acled_row, ucdp_event_row, ucdp_row

#: What an export writes: canonical events, or per-document rows (mentions, locations).
ExportRow = CanonicalEvent | EventRow
RowKind = Literal["events", "mentions", "document-locations"]


@dataclass(slots=True, kw_only=True)
class ExportContext:
    """Lookups the views need (outlet countries, document titles), cached per export.

    Build with :meth:`from_store`; tests and plugins may fill it by hand.
    """

    source_countries: dict[str, str | None] = field(default_factory=dict)
    store: Store | None = None
    kind: RowKind = "events"  # what an empty export would have held (Parquet's schema)
    _docs: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: Store, kind: RowKind = "events") -> ExportContext:
        with store.engine.connect() as conn:
            countries = {r.id: r.country for r in conn.execute(select(schema.sources.c.id, schema.sources.c.country))}
        return cls(source_countries=countries, store=store, kind=kind)

    def documents(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """(title, reference date) of documents, fetched once each."""
        wanted = [i for i in ids if i not in self._docs]
        if wanted and self.store is not None:
            d = schema.documents
            with self.store.engine.connect() as conn:
                for r in conn.execute(select(d.c.id, d.c.title, d.c.reference_date).where(d.c.id.in_(wanted))):
                    self._docs[r.id] = (r.title, r.reference_date.isoformat() if r.reference_date else None)
        return self._docs


Writer = Callable[[Iterable[ExportRow], IO[bytes], ExportContext], int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Exporter:
    """A named output format."""

    name: str
    media_type: str
    extension: str
    write: Writer
    description: str


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    """Add a format (plugins use this too); the name must be new."""
    if exporter.name in EXPORTERS:
        raise ValueError(f"export format {exporter.name!r} registered twice")
    EXPORTERS[exporter.name] = exporter
    return exporter


def _csv_writer(columns: tuple[str, ...], view: Callable[[ExportRow, ExportContext], dict[str, Any]]) -> Writer:
    def write(rows: Iterable[ExportRow], out: IO[bytes], ctx: ExportContext) -> int:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        w = csv.DictWriter(text, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        n = 0
        for row in rows:
            w.writerow(view(row, ctx))
            n += 1
        text.flush()
        text.detach()  # leave `out` open for the caller
        return n

    return write


def _acled(row: ExportRow, ctx: ExportContext) -> dict[str, Any]:
    if isinstance(row, CanonicalEvent):
        return acled_event_row(row, ctx.source_countries)
    return acled_row(row, ctx.source_countries)


def _ucdp(row: ExportRow, ctx: ExportContext) -> dict[str, Any]:
    if isinstance(row, CanonicalEvent):
        return ucdp_event_row(row, ctx.documents(row.data.get("document_ids") or ()))
    return ucdp_row(row, ctx.documents(row.document_ids))


def write_acled_csv(rows: Iterable[ExportRow], out: IO[bytes], ctx: ExportContext) -> int:
    """ACLED's columns, one row per event. Returns the number of rows."""
    return _csv_writer(ACLED_COLUMNS, _acled)(rows, out, ctx)


def write_ucdp_csv(rows: Iterable[ExportRow], out: IO[bytes], ctx: ExportContext) -> int:
    """UCDP GED-like columns (best/low/high). Returns the number of rows."""
    return _csv_writer(UCDP_COLUMNS, _ucdp)(rows, out, ctx)


def feature(row: ExportRow) -> dict[str, Any]:
    """An RFC 7946 Feature: a Point at [lon, lat] (null geometry when unplaced)."""
    props = row.to_json()
    lat, lon = props.pop("latitude"), props.pop("longitude")
    props.pop("evidence", None)
    geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": props}


def write_geojson(rows: Iterable[ExportRow], out: IO[bytes], ctx: ExportContext) -> int:
    """A FeatureCollection (RFC 7946: WGS 84, lon/lat order), streamed feature by feature."""
    out.write(b'{"type":"FeatureCollection","features":[')
    n = 0
    for row in rows:
        if n:
            out.write(b",\n")
        out.write(json.dumps(feature(row), ensure_ascii=False).encode())
        n += 1
    out.write(b"]}\n")
    return n


def write_jsonl(rows: Iterable[ExportRow], out: IO[bytes], ctx: ExportContext) -> int:
    """One JSON object per line, the API's names (a mention's evidence spans included)."""
    n = 0
    for row in rows:
        out.write(json.dumps(row.to_json(), ensure_ascii=False).encode() + b"\n")
        n += 1
    return n


def _arrow_schema() -> Any:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    evidence = pa.struct(
        [("document_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("role", pa.string()), ("text", pa.string())]
    )
    types: dict[str, Any] = {
        "date_start": pa.date32(),
        "date_end": pa.date32(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "independence": pa.int64(),
        "geo_precision": pa.int64(),
        "fatalities_low": pa.int64(),
        "fatalities_high": pa.int64(),
        "inter1": pa.int64(),
        "inter2": pa.int64(),
        "is_main": pa.bool_(),
        "document_ids": pa.list_(pa.string()),
        "assoc_actors": pa.list_(pa.string()),
        "sources": pa.list_(pa.string()),
        "source_ids": pa.list_(pa.string()),
        "evidence": pa.list_(evidence),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in EventRow.__dataclass_fields__])


def _arrow_record(row: EventRow) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in EventRow.__dataclass_fields__:
        value = getattr(row, name)
        if name == "evidence":
            value = [{"document_id": e.document_id, "start": e.start, "end": e.end, "role": e.role, "text": e.text} for e in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


#: Canonical-event fields with typed Parquet columns; lists and objects are JSON text.
_EVENT_INTS = frozenset({
    "year", "time_precision", "geo_precision", "geonameid", "fatalities", "fatalities_low", "fatalities_best",
    "fatalities_high", "mentions", "primary_source_count", "owner_group_count", "independence",
    "contradiction_count", "inter1", "inter2",
})  # fmt: skip
_EVENT_FLOATS = frozenset({"latitude", "longitude"})
_KIND_KEY = b"rashomon.kind"
_JSON_KEY = b"rashomon.json_columns"


def _event_schema(first: CanonicalEvent | None) -> tuple[Any, list[str]]:
    """The Arrow schema of canonical events (from the first row's fields) and its JSON columns."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    data = first.to_json() if first else {"id": None, "event_id_cnty": None}
    fields, json_cols = [], []
    for name, value in data.items():
        if name in _EVENT_INTS:
            typ = pa.int64()
        elif name in _EVENT_FLOATS:
            typ = pa.float64()
        elif name == "event_date":
            typ = pa.date32()
        elif isinstance(value, bool):
            typ = pa.bool_()
        else:
            typ = pa.string()
            if isinstance(value, list | dict):
                json_cols.append(name)
        fields.append((name, typ))
    meta = {_KIND_KEY: b"events", _JSON_KEY: json.dumps(json_cols).encode()}
    return pa.schema(fields, metadata=meta), json_cols


def _event_record(row: CanonicalEvent, names: list[str], json_cols: list[str]) -> dict[str, Any]:
    data = row.to_json()
    out: dict[str, Any] = {}
    for name in names:
        value = data.get(name)
        if name in json_cols:
            value = json.dumps(value, ensure_ascii=False)
        elif name == "event_date" and value is not None:
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out


def write_parquet(rows: Iterable[ExportRow], out: IO[bytes], ctx: ExportContext, *, batch: int = 5000) -> int:
    """Parquet (pyarrow), typed columns; :func:`read_parquet` gives the rows back.

    Canonical events keep their JSON names; nested fields (outlets, sources,
    contradictions...) are JSON text columns, listed in the file's metadata.
    """
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    it = iter(rows)
    first = next(it, None)
    canonical = isinstance(first, CanonicalEvent) or (first is None and ctx.kind == "events")
    json_cols: list[str] = []
    if canonical:
        sch, json_cols = _event_schema(first if isinstance(first, CanonicalEvent) else None)
    else:
        sch = _arrow_schema().with_metadata({_KIND_KEY: ctx.kind.encode()})
    names = list(sch.names)

    def record(row: ExportRow) -> dict[str, Any]:
        if isinstance(row, CanonicalEvent):
            return _event_record(row, names, json_cols)
        return _arrow_record(row)

    n = 0
    with pq.ParquetWriter(out, sch) as writer:
        chunk: list[dict[str, Any]] = []
        for row in itertools.chain([first] if first is not None else [], it):
            chunk.append(record(row))
            n += 1
            if len(chunk) == batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=sch))
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=sch))
    return n


def read_parquet(source: str | IO[bytes]) -> list[ExportRow]:
    """The rows of a Parquet export (for round trips and users' scripts): canonical
    events as :class:`CanonicalEvent`, mentions and document locations as :class:`EventRow`."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    table = pq.read_table(source)
    meta = table.schema.metadata or {}
    if meta.get(_KIND_KEY) == b"events":
        json_cols = set(json.loads(meta.get(_JSON_KEY, b"[]")))
        events: list[ExportRow] = []
        for rec in table.to_pylist():
            data = {k: json.loads(v) if k in json_cols and v is not None else v for k, v in rec.items()}
            if isinstance(data.get("event_date"), dt.date):
                data["event_date"] = data["event_date"].isoformat()
            events.append(CanonicalEvent(id=str(data["id"]), data=data))
        return events
    rows: list[ExportRow] = []
    for rec in table.to_pylist():
        values: dict[str, Any] = {}
        for name, value in rec.items():
            if name == "evidence":
                value = tuple(Evidence(**e) for e in value or [])
            elif isinstance(value, list):
                value = tuple(value)
            elif isinstance(value, dt.datetime):
                value = value.date()
            values[name] = value
        rows.append(EventRow(**values))
    return rows


register(Exporter(name="acled-csv", media_type="text/csv; charset=utf-8", extension="csv", write=write_acled_csv,
                  description="ACLED's columns (event_id_cnty ... timestamp), one row per canonical event"))
register(Exporter(name="ucdp-csv", media_type="text/csv; charset=utf-8", extension="csv", write=write_ucdp_csv,
                  description="UCDP GED-like columns with best/low/high"))
register(Exporter(name="geojson", media_type="application/geo+json", extension="geojson", write=write_geojson,
                  description="RFC 7946 FeatureCollection of points"))
register(Exporter(name="jsonl", media_type="application/x-ndjson", extension="jsonl", write=write_jsonl,
                  description="one JSON object per event, the API's names"))
register(Exporter(name="parquet", media_type="application/vnd.apache.parquet", extension="parquet",
                  write=write_parquet, description="typed columns (pyarrow); round-trips"))
