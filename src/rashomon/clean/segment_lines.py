"""Lines of raw text and their shape features, for :mod:`rashomon.clean.segment`.

A *unit* is one non-blank line of the raw text, trimmed of surrounding
whitespace, or a part of one where a dateline is glued to a title ("Teen
charged in shooting Posted: Tuesday, January 28, 2014 8:18 PM EST"). Units
keep offsets into the raw text, so the segments built from them never change a
character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.clean.segment_cues import SegmentCues, strip_line

#: Sentence-final punctuation, optionally followed by closing quotes/brackets.
_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
#: A sentence end inside a line (for counting sentences in reasons).
_SENT_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
#: A token that is a number, a time or a date in digits ("05:15", "+324", "2/3/17").
_NUMERIC = re.compile(
    r"^[(+\-]?\d[\d:/.,\-+]*(?:st|nd|rd|th|am|pm|a\.m\.?|p\.m\.?|h|gmt|utc)?[),.:;]?$",
    re.IGNORECASE,
)
#: Words kept lowercase in title case, so they do not count against it.
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "nor", "by"}
    | {"with", "from", "as", "vs", "vs.", "via", "over", "into", "after", "before", "than"}
    | {"off", "up", "out", "per", "is", "are", "was", "be", "de", "la", "le", "el", "al"}
)
_EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?…«»*"
_DIGIT = re.compile(r"\d")
#: Lines longer than this are never datelines (their date ratio is not computed).
_DATELINE_MAX_WORDS = 25
#: A bullet that opens a line (comment lists, share lists).
BULLETS = "•·▪◦●■"


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """One line (or line part) of raw text with its shape features.

    Attributes:
        line: the 1-based line number in the raw text (used in reasons).
        start: offset of the first non-whitespace character.
        end: offset after the last non-whitespace character.
        text: ``raw.text[start:end]``.
        folded: the text lowercased with whitespace collapsed (:func:`normalise_line`).
        words: the whitespace tokens.
        stop_density: share of tokens that are stopwords (jusText's feature).
        final_punct: ends with sentence punctuation (quotes/brackets allowed after).
        sentences: number of sentences, counted from sentence ends.
        title_case: share of capitalised words among the non-small words.
        date_ratio: share of tokens that are date/time vocabulary or numerals
            (0.0 for lines too long to be a dateline).
        has_digit: the text contains a digit.
    """

    line: int
    start: int
    end: int
    text: str
    folded: str
    words: tuple[str, ...]
    stop_density: float
    final_punct: bool
    sentences: int
    title_case: float
    date_ratio: float
    has_digit: bool

    @property
    def n_words(self) -> int:
        """Number of whitespace tokens."""
        return len(self.words)

    @property
    def is_prose(self) -> bool:
        """Running text: 4+ words with some stopwords, ending like a sentence.

        A line that ends with a colon ("Police said:") introduces a quote or a
        list and counts too; so does a long line of several sentences that lost
        its end (truncated scrapes).
        """
        if self.n_words < 4 or self.stop_density < 0.1:
            return False
        if self.final_punct:
            return True
        if self.n_words >= 6 and self.text.endswith(":"):
            return True
        return self.sentences >= 2 and self.n_words >= 20

    @property
    def is_dense(self) -> bool:
        """Running text without final punctuation (a paragraph that lost its period)."""
        return self.n_words >= 12 and self.stop_density >= 0.3 and self.title_case < 0.6

    @property
    def is_title_like(self) -> bool:
        """A headline shape: 2-25 words, Title Case, no final period."""
        return (
            2 <= self.n_words <= 25
            and self.title_case >= 0.75
            and not self.text.endswith((".", ";", ","))
        )

    @property
    def is_dateline(self) -> bool:
        """Mostly a date or time: "05:15 GMT +312 May 2019", "Posted: Tue, Jan 28"."""
        return self.has_digit and self.n_words <= _DATELINE_MAX_WORDS and self.date_ratio >= 0.75

    @property
    def is_keyword_list(self) -> bool:
        """A comma-separated list of 3+ short items, mostly capitalised, no final period."""
        if self.final_punct or self.n_words > 25:
            return False
        items = [i.strip() for i in self.text.split(",")]
        if len(items) < 3 or not all(items) or any(len(i.split()) > 4 for i in items):
            return False
        capitalised = sum(1 for i in items if i[0].isupper() or i[0].isdigit())
        return capitalised * 2 >= len(items)


def normalise_line(line: str) -> str:
    """The form a line takes in a boilerplate set: lowercase, whitespace collapsed.

    Args:
        line: one line of text.

    Returns:
        The normalised line ("" for a blank line).
    """
    return " ".join(line.lower().split())


def _token(word: str) -> str:
    return word.strip(_EDGE_PUNCT).lower()


def make_unit(text: str, start: int, end: int, line: int, cues: SegmentCues) -> Unit:
    """Measure one trimmed span ``text[start:end]``.

    Args:
        text: the whole raw text.
        start: start offset (first non-whitespace character).
        end: end offset (after the last non-whitespace character).
        line: 1-based line number, for reasons.
        cues: the lexicon (stopwords and date words).

    Returns:
        The unit with its features.
    """
    span = text[start:end]
    words = tuple(span.split())
    lowered = span.lower().split()
    tokens = [w.strip(_EDGE_PUNCT) for w in lowered]
    n = max(len(words), 1)
    stopwords = cues.stopwords
    stops = sum(1 for t in tokens if t in stopwords)
    capital = content = 0
    for w, t in zip(words, tokens):
        if not t or t in _SMALL_WORDS:
            continue
        w = w.lstrip(_EDGE_PUNCT)
        # ALL-CAPS words (acronyms, shouted transcripts) say nothing about title case.
        if w and w[0].isalpha() and not (len(w) > 1 and w.isupper()):
            content += 1
            capital += w[0].isupper()
    dated = 0
    if len(words) <= _DATELINE_MAX_WORDS:  # longer lines are never datelines: skip the cost
        date_words = cues.date_words
        dated = sum(
            1
            for w, t in zip(lowered, tokens)
            if not t or t in date_words or w.rstrip(",;:") in date_words or _NUMERIC.match(w)
        )
    final = bool(_FINAL.search(span))
    return Unit(
        line=line,
        start=start,
        end=end,
        text=span,
        folded=" ".join(lowered),
        words=words,
        stop_density=stops / n,
        final_punct=final,
        sentences=len(_SENT_END.findall(span)) + (1 if final else 0),
        title_case=capital / content if content else 0.0,
        date_ratio=dated / n,
        has_digit=_DIGIT.search(span) is not None,
    )


def _split_dateline(text: str, start: int, end: int, line: int, cues: SegmentCues) -> list[Unit]:
    """Split "Title words Posted: <date> Updated: <date>" into a title part and a dateline."""
    span = text[start:end]
    folded = span.lower()
    if not any(w in folded for w in cues.split_words):
        return [make_unit(text, start, end, line, cues)]
    for m in cues.split_marker.finditer(span):
        if m.start() == 0:
            continue
        head_end = start + len(span[: m.start()].rstrip())
        tail = make_unit(text, start + m.start(), end, line, cues)
        if tail.is_dateline and head_end > start:
            return [make_unit(text, start, head_end, line, cues), tail]
        break
    return [make_unit(text, start, end, line, cues)]


def line_units(text: str, cues: SegmentCues) -> tuple[Unit, ...]:
    """Cut raw text into units: its non-blank lines, trimmed, with features.

    Only ``\\n`` ends a line (``\\r`` and other whitespace are trimmed), so the
    units cover every non-whitespace character of ``text`` exactly once.

    Args:
        text: the raw text.
        cues: the lexicon.

    Returns:
        The units in text order.
    """
    units: list[Unit] = []
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        lead = len(line) - len(line.lstrip())
        trimmed = line.strip()
        if trimmed:
            start = pos + lead
            units.extend(_split_dateline(text, start, start + len(trimmed), number, cues))
        pos += len(line) + 1
    return tuple(units)


def is_share_widget(unit: Unit, cues: SegmentCues) -> bool:
    """A short line made of share/social words ("Share | Tweet | Email", "Follow X: Facebook")."""
    if unit.final_punct or unit.n_words > 10:
        return False
    tokens = [_token(w) for w in unit.words]
    tokens = [t for t in tokens if t] or ["|"]
    core = sum(1 for t in tokens if t in cues.share_words)
    known = sum(1 for t in tokens if t in cues.share_words or t in cues.share_filler)
    return core >= 1 and known / len(tokens) >= 0.5


def line_key(unit: Unit) -> str:
    """The unit text lowercased and stripped of edge punctuation (``line`` cue mode)."""
    return strip_line(unit.text)
