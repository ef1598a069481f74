"""Killed counts: an unborn child, a shooter who died after killing others, a follow-up
story's killing dated before its court day; an earlier incident days before the main
event's own day, a death nearly caused, a life claimed or ended, the shooter among the
dead told together, a parent's children in a headline, a toll outside any event (real
spaCy model, own sentences)."""

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


def _counts(text: str, nlp: Language, lexicon: EventLexicon, kb: ActorKB,
            title: str | None = None) -> tuple[object, object, object]:
    return casualty_fields(text, nlp, lexicon, kb, title=title, published=dt.date(2015, 6, 12))


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # an unborn child is no victim of GVA's, whatever the count's verb says
        (("A drive-by shooting on Monday night left an unborn baby dead and wounded five "
          "people, police said."), 0, 5),
        (("Five people were wounded on Monday night, including a pregnant woman whose unborn "
          "baby was killed."), 0, 5),
        # a rate, an age and a name's suffix are no count of the dead
        (("A man was shot to death on Monday. The state's gun death rate was 19.3 deaths per "
          "100,000 people."), 1, 0),
        ("A man was shot to death on Monday. Update: 20 y/o killed, police said.", 1, 0),
        (("The shooting on Monday killed Ralph Dorsey Jr., 16. Relatives said Dorsey was a "
          "good student."), 1, 0),
        # a shooter who died after killing others is one more of the killed
        (("A gunman fatally shot three people in an apartment on Monday and then took his own "
          "life, police said."), 4, 0),
        (("The gunman killed five people on Monday before officers shot him. The gunman, Carl "
          "Ristow, was pronounced dead at the scene."), 6, 0),
        # ... and not when he lived, nor when the count already names him
        ("A gunman killed two people at a bar on Monday before he was arrested.", 2, 0),
        (("Two people, including the gunman, were killed on Monday. Police said the gunman "
          "killed himself."), 2, 0),
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
        # ... not the "direction his life has taken"
        (("Jon Roe was shot in the arm on Thursday. His pastor reflected on the direction "
          "Roe's life has taken."), 0, 1),
        # the dead told together in a murder-suicide include the shooter
        (("Police are investigating the shooting deaths of a mother, son and little girl at a "
          "home on Friday afternoon, and whether the son turned the gun on his family and then "
          "himself."), 3, 0),
    ],
)
def test_killed_counts(text: str, killed: int, injured: int, nlp: Language,
                       lexicon: EventLexicon, kb: ActorKB) -> None:
    k, i, evidence = _counts(text, nlp, lexicon, kb)
    assert (k, i) == (killed, injured), evidence


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a follow-up's killing, weeks before its arrest day, is the incident's
        (("A man was arrested on Thursday and charged with murder. Police said he shot and "
          "killed Dale Varrow and Tim Ostrand on May 10 outside a store."), 2, 0),
        (("Kevin Moss was arrested on Thursday in the death of Ana Pruitt. Moss shot and "
          "killed Pruitt on April 30, police said."), 1, 0),
        # an earlier, other killing stays out
        (("A man was shot in the leg on Thursday, police said. His brother was shot and "
          "killed in 2009."), 0, 1),
    ],
)
def test_a_followup_killing_before_its_court_day(text: str, killed: int, injured: int, nlp: Language,
                                                 lexicon: EventLexicon, kb: ActorKB) -> None:
    k, i, evidence = _counts(text, nlp, lexicon, kb)
    assert (k, i) == (killed, injured), evidence


@pytest.mark.parametrize(
    ("title", "killed", "injured"),
    [
        # a killer's victims counted in a headline, then his own death: one more
        ("Man shot his family, killing 3, then killed himself", 4, 1),
        ("5 slain by gunman who then killed himself in farm town", 6, None),
        ("Gunman kills 3, barricades himself inside home", 3, None),
        ("Pregnant woman's unborn baby killed, 4 others injured in drive-by", None, 4),
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
    k, i, _words = title_counts(title, lexicon)
    assert (k, i) == (killed, injured)


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
