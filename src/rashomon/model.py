"""The frozen records every stage exchanges.

Every record is a frozen, slotted, keyword-only dataclass. Offsets (``start``,
``end``) are character offsets into a document's ``text`` (the raw text as
received: the decoded file for plain text, trafilatura's extraction for HTML,
whose markup is kept apart in ``html``). Nothing is edited in place: a later
stage makes new records.

Pipeline order: ``RawDocument`` (ingest) -> ``Document`` (clean) -> later stages.
A document that cannot be used becomes a ``Rejected`` record instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

#: The labels a segment of raw text can carry.
SegmentLabel = Literal[
    "body",
    "title",
    "dateline",
    "byline",
    "caption",
    "tags",
    "related",
    "share",
    "comment",
    "disclaimer",
    "other",
]
SEGMENT_LABELS: tuple[str, ...] = (
    "body",
    "title",
    "dateline",
    "byline",
    "caption",
    "tags",
    "related",
    "share",
    "comment",
    "disclaimer",
    "other",
)

#: Where a raw document came from.
InputKind = Literal["txt", "html", "jsonl", "warc", "stdin"]

#: ACLED-like time precision, spelled out: day (1), week (2), month (3), year.
DatePrecision = Literal["day", "week", "month", "year"]

#: How a reference date was decided.
DateKind = Literal["published", "updated", "metadata", "estimated", "unknown"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A half-open character range ``[start, end)`` into a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """One article as received, before any interpretation.

    Attributes:
        origin: where it came from, for messages: ``path``, ``path:line`` (JSONL)
            or ``path#record-N`` (WARC), ``<stdin>``.
        kind: the reader that produced it.
        text: the raw text; every offset of later stages points into it.
        html: the page markup when the input was HTML (kept, never used for offsets).
        url: the address given by the input, if any.
        title: a title given by the input's metadata, if any.
        published: a date string given by the input's metadata, if any (unparsed).
        source: an outlet name given by the input's metadata, if any.
        encoding: how the bytes were decoded (``utf-8``, ``cp1252``...).
        extra: any other input fields, as sorted ``(key, value)`` pairs; values are
            JSON-encoded strings. Kept so evaluation and users can join back.
    """

    origin: str
    kind: InputKind
    text: str
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    encoding: str = "utf-8"
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def content_id(self) -> str:
        """The document id: a hash of the raw text (so re-ingesting is a no-op)."""
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """The 20-hex-digit SHA-256 prefix that identifies a document by its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """A document (or input) that could not be used: data, not an exception.

    Attributes:
        origin: file path, ``path:line`` or ``<stdin>``: where the user can look.
        stage: the stage that refused it (``ingest``, ``clean``...).
        reason: a stable short code (``empty``, ``binary``, ``undecodable``,
            ``too_large``, ``bad_json``, ``truncated_warc``, ``not_found``,
            ``no_text``...).
        detail: a sentence for humans, naming the file (and line).
    """

    origin: str
    stage: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A labelled span of raw text, with the rule or score that decided the label."""

    start: int
    end: int
    label: SegmentLabel
    reason: str
    score: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """An outlet, wire or agency, from the shipped outlet table or named from a domain."""

    id: str
    name: str
    domains: tuple[str, ...] = ()
    country: str | None = None
    owner: str | None = None
    state_affiliated: bool = False
    kind: str = "outlet"  # outlet, wire, agency, broadcaster, aggregator, party-media
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletGuess:
    """Which outlet published (or originally wrote) a document, and why we think so."""

    source_id: str
    name: str
    reason: str
    span: Span | None = None  # the words that named it, when found in the text


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferenceDate:
    """The date a document's relative expressions ("on Sunday") resolve against.

    Attributes:
        date: the day (for coarser precision, the first day of the period).
        precision: how sure the day is.
        kind: whether it is a publication time, an update time, given by metadata,
            or estimated from the body's own dates.
        reason: a sentence saying how it was decided (shown to users).
        span: the words it was read from, when it came from the text.
    """

    date: dt.date | None
    precision: DatePrecision = "day"
    kind: DateKind = "unknown"
    reason: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One article as received and as understood by the document layer."""

    id: str
    raw: RawDocument
    title: str | None
    title_reason: str
    outlet: OutletGuess
    original_outlet: OutletGuess | None
    reference_date: ReferenceDate
    segments: tuple[Segment, ...]
    language: str = "en"
    dateline_dates: tuple[ReferenceDate, ...] = field(default_factory=tuple)

    def segment_text(self, label: str) -> list[str]:
        """The texts of every segment with ``label``, in order."""
        return [self.raw.text[s.start : s.end] for s in self.segments if s.label == label]

    @property
    def body_spans(self) -> list[Span]:
        """Spans of the body segments: the only text later stages read."""
        return [Span(start=s.start, end=s.end) for s in self.segments if s.label == "body"]


#: What a mention names.
MentionKind = Literal["place", "actor", "time", "quantity"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A span of body text that names something, as resolved (the stored form).

    The annotate stage's richer records (place candidates, actor branches...) are
    flattened to this shape for the store and the interfaces; ``detail`` holds the
    kind-specific fields as JSON-ready values.
    """

    kind: MentionKind
    start: int
    end: int
    text: str
    resolved_id: str | None = None
    resolved_name: str | None = None
    detail: dict[str, object] = field(default_factory=dict)
    reason: str = ""
