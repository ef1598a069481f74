"""Contradictions: incompatible accounts of one place and time, both sides kept.

A contradiction pairs two :class:`Statement` records (event mentions or claims, from
one document or several) that cannot both be true, and keeps both whole with their
speakers: nothing is resolved, merged or dropped. Four kinds:

* ``control``: one statement says a place was *taken* ("seized", "captured", "fell
  to", or an event of sub-type "Non-state actor overtakes territory" / "Government
  regains territory" that occurred or is claimed), the other that it *held* (an
  attack "repelled", "thwarted", "foiled", an attempted event with such a cue, or a
  status: "resistance", "defending", "remains in control").
* ``fatalities`` / ``injuries``: two accounts of the same event (same ACLED type and
  sub-type, same place, compatible dates) whose ranges do not overlap.
* ``denial``: a claim with stance ``denies`` (or a denial verb in its words) about
  what another speaker asserts at the same place and time (same event type, or the
  same control polarity).

The rule, in order (the cues are data: ``data/events/contradiction_cues.json``):

1. Same place: both statements carry the same GeoNames id; no id, no pair.
2. Planned, hypothetical, negated and historical statements say nothing about now.
3. Cues are lemmas matched on lower-cased words (a tiny suffix rule plus a map of
   irregular forms); a "taken" cue after an intention marker ("sought to seize",
   "regrouped to capture", "goal is to") is not a taking, "managed to capture" is; a
   modal or a negation ("could", "did not") cancels any cue; a taking needs a place as
   its object ("seized the city", "the town fell to", not "seized combat action").
   A statement with both a taken and a held reading has no single reading: skipped.
4. Partial control is not control: a cue whose object is a part of the place
   (districts, high ground, a foothold, fields) does not contradict the place being
   held; an attack can be repelled while some heights are lost.
5. Time: two dated statements must have overlapping date ranges. When either side is
   undated, the two must be about the same sub-event, which is decided as follows:
   every undated side must be an attributed claim (news of the moment it was
   reported, unlike undated narration in the outlet's voice, which is often
   background such as "was seized in 2015"), and at least one side must be a
   *status* (who holds the place), because two undated *episodes* — one attack
   repelled, another successful — can follow each other without contradiction.
   Figures and denials are already tied to one event by type and place, so for them
   an undated side is simply unknown, hence compatible.
6. Speakers: statements of one speaker in one document with overlapping spans are one
   account (a claim and the event mentions citing it) and are never paired; the same
   speaker in another sentence or document is paired, and the reason says it is the
   same speaker. Figures need different speakers or outlets, and a pair inside one
   document needs both sides dated (an article listing incidents is not
   contradicting itself).
7. One contradiction per pair of accounts: among duplicates (a claim and the events
   citing it) the claim is kept, as it holds the speaker's own words.

Use on statements already blocked by place, story or canonical event: pairing is
quadratic in the statements of one place, which is fine for an event or a story and
wasteful for a whole corpus. Not a fact-checker: it shows that accounts disagree,
never which one is right.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError, ResourceError

_CUE_FILE = "contradiction_cues.json"
_WORD = re.compile(r"[^\W\d_]+")
_KIND_ORDER = {"control": 0, "fatalities": 1, "injuries": 2, "denial": 3}
_BEFORE = 3  # words before a cue that may mark an intention or a part
_AFTER = 6  # words after a cue that may name the part taken


@dataclass(frozen=True, slots=True)
class Statement:
    """One account, in one document, that a contradiction can be made of.

    Built by :func:`rashomon.store.statements.load_statements` from an event mention
    (``kind="event"``) or a claim (``kind="claim"``). ``start``/``end`` is the evidence
    in the raw text (a claim's content span, an event mention's evidence sentence).
    ``speaker`` is the claim's speaker, or the outlet's name when the outlet itself
    speaks. ``fatalities_high``/``injuries_high`` None with a low bound: no upper bound.
    The fields after ``injuries_high`` are optional: the cited claim's ``seq`` (a
    claim's own ``seq``; None for the outlet's voice), the place's name, and how the
    place and date were found.
    """

    document_id: str
    kind: str
    seq: int
    outlet_id: str
    original_outlet_id: str | None
    speaker: str
    speaker_actor_id: str | None
    start: int
    end: int
    text: str
    geonameid: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    event_type: str | None
    sub_event_type: str | None
    modality: str | None
    stance: str | None
    actor1_id: str | None
    actor2_id: str | None
    fatalities_low: int | None
    fatalities_high: int | None
    injuries_low: int | None
    injuries_high: int | None
    claim_seq: int | None = None
    place_name: str | None = None
    place_reason: str = ""
    date_reason: str = ""

    @property
    def ident(self) -> tuple[str, str, int]:
        """(document, kind, seq): unique within a store."""
        return (self.document_id, self.kind, self.seq)


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two statements that cannot both be true, kept side by side.

    For ``control`` ``a`` is the "taken" side and ``b`` the "held" side; for
    ``denial`` ``a`` is the denial; for figures ``a`` has the lower range.
    """

    kind: str
    geonameid: int | None
    a: Statement
    b: Statement
    reason: str

    def key(self) -> tuple[Any, ...]:
        """A stable identity, the same whatever order the statements came in."""
        first, second = sorted((self.a.ident, self.b.ident))
        return (self.kind, self.geonameid, first, second)


