"""HTML pages: main text and metadata through trafilatura, the markup kept.

trafilatura finds the title, the canonical address (``<link rel=canonical>``, then
``og:url``), the site name (``og:site_name``, then the title's suffix, then the
host) and the date (through htmldate, preferring the original publication date
over an update time). Reader comments, when trafilatura finds them, are appended
after the body under :data:`COMMENTS_HEADING`, and the offset where that heading
starts is stored in ``extra`` as ``comments_start`` so the clean stage can label
the tail as comments without guessing.
"""

from __future__ import annotations

import json
from typing import Any

import trafilatura

from rashomon.ingest.common import reject
from rashomon.ingest.decode import declared_charset, decode_bytes
from rashomon.ingest.text import check_bytes
from rashomon.model import InputKind, RawDocument, Rejected

#: Separates the article body from reader comments in ``RawDocument.text``.
COMMENTS_HEADING = "\n\n=== Comments ===\n\n"

#: Metadata trafilatura finds that has no field of its own in ``RawDocument``.
_EXTRA_FIELDS = ("author", "description", "hostname", "categories", "tags", "license")


def _extract(html: str, url: str | None) -> Any:
    """trafilatura's main-text and metadata extraction (``None`` when it finds nothing)."""
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=True,
            include_tables=True,
            deduplicate=False,
        )
    except (ValueError, TypeError, RecursionError):  # malformed trees trip lxml/trafilatura
        return None


def html_document(
    origin: str,
    data: bytes,
    *,
    kind: InputKind = "html",
    url: str | None = None,
    charset: str | None = None,
) -> RawDocument | Rejected:
    """Make a ``RawDocument`` from the bytes of one HTML page.

    Args:
        origin: where the page came from (path, ``path#record-N``, ``<stdin>``).
        data: the page bytes.
        kind: ``html``, ``warc`` or ``stdin``.
        url: the address the page was fetched from (a WARC target URI); it wins
            over the page's canonical link, which is then kept in ``extra``.
        charset: the charset an HTTP header declared, if any; otherwise the page's
            ``<meta charset>`` is used as a hint.

    Returns:
        The document, or a ``Rejected`` (``empty``, ``binary``, ``undecodable``,
        ``no_text`` when trafilatura finds no main text).
    """
    bad = check_bytes(origin, data)
    if bad is not None:
        return bad
    decoded = decode_bytes(data, declared=charset or declared_charset(data[:4096]))
    if decoded is None:
        return reject(origin, "undecodable", "the page's bytes decode to no plausible text")
    html = decoded.text
    if not html.strip():
        return reject(origin, "empty", f"only whitespace ({len(data)} bytes)")
    result = _extract(html, url)
    body = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not body:
        return reject(origin, "no_text", "trafilatura found no main text in the page")
    extra: dict[str, str] = {}
    text = body
    comments = (result.comments or "").strip()
    if comments:
        extra["comments_start"] = json.dumps(len(body))
        text = f"{body}{COMMENTS_HEADING}{comments}"
    page_url = result.url or None
    if url and page_url and page_url != url:
        extra["canonical_url"] = json.dumps(page_url)
    for name in _EXTRA_FIELDS:
        value = getattr(result, name, None)
        if value:
            extra[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return RawDocument(
        origin=origin,
        kind=kind,
        text=text,
        html=html,
        url=url or page_url,
        title=result.title or None,
        published=result.date or None,
        source=result.sitename or result.hostname or None,
        encoding=decoded.encoding,
        extra=tuple(sorted(extra.items())),
    )
