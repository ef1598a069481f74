"""Plain-text scrapes: the decoded bytes, exactly, are the document."""

from __future__ import annotations

from rashomon.ingest.common import reject
from rashomon.ingest.decode import decode_bytes, looks_binary
from rashomon.model import InputKind, RawDocument, Rejected


def check_bytes(origin: str, data: bytes) -> Rejected | None:
    """The ``empty`` and ``binary`` checks every single-document input goes through."""
    if not data:
        return reject(origin, "empty", "empty input (0 bytes)")
    if looks_binary(data[:8192]):
        return reject(
            origin,
            "binary",
            "binary content (NUL or control bytes, or a known binary signature), not text",
        )
    return None


def text_document(origin: str, data: bytes, *, kind: InputKind = "txt") -> RawDocument | Rejected:
    """Make a ``RawDocument`` from the bytes of a plain-text article.

    The text is the decoded content exactly: newlines, leading and trailing
    whitespace are kept, so ``text.encode(doc.encoding)`` gives ``data`` back
    (less a BOM, which the ``utf-8-sig``/``utf-16`` codecs re-add).

    Args:
        origin: where the bytes came from (a path or ``<stdin>``).
        data: the whole input.
        kind: ``txt`` for files, ``stdin`` for standard input.

    Returns:
        The document, or a ``Rejected`` (``empty``, ``binary``, ``undecodable``).
    """
    bad = check_bytes(origin, data)
    if bad is not None:
        return bad
    decoded = decode_bytes(data)
    if decoded is None:
        return reject(
            origin,
            "undecodable",
            "no text encoding gives plausible text (tried UTF-8/16, detection, cp1252, latin-1)",
        )
    if not decoded.text.strip():
        return reject(origin, "empty", f"only whitespace ({len(data)} bytes)")
    return RawDocument(origin=origin, kind=kind, text=decoded.text, encoding=decoded.encoding)
