"""Keyset pagination: opaque cursors over a unique sort key, and the :class:`Page` record."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ...errors import StoreError

T = TypeVar("T")


# -- cursors -------------------------------------------------------------------------


def encode_cursor(key: Sequence[Any]) -> str:
    """An opaque, URL-safe cursor for the sort key of the last row of a page."""
    raw = json.dumps(list(key), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The sort key inside a cursor (R223 when it is not one of ours)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise StoreError(f"bad cursor {cursor!r}: use the next_cursor of a previous page", code="R223") from None
    if not isinstance(key, list):
        raise StoreError(f"bad cursor {cursor!r}: use the next_cursor of a previous page", code="R223")
    return key


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of a list: its rows and the cursor of the next page (None at the end)."""

    items: list[T]
    next_cursor: str | None


def iter_pages(fetch: Callable[[str | None], Page[T]]) -> Iterator[T]:
    """Every row of a paged list: ``fetch(cursor)`` one page after another to the end."""
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


__all__ = ["Page", "decode_cursor", "encode_cursor", "iter_pages"]
