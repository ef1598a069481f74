"""``rashomon export``: canonical events (or per-document rows) in a chosen format, filtered."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from ..store.db import Store
from ..store.read_api import (
    NO_ACTORS,
    ActorTable,
    Filters,
    ensure_search_index,
    has_canonical_events,
    has_events,
    iter_canonical_events,
    iter_document_locations,
    iter_events,
    load_actor_table,
)
from .formats import EXPORTERS, ExportContext, ExportRow, RowKind
from .options import filter_options, filters_from


def rows_for(
    store: Store, filters: Filters, rows: RowKind = "events", *, actors: ActorTable = NO_ACTORS
) -> Iterator[ExportRow]:
    """The rows an export writes: canonical events (default), event mentions, or
    documents' locations.

    Document locations are not events; they are for mapping a corpus before (or
    without) the extract stage, and every format labels them ``document_location``.
    Event mentions are the per-document accounts the canonical events merge.
    """
    if filters.q:
        ensure_search_index(store)
    if rows == "document-locations":
        return iter_document_locations(store, filters)
    if rows == "mentions":
        return iter_events(store, filters, actors=actors)
    return iter_canonical_events(store, filters, actors=actors)


def needs_actors(store: Store, rows: RowKind) -> bool:
    """Whether the rows name actors whose inter codes come from the actor KB."""
    if rows == "events":
        return has_canonical_events(store)
    return rows == "mentions" and has_events(store)


def export(
    store: Store, fmt: str, filters: Filters, out: IO[bytes], *, rows: RowKind = "events",
    actors: ActorTable | None = None,
) -> int:
    """Write the filtered rows to ``out`` in format ``fmt``; returns how many.

    ``actors`` (canonical names, ACLED inter codes) is loaded from the packaged KB
    when not given and events or mentions are exported.

    Raises:
        StoreError: R233 when the store has no canonical events and ``rows`` is
            "events"; R230 when it has no event mentions and ``rows`` is "mentions".
    """
    exporter = EXPORTERS[fmt]
    if actors is None:
        actors = load_actor_table() if needs_actors(store, rows) else {}
    source = rows_for(store, filters, rows, actors=actors)
    return exporter.write(source, out, ExportContext.from_store(store, rows))


@click.command(name="export")
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(EXPORTERS)), required=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="Output file ('-' for stdout).")
@click.option("--db", default="rashomon.db", show_default=True, envvar="RASHOMON_DB",
              help="SQLite file or SQLAlchemy URL of the store (env RASHOMON_DB).")
@click.option("--rows", type=click.Choice(["events", "mentions", "document-locations"]), default="events",
              show_default=True,
              help="What to export: canonical events (accounts merged across documents), event "
                   "mentions (one account in one document), or each document at the place its body "
                   "names most (not events: labelled document_location).")
@filter_options
def export_cmd(fmt: str, output: str, db: str, rows: RowKind, **kwargs: Any) -> None:
    """Export canonical events as ACLED CSV, UCDP GED CSV, GeoJSON, JSON Lines or Parquet.

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
