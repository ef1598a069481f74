"""The main event of a document and its casualty counts, as real news tells them.

A local news article is about one incident, but it restates counts ("two people were
shot ... one of the victims died"), names victims ("John Smith, 23, died at the
hospital"), and mentions other incidents ("the city's 30th homicide this year",
"in a separate shooting last month"). So the main incident's counts are read over
the document, not from one sentence:

* sentences about other incidents are left out: a cue from ``other_incident_cues``
  ("in a separate shooting", "this year"), or a time more than
  ``OTHER_INCIDENT_DAYS`` days from the main event's date;
* killed = the largest of: the largest killed count ("two people were killed"),
  the distinct victims said to have died (a named person or a singular description
  with "died", "was pronounced dead", "was killed"), a "double homicide"-like word;
  plus a shooter who killed himself when the text says so ("murder-suicide");
* injured = the largest of: the largest injured count, the largest "shot" count
  minus the killed ("four people were shot, one fatally" -> 3 injured); an explicit
  "no one was hurt" reads as 0 when nothing else says otherwise.

Counts are restated, rarely summed: taking the largest is what keeps "two people were
shot" and "both victims were taken to hospital" at 2.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.extract.lexicon import EventLexicon
from rashomon.extract.records import Count, EventMention
from rashomon.model import Span
from rashomon.resolve.numbers import Quantity, Role
from rashomon.resolve.times import TimeMention

#: A sentence dated this many days away from the main event is about another incident.
OTHER_INCIDENT_DAYS = 14

_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_MODALITY_RANK = {"occurred": 0, "claimed": 1, "attempted": 1, "historical": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceFacts:
    """What a sentence offers the document-level count (raw-text offsets)."""

    sent: SpacySpan
    offset: int
    quantities: tuple[Quantity, ...]
    times: tuple[TimeMention, ...]


def choose_main(mentions: Sequence[EventMention]) -> tuple[int | None, str]:
    """The index of the document's main event, and why.

    The first violent event that occurred (else was attempted or claimed, else is
    background), in text order: news leads with its incident. Negated, planned and
    hypothetical events are never the main event. Without a violent event, the first
    other event that occurred.
    """
    violent = [m for m in mentions if m.event_type in _VIOLENT and m.modality in _MODALITY_RANK]
    if violent:
        best = min(violent, key=lambda m: (_MODALITY_RANK[m.modality], m.seq))
        return best.seq, f"first {best.modality} violent event ({best.trigger!r})"
    rest = [m for m in mentions if m.modality == "occurred"]
    if rest:
        return rest[0].seq, f"no violent event; first occurred event ({rest[0].trigger!r})"
    return None, "no event that occurred"


def _lower(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2019", "'")).lower()


def _is_other_incident(facts: SentenceFacts, lexicon: EventLexicon, anchor: dt.date | None) -> str | None:
    words = _lower(facts.sent.text)
    for cue in lexicon.phrases.get("other_incident_cues", ()):
        if re.search(rf"\b{re.escape(cue)}\b", words):
            return cue
    if anchor is not None:
        for t in facts.times:
            if t.tense == "future":
                continue
            far = (anchor - t.range.end).days > OTHER_INCIDENT_DAYS or (t.range.start - anchor).days > OTHER_INCIDENT_DAYS
            if far and (t.range.precision in {"day", "week"} or (anchor - t.range.end).days > 60):
                return f"dated {t.text!r}"
    return None


def _victim_identity(subj: Token) -> str:
    if subj.ent_type_ == "PERSON":
        ent = next((e for e in subj.doc.ents if e.start <= subj.i < e.end), None)
        last = ent[-1] if ent is not None else subj
        return "name:" + last.text.lower().removesuffix("'s")
    return "anon"


def _deaths(sent: SpacySpan, lexicon: EventLexicon) -> tuple[set[str], list[str]]:
    """Victims said to have died in a sentence, by identity ("name:smith" or "anon")."""
    victims: set[str] = set()
    cues: list[str] = []
    death = lexicon.cue("death_verbs")
    for tok in sent:
        lemma = tok.lemma_.lower()
        hit = False
        if tok.pos_ == "VERB" and lemma in death:
            if lemma == "kill" and not any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) and tok.dep_ != "conj":
                # active "X killed Y": Y died; Y is the object
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                for o in objs:
                    if o.ent_type_ == "PERSON" or o.lower_ in {"him", "her"} or (o.tag_ == "NN" and o.lemma_.lower() in lexicon.cue("person_nouns")):
                        victims.add(_victim_identity(o))
                        cues.append(tok.text)
                continue
            hit = True
        elif lemma == "dead" and tok.head.lemma_.lower() in {"pronounce", "find", "declare", "be", "leave", "shoot"}:
            tok = tok.head
            hit = True
        if not hit:
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None and tok.dep_ == "conj":
            subj = next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None:
            continue
        if subj.tag_ in {"NNS", "NNPS"} or subj.lower_ in {"they", "both", "all"} or any(c.dep_ == "nummod" for c in subj.children):
            continue  # plural: a count, which the quantities carry
        if subj.ent_type_ == "PERSON" or subj.lower_ in {"he", "she"} or subj.lemma_.lower() in lexicon.cue("person_nouns"):
            victims.add(_victim_identity(subj))
            cues.append(f"{subj.text} {tok.text}")
    return victims, cues


def _point(c: Quantity) -> int:
    return c.low


_KILL_LEMMAS = frozenset({"kill", "die", "murder", "slay", "dead", "fatally", "fatal", "death"})
_HURT_LEMMAS = frozenset({"wound", "injure", "hurt", "hospitalize", "injured", "wounded", "treat"})
_SHOT_LEMMAS = frozenset({"shoot", "shot", "hit", "strike", "gun"})
_NOT_VICTIMS = frozenset({"count", "charge", "year", "time", "round", "bullet", "gun", "weapon",
                          "shot", "shell", "casing", "month", "day", "week", "hour", "minute",
                          "suspect", "man's", "sentence", "life", "homicide", "shooting",
                          "incident", "case", "murder", "arrest", "officer", "deputy"})


def _verb_role(verb: Token) -> Role | None:
    """killed / injured / shot from a verb and its coordinated verbs and modifiers."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "ADJ"})]
    words = {v.lemma_.lower() for v in verbs} | {
        c.lemma_.lower() for v in verbs for c in v.children if c.dep_ in {"advmod", "acomp", "oprd", "xcomp"}}
    if any(v.lower_ in {"dead", "killed", "died"} for v in verbs):
        words.add("dead")
    if words & _KILL_LEMMAS:
        return "killed"
    if verb.lemma_.lower() in {"send", "take", "rush", "transport", "hospitalize"} and any(
            t.lower_ in {"hospital", "hospitals"} for t in verb.subtree):
        return "injured"  # "a shooting that sent 4 people to the hospital"
    if words & _HURT_LEMMAS:
        return "injured"
    if words & _SHOT_LEMMAS:
        return "shot"
    return None


