"""Modality: did the event happen, as the words put it?

Checked in this order, the first that applies wins (the cue words are data, in
``data/events/cues.json``):

1. negated: a negation on the trigger or the verb governing it ("did not attack"),
   or "no one"/"nobody" as its subject;
2. attempted: under a verb of trying ("were trying to attack"), the object of a
   verb of thwarting ("repelled several attacks", "the offensive was thwarted"), or
   the complement of "attempt" ("an attempt to seize");
3. planned: under a verb of intending ("plans to", "vowed to"), the complement of a
   goal noun ("their goal is to capture"), a purpose ("regrouped to capture"), or a
   future auxiliary ("will attack");
4. hypothetical: a modal auxiliary ("could flee"), a clause under "warn"/"fear",
   or a conditional ("if they attack");
5. claimed: the event comes from a claim whose stance is ``claims`` ("Amaq claims
   the jihadists seized the city"), or an "allegedly" on it;
6. historical: its date range ends well before the reference date (more than
   ``HISTORICAL_DAYS`` days);
7. otherwise occurred.
"""

from __future__ import annotations

import datetime as dt
import itertools

from spacy.tokens import Token

from rashomon.extract.lexicon import EventLexicon
from rashomon.extract.records import Modality

#: An event dated to end this many days before the reference date is background.
HISTORICAL_DAYS = 30

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


def _governors(tok: Token, hops: int = 4) -> list[Token]:
    """The chain of heads above ``tok`` (nearest first), stopping at the root."""
    out: list[Token] = []
    node = tok
    while node.head.i != node.i and len(out) < hops:
        node = node.head
        out.append(node)
    return out


def _verb_of(tok: Token) -> Token:
    """The verb a trigger noun hangs on ("attacks" -> "repelled"), or the token itself."""
    if tok.pos_ in {"VERB", "AUX"}:
        return tok
    for head in _governors(tok, 3):
        if head.pos_ in {"VERB", "AUX"}:
            return head
    return tok


def modality_of(
    trigger: Token,
    lexicon: EventLexicon,
    *,
    claim_stance: str | None,
    date_end: dt.date | None,
    reference: dt.date | None,
) -> tuple[Modality, str]:
    """The modality of the event named by ``trigger`` and the words that decided it.

    Args:
        trigger: the trigger token (in its parsed sentence).
        lexicon: the cue lists.
        claim_stance: the stance of the claim the event comes from, if any.
        date_end: the last day of the event's date range, if known.
        reference: the document's reference date, if known.

    Returns:
        ``(modality, cue)``; the cue is "" for plain occurred.
    """
    verb = _verb_of(trigger)
    chain = [trigger, *_governors(trigger)]
    # 1. negated
    for node in {trigger, verb}:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "negated", child.text
            if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ in {"nobody", "none"}:
                return "negated", child.text
            if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ == "one" and any(
                g.lower_ == "no" for g in child.children
            ):
                return "negated", "no one"
    # 2. attempted
    thwart = lexicon.cue("thwart_verbs")
    if trigger.dep_ in {"dobj", "nsubjpass", "pobj"} and trigger.head.lemma_ in thwart:
        return "attempted", trigger.head.text
    path_ok = True
    for below, node in itertools.pairwise(chain):
        path_ok = path_ok and below.dep_ in {"xcomp", "conj", "dobj", "pobj", "prep", "acl"}
        if node.lemma_ in lexicon.cue("attempt_heads") and node.pos_ == "VERB" and path_ok:
            return "attempted", node.text
        if node.lemma_ in lexicon.cue("attempt_nouns") and node.pos_ == "NOUN":
            for above in _governors(node, 2):
                if above.lemma_ in thwart:
                    return "attempted", f"{node.text} ... {above.text}"
            return "attempted", node.text
        if node.lemma_ in thwart and node.pos_ == "VERB" and trigger.pos_ == "NOUN":
            return "attempted", node.text
        if node.dep_ not in {"xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "advcl"} and node is not chain[-1]:
            break
    # 3. planned
    if trigger.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return "planned", "to"  # a purpose: "regrouped to capture the city"
    for node in chain[1:]:
        if node.lemma_ in lexicon.cue("plan_heads") and trigger.dep_ in {"xcomp", "ccomp", "pobj", "dobj"} and node.pos_ == "VERB":
            return "planned", node.text
        if node.pos_ == "NOUN" and node.lemma_ in lexicon.cue("plan_nouns"):
            return "planned", node.text
        if node.lemma_ == "be":
            subj = [c for c in node.children if c.dep_ == "nsubj"]
            if subj and subj[0].lemma_ in lexicon.cue("plan_nouns"):
                return "planned", subj[0].text
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_.replace("\u2019", "'") in _FUTURE_AUX:
            return "planned", child.text
    # 4. hypothetical
    for node in (verb, *(_governors(verb, 2))):
        for child in node.children:
            if child.dep_ == "aux" and child.lower_ in lexicon.cue("hypothetical_aux"):
                return "hypothetical", child.text
            if child.dep_ == "mark" and child.lower_ in lexicon.cue("conditional_marks"):
                return "hypothetical", child.text
        if node is not verb and node.lemma_ in lexicon.cue("warn_verbs"):
            return "hypothetical", node.text
    # 5. claimed
    if claim_stance == "claims":
        return "claimed", "claim"
    for node in (trigger, verb):
        for child in node.children:
            if child.lower_ in lexicon.cue("claim_adverbs"):
                return "claimed", child.text
    # 6. historical
    if date_end is not None and reference is not None and (reference - date_end).days > HISTORICAL_DAYS:
        return "historical", f"dated {date_end.isoformat()}"
    return "occurred", ""
