"""``rashomon sitrep``: a self-contained HTML situation report."""

from __future__ import annotations

from typing import Any

import click

from ..export.options import filter_options, filters_from
from ..store.db import Store
from ..store.read_api import has_canonical_events, load_actor_table
from .pdf import PdfError, html_to_pdf
from .report import gather, render_html


@click.command(name="sitrep")
@click.option("--db", default="rashomon.db", show_default=True, envvar="RASHOMON_DB",
              help="SQLite file or SQLAlchemy URL of the store (env RASHOMON_DB).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="sitrep.html", show_default=True,
              help="File to write: .html (one file: inline styles and map, no scripts) or .pdf "
                   "(the same page printed by a headless Chromium or Chrome found on the machine).")
@filter_options
def sitrep_cmd(db: str, output: str, **kwargs: Any) -> None:
    """Write a situation report: events (deduplicated across outlets) per type and day, a map,
    the main events with their sources and independence, and the contested claims.

    Example: rashomon sitrep --country Syria --from 2016-12-01 --to 2016-12-15 -o report.html
    (or -o report.pdf).
    """
    filters = filters_from(kwargs)
    with Store.open(db, create=False) as store:
        actors = load_actor_table() if has_canonical_events(store) else {}
        report = gather(store, filters, actors=actors)
    html = render_html(report)
    if output.lower().endswith(".pdf"):
        try:
            html_to_pdf(html, output)
        except PdfError as exc:
            raise click.ClickException(str(exc)) from exc
    else:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(html)
    click.echo(f"{len(report.events)} events ({report.accounts} accounts) -> {output}", err=True)
