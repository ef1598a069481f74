"""The ``rashomon read`` command: what ingest makes of some inputs, stored nowhere.

A dry run for a new corpus: which files become documents, with which metadata,
and which are refused and why, before anything is written to a database.
"""

from __future__ import annotations

import json
import time

import click

from rashomon.errors import ConfigError
from rashomon.ingest.files import IngestStats
from rashomon.ingest.jsonl import parse_map
from rashomon.ingest.reader import DEFAULT_MAX_BYTES, read_inputs
from rashomon.model import RawDocument


class FieldMapType(click.ParamType):  # type: ignore[type-arg]  # generic only in click >= 8.2
    """A click type for ``--map "text=body,date=pubDate"`` (reusable by other commands)."""

    name = "map"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dict[str, str]:
        if isinstance(value, dict):
            return value
        try:
            return parse_map(str(value))
        except ConfigError as err:
            self.fail(str(err), param, ctx)


#: The ``--map`` option as a decorator, so every command that reads inputs spells it alike.
map_option = click.option(
    "--map",
    "jsonl_map",
    type=FieldMapType(),
    default=None,
    help="JSON field names, ours=theirs: text, title, url, date, source "
    '(e.g. "text=body,url=link,date=pubDate").',
)
#: The ``--max-bytes`` option as a decorator.
max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest single-article file, JSONL line or WARC record read.",
)


@click.command("read")
@click.argument("paths", nargs=-1, required=True)
@map_option
@max_bytes_option
@click.option("--rejected-only", is_flag=True, help="Print only the refused inputs.")
def read_command(
    paths: tuple[str, ...], jsonl_map: dict[str, str] | None, max_bytes: int, rejected_only: bool
) -> None:
    """Show what ingest makes of PATHS (files, folders, "-" for stdin) as JSON Lines.

    One line per document (origin, kind, title, date, source, url, size,
    encoding) or refusal (origin, reason, detail), then a summary on stderr.
    Nothing is stored: use it to check a corpus before ingesting it.
    """
    stats = IngestStats()
    started = time.perf_counter()
    for item in read_inputs(paths, jsonl_map=jsonl_map, max_bytes=max_bytes, stats=stats):
        if isinstance(item, RawDocument):
            if rejected_only:
                continue
            row: dict[str, object] = {
                "origin": item.origin,
                "kind": item.kind,
                "title": item.title,
                "published": item.published,
                "source": item.source,
                "url": item.url,
                "chars": len(item.text),
                "encoding": item.encoding,
            }
        else:
            row = {"origin": item.origin, "rejected": item.reason, "detail": item.detail}
        click.echo(json.dumps(row, ensure_ascii=False))
    elapsed = time.perf_counter() - started
    click.echo(
        f"{stats.documents} documents, {stats.rejected} rejected from {stats.files} inputs "
        f"({stats.skipped_records} records and {stats.skipped_files} binary files skipped) "
        f"in {elapsed:.2f} s",
        err=True,
    )
