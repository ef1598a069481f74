"""``read_inputs``: every path, directory and ``-`` to ``RawDocument``/``Rejected``.

The order of work for one path:

1. ``-`` is standard input: sniffed, then read like a file of that format;
2. a missing path is ``not_found``; a directory is walked (sorted, hidden skipped);
3. the format comes from the extension, or from the first bytes for a file named
   explicitly with another extension;
4. JSON Lines and WARC are streamed record by record (no size limit on the file,
   only on one line or record); every other input is one document, checked
   against ``max_bytes`` *before* it is read.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from rashomon.errors import ConfigError
from rashomon.ingest.common import reject, size_text
from rashomon.ingest.decode import looks_binary
from rashomon.ingest.files import (
    SNIFF_BYTES,
    Format,
    Found,
    IngestStats,
    count_lines,
    format_from_name,
    read_head,
    sniff_format,
    walk,
)
from rashomon.ingest.html import html_document
from rashomon.ingest.jsonl import check_map, read_json_list, read_jsonl
from rashomon.ingest.text import text_document
from rashomon.ingest.warc import read_warc
from rashomon.model import InputKind, RawDocument, Rejected

#: The largest single-article input (and JSONL line, WARC record) read: 20 MB.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: The origin of everything read from standard input.
STDIN_ORIGIN = "<stdin>"

Item = RawDocument | Rejected


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jsonl_map: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stats: IngestStats | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Read articles from files, directories, JSON Lines, HTML, WARC and stdin.

    Bad input never raises: it yields a ``Rejected`` whose ``detail`` names the
    file (and line or record), and the rest of the batch goes on. Nothing is
    held beyond one document, so a corpus of any size streams through.

    Args:
        paths: files, directories (walked recursively in sorted order) and ``-``
            for standard input.
        jsonl_map: our field -> their key for JSON inputs (see ``parse_map``).
        max_bytes: the largest single-document input, JSONL line or WARC record.
        stats: a tally to fill with what was read and what was skipped silently
            (WARC records that are not HTML pages, binary files in directories).

    Returns:
        A lazy iterator of records, in input order. ``RawDocument.kind`` is the
        format read (``txt``, ``html``, ``jsonl``, ``warc``), also for standard
        input, except plain text from standard input, which is ``stdin``.

    Raises:
        ConfigError: at call time, for a bad ``jsonl_map`` or ``max_bytes``
            (a configuration error, not bad data).
    """
    fields = check_map(jsonl_map) if jsonl_map else {}
    if max_bytes <= 0:
        raise ConfigError(f"max_bytes must be positive, not {max_bytes}", code="R104")
    return _read_all(paths, fields, max_bytes, stats if stats is not None else IngestStats())


def _read_all(
    paths: Iterable[str | os.PathLike[str]],
    fields: Mapping[str, str],
    max_bytes: int,
    stats: IngestStats,
) -> Iterator[Item]:
    for path in paths:
        for item in _read_path(os.fspath(path), fields, max_bytes, stats):
            if isinstance(item, RawDocument):
                stats.documents += 1
            else:
                stats.rejected += 1
            yield item


def _read_path(
    name: str, fields: Mapping[str, str], max_bytes: int, stats: IngestStats
) -> Iterator[Item]:
    if name == "-":
        stats.files += 1
        yield from _read_stdin(fields, max_bytes, stats)
        return
    path = Path(name)
    if not path.exists():
        yield reject(name, "not_found", "no such file or directory")
        return
    if path.is_dir():
        for found in walk(path):
            yield from _read_found(found, fields, max_bytes, stats)
        return
    yield from _read_found(
        Found(path=path, fmt=format_from_name(path), explicit=True), fields, max_bytes, stats
    )


def _read_found(
    found: Found, fields: Mapping[str, str], max_bytes: int, stats: IngestStats
) -> Iterator[Item]:
    origin = str(found.path)
    try:
        size = found.path.stat().st_size
        fmt = found.fmt
        if fmt is None:
            head = read_head(found.path)
            if not found.explicit:
                if not head or looks_binary(head):
                    stats.skipped_files += 1
                    return
                yield reject(
                    origin,
                    "unsupported",
                    f"extension {found.path.suffix or '(none)'} is not one of ours, so the "
                    "text file was not read; name it explicitly to have it sniffed and read",
                )
                return
            if not head.strip():
                yield reject(origin, "empty", f"empty input ({size} bytes)")
                return
            fmt = sniff_format(head)
            if fmt is None:
                yield reject(origin, "binary", "binary content, not text")
                return
        stats.files += 1
        if size == 0:
            yield reject(origin, "empty", "empty input (0 bytes)")
            return
        yield from _read_file(found.path, origin, fmt, size, fields, max_bytes, stats)
    except OSError as err:
        yield reject(origin, "unreadable", f"cannot be read ({err.strerror or err})")


