"""The lexicon behind :mod:`rashomon.clean.segment`, loaded from a data file.

The cue words (comment-thread markers, share widgets, legal notices, captions,
bylines, related-link headers, tags, date vocabulary) live in
``rashomon/data/segment_cues.json`` so that a user extends them with a file of
their own, not by editing code. This module only turns that file into compiled,
immutable matchers.

Matching modes of one cue category (all case-insensitive unless ``regex_cs``):

* ``line``: the whole line, without trailing punctuation, is the phrase.
* ``start``: the line begins with the phrase (applies to prose lines too, so
  only phrases that never open a news sentence belong here).
* ``short``: the phrase occurs in a short line (at most ``short_max_words``
  words) that does not end with sentence punctuation.
* ``anywhere``: the phrase occurs anywhere (legal boilerplate only).
* ``regex`` / ``regex_cs``: regular expressions searched in the line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon.model import SegmentLabel

#: Cue categories in priority order, with the segment label each one gives.
#: Captions first (a photo credit starts with "©" like a copyright notice), then
#: legal notices (they may mention sharing or contacts), bylines, list headers,
#: and calls to act last.
CATEGORY_LABELS: tuple[tuple[str, SegmentLabel], ...] = (
    ("caption", "caption"),
    ("disclaimer", "disclaimer"),
    ("byline", "byline"),
    ("related", "related"),
    ("tags", "tags"),
    ("subscription", "other"),
    ("widget", "other"),
    ("share", "share"),
)

#: Categories that keep their own label inside a reader-comment thread: page
#: furniture below or between comments, never words a commenter typed.
THREAD_SAFE_CATEGORIES: frozenset[str] = frozenset(
    {"disclaimer", "tags", "subscription", "widget", "share"}
)

_TRAILING_PUNCT = " \t.:;,!?…-–—|•·»«\"'”“’‘()[]"


@dataclass(frozen=True, slots=True, kw_only=True)
class CueCategory:
    """The compiled matchers of one cue category.

    Attributes:
        name: the category name in the data file (``share``, ``disclaimer``...).
        label: the segment label a match gives.
        line: whole-line phrases, normalised (lowercase, single spaces).
        start: pattern anchored at the start of the line, or None.
        short: pattern for phrases inside short non-sentence lines, or None.
        anywhere: pattern for phrases anywhere, or None.
        regex: extra patterns (searched), in file order.
        short_phrases: the ``short`` phrases, lowercased, for a substring
            pre-check (an alternation of many phrases is slow to search; ``in``
            is not, so the pattern runs only on lines that contain a phrase).
        anywhere_phrases: the same for ``anywhere``.
    """

    name: str
    label: SegmentLabel
    line: frozenset[str]
    start: re.Pattern[str] | None
    short: re.Pattern[str] | None
    anywhere: re.Pattern[str] | None
    regex: tuple[re.Pattern[str], ...]
    short_phrases: tuple[str, ...] = ()
    anywhere_phrases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentCues:
    """Everything the segmenter reads from data: cue matchers and word lists.

    Build one with :func:`load_cues`; it is immutable, so one instance can be
    shared by every worker of a pipeline.

    Attributes:
        categories: cue categories in priority order.
        thread_markers: patterns of lines that open a reader-comment thread.
        thread_words: substrings one of which every thread marker contains
            (a cheap pre-check before the patterns).
        share_words: words that by themselves make a share widget line.
        share_filler: words allowed around them in such a line.
        date_words: tokens allowed in a line that is "mostly a date".
        split_marker: a pattern for "Posted:"/"Updated:" inside a line, where a
            dateline glued to a title begins.
        split_words: the split markers, lowercased (a cheap pre-check).
        stopwords: lowercase stopwords for the jusText-style density.
        short_max_words: the word limit of the ``short`` matching mode.
    """

    categories: tuple[CueCategory, ...]
    thread_markers: re.Pattern[str]
    thread_words: tuple[str, ...]
    share_words: frozenset[str]
    share_filler: frozenset[str]
    date_words: frozenset[str]
    split_marker: re.Pattern[str]
    split_words: tuple[str, ...]
    stopwords: frozenset[str]
    short_max_words: int


def phrase_pattern(phrases: Iterable[str], *, anchored: bool) -> re.Pattern[str] | None:
    """Compile phrases into one case-insensitive alternation.

    Whitespace inside a phrase matches any run of whitespace; a phrase that
    starts or ends with a word character must meet a word boundary there, so
    "print" does not match "fingerprint".

    Args:
        phrases: the literal phrases.
        anchored: match only at the start of the string.

    Returns:
        The pattern, or None for no phrases.
    """
    parts: list[str] = []
    for phrase in sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        head = r"\b" if phrase[0].isalnum() else ""
        tail = r"\b" if phrase[-1].isalnum() else ""
        parts.append(f"{head}{body}{tail}")
    if not parts:
        return None
    prefix = r"^\W*" if anchored else ""
    return re.compile(prefix + "(?:" + "|".join(parts) + ")", re.IGNORECASE)


def strip_line(text: str) -> str:
    """Lowercase a line, collapse whitespace and drop surrounding punctuation."""
    return " ".join(text.lower().split()).strip(_TRAILING_PUNCT)


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"segment cues: {where} must be a list of strings")
    return list(value)


def _folded(phrases: list[str]) -> tuple[str, ...]:
    return tuple(sorted({" ".join(p.lower().split()) for p in phrases if p.strip()}))


def find_phrase(
    pattern: re.Pattern[str] | None, phrases: tuple[str, ...], text: str, folded: str
) -> re.Match[str] | None:
    """Search ``pattern`` in a line, after a cheap substring pre-check.

    Args:
        pattern: the compiled alternation of ``phrases``.
        phrases: the lowercased phrases.
        text: the line as written (the match quotes it).
        folded: the line, lowercased with whitespace collapsed.

    Returns:
        The match, or None.
    """
    if pattern is None or not any(p in folded for p in phrases):
        return None
    return pattern.search(text)


def _category(name: str, label: SegmentLabel, spec: Mapping[str, Any]) -> CueCategory:
    short = _strings(spec.get("short"), f"{name}.short")
    anywhere = _strings(spec.get("anywhere"), f"{name}.anywhere")
    return CueCategory(
        name=name,
        label=label,
        line=frozenset(strip_line(p) for p in _strings(spec.get("line"), f"{name}.line")),
        start=phrase_pattern(_strings(spec.get("start"), f"{name}.start"), anchored=True),
        short=phrase_pattern(short, anchored=False),
        anywhere=phrase_pattern(anywhere, anchored=False),
        short_phrases=_folded(short),
        anywhere_phrases=_folded(anywhere),
        regex=tuple(
            [re.compile(r, re.IGNORECASE) for r in _strings(spec.get("regex"), f"{name}.regex")]
            + [re.compile(r) for r in _strings(spec.get("regex_cs"), f"{name}.regex_cs")]
        ),
    )


def cues_from_mapping(data: Mapping[str, Any], stopwords: Iterable[str]) -> SegmentCues:
    """Build :class:`SegmentCues` from the parsed data file.

    Args:
        data: the JSON object (see ``rashomon/data/segment_cues.json``).
        stopwords: the stopword list for the density feature.

    Returns:
        The compiled cues.

    Raises:
        ValueError: when a category is missing or a list is malformed.
    """
    missing = [n for n, _ in CATEGORY_LABELS if n not in data] + [
        k for k in ("thread_markers", "dateline") if k not in data
    ]
    if missing:
        raise ValueError(f"segment cues: missing categories {missing}")
    thread = _strings(data["thread_markers"].get("regex"), "thread_markers.regex")
    dateline = data["dateline"]
    markers = _strings(dateline.get("split_markers"), "dateline.split_markers")
    marker_alt = "|".join(
        r"\s+".join(re.escape(w) for w in m.split()) for m in sorted(markers, key=len, reverse=True)
    )
    share = data["share"]
    return SegmentCues(
        categories=tuple(_category(n, lab, data[n]) for n, lab in CATEGORY_LABELS),
        thread_markers=re.compile("|".join(f"(?:{r})" for r in thread), re.IGNORECASE),
        thread_words=_folded(_strings(data["thread_markers"].get("words"), "thread_markers.words")),
        share_words=frozenset(w.lower() for w in _strings(share.get("words"), "share.words")),
        share_filler=frozenset(w.lower() for w in _strings(share.get("filler"), "share.filler")),
        date_words=frozenset(w.lower() for w in _strings(dateline.get("words"), "dateline.words")),
        split_marker=re.compile(rf"\b(?:{marker_alt})\s*:?\s", re.IGNORECASE),
        split_words=_folded(markers),
        stopwords=frozenset(w.lower() for w in stopwords),
        short_max_words=int(data.get("short_max_words", 12)),
    )


def english_stopwords() -> frozenset[str]:
    """jusText's English stoplist (the one its stopword density is tuned on)."""
    import justext  # type: ignore[import-untyped]  # local: lxml comes with it, only this needs it

    return frozenset(w.lower() for w in justext.get_stoplist("English"))


def load_cues(
    path: str | Path | None = None, *, stopwords: Sequence[str] | None = None
) -> SegmentCues:
    """Load segmentation cues from a JSON file (the packaged one by default).

    Args:
        path: a cue file in the format of ``rashomon/data/segment_cues.json``.
        stopwords: stopwords for the density feature; jusText's English list
            by default.

    Returns:
        The compiled, immutable cues.
    """
    if path is None:
        text = resources.files("rashomon").joinpath("data/segment_cues.json").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    words = english_stopwords() if stopwords is None else frozenset(stopwords)
    return cues_from_mapping(json.loads(text), words)


@functools.cache
def default_cues() -> SegmentCues:
    """The packaged cues, loaded once per process.

    Memoised because the result is an immutable resource (frozen records and
    compiled patterns), not a cache of per-document results: loading and
    compiling costs ~10 ms, 5x the whole segmentation of an article.
    """
    return load_cues()
