"""Writers of event rows: ACLED CSV, UCDP GED CSV, GeoJSON, JSON Lines, Parquet.

Every writer streams: it takes an iterable of :class:`EventRow` (fetched a page at
a time by :func:`rashomon.store.read_api.iter_events`) and a binary file, and never
holds the whole table. The registry :data:`EXPORTERS` is the one list the CLI and the
API offer; a plugin adds a format with :func:`register`.

Rows keep their ``kind``: an ``event_mention`` is one account of one event; a
``document_location`` (a document placed on the map, not an event) is exported only
when the caller asks for it, and says so in every format (``kind`` / ``tags``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import select

from ..store import schema
from ..store.db import Store
from ..store.read_api import EventRow, Evidence
from .views import ACLED_COLUMNS, UCDP_COLUMNS, acled_row, ucdp_row


@dataclass(slots=True, kw_only=True)
class ExportContext:
    """Lookups the views need (outlet countries, document titles), cached per export.

    Build with :meth:`from_store`; tests and plugins may fill it by hand.
    """

    source_countries: dict[str, str | None] = field(default_factory=dict)
    store: Store | None = None
    _docs: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: Store) -> ExportContext:
        with store.engine.connect() as conn:
            countries = {r.id: r.country for r in conn.execute(select(schema.sources.c.id, schema.sources.c.country))}
        return cls(source_countries=countries, store=store)

    def documents(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """(title, reference date) of documents, fetched once each."""
        wanted = [i for i in ids if i not in self._docs]
        if wanted and self.store is not None:
            d = schema.documents
            with self.store.engine.connect() as conn:
                for r in conn.execute(select(d.c.id, d.c.title, d.c.reference_date).where(d.c.id.in_(wanted))):
                    self._docs[r.id] = (r.title, r.reference_date.isoformat() if r.reference_date else None)
        return self._docs


Writer = Callable[[Iterable[EventRow], IO[bytes], ExportContext], int]


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


def _csv_writer(columns: tuple[str, ...], view: Callable[[EventRow, ExportContext], dict[str, Any]]) -> Writer:
    def write(rows: Iterable[EventRow], out: IO[bytes], ctx: ExportContext) -> int:
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


def write_acled_csv(rows: Iterable[EventRow], out: IO[bytes], ctx: ExportContext) -> int:
    """ACLED's columns, one row per event row. Returns the number of rows."""
    return _csv_writer(ACLED_COLUMNS, lambda r, c: acled_row(r, c.source_countries))(rows, out, ctx)


def write_ucdp_csv(rows: Iterable[EventRow], out: IO[bytes], ctx: ExportContext) -> int:
    """UCDP GED-like columns (best/low/high). Returns the number of rows."""
    return _csv_writer(UCDP_COLUMNS, lambda r, c: ucdp_row(r, c.documents(r.document_ids)))(rows, out, ctx)


def feature(row: EventRow) -> dict[str, Any]:
    """An RFC 7946 Feature: a Point at [lon, lat] (null geometry when unplaced)."""
    props = row.to_json()
    lat, lon = props.pop("latitude"), props.pop("longitude")
    props.pop("evidence")
    geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": props}


def write_geojson(rows: Iterable[EventRow], out: IO[bytes], ctx: ExportContext) -> int:
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


def write_jsonl(rows: Iterable[EventRow], out: IO[bytes], ctx: ExportContext) -> int:
    """One JSON object per line, the API's names (evidence spans included)."""
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
        "independence": pa.float64(),
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


def write_parquet(rows: Iterable[EventRow], out: IO[bytes], ctx: ExportContext, *, batch: int = 5000) -> int:
    """Parquet (pyarrow), typed columns; :func:`read_parquet` gives the rows back."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    sch = _arrow_schema()
    n = 0
    with pq.ParquetWriter(out, sch) as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(_arrow_record(row))
            n += 1
            if len(chunk) == batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=sch))
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=sch))
    return n


def read_parquet(source: str | IO[bytes]) -> list[EventRow]:
    """The event rows of a Parquet export (for round trips and users' scripts)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    rows: list[EventRow] = []
    for rec in pq.read_table(source).to_pylist():
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
                  description="ACLED's columns (event_id_cnty ... timestamp)"))
register(Exporter(name="ucdp-csv", media_type="text/csv; charset=utf-8", extension="csv", write=write_ucdp_csv,
                  description="UCDP GED-like columns with best/low/high"))
register(Exporter(name="geojson", media_type="application/geo+json", extension="geojson", write=write_geojson,
                  description="RFC 7946 FeatureCollection of points"))
register(Exporter(name="jsonl", media_type="application/x-ndjson", extension="jsonl", write=write_jsonl,
                  description="one JSON object per row, evidence spans included"))
register(Exporter(name="parquet", media_type="application/vnd.apache.parquet", extension="parquet",
                  write=write_parquet, description="typed columns (pyarrow); round-trips"))
