"""Finding inputs: walking directories, telling formats apart, counting.

Formats are known by extension; a file named explicitly with another extension
(and standard input) is sniffed from its first bytes instead.

Inside a walked directory, hidden files and folders (``.name``) are skipped, and so
are files whose extension is not one of ours. Of those, the ones whose first bytes
look like text become ``Rejected(reason="unsupported")`` so that a folder of
``.md`` or ``.xml`` scrapes is not lost without a word; binary ones (images,
stylesheets' fonts, PDFs) are skipped silently, as a scrape folder is full of
them, and only counted in :class:`IngestStats`. Name a file explicitly to have it
read whatever its extension.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rashomon.ingest.decode import looks_binary

#: What a reader can make of an input.
Format = Literal["txt", "html", "jsonl", "json", "warc"]

#: Bytes read from the head of an input to sniff its format.
SNIFF_BYTES = 64 * 1024

_EXTENSIONS: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc.gz": "warc",
    ".arc": "warc",
}
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|h1|script)\b", re.IGNORECASE
)


@dataclass(slots=True)
class IngestStats:
    """Counters a caller passes to ``read_inputs`` to see what was skipped silently.

    Mutable on purpose: it is a tally owned by one caller, never a record passed
    between stages.

    Attributes:
        files: input files opened (stdin counts as one).
        documents: ``RawDocument`` records yielded.
        rejected: ``Rejected`` records yielded.
        skipped_files: binary files with a foreign extension skipped in directories.
        skipped_records: WARC records that are not HTML 200 responses (requests,
            metadata, images, redirects...), and blank JSONL lines.
    """

    files: int = 0
    documents: int = 0
    rejected: int = 0
    skipped_files: int = 0
    skipped_records: int = 0


def format_from_name(path: str | os.PathLike[str]) -> Format | None:
    """The format a file's extension names, or ``None`` for anything else."""
    name = os.fspath(path).lower()
    for ext in (".warc.gz", ".arc.gz"):
        if name.endswith(ext):
            return _EXTENSIONS[ext]
    return _EXTENSIONS.get(os.path.splitext(name)[1])


def sniff_format(head: bytes) -> Format | None:
    """Tell a format from the first bytes of an input.

    Args:
        head: the first :data:`SNIFF_BYTES` bytes (or fewer).

    Returns:
        ``warc`` for a WARC header or gzip stream, ``jsonl`` when the first
        non-blank character is ``{``, ``json`` for ``[``, ``html`` for ``<`` followed
        somewhere by an HTML tag, ``txt`` for other text, ``None`` for binary.
    """
    if head.startswith((b"\x1f\x8b", b"WARC/")):
        # A gzip stream that is not a WARC fails in the WARC reader with a clear reason.
        return "warc"
    if looks_binary(head):
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"<") and _HTML_TAG.search(stripped):
        return "html"
    return "txt"


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first ``size`` bytes of a file (raises ``OSError`` like ``open``)."""
    with path.open("rb") as handle:
        return handle.read(size)


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A file found under a directory (or named), with its format if known.

    Attributes:
        path: the file.
        fmt: its format from the extension; ``None`` for a foreign extension.
        explicit: whether the user named it (then a foreign extension is sniffed).
    """

    path: Path
    fmt: Format | None
    explicit: bool


def walk(root: Path) -> Iterator[Found]:
    """Every non-hidden file under ``root``, in sorted path order.

    Directory symlinks are followed once (their real path is remembered), so a
    link cycle cannot loop.
    """
    seen: set[str] = set()

    def visit(directory: Path) -> Iterator[Found]:
        real = os.path.realpath(directory)
        if real in seen:
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                yield from visit(path)
            else:
                yield Found(path=path, fmt=format_from_name(path), explicit=False)

    yield from visit(root)


def count_lines(path: Path) -> int:
    """Lines of a file, counted in 1 MB blocks without parsing (blank ones included).

    Cheap enough for a progress bar's total; it over-counts by the blank lines.
    """
    count = 0
    last = b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (0 if last == b"\n" else 1)