@dataclass(frozen=True, slots=True, kw_only=True)
class ContradictionCues:
    """The cue lists, read from ``data/events/contradiction_cues.json``.

    Build with :meth:`load` (or :meth:`from_mapping` for a user's own lists); read-only.
    """

    taken_episode: tuple[tuple[str, ...], ...]
    held_episode: tuple[tuple[str, ...], ...]
    held_status: tuple[tuple[str, ...], ...]
    denial_verbs: frozenset[str]
    intention_before: frozenset[str]
    modal_before: frozenset[str]
    realised_before_to: frozenset[str]
    partial_nouns: frozenset[str]
    place_objects: frozenset[str]
    passive_aux: frozenset[str]
    subject_place_lemmas: frozenset[str]
    irregular: Mapping[str, str]
    taken_sub_event_types: frozenset[str]
    taking_modalities: frozenset[str]
    thwarted_modalities: frozenset[str]
    ignored_modalities: frozenset[str]

    @classmethod
    def load(cls, path: Path | str | None = None) -> ContradictionCues:
        """The packaged cues, or those of a file with the same keys."""
        try:
            if path is not None:
                text = Path(path).read_text(encoding="utf-8")
            else:
                text = resources.files("rashomon").joinpath("data", "events", _CUE_FILE).read_text(
                    encoding="utf-8")
        except OSError as exc:
            raise ResourceError(f"contradiction cue file is missing ({exc}): reinstall rashomon",
                                code="R121") from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ConfigError(f"{path or _CUE_FILE} is not valid JSON: {exc}", code="R120") from exc
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ContradictionCues:
        """Cues from a parsed JSON object (keys as in the packaged file)."""
        try:
            def phrases(name: str) -> tuple[tuple[str, ...], ...]:
                return tuple(tuple(str(w).lower() for w in p) for p in data[name])

            def words(name: str) -> frozenset[str]:
                return frozenset(str(w).lower() for w in data[name])

            return cls(
                taken_episode=phrases("taken_episode"), held_episode=phrases("held_episode"),
                held_status=phrases("held_status"), denial_verbs=words("denial_verbs"),
                intention_before=words("intention_before"),
                modal_before=words("modal_before"),
                realised_before_to=words("realised_before_to"),
                partial_nouns=words("partial_nouns"),
                place_objects=words("place_objects"), passive_aux=words("passive_aux"),
                subject_place_lemmas=words("subject_place_lemmas"),
                irregular={str(k).lower(): str(v).lower() for k, v in data["irregular"].items()},
                taken_sub_event_types=frozenset(data["taken_sub_event_types"]),
                taking_modalities=words("taking_modalities"),
                thwarted_modalities=words("thwarted_modalities"),
                ignored_modalities=words("ignored_modalities"),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"contradiction cues lack or mistype {exc}: compare with the "
                              f"packaged {_CUE_FILE}", code="R120") from exc


# -- reading the words -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hit:
    """A cue found in a statement's words."""

    group: str  # "taken", "held_episode", "held_status"
    first: int  # word indexes
    last: int
    text: str  # the words as written
    realised: bool  # False after an intention or modal marker ("sought to seize")
    placed: bool  # a place is its object ("seized the city", not "seized combat action")


