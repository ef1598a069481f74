"""The records of the extract stage: event mentions, claims, and what they point at.

Every record carries character offsets into the document's raw text (``Span``), so a
figure can be traced to the words that support it. Counts are ranges (``Count``), never
a made-up point value: "killing up to 300 jihadists" is ``[1, 300]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from rashomon.model import DatePrecision, Span

#: How an event mention relates to reality, as the words put it.
Modality = Literal[
    "occurred", "attempted", "claimed", "planned", "hypothetical", "negated", "historical"
]
MODALITIES: tuple[str, ...] = (
    "occurred", "attempted", "claimed", "planned", "hypothetical", "negated", "historical"
)  # fmt: skip

#: What a speaker does with a statement.
Stance = Literal["asserts", "claims", "denies", "warns"]

#: What a speaker is: a KB actor, a named person, a news outlet, or an unnamed source.
SpeakerKind = Literal["actor", "person", "outlet", "unnamed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRef:
    """An actor taking part in an event, as named in the text.

    Attributes:
        text: the words ("the Syrian Army").
        span: where they are.
        actor_id: the actor KB id, or None when the KB does not know it ("the gunman"
            alone, a named person).
    """

    text: str
    span: Span
    actor_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    """A count read from the words, as an inclusive range.

    Attributes:
        low: lower bound.
        high: upper bound; None = no upper bound ("over 4,000").
        text: the words ("up to 300", "a man ... killed").
        span: where they are.
        role: what is counted (killed, injured, fighters, vehicles, ...).
        head: the counted noun's lemma, when said.
        reason: how the range was read.
    """

    low: int
    high: int | None
    text: str
    span: Span
    role: str
    head: str | None = None
    reason: str = ""

    def point(self) -> int:
        """A single figure for views that need one: the low bound (exact counts are equal)."""
        return self.low


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRef:
    """Where an event happened: a resolved GeoNames entry with ACLED geo-precision."""

    text: str
    span: Span
    name: str | None
    geonameid: int | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Speaker:
    """Who a claim is attributed to.

    Attributes:
        text: the words naming the speaker ("the Russian Defense Ministry").
        span: where they are.
        kind: actor (in the KB), person (a named or described person), outlet, unnamed.
        actor_id: the KB id, when the speaker (or the body a person speaks for) is known.
    """

    text: str
    span: Span
    kind: SpeakerKind
    actor_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """An attributed statement in a document.

    Attributes:
        document_id: the document.
        seq: its index in the document's claims.
        evidence: the sentence (or quote) that carries it.
        content: the words of the statement itself (the quote, the "that" clause).
        speaker: who says it, or None when the text does not say ("reportedly").
        via: the sources the speaker cites, nearest first ("according to AP, citing
            the network": speaker AP, via (the network,)); the last is the origin.
        channel: where it was said ("on state TV"), if named.
        verb: the reporting word ("said", "according to", "claims", "quote").
        stance: asserts, claims, denies or warns.
    """

    document_id: str
    seq: int
    evidence: Span
    content: Span
    speaker: Speaker | None
    via: tuple[Speaker, ...]
    channel: str | None
    verb: str
    stance: Stance

    @property
    def origin(self) -> Speaker | None:
        """The primary source: the last one cited, else the speaker."""
        return self.via[-1] if self.via else self.speaker


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One account of one event in one document (ACLED-shaped).

    Attributes:
        document_id: the document.
        seq: its index in the document's event mentions.
        event_type: ACLED event type.
        sub_event_type: ACLED sub-event type.
        trigger: the word that names the event ("repel", "shooting").
        trigger_span: where it is.
        evidence: the sentence that reports it.
        modality: occurred, attempted, claimed, planned, hypothetical, negated, historical.
        modality_cue: the words that decided the modality ("" for plain occurred).
        actor1: who acts.
        actor2: who is acted on.
        associated: actors backing actor1 ("backed by Russian air strikes").
        place: where, when the sentence or document says.
        date_start: first day of the date range, if known.
        date_end: last day of the date range, if known.
        time_precision: day, week, month or year.
        time_text: the words the date was read from ("" when inherited or unknown).
        fatalities: killed, as a range.
        injuries: injured, as a range.
        quantities: other counts in the sentence (force size, vehicles).
        claim: index of the claim it comes from; None = the outlet's own voice.
        reason: which lexicon row and rules produced it.
    """

    document_id: str
    seq: int
    event_type: str
    sub_event_type: str
    trigger: str
    trigger_span: Span
    evidence: Span
    modality: Modality
    modality_cue: str = ""
    actor1: ActorRef | None = None
    actor2: ActorRef | None = None
    associated: tuple[ActorRef, ...] = ()
    place: PlaceRef | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: DatePrecision | None = None
    time_text: str = ""
    fatalities: Count | None = None
    injuries: Count | None = None
    quantities: tuple[Count, ...] = ()
    claim: int | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """What the extract stage made of one document.

    Attributes:
        document_id: the document.
        event_mentions: every event mention, in text order.
        claims: every claim, in text order.
        main_event: index of the event the document is about (local news: the
            incident), or None when there is none.
        main_reason: why that one was chosen.
        main_fatalities: the main incident's killed count, summed over its sentences
            (a casualty is often told in a later sentence than the trigger).
        main_injuries: the main incident's injured count, likewise.
    """

    document_id: str
    event_mentions: tuple[EventMention, ...]
    claims: tuple[Claim, ...]
    main_event: int | None
    main_reason: str = ""
    main_fatalities: Count | None = None
    main_injuries: Count | None = None
