"""Ingest: files, directories, JSON Lines, HTML, WARC and standard input to ``RawDocument``s.

Public contract (used by ``pipeline.ingest_paths`` and the CLI)::

    read_inputs(paths, *, jsonl_map=None, max_bytes=DEFAULT_MAX_BYTES, stats=None)
        -> Iterator[RawDocument | Rejected]

``"-"`` in ``paths`` means standard input. Bad input never raises: it yields a
``Rejected`` naming the file (and line), and the rest of the batch goes on.

Modules: ``reader`` (the order of work), ``files`` (walking, sniffing, counting),
``decode`` (binary and encoding detection), ``text``, ``html``, ``jsonl``,
``warc`` (one per format), ``cli`` (the ``read`` command).
"""

from __future__ import annotations

from rashomon.ingest.decode import Decoded, decode_bytes, looks_binary
from rashomon.ingest.files import IngestStats, format_from_name, sniff_format
from rashomon.ingest.html import COMMENTS_HEADING, html_document
from rashomon.ingest.jsonl import DEFAULT_FIELDS, parse_map, record_document
from rashomon.ingest.reader import DEFAULT_MAX_BYTES, STDIN_ORIGIN, count_inputs, read_inputs
from rashomon.ingest.text import text_document

__all__ = [
    "COMMENTS_HEADING",
    "DEFAULT_FIELDS",
    "DEFAULT_MAX_BYTES",
    "STDIN_ORIGIN",
    "Decoded",
    "IngestStats",
    "count_inputs",
    "decode_bytes",
    "format_from_name",
    "html_document",
    "looks_binary",
    "parse_map",
    "read_inputs",
    "record_document",
    "sniff_format",
    "text_document",
]