def lemmas(word: str, irregular: Mapping[str, str]) -> frozenset[str]:
    """The lemma candidates of a word: itself, an irregular form's lemma, and suffix cuts.

    Deliberately generous ("seized" -> seized, seize, seiz): candidates are only
    compared with the cue lists, never shown.
    """
    w = word.lower()
    out = {w}
    if w in irregular:
        out.add(irregular[w])
    if w.endswith("ies"):
        out.add(w[:-3] + "y")
    if w.endswith("es"):
        out.add(w[:-2])
    if w.endswith("s") and not w.endswith("ss"):
        out.add(w[:-1])
    if w.endswith("ed") and len(w) > 4:
        out.update((w[:-2], w[:-1]))
        if w[-3] == w[-4]:
            out.add(w[:-3])  # repelled -> repel
    if w.endswith("ing") and len(w) > 5:
        stem = w[:-3]
        out.update((stem, stem + "e"))
        if stem[-1] == stem[-2]:
            out.add(stem[:-1])  # repelling -> repel
    return frozenset(out)


def _words(text: str) -> list[str]:
    return [m.group(0) for m in _WORD.finditer(text)]


def _match(phrase: tuple[str, ...], lem: Sequence[frozenset[str]], i: int) -> int | None:
    """The index of the phrase's last word when it starts at word ``i`` (one gap allowed)."""
    if phrase[0] not in lem[i]:
        return None
    j = i
    for word in phrase[1:]:
        if j + 1 < len(lem) and word in lem[j + 1]:
            j += 1
        elif j + 2 < len(lem) and word in lem[j + 2]:
            j += 2  # "took full control", "remains firmly in control"
        else:
            return None
    return j


def _realised(lem: Sequence[frozenset[str]], i: int, group: str, cues: ContradictionCues) -> bool:
    """False when the cue at word ``i`` is a possibility or a negation, or (for a taking)
    an intention: "could seize", "did not repel", "sought to seize", "regrouped to capture".

    Held cues are not cancelled by intention words: "their attempts were foiled" is
    the very shape of a thwarted attack.
    """
    before = lem[max(0, i - _BEFORE):i]
    if any(b & cues.modal_before for b in before):
        return False
    if group != "taken":
        return True
    if any(b & cues.intention_before for b in before):
        return False
    if i >= 1 and "to" in lem[i - 1]:
        return i >= 2 and bool(lem[i - 2] & cues.realised_before_to)
    return True


def _placed(words: Sequence[str], lem: Sequence[frozenset[str]], first: int, last: int,
            cues: ContradictionCues) -> bool:
    """Whether a place is the cue's object: a place noun or a capitalised name after it,
    or before it when passive ("the town was seized") or when the place is the cue's
    subject ("the town fell to")."""
    window = list(range(last + 1, min(len(words), last + 1 + _AFTER)))
    if first >= 1 and words[first - 1].lower() in cues.passive_aux:
        window += range(max(0, first - 1 - _BEFORE), first - 1)
    elif lem[first] & cues.subject_place_lemmas:
        window += range(max(0, first - _BEFORE), first)
    nouns = cues.place_objects | cues.partial_nouns
    return any(lem[k] & nouns or words[k][0].isupper() for k in window)


def _hits(words: Sequence[str], cues: ContradictionCues) -> list[_Hit]:
    lem = [lemmas(w, cues.irregular) for w in words]
    groups = (("taken", cues.taken_episode), ("held_episode", cues.held_episode),
              ("held_status", cues.held_status))
    found: list[_Hit] = []
    for i in range(len(words)):
        for group, phrases in groups:
            for phrase in phrases:
                last = _match(phrase, lem, i)
                if last is not None:
                    found.append(_Hit(group, i, last, " ".join(words[i:last + 1]),
                                      _realised(lem, i, group, cues),
                                      _placed(words, lem, i, last, cues)))
    return found


def _partial(words: Sequence[str], hits: Sequence[_Hit], cues: ContradictionCues) -> bool:
    """Whether a cue's neighbourhood names a part of the place (districts, heights...)."""
    lem = [lemmas(w, cues.irregular) for w in words]
    spans = [(max(0, h.first - _BEFORE), h.first) for h in hits]
    spans += [(h.last + 1, h.last + 1 + _AFTER) for h in hits]
    if not hits:
        spans = [(0, len(words))]  # polarity from the event type: any part named counts
    return any(lem[k] & cues.partial_nouns for a, b in spans for k in range(a, min(b, len(lem))))


