"""Killed counts, session 5's rules: an earlier incident a few days before the main
event's day, a death nearly caused, a life claimed or ended, a toll with no death
words outside any event (real spaCy model, own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import casualty_fields
from spacy.language import Language

import rashomon.components.actors
import rashomon.components.quantities  # noqa: F401  (registers rashomon_quantities)
from rashomon.extract import EventLexicon
from rashomon.extract.casualties import title_counts
from rashomon.resolve.actors import ActorKB


def _counts(text: str, nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> tuple[object, object, object]:
    return casualty_fields(text, nlp, lexicon, kb, published=dt.date(2015, 6, 12))


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a killing dated a week before the main event's own day is an earlier incident
        (("A 14-year-old girl was shot in the hand on Wednesday, June 10, police said. "
          "Exactly one week earlier, on June 3, a 13-year-old boy was shot and killed on the "
          "same street."), 0, 1),
        # ... but a death days after the shooting is this incident's
        (("A man was shot in the chest on June 1 outside a bar. He died on June 9 at a "
          "hospital, police said."), 1, 0),
        # "nearly killed": hurt, not dead
        (("Police fired four shots through the door on Thursday, and the bullets nearly killed "
          "Gerald Roe, who was hit twice in the chest."), 0, 1),
        # a life claimed, taken or ended is a death
        (("An accident with a firearm claimed the life of 4-year-old Katie Doe on Thursday "
          "morning, the sheriff said."), 1, 0),
        (("Jon Roe's young life ended on Thursday night when officers came to his door. The "
          "family has hired an attorney."), 1, 0),
        # the dead told together in a murder-suicide include the shooter
        (("Police are investigating the shooting deaths of a mother, son and little girl at a "
          "home on Friday afternoon, and whether the son turned the gun on his family and then "
          "himself."), 3, 0),
        # ... not the "direction his life has taken"
        (("Jon Roe was shot in the arm on Thursday. His pastor reflected on the direction "
          "Roe's life has taken."), 0, 1),
    ],
)
def test_killed_counts(text: str, killed: int, injured: int, nlp: Language,
                       lexicon: EventLexicon, kb: ActorKB) -> None:
    k, i, evidence = _counts(text, nlp, lexicon, kb)
    assert (k, i) == (killed, injured), evidence


def test_a_toll_outside_any_event_counts_no_death_as_zero(nlp: Language, lexicon: EventLexicon,
                                                         kb: ActorKB) -> None:
    # no event trigger, but the text counts the hurt and tells no death: 0 killed, as
    # an event with the same words would give; a text with no casualty words gives none
    k, i, evidence = _counts("Two hunters suffered minor injuries in the woods on Sunday, police said.",
                             nlp, lexicon, kb)
    assert (k, i) == (0, 2), evidence
    assert isinstance(evidence, dict) and evidence["event_found"].startswith("no event")
    k, i, _ = _counts("The county fair opened on Sunday, organisers said.", nlp, lexicon, kb)
    assert (k, i) == (None, None)


@pytest.mark.parametrize(
    ("title", "killed", "injured"),
    [
        # "father of 5": his children, not the dead
        ("Father of 5 killed in shooting that left another six injured", 1, 6),
        ("Family of Father of 4 Killed in Shooting Speaks Out", None, None),
        # an age however it is hyphenated
        ("3 year-old boy dead after accidentally shooting himself", 1, None),
        # ... while a count stays a count
        ("4 killed, 2 hurt in shooting at party", 4, 2),
    ],
)
def test_title_counts(title: str, killed: int | None, injured: int | None, lexicon: EventLexicon) -> None:
    k, i, words = title_counts(title, lexicon)
    assert (k, i) == (killed, injured), words
