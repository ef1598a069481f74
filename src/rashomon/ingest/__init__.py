"""Ingest: files, directories, JSON Lines, HTML, WARC and standard input to ``RawDocument``s.

Public contract (used by ``pipeline.ingest_paths`` and the CLI)::

    read_inputs(paths, *, jsonl_map=None, max_bytes=DEFAULT_MAX_BYTES)
        -> Iterator[RawDocument | Rejected]

``"-"`` in ``paths`` means standard input. Bad input never raises: it yields a
``Rejected`` naming the file (and line), and the rest of the batch goes on.
"""