@dataclass(frozen=True, slots=True)
class Control:
    """What a statement says about control of its place."""

    polarity: str  # "taken" or "held"
    aspect: str  # "episode" (one attack, one capture) or "status" (who holds it)
    cue: str  # the words, or the event sub-type, that said so
    partial: bool  # about a part of the place only


def control_of(s: Statement, cues: ContradictionCues) -> Control | None:
    """Taken, held or nothing: the statement's claim about control of its place."""
    modality = (s.modality or "").lower()
    if modality in cues.ignored_modalities:
        return None
    words = _words(s.text)
    hits = _hits(words, cues)
    real = [h for h in hits if h.realised]
    attempted = modality in cues.thwarted_modalities
    taken = [h for h in real if h.group == "taken" and h.placed and not attempted]
    status = [h for h in real if h.group == "held_status"]
    episode = [h for h in real if h.group == "held_episode"]
    by_type = (s.kind == "event" and s.sub_event_type in cues.taken_sub_event_types
               and modality in cues.taking_modalities)
    if (taken or by_type) and (status or episode):
        return None  # "attacked, was repelled, then seized": no single reading
    partial = _partial(words, hits, cues)
    if taken:
        return Control("taken", "episode", taken[0].text, partial)
    if by_type:
        return Control("taken", "episode", s.sub_event_type or "", partial)
    if status:
        return Control("held", "status", status[0].text, partial)
    if episode:
        return Control("held", "episode", episode[0].text, partial)
    return None


# -- pairing -----------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def same_speaker(a: Statement, b: Statement) -> bool:
    """One speaker: the same actor id, else the same words."""
    if a.speaker_actor_id and b.speaker_actor_id:
        return a.speaker_actor_id == b.speaker_actor_id
    return _norm(a.speaker) == _norm(b.speaker)


def same_account(a: Statement, b: Statement) -> bool:
    """One speaker, one document, overlapping spans: a claim and the events citing it."""
    return (a.document_id == b.document_id and same_speaker(a, b)
            and a.start < b.end and b.start < a.end)


def _dated(s: Statement) -> bool:
    return s.date_start is not None or s.date_end is not None


def _range(s: Statement) -> tuple[dt.date, dt.date]:
    start = s.date_start or s.date_end
    end = s.date_end or s.date_start
    assert start is not None and end is not None  # callers check _dated first
    return start, end


def dates_overlap(a: Statement, b: Statement) -> bool:
    """Whether the date ranges share a day; an undated side is unknown, so compatible."""
    if not (_dated(a) and _dated(b)):
        return True
    a0, a1 = _range(a)
    b0, b1 = _range(b)
    return a0 <= b1 and b0 <= a1


def _outlet(s: Statement) -> str:
    return s.original_outlet_id or s.outlet_id


def _when(s: Statement) -> str:
    if not _dated(s):
        return "undated"
    a, b = _range(s)
    return a.isoformat() if a == b else f"{a.isoformat()} to {b.isoformat()}"


def _who(s: Statement) -> str:
    return s.speaker or "an unnamed source"


def _where(s: Statement) -> str:
    return s.place_name or f"GeoNames {s.geonameid}"


def _speakers_note(a: Statement, b: Statement) -> str:
    if same_speaker(a, b):
        return f" (the same speaker, {_who(a)}, in two accounts)"
    return ""


def _control_pair(x: Statement, cx: Control, y: Statement, cy: Control) -> Contradiction | None:
    if {cx.polarity, cy.polarity} != {"taken", "held"} or cx.partial or cy.partial:
        return None
    if _dated(x) and _dated(y):
        if not dates_overlap(x, y):
            return None
    else:
        undated_attributed = all(s.claim_seq is not None for s in (x, y) if not _dated(s))
        if not undated_attributed or "status" not in {cx.aspect, cy.aspect}:
            return None
    a, ca, b, cb = (x, cx, y, cy) if cx.polarity == "taken" else (y, cy, x, cx)
    reason = (f"{_who(a)} says {_where(a)} was taken (\"{ca.cue}\", {_when(a)}) while "
              f"{_who(b)} says it held (\"{cb.cue}\", {_when(b)}){_speakers_note(a, b)}.")
    return Contradiction("control", a.geonameid, a, b, reason)