def _read_file(
    path: Path,
    origin: str,
    fmt: Format,
    size: int,
    fields: Mapping[str, str],
    max_bytes: int,
    stats: IngestStats,
) -> Iterator[Item]:
    if fmt == "json":
        fmt = _json_or_jsonl(path)
    if fmt in ("jsonl", "warc"):
        with path.open("rb") as handle:
            if fmt == "jsonl":
                yield from read_jsonl(handle, origin, fields, max_bytes=max_bytes, stats=stats)
            else:
                yield from read_warc(handle, origin, max_bytes=max_bytes, stats=stats)
        return
    if size > max_bytes:
        # Decided from the size alone: a 50 MB file is refused without reading it.
        yield reject(
            origin, "too_large", f"{size_text(size)} exceeds the limit of {size_text(max_bytes)}"
        )
        return
    data = path.read_bytes()
    yield from _one_document(origin, data, fmt, fields, kind=None)


def _json_or_jsonl(path: Path) -> Format:
    """A ``.json`` file is a list, one object, or (often) JSON Lines in disguise."""
    with path.open("rb") as handle:
        first = b""
        while not first.strip():
            first = handle.readline(SNIFF_BYTES)
            if not first:
                return "json"
    stripped = first.strip().removeprefix(b"\xef\xbb\xbf")
    if not stripped.startswith(b"{"):
        return "json"
    try:
        return "jsonl" if isinstance(json.loads(stripped), dict) else "json"
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "json"  # a pretty-printed object spans lines


def _one_document(
    origin: str, data: bytes, fmt: Format, fields: Mapping[str, str], *, kind: InputKind | None
) -> Iterator[Item]:
    """A txt, html or json input held whole in memory (already size-checked)."""
    if fmt == "html":
        yield html_document(origin, data, kind="html")
    elif fmt == "json":
        yield from read_json_list(origin, data, fields, kind="jsonl")
    else:
        yield text_document(origin, data, kind=kind or "txt")


class _Chained(io.RawIOBase):
    """A raw stream that replays already-read bytes before the rest of a stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head.nbytes:
            count = min(len(buffer), self._head.nbytes)
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _stdin_bytes() -> IO[bytes]:
    """Standard input as bytes, also when a test or a host swapped in a text stream."""
    if sys.stdin is None:  # a GUI host without a console: read as an empty input
        return io.BytesIO(b"")
    binary = getattr(sys.stdin, "buffer", None)
    if binary is not None:
        return binary  # type: ignore[no-any-return]
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def _read_stdin(fields: Mapping[str, str], max_bytes: int, stats: IngestStats) -> Iterator[Item]:
    """Sniff standard input, then stream it (JSONL, WARC) or read one document."""
    source = _stdin_bytes()
    head = source.read(SNIFF_BYTES)
    if not head.strip():
        yield reject(STDIN_ORIGIN, "empty", f"empty input ({len(head)} bytes)")
        return
    fmt = sniff_format(head)
    if fmt is None:
        yield reject(STDIN_ORIGIN, "binary", "binary content, not text")
        return
    stream = io.BufferedReader(_Chained(head, source), buffer_size=SNIFF_BYTES)
    if fmt == "jsonl":
        yield from read_jsonl(stream, STDIN_ORIGIN, fields, max_bytes=max_bytes, stats=stats)
        return
    if fmt == "warc":
        yield from read_warc(stream, STDIN_ORIGIN, max_bytes=max_bytes, stats=stats)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield reject(STDIN_ORIGIN, "too_large", f"more than the limit of {size_text(max_bytes)}")
        return
    yield from _one_document(STDIN_ORIGIN, data, fmt, fields, kind="stdin")


def count_inputs(paths: Iterable[str | os.PathLike[str]]) -> int:
    """A cheap estimate of how many records ``read_inputs`` will yield (a progress total).

    Counts one per file of a known format, and the lines of JSON Lines files
    (blank lines included); a WARC counts as one, standard input as one. Nothing
    is parsed, so this costs a directory walk and a pass over JSONL bytes.
    """
    total = 0
    for raw in paths:
        name = os.fspath(raw)
        path = Path(name)
        if name == "-" or not path.is_dir():
            total += _count_file(path) if name != "-" and path.is_file() else 1
            continue
        total += sum(_count_file(found.path) for found in walk(path) if found.fmt is not None)
    return total


def _count_file(path: Path) -> int:
    if format_from_name(path) != "jsonl":
        return 1
    try:
        return count_lines(path)
    except OSError:
        return 1
