"""The whole ingest job in one readable function, steps numbered.

::

    read_inputs -> clean -> store

Per-document stages are pure functions (``process_raw``); this module only chains
them, batches the writes and reports progress. Use :func:`ingest_paths` from Python
exactly as ``rashomon ingest`` does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .clean import CleanResources, clean
from .clean.outlets import OutletTable, source_for_unknown_domain
from .clean.segment import normalise_line
from .ingest import count_inputs, read_inputs
from .model import Document, RawDocument, Rejected
from .store import Store

#: Only short lines near the top or bottom of a page are counted as boilerplate candidates.
_EDGE_LINES = 15
_MAX_BOILERPLATE_LINE = 160


@dataclass(frozen=True, slots=True, kw_only=True)
class Resources:
    """Read-only resources of the per-document stages, loaded once per process."""

    outlets: OutletTable


def load_resources(*, outlet_files: Sequence[str | Path] = ()) -> Resources:
    """Load the packaged outlet table, plus the user's own outlet CSVs."""
    return Resources(outlets=OutletTable.load(extra=[Path(p) for p in outlet_files]))


def process_raw(
    raw: RawDocument,
    resources: Resources,
    *,
    repeated: Callable[[RawDocument], frozenset[str]] | None = None,
) -> Document | Rejected:
    """Run the per-document stages on one raw document (pure: no I/O)."""
    clean_res = CleanResources(outlets=resources.outlets, **({"repeated": repeated} if repeated else {}))
    return clean(raw, clean_res)


@dataclass(slots=True, kw_only=True)
class IngestSummary:
    """What an ingest run did."""

    run_id: int
    ingested: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejected


class _Boilerplate:
    """Per-run view of the store's boilerplate counts (not a global: one per run)."""

    def __init__(self, store: Store, outlets: OutletTable) -> None:
        self._store = store
        self._outlets = outlets
        self._cache: dict[str, frozenset[str]] = {}

    def outlet_key(self, raw: RawDocument) -> str | None:
        src = None
        if raw.url:
            src = self._outlets.by_domain(raw.url)
        if src is None and raw.source:
            src = self._outlets.by_name(raw.source)
        return src.id if src else None

    def __call__(self, raw: RawDocument) -> frozenset[str]:
        key = self.outlet_key(raw)
        if key is None:
            return frozenset()
        if key not in self._cache:
            self._cache[key] = self._store.boilerplate_lines(key)
        return self._cache[key]

    def record(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            key = self.outlet_key(doc.raw)
            if key is None:
                continue
            lines = [ln for ln in doc.raw.text.splitlines() if ln.strip()]
            edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
            norm = [normalise_line(ln) for ln in edge if len(ln.strip()) <= _MAX_BOILERPLATE_LINE]
            self._store.count_lines(key, [n for n in norm if n])
            self._cache.pop(key, None)


def ingest_paths(
    paths: Sequence[str | Path],
    store: Store,
    *,
    resources: Resources | None = None,
    jsonl_map: Mapping[str, str] | None = None,
    command: str = "ingest",
    batch_size: int = 200,
    console: Console | None = None,
    progress: bool = True,
    on_reject: Callable[[Rejected], None] | None = None,
) -> IngestSummary:
    """Read, clean and store every document under ``paths``.

    Bad input never stops the run: each becomes a ``Rejected`` row (and a call to
    ``on_reject``), and the good documents of the same batch are stored. Documents
    already in the store (same content hash) are counted as duplicates and skipped,
    so a re-run after a crash resumes where the last committed batch ended.
    """
    res = resources or load_resources()
    started = time.perf_counter()
    # 1. the outlet table goes into the store, so every document's outlet has a row
    store.upsert_sources(res.outlets.sources())
    summary = IngestSummary(run_id=store.start_run(command))
    boiler = _Boilerplate(store, res.outlets)
    batch: list[Document] = []
    extra_sources: dict[str, object] = {}

    def flush() -> None:
        if not batch:
            return
        new = store.add_documents(batch, run_id=summary.run_id)
        summary.ingested += new
        summary.duplicates += len(batch) - new
        boiler.record(batch)
        batch.clear()

    bar = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeRemainingColumn(),
        console=console,
        disable=not progress,
        transient=False,
    )
    with bar:
        # A cheap count (files, JSONL lines) gives the bar a total; stdin has none.
        total = None if "-" in [str(p) for p in paths] else count_inputs(paths)
        task = bar.add_task("ingest", total=total or None, status="")
        # 2. read every input; 3. clean each document; 4. store in batches
        for item in read_inputs(paths, jsonl_map=jsonl_map):
            if isinstance(item, Rejected):
                _reject(store, summary, item, on_reject)
            else:
                result = process_raw(item, res, repeated=boiler)
                if isinstance(result, Rejected):
                    _reject(store, summary, result, on_reject)
                else:
                    _note_unknown_source(res.outlets, result, extra_sources, store)
                    batch.append(result)
                    if len(batch) >= batch_size:
                        flush()
            bar.update(
                task,
                advance=1,
                status=f"{summary.ingested + len(batch)} ok, {len(summary.rejected)} rejected",
            )
        flush()
    summary.seconds = time.perf_counter() - started
    store.finish_run(
        summary.run_id,
        ingested=summary.ingested,
        duplicates=summary.duplicates,
        rejected=len(summary.rejected),
    )
    return summary


def _reject(
    store: Store, summary: IngestSummary, item: Rejected, on_reject: Callable[[Rejected], None] | None
) -> None:
    store.add_rejects([item], run_id=summary.run_id)
    summary.rejected.append(item)
    if on_reject is not None:
        on_reject(item)


def _note_unknown_source(
    table: OutletTable, doc: Document, seen: dict[str, object], store: Store
) -> None:
    """Give an outlet named only from its domain (``dom:...``) a row in ``sources`` too."""
    for guess in (doc.outlet, doc.original_outlet):
        if guess is None or guess.source_id in seen or not guess.source_id.startswith("dom:"):
            continue
        store.upsert_sources([source_for_unknown_domain(guess.source_id.removeprefix("dom:"))])
        seen[guess.source_id] = True