def _figure_pairs(x: Statement, y: Statement, cues: ContradictionCues) -> Iterator[Contradiction]:
    if (x.event_type is None or x.event_type != y.event_type
            or x.sub_event_type != y.sub_event_type):
        return
    if {(x.modality or "").lower(), (y.modality or "").lower()} & cues.ignored_modalities:
        return
    if same_speaker(x, y) and _outlet(x) == _outlet(y):
        return
    if x.document_id == y.document_id and not (_dated(x) and _dated(y)):
        return
    if not dates_overlap(x, y):
        return
    for kind, what in (("fatalities", "killed"), ("injuries", "injured")):
        rx, ry = _figures(x, kind), _figures(y, kind)
        if rx is None or ry is None:
            continue
        if _below(rx, ry):
            lo, hi, rlo, rhi = x, y, rx, ry
        elif _below(ry, rx):
            lo, hi, rlo, rhi = y, x, ry, rx
        else:
            continue  # the ranges overlap
        reason = (f"{_who(lo)} reports {_figure(rlo)} {what} and {_who(hi)} {_figure(rhi)} "
                  f"for the same {x.sub_event_type} at {_where(x)}: the ranges do not "
                  f"overlap{_speakers_note(lo, hi)}.")
        yield Contradiction(kind, x.geonameid, lo, hi, reason)


def _figures(s: Statement, kind: str) -> tuple[int, int | None] | None:
    """(low, high) of killed or injured; None when the statement gives no figure."""
    low, high = ((s.fatalities_low, s.fatalities_high) if kind == "fatalities"
                 else (s.injuries_low, s.injuries_high))
    return None if low is None else (low, high)