def local_role(q: Quantity, facts: SentenceFacts) -> Role:
    """The role of a count read from the verb that governs its noun ("one person was killed
    and three others injured": 'three' is injured, not killed); the numbers stage's role
    when the parse says nothing clearer; "other" for counts of charges, years, shots."""
    doc = facts.sent.doc
    at = (q.head_start if q.head_start is not None else q.start) - facts.offset
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None:
        return q.role
    tok = span[0]
    if q.head is not None and q.head in _NOT_VICTIMS:
        return "other"
    # "father of three", "one of three people": a count under "of" is not the victims
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() not in {"one", "two", "three", "all", "both", "each"}:
        return "other"
    # "six people, one fatally": the count's own modifier says it
    num = doc.char_span(q.start - facts.offset, q.end - facts.offset, alignment_mode="expand")
    last = num[-1] if num is not None and len(num) else tok
    own = [*last.children, *(doc[last.i + 1 : last.i + 2] if last.i + 1 < len(doc) else [])]
    if any(t.lower_ in {"fatally", "dead", "killed"} for t in own):
        return "killed"
    noun = tok
    while noun.dep_ in {"nummod", "quantmod", "amod", "det"} and noun.head.i != noun.i:
        noun = noun.head
    for child in noun.children:  # "three others injured", "injured women", "people who were shot"
        if child.dep_ in {"acl", "amod", "relcl"} and child.pos_ in {"VERB", "ADJ"}:
            role = _verb_role(child)
            if role is not None:
                return role
    node = tok
    for _ in range(3):
        if node.dep_ in {"nsubj", "nsubjpass", "dobj", "conj", "appos"} and node.head.i != node.i:
            head = node.head
            if head.pos_ in {"VERB", "ADJ", "AUX"}:
                role = _verb_role(head)
                if role is not None:
                    return role
                break
            node = head
        elif node.dep_ in {"nummod", "quantmod", "amod", "det"}:
            node = node.head
        else:
            break
    return q.role


