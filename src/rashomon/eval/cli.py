"""``rashomon eval``: measure the pipeline on gold data (thin: parse, call, print)."""

from __future__ import annotations

import json
import shlex
import tempfile
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from rashomon.errors import RashomonError
from rashomon.eval.gva import Selection, load_corpus, parse_split
from rashomon.eval.predict import PipelinePredictor
from rashomon.eval.report import print_errors, print_report, update_accuracy_doc
from rashomon.eval.run import evaluate, per_document_rows, summarise


@click.group(name="eval")
def eval_group() -> None:
    """Measure accuracy on gold corpora (see docs/ACCURACY.md)."""


@eval_group.command(name="gva")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every figure as JSON to this file.")
@click.option("--per-document", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one JSON line per gold document (outcomes, gold, predicted, "
                   "evidence, cluster) to this file.")
@click.option("--errors", "errors", type=click.IntRange(min=0), default=0, show_default=True,
              help="List the N worst documents per field, with the evidence used.")
@click.option("--limit", type=click.IntRange(min=1),
              help="Keep only the first N documents (after --seed shuffling).")
@click.option("--seed", type=int, help="Shuffle the documents with this seed first.")
@click.option("--split", "split_text", metavar="K/N",
              help="Keep incidents whose sha256(incident_id) mod N is K (stable subsets).")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="Store the run's documents in this fresh SQLite file "
                   "(default: a temporary file, removed afterwards).")
@click.option("--update-doc", type=click.Path(dir_okay=False, path_type=Path),
              help="Rewrite the figures block of this Markdown file (docs/ACCURACY.md).")
@click.option("--dct/--no-dct", "dct", default=True, show_default=True,
              help="Give each article's dct (document creation time) to the system as "
                   "its publication date, as 'rashomon ingest' does with a dct field; "
                   "--no-dct makes the page's own words give every date.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar on standard error.")
def gva(
    path: Path,
    out: Path | None,
    per_document: Path | None,
    errors: int,
    limit: int | None,
    seed: int | None,
    split_text: str | None,
    db: Path | None,
    update_doc: Path | None,
    dct: bool,
    progress: bool,
) -> None:
    """Run the pipeline on a corpus in the gva-dev layout and score it.

    PATH holds documents.jsonl and incidents.jsonl. The system sees each article's
    text, title, address and (unless --no-dct) its dct as the publication date; the
    gold incidents stay here.
    Stages that are not built yet are reported as "not built", never as 0.
    """
    console = Console()
    try:
        split = parse_split(split_text) if split_text else None
        corpus = load_corpus(path, Selection(limit=limit, seed=seed, split=split, dct_as_input=dct))
        if db is not None and db.exists():
            raise click.UsageError(f"--db {db} exists: the eval needs a fresh store")
        command = _command_line(path, out, errors, limit, seed, split_text, update_doc, dct)
        with tempfile.TemporaryDirectory(prefix="rashomon-eval-") as tmp:
            store_path = db or Path(tmp) / "eval.db"
            bar = Progress(
                TextColumn("[bold]eval gva"), BarColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(), console=Console(stderr=True), disable=not progress,
            )
            with bar:
                task = bar.add_task("eval", total=len(corpus.documents))
                run = evaluate(
                    corpus,
                    lambda: PipelinePredictor(db=store_path),
                    on_document=lambda n: bar.update(task, completed=n),
                )
        report = summarise(run, command=command, errors=errors)
    except RashomonError as exc:
        raise click.ClickException(str(exc)) from exc
    print_report(report, console)
    if errors:
        print_errors(report, console)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        console.print(f"wrote {out}")
    if per_document is not None:
        per_document.parent.mkdir(parents=True, exist_ok=True)
        with per_document.open("w", encoding="utf-8") as fh:
            for row in per_document_rows(run):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        console.print(f"wrote {per_document}")
    if update_doc is not None:
        update_accuracy_doc(update_doc, report)
        console.print(f"updated {update_doc}")


def _command_line(
    path: Path, out: Path | None, errors: int, limit: int | None, seed: int | None,
    split: str | None, update_doc: Path | None, dct: bool = True,
) -> str:
    """The command as a user would type it (recorded beside the figures)."""
    words = ["rashomon", "eval", "gva", str(path)]
    for flag, value in (("--out", out), ("--limit", limit), ("--seed", seed),
                        ("--split", split), ("--update-doc", update_doc)):
        if value is not None:
            words += [flag, str(value)]
    if errors:
        words += ["--errors", str(errors)]
    if not dct:
        words.append("--no-dct")
    return shlex.join(words)
