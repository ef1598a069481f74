"""A terminal view of an extraction, for ``rashomon show DOC --events``."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from rashomon.extract.records import Count, EventMention, Extraction, Speaker
from rashomon.model import Span


def _count(c: Count | None) -> str:
    if c is None:
        return ""
    if c.high is None:
        return f">={c.low}"
    return str(c.low) if c.low == c.high else f"{c.low}-{c.high}"


def _speaker(s: Speaker | None) -> str:
    if s is None:
        return "-"
    return f"{s.text} [{s.kind}{':' + s.actor_id if s.actor_id else ''}]"


def _words(text: str, span: Span, limit: int = 90) -> str:
    words = " ".join(text[span.start : span.end].split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _date(e: EventMention) -> str:
    if e.date_start is None or e.date_end is None:
        return ""
    if e.date_start == e.date_end:
        return e.date_start.isoformat()
    return f"{e.date_start.isoformat()}..{e.date_end.isoformat()}"


def render_events(extraction: Extraction, text: str) -> Group:
    """Two tables: the event mentions (main event starred) and the claims.

    Args:
        extraction: what :func:`rashomon.extract.extract` made of a document.
        text: the document's raw text (spans point into it).
    """
    events = Table(title=f"Event mentions ({len(extraction.event_mentions)})", show_lines=True)
    for col in ("#", "type / sub-type", "modality", "actors", "where / when", "killed", "injured",
                "claim", "evidence"):
        events.add_column(col, overflow="fold")
    for e in extraction.event_mentions:
        star = "*" if e.seq == extraction.main_event else ""
        actors = " -> ".join(a.text for a in (e.actor1, e.actor2) if a is not None)
        if e.associated:
            actors += f" (with {', '.join(a.text for a in e.associated)})"
        where = e.place.name or e.place.text if e.place is not None else ""
        when = _date(e)
        events.add_row(
            f"{e.seq}{star}",
            f"{e.event_type} / {e.sub_event_type}",
            e.modality + (f" ({e.modality_cue})" if e.modality_cue else ""),
            actors,
            "; ".join(x for x in (where or "", when) if x),
            _count(e.fatalities),
            _count(e.injuries),
            "" if e.claim is None else str(e.claim),
            Text(_words(text, e.evidence)),
        )
    claims = Table(title=f"Claims ({len(extraction.claims)})", show_lines=True)
    for col in ("#", "speaker", "via", "verb / stance", "channel", "content"):
        claims.add_column(col, overflow="fold")
    for c in extraction.claims:
        claims.add_row(
            str(c.seq),
            _speaker(c.speaker),
            " <- ".join(_speaker(v) for v in c.via),
            f"{c.verb} / {c.stance}",
            c.channel or "",
            Text(_words(text, c.content)),
        )
    summary = Text(f"main event: {extraction.main_event} — {extraction.main_reason}")
    return Group(events, claims, summary)
