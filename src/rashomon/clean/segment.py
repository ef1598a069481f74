"""Non-destructive segmentation of scraped article text.

``segment(raw)`` labels every line of ``raw.text`` -- body, title, dateline,
byline, caption, tags, related, share, comment, disclaimer, other -- and never
changes a character: later stages read only the ``body`` spans, and everything
else stays available with the rule that decided it.

How a page is read (general rules; cue words come from
``rashomon/data/segment_cues.json``):

1. Cut the text into lines (a dateline glued to a title is split off) and
   measure each: length, final punctuation, jusText's stopword density, title
   case, share of date words.
2. Give each line its lexical cue, if any (legal notice, caption, byline,
   related-links header, tags, subscription call, widget, share buttons,
   "mostly a date").
3. Anchor the body: the first and last *prose* lines without a cue (a sentence
   with final punctuation and stopwords). A comment-thread marker after the
   first anchor ("All comments", "Comment via...", a run of bullet-name lines)
   opens the thread: the body cannot extend past it, because commenters write
   prose too, and only position tells them apart.
4. Top zone (before the body): the title (metadata title, else the first
   headline-shaped line), descriptive sentences before it (captions),
   datelines, section and share lines.
5. Middle zone: body, except cue lines (captions, "RELATED:" links...) and runs
   of headline-shaped lines.
6. Bottom zone (after the last body line): related headlines (Title Case runs),
   keyword lists (tags), bylines, disclaimers.
7. Thread zone: comments, except page furniture with a clear cue (disclaimer,
   share, tags, widgets).

Use it on plain text (files, JSONL, trafilatura's extraction of HTML). It is
not an HTML boilerplate remover: on markup use trafilatura first, then this.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rashomon.clean.segment_cues import (
    THREAD_SAFE_CATEGORIES,
    SegmentCues,
    default_cues,
    find_phrase,
    load_cues,
)
from rashomon.clean.segment_lines import (
    BULLETS,
    Unit,
    is_share_widget,
    line_key,
    line_units,
    normalise_line,
)
from rashomon.model import RawDocument, Segment, SegmentLabel, content_hash

__all__ = [
    "SegmentCues",
    "boilerplate_lines",
    "load_cues",
    "normalise_line",
    "segment",
]

#: How far into the text a metadata title is looked for (units).
_TITLE_WINDOW = 8
#: Minimum run of headline-shaped lines read as a related-links list inside the body.
_MIDDLE_RUN = 3
#: "Name, 26" / "Name, 26 years-old": a person listed with an age.
_NAME_AGE = re.compile(r",\s*\d{1,3}\b")
#: Minimum bullet-name/comment pairs that make a comment thread without a marker.
_BULLET_PAIRS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class _Cue:
    """A lexical cue found on one line."""

    label: SegmentLabel
    category: str
    evidence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class _Zones:
    """Where the body starts and ends, the title, and where comments begin."""

    title: int | None
    title_reason: str
    first: int | None  # first body anchor
    last: int | None  # last body anchor (before the thread)
    thread: int | None  # first line of the comment thread
    thread_reason: str


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_short(unit: Unit, cues: SegmentCues) -> bool:
    # A line that reads as a sentence ("Police released this photo of him:") is
    # not a widget even when short, so "short" cues do not apply to it.
    return unit.n_words <= cues.short_max_words and not unit.final_punct and not unit.is_prose


def _lexical_cue(unit: Unit, cues: SegmentCues) -> _Cue | None:
    """The first cue category (in priority order) that matches the line."""
    key = line_key(unit)
    short = _is_short(unit, cues)
    for cat in cues.categories:
        found: str | None = None
        if key and key in cat.line:
            found = key
        elif cat.start is not None and (m := cat.start.match(unit.text)):
            found = m.group(0).strip()
        elif m := (
            find_phrase(cat.anywhere, cat.anywhere_phrases, unit.text, unit.folded)
            or (short and find_phrase(cat.short, cat.short_phrases, unit.text, unit.folded))
            or None
        ):
            found = m.group(0)
        elif cat.name == "share" and is_share_widget(unit, cues):
            found = unit.text
        else:
            for pattern in cat.regex:
                if m := pattern.search(unit.text):
                    found = m.group(0) or unit.text
                    break
        if found is not None:
            return _Cue(label=cat.label, category=cat.name, evidence=_quote(found))
        if cat.name == "disclaimer" and unit.is_dateline:
            # A date line outranks captions and bylines, but not a copyright notice.
            return _Cue(label="dateline", category="date", evidence=_quote(unit.text))
    return None


def _is_thread_marker(unit: Unit, cues: SegmentCues) -> bool:
    return (
        unit.n_words <= cues.short_max_words
        and any(w in unit.folded for w in cues.thread_words)
        and cues.thread_markers.search(unit.text) is not None
    )


def _bullet_thread_start(units: tuple[Unit, ...], after: int) -> int | None:
    """First line of a run of "• Name" lines each followed by a comment text."""
    pairs: list[int] = []
    for i in range(after + 1, len(units) - 1):
        head, nxt = units[i], units[i + 1]
        name = head.text.lstrip(BULLETS).strip()
        if (
            head.text[0] in BULLETS
            and len(name.split()) <= 4
            and len(name) <= 40
            and nxt.text[0] not in BULLETS
            and nxt.n_words >= 6
        ):
            pairs.append(i)
    return pairs[0] if len(pairs) >= _BULLET_PAIRS else None


def _title_matches(line: str, title: str) -> bool:
    a, b = normalise_line(line), normalise_line(title)
    if not a or not b:
        return False
    if a == b:
        return True
    # Metadata titles carry an outlet suffix ("... - WKRN News 2") and lines
    # sometimes keep a kicker: a long common prefix is the same headline.
    return (len(a) >= 15 and b.startswith(a)) or (len(b) >= 15 and a.startswith(b))


def _find_zones(
    units: tuple[Unit, ...],
    cues_of: tuple[_Cue | None, ...],
    blocked: tuple[bool, ...],
    title: str | None,
    cues: SegmentCues,
) -> _Zones:
    """Locate the title, the body anchors and the comment thread."""
    n = len(units)
    title_idx: int | None = None
    title_reason = ""
    if title:
        for i in range(min(n, _TITLE_WINDOW)):
            if cues_of[i] is None and _title_matches(units[i].text, title):
                title_idx, title_reason = i, "matches the metadata title"
                break
    anchors = [
        i
        for i, u in enumerate(units)
        if u.is_prose and cues_of[i] is None and not blocked[i] and i != title_idx
    ]
    if title_idx is not None:
        # Prose before the metadata title is a caption or teaser, not the body.
        anchors = [i for i in anchors if i > title_idx] or anchors
    if not anchors:
        # No sentence ends with punctuation: fall back to dense running text.
        anchors = [
            i
            for i, u in enumerate(units)
            if u.is_dense and cues_of[i] is None and not blocked[i] and i != title_idx
        ]
    first = anchors[0] if anchors else None
    thread: int | None = None
    thread_reason = ""
    if first is not None:
        for i in range(first + 1, n):
            if _is_thread_marker(units[i], cues):
                thread = i
                thread_reason = f"comment-thread marker at line {units[i].line}"
                thread_reason += f" ('{_quote(units[i].text)}')"
                break
        bullets = _bullet_thread_start(units, first)
        if bullets is not None and (thread is None or bullets < thread):
            thread = bullets
            thread_reason = f"list of bullet-name comment lines from line {units[bullets].line}"
    end = n if thread is None else thread
    inside = [i for i in anchors if i < end]
    last = inside[-1] if inside else first
    if title_idx is None:
        top_end = n if first is None else first
        title_idx, title_reason = _guess_title(units, cues_of, blocked, top_end)
    return _Zones(
        title=title_idx,
        title_reason=title_reason,
        first=first,
        last=last,
        thread=thread,
        thread_reason=thread_reason,
    )


def _guess_title(
    units: tuple[Unit, ...], cues_of: tuple[_Cue | None, ...], blocked: tuple[bool, ...], end: int
) -> tuple[int | None, str]:
    """The first headline-shaped line of the top zone, else its first plain line."""
    plain = [
        i
        for i in range(end)
        if cues_of[i] is None
        and not blocked[i]
        and 3 <= units[i].n_words <= 25
        and not units[i].is_keyword_list
        and not units[i].is_prose
    ]
    for i in plain:
        if units[i].is_title_like:
            return i, f"first headline-shaped line before the body (line {units[i].line})"
    if plain:
        i = plain[0]
        return i, f"first plain line before the body (line {units[i].line})"
    return None, ""


def _related_runs(
    units: tuple[Unit, ...],
    cues_of: tuple[_Cue | None, ...],
    lo: int,
    hi: int,
    min_run: int,
    *,
    facts_allowed: bool,
) -> dict[int, str]:
    """Runs of headline-shaped lines (no final punctuation) in ``[lo, hi)``.

    Inside the body, a "Name, 26" line is a fact list (victims, suspects), not a
    headline: ``facts_allowed=False`` keeps such lines out of runs.
    """
    found: dict[int, str] = {}
    i = lo
    while i < hi:
        j = i
        while (
            j < hi
            and cues_of[j] is None
            and units[j].is_title_like
            and not units[j].is_prose
            and not units[j].is_keyword_list
            and (facts_allowed or _NAME_AGE.search(units[j].text) is None)
        ):
            j += 1
        if j - i >= min_run:
            why = (
                f"run of {j - i} short title-case lines without final punctuation "
                f"(lines {units[i].line}-{units[j - 1].line})"
            )
            for k in range(i, j):
                found[k] = why
        i = max(j, i + 1)
    return found


def _body(unit: Unit) -> tuple[SegmentLabel, str, float | None]:
    s = "sentence" if unit.sentences == 1 else "sentences"
    return (
        "body",
        f"body: {unit.sentences} {s}, stopword density {unit.stop_density:.2f}",
        round(unit.stop_density, 3),
    )


def _from_cue(cue: _Cue, unit: Unit, note: str = "") -> tuple[SegmentLabel, str, float | None]:
    if cue.category == "date":
        why = f"line {unit.line} is mostly a date/time ('{cue.evidence}')"
    else:
        why = f"{cue.category} cue at line {unit.line} ('{cue.evidence}')"
    return cue.label, f"{cue.label}: {why}{note}", None


def _label_top(
    i: int, unit: Unit, cue: _Cue | None, zones: _Zones
) -> tuple[SegmentLabel, str, float | None]:
    if i == zones.title:
        return "title", f"title: {zones.title_reason}", None
    if cue is not None:
        return _from_cue(cue, unit, " before the body")
    if unit.is_keyword_list:
        return "tags", f"tags: comma-separated list of short keywords at line {unit.line}", None
    if zones.title is not None and i < zones.title and unit.n_words >= 6:
        return "caption", f"caption: descriptive sentence before the title (line {unit.line})", None
    if unit.is_dense or unit.is_prose:
        label, why, score = _body(unit)
        return label, why + " (standfirst before the first paragraph)", score
    return "other", f"other: short line before the body (line {unit.line})", None


def _label_middle(
    unit: Unit, cue: _Cue | None, run: str | None
) -> tuple[SegmentLabel, str, float | None]:
    if cue is not None:
        return _from_cue(cue, unit, " inside the body")
    if run is not None:
        return "related", f"related: {run} inside the body", None
    if unit.n_words < 3 and not unit.final_punct:
        return "other", f"other: fragment of {unit.n_words} word(s) at line {unit.line}", None
    return _body(unit)


def _label_bottom(
    unit: Unit, cue: _Cue | None, run: str | None
) -> tuple[SegmentLabel, str, float | None]:
    if cue is not None:
        return _from_cue(cue, unit, " after the body")
    if run is not None:
        return "related", f"related: {run} after the body", None
    if unit.is_keyword_list:
        return (
            "tags",
            f"tags: comma-separated list of short keywords after the body (line {unit.line})",
            None,
        )
    if unit.is_title_like:
        return (
            "related",
            f"related: title-case line without final punctuation after the body (line {unit.line})",
            None,
        )
    if unit.is_dense:
        label, why, score = _body(unit)
        return label, why + " (running text without final punctuation)", score
    return "other", f"other: short line after the body (line {unit.line})", None


def _label_thread(
    unit: Unit, cue: _Cue | None, zones: _Zones, cues: SegmentCues
) -> tuple[SegmentLabel, str, float | None]:
    if _is_thread_marker(unit, cues):
        return (
            "comment",
            f"comment: comment-thread marker at line {unit.line} ('{_quote(unit.text)}')",
            None,
        )
    if cue is not None and cue.category in THREAD_SAFE_CATEGORIES:
        return _from_cue(cue, unit, " in the comment zone")
    return "comment", f"comment: after {zones.thread_reason}", None


def segment(
    raw: RawDocument,
    *,
    repeated: frozenset[str] = frozenset(),
    cues: SegmentCues | None = None,
) -> tuple[Segment, ...]:
    """Label every line of a document's raw text, without changing it.

    Args:
        raw: the document; ``raw.text`` is read, ``raw.title`` helps find the title.
        repeated: normalised lines (:func:`normalise_line`) that repeat across
            other documents of the same outlet (see :func:`boilerplate_lines`);
            they are never body.
        cues: the lexicon; the packaged one by default (:func:`load_cues` reads
            a file of your own).

    Returns:
        Segments sorted by offset, non-overlapping, covering every
        non-whitespace character of ``raw.text``; one per line (a dateline
        glued to a title is its own segment). Empty for a blank text.

    Not for HTML markup: pass trafilatura's text extraction instead.
    """
    lex = default_cues() if cues is None else cues
    units = line_units(raw.text, lex)
    if not units:
        return ()
    cues_of = tuple(_lexical_cue(u, lex) for u in units)
    blocked = tuple(
        _is_thread_marker(u, lex) or (bool(repeated) and u.folded in repeated) for u in units
    )
    zones = _find_zones(units, cues_of, blocked, raw.title, lex)
    n = len(units)
    first = n if zones.first is None else zones.first
    last = n - 1 if zones.last is None else zones.last
    thread = n if zones.thread is None else zones.thread
    runs = _related_runs(units, cues_of, first, last + 1, _MIDDLE_RUN, facts_allowed=False)
    runs.update(_related_runs(units, cues_of, last + 1, thread, 2, facts_allowed=True))
    out: list[Segment] = []
    for i, unit in enumerate(units):
        cue = cues_of[i]
        if i >= thread:
            label, reason, score = _label_thread(unit, cue, zones, lex)
        elif bool(repeated) and unit.folded in repeated and i != zones.title:
            label = cue.label if cue is not None else "other"
            reason = f"{label}: line {unit.line} repeated across documents of the outlet"
            if cue is not None:
                reason += f"; {cue.category} cue ('{cue.evidence}')"
            score = None
        elif i < first:
            label, reason, score = _label_top(i, unit, cue, zones)
        elif i <= last:
            label, reason, score = _label_middle(unit, cue, runs.get(i))
        else:
            label, reason, score = _label_bottom(unit, cue, runs.get(i))
        out.append(Segment(start=unit.start, end=unit.end, label=label, reason=reason, score=score))
    return tuple(out)


def boilerplate_lines(texts: Iterable[str], min_count: int = 3) -> frozenset[str]:
    """Lines that repeat across several texts of one outlet: its boilerplate.

    Each distinct text counts once per distinct line, so a line repeated
    inside one page does not count twice. Identical texts are counted once.

    Args:
        texts: raw texts of documents from one outlet.
        min_count: in how many distinct texts a line must appear.

    Returns:
        The normalised lines (:func:`normalise_line`) seen in at least
        ``min_count`` texts: pass them to :func:`segment` as ``repeated``.

    Do not use on several versions of one story (updates, syndicated copies
    from the same outlet): their shared paragraphs would count as boilerplate.
    Deduplicate near-duplicates first, or raise ``min_count``.
    """
    seen: set[str] = set()  # content hashes, not texts: an outlet can be large
    counts: Counter[str] = Counter()
    for text in texts:
        key = content_hash(text)
        if key in seen:
            continue
        seen.add(key)
        lines = {normalise_line(line) for line in text.split("\n")}
        lines.discard("")
        counts.update(lines)
    return frozenset(line for line, c in counts.items() if c >= min_count)
