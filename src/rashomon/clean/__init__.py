"""Clean: raw text to labelled segments and metadata, non-destructively.

The stage is a pure function of one raw document and read-only resources::

    clean(raw, resources) -> Document | Rejected

Its steps, each public and usable alone:

1. ``segment.segment``: label every line-run of the raw text (body, comment, ...).
2. ``outlets.resolve_outlets``: who published it, and who wrote it first.
3. ``dates.reference_date``: the date relative expressions resolve against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Document, RawDocument, Rejected, Segment
from .dates import reference_date
from .outlets import OutletTable, resolve_outlets
from .segment import segment


def _no_boilerplate(_raw: RawDocument) -> frozenset[str]:
    return frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanResources:
    """What the clean stage reads.

    Attributes:
        outlets: the outlet table.
        repeated: gives, for a raw document, the normalised lines known to repeat
            across other documents of its outlet (boilerplate); the pipeline feeds
            it from the store, a bare call sees none.
    """

    outlets: OutletTable
    repeated: Callable[[RawDocument], frozenset[str]] = field(default=_no_boilerplate)


def clean(raw: RawDocument, resources: CleanResources) -> Document | Rejected:
    """Segment a raw document and decide its outlet, original outlet, title and date."""
    if not raw.text.strip():
        return Rejected(
            origin=raw.origin,
            stage="clean",
            reason="no_text",
            detail=f"{raw.origin}: the document has no text",
        )
    # 1. segments, with boilerplate lines known for the outlet
    segments = segment(raw, repeated=resources.repeated(raw))
    # 2. outlet and syndication
    outlet, original = resolve_outlets(raw, segments, resources.outlets)
    # 3. reference date
    ref = reference_date(raw, segments)
    # 4. title: the input's own metadata first, else the segment labelled title
    title, title_reason = _title(raw, segments)
    return Document(
        id=raw.content_id,
        raw=raw,
        title=title,
        title_reason=title_reason,
        outlet=outlet,
        original_outlet=original,
        reference_date=ref,
        segments=segments,
    )


def _title(raw: RawDocument, segments: tuple[Segment, ...]) -> tuple[str | None, str]:
    if raw.title and raw.title.strip():
        return raw.title.strip(), f"given by the input's metadata ({raw.kind})"
    for s in segments:
        if s.label == "title":
            return raw.text[s.start : s.end].strip(), f"segment labelled title ({s.reason})"
    return None, "no title in the metadata and no line labelled title"


__all__ = ["CleanResources", "clean", "reference_date", "resolve_outlets", "segment", "OutletTable"]
