"""``rashomon export``: the event table in a chosen format, filtered."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import IO, Any, Literal

import click

from ..store.db import Store
from ..store.read_api import (
    NO_ACTORS,
    ActorTable,
    EventRow,
    Filters,
    ensure_search_index,
    has_events,
    iter_document_locations,
    iter_events,
    load_actor_table,
)
from .formats import EXPORTERS, ExportContext
from .options import filter_options, filters_from

RowKind = Literal["events", "document-locations"]


def rows_for(
    store: Store, filters: Filters, rows: RowKind = "events", *, actors: ActorTable = NO_ACTORS
) -> Iterator[EventRow]:
    """The rows an export writes: events (default), or documents' locations when asked.

    Document locations are not events; they are for mapping a corpus before (or
    without) the extract stage, and every format labels them ``document_location``.
    """
    if filters.q:
        ensure_search_index(store)
    if rows == "document-locations":
        return iter_document_locations(store, filters)
    return iter_events(store, filters, actors=actors)


def export(
    store: Store, fmt: str, filters: Filters, out: IO[bytes], *, rows: RowKind = "events",
    actors: ActorTable | None = None,
) -> int:
    """Write the filtered rows to ``out`` in format ``fmt``; returns how many.

    ``actors`` (canonical names, ACLED inter codes) is loaded from the packaged KB
    when not given and events are exported.

    Raises:
        StoreError: R230 when the store has no events and ``rows`` is "events".
    """
    exporter = EXPORTERS[fmt]
    if actors is None:
        actors = load_actor_table() if rows == "events" and has_events(store) else {}
    return exporter.write(rows_for(store, filters, rows, actors=actors), out, ExportContext.from_store(store))


@click.command(name="export")
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(EXPORTERS)), required=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="Output file ('-' for stdout).")
@click.option("--db", default="rashomon.db", show_default=True, envvar="RASHOMON_DB",
              help="SQLite file or SQLAlchemy URL of the store (env RASHOMON_DB).")
@click.option("--rows", type=click.Choice(["events", "document-locations"]), default="events",
              show_default=True,
              help="What to export: events, or each document at the place its body names most "
                   "(not events: labelled document_location).")
@filter_options
def export_cmd(fmt: str, output: str, db: str, rows: RowKind, **kwargs: Any) -> None:
    """Export events as ACLED CSV, UCDP GED CSV, GeoJSON, JSON Lines or Parquet.

    Example: rashomon export -f acled-csv --country Syria --from 2016-12-01 -o syria.csv
    """
    filters = filters_from(kwargs)
    with Store.open(db, create=False) as store:
        if output == "-":
            n = export(store, fmt, filters, sys.stdout.buffer, rows=rows)
            sys.stdout.buffer.flush()
        else:
            with open(output, "wb") as fh:
                n = export(store, fmt, filters, fh, rows=rows)
    click.echo(f"{n} rows ({rows}) -> {output} ({fmt})", err=True)