def _below(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    """Whether range ``a`` ends before ``b`` starts (an open-ended ``a`` never does)."""
    return a[1] is not None and a[1] < b[0]


def _figure(r: tuple[int, int | None]) -> str:
    low, high = r
    if high is None:
        return f"at least {low}"
    return str(low) if low == high else f"{low} to {high}"


def is_denial(s: Statement, cues: ContradictionCues) -> bool:
    """A denial: a claim whose reporting verb the claims stage read as ``denies``.

    A denial verb merely somewhere in the words is not enough ("students had been
    dismissed", "she rejected their authority"): on gva-dev that reading paired
    hundreds of unrelated statements.
    """
    del cues  # the stance already comes from the claims stage's verb lists
    return (s.stance or "").lower() == "denies"


#: Content words (four letters or more, not function words) a denial must share with
#: the statement it is paired with, when no control reading links them.
DENIAL_SHARED_WORDS = 2
_FUNCTION_WORDS = frozenset(
    "that this these those with from have been were they their there which what when where "
    "said says told would could should about after before into over than then them also".split()
)


def _shared_words(a: Statement, b: Statement, cues: ContradictionCues) -> int:
    """How many content words of ``a`` (by lemma candidates) ``b`` also uses; the
    denial verbs themselves do not count."""
    def content(s: Statement) -> list[frozenset[str]]:
        out = []
        for w in _words(s.text):
            lem = lemmas(w, cues.irregular)
            if len(w) >= 4 and w.lower() not in _FUNCTION_WORDS and not lem & cues.denial_verbs:
                out.append(lem)
        return out

    other = frozenset().union(*content(b)) if content(b) else frozenset()
    return len({min(lem) for lem in content(a) if lem & other})


def _denial_pair(d: Statement, s: Statement, cues: ContradictionCues) -> Contradiction | None:
    if same_speaker(d, s) or is_denial(s, cues) or not dates_overlap(d, s):
        return None
    if (s.modality or "").lower() in cues.ignored_modalities:
        return None
    same_type = d.event_type is not None and (d.event_type, d.sub_event_type) == (
        s.event_type, s.sub_event_type)
    cd = control_of(replace(d, modality=None), cues)  # what is denied, not the denial
    cs = control_of(s, cues)
    same_control = cd is not None and cs is not None and cd.polarity == cs.polarity
    # a denial answers a statement it shares words with ("denied that the army
    # shelled the market" / "the army shelled the market"), not any account of the
    # same type at the same place
    if not (same_control or (same_type and _shared_words(d, s, cues) >= DENIAL_SHARED_WORDS)):
        return None
    about = f"\"{cd.cue}\"" if same_control and cd is not None else f"the {d.sub_event_type}"
    reason = (f"{_who(d)} denies what {_who(s)} says about {about} at {_where(d)} "
              f"({_when(d)} / {_when(s)}).")
    return Contradiction("denial", d.geonameid, d, s, reason)


def _rank(s: Statement) -> tuple[bool, str, int]:
    return (s.kind != "claim", s.document_id, s.seq)


def _accounts(statements: Sequence[Statement]) -> dict[tuple[str, str, int], tuple[str, str, int]]:
    """Each statement's account: the best-ranked statement of its same-account group."""
    parent = {s.ident: s.ident for s in statements}
    by_id = {s.ident: s for s in statements}

    def root(i: tuple[str, str, int]) -> tuple[str, str, int]:
        while parent[i] != i:
            i = parent[i]
        return i

    for x, y in combinations(statements, 2):
        if same_account(x, y):
            rx, ry = root(x.ident), root(y.ident)
            if rx != ry:
                keep, drop = (rx, ry) if _rank(by_id[rx]) <= _rank(by_id[ry]) else (ry, rx)
                parent[drop] = keep
    return {i: root(i) for i in parent}


def find_contradictions(
    statements: Sequence[Statement], *, cues: ContradictionCues | None = None
) -> list[Contradiction]:
    """The contradictions among statements, each pair of accounts once, in a stable order.

    Args:
        statements: event mentions and claims (any order; duplicates are ignored).
        cues: the cue lists; the packaged ones when None (read from the package data,
            so pass a loaded instance when calling in a loop).

    Returns:
        Contradictions sorted by kind, place and the identities of their sides.
    """
    cues = cues or ContradictionCues.load()
    unique = sorted({s.ident: s for s in statements}.values(), key=lambda s: s.ident)
    account = _accounts(unique)
    denial = {s.ident: is_denial(s, cues) for s in unique}
    # a denial's words are what it denies: it pairs only as a denial
    control = {s.ident: None if denial[s.ident] else control_of(s, cues) for s in unique}
    best: dict[tuple[Any, ...], Contradiction] = {}
    for x, y in combinations(unique, 2):
        if x.geonameid is None or x.geonameid != y.geonameid or account[x.ident] == account[y.ident]:
            continue
        found: list[Contradiction] = []
        cx, cy = control[x.ident], control[y.ident]
        if cx is not None and cy is not None:
            pair = _control_pair(x, cx, y, cy)
            if pair is not None:
                found.append(pair)
        if not (denial[x.ident] or denial[y.ident]):
            found.extend(_figure_pairs(x, y, cues))
        for d, s in ((x, y), (y, x)):
            if denial[d.ident]:
                pair = _denial_pair(d, s, cues)
                if pair is not None:
                    found.append(pair)
        for c in found:
            group = _group(c, account)
            kept = best.get(group)
            if kept is None or sorted((_rank(c.a), _rank(c.b))) < sorted((_rank(kept.a), _rank(kept.b))):
                best[group] = c
    return sorted(best.values(), key=_order)


def _position(s: Statement, kind: str) -> tuple[Any, ...]:
    """Who says which figure: one speaker's figure repeated in several sentences is one position."""
    speaker = s.speaker_actor_id or _norm(s.speaker)
    return (speaker, _outlet(s), _figures(s, kind))


def _group(c: Contradiction, account: Mapping[Any, Any]) -> tuple[Any, ...]:
    """The identity under which one contradiction is reported once.

    Control and denial: the pair of accounts. Casualty figures: the pair of positions
    (speaker, outlet, range), so an outlet restating "three wounded" in its title,
    lead and body against one other figure is one disagreement, not three.
    """
    if c.kind in ("fatalities", "injuries"):
        return (c.kind, c.geonameid, *sorted((_position(c.a, c.kind), _position(c.b, c.kind)), key=repr))
    return (c.kind, c.geonameid, *sorted((account[c.a.ident], account[c.b.ident])))


def _order(c: Contradiction) -> tuple[Any, ...]:
    first, second = sorted((c.a.ident, c.b.ident))
    return (_KIND_ORDER.get(c.kind, 9), c.kind, c.geonameid if c.geonameid is not None else -1,
            first, second)