def document_counts(
    facts: Sequence[SentenceFacts],
    lexicon: EventLexicon,
    *,
    anchor: dt.date | None,
) -> tuple[Count | None, Count | None, str]:
    """The main incident's killed and injured counts over the document.

    Args:
        facts: the body sentences with their quantities and times, in text order.
        lexicon: cue lists.
        anchor: the main event's date (or the reference date), to tell other
            incidents' sentences apart.

    Returns:
        ``(killed, injured, reason)``; a count is None when nothing in the text
        speaks of it.
    """
    killed_q: Quantity | None = None
    injured_q: Quantity | None = None
    shot_q: Quantity | None = None
    victims: set[str] = set()
    death_cues: list[str] = []
    multiple = 0
    self_kill = False
    no_injury: str | None = None
    skipped: list[str] = []
    first_at: int | None = None
    for f in facts:
        other = _is_other_incident(f, lexicon, anchor)
        if other is not None:
            skipped.append(other)
            continue
        words = _lower(f.sent.text)
        for q0 in f.quantities:
            role = local_role(q0, f)
            q = q0 if role == q0.role else dataclasses.replace(q0, role=role)
            if q.role == "killed" and (killed_q is None or _point(q) > _point(killed_q)):
                killed_q = q
            elif q.role == "injured" and (injured_q is None or _point(q) > _point(injured_q)):
                injured_q = q
            elif q.role == "shot" and (shot_q is None or _point(q) > _point(shot_q)):
                shot_q = q
            if first_at is None and q.role in {"killed", "injured", "shot"}:
                first_at = q.start
        found, cues = _deaths(f.sent, lexicon)
        victims |= found
        death_cues.extend(cues)
        for phrase, (k, _i) in lexicon.multiple_victims.items():
            if phrase in words:
                multiple = max(multiple, k)
        if any(p in words for p in lexicon.phrases.get("self_death_phrases", ())) and (
            any(p in words for p in lexicon.phrases.get("self_death_certain", ()))
            or re.search(r"\b(dead|died|fatal)", words)
        ):
            self_kill = True  # "shot himself" counts only where the sentence says he died
        for p in lexicon.phrases.get("no_injury_phrases", ()):
            if p in words:
                no_injury = p
    named = len({v for v in victims if v.startswith("name:")})
    anon = 1 if "anon" in victims and named == 0 else 0
    k_text = 0 if killed_q is None else _point(killed_q)
    killed_n = max(k_text, named + anon, multiple)
    reasons: list[str] = []
    if killed_q is not None:
        reasons.append(f"killed count {killed_q.text!r}")
    if named + anon:
        reasons.append(f"victims who died: {', '.join(sorted(victims))} ({'; '.join(death_cues[:3])})")
    if multiple:
        reasons.append(f"{multiple} from a multiple-victim word")
    if self_kill and killed_n >= 1 and killed_q is None or (self_kill and killed_q is not None and killed_n < 2):
        killed_n += 1
        reasons.append("a shooter who killed himself")
    injured_n = 0 if injured_q is None else _point(injured_q)
    if injured_q is not None:
        reasons.append(f"injured count {injured_q.text!r}")
    if shot_q is not None and _point(shot_q) > killed_n:
        from_shot = _point(shot_q) - killed_n
        if from_shot > injured_n:
            injured_n = from_shot
            reasons.append(f"shot {shot_q.text!r} minus {killed_n} killed")
    if no_injury and injured_q is None and injured_n == 0:
        reasons.append(f"{no_injury!r}")
    if skipped:
        reasons.append(f"left out {len(skipped)} sentence(s) about other incidents ({skipped[0]})")
    reason = "; ".join(reasons) or "no casualty words"
    anywhere = killed_q is not None or victims or multiple or self_kill
    killed = Count(low=killed_n, high=killed_n, text=killed_q.text if killed_q else "", role="killed",
                   span=_span(killed_q), reason=reason) if anywhere or shot_q or injured_q else None
    injured = Count(low=injured_n, high=injured_n, text=injured_q.text if injured_q else "", role="injured",
                    span=_span(injured_q or shot_q), reason=reason) if (injured_q or shot_q or no_injury or anywhere) else None
    return killed, injured, reason


def _span(q: Quantity | None) -> Span:
    return Span(start=0, end=0) if q is None else Span(start=q.start, end=q.end)
