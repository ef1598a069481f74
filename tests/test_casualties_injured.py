"""Injured counts of the main incident: people hurt besides the dead (real spaCy model,
own sentences)."""

from __future__ import annotations

import pytest
from conftest import casualty_fields
from spacy.language import Language

import rashomon.components.actors
import rashomon.components.quantities  # noqa: F401  (registers rashomon_quantities)
from rashomon.extract import EventLexicon
from rashomon.extract.casualties import title_counts
from rashomon.resolve.actors import ActorKB

_counts = casualty_fields


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a person the words mark as someone else ("another", "the other", "a second")
        # is one more hurt, not the one who died
        (("A boy was shot and killed on Maple Avenue on Friday night. Another boy, also 15, "
          "was shot in the hand and was treated at a hospital."), 1, 1),
        (("A man died after a shooting outside a bar on Saturday. The other victim remains in "
          "stable condition, police said."), 1, 1),
        (("Officers found a woman dead inside the apartment on Monday. They also found a second "
          "woman who had been shot in the leg."), 1, 1),
        # "a fourth victim" hurt after three killed is the fourth person hit, not one more
        # besides the hurt the text tells otherwise
        (("Three men were killed in a shooting outside a club on Sunday. A fourth man was "
          "taken to a hospital in critical condition, where he remains."), 3, 1),
        # nobody died: another person hurt is one more
        (("A man was shot in the arm on Pine Street on Sunday. Another man was grazed by a "
          "bullet, police said."), 0, 2),
        # a negated "another" is nobody hurt
        (("A teen was shot and killed at a park on Friday. Another teen who was with him was "
          "not hurt."), 1, 0),
        # "shot another man" is the shooter's other, not a further victim
        (("Police said a 23-year-old man accidentally shot another man at a motel on Saturday. "
          "The victim died at the hospital."), 1, 0),
        # a further person whose death the sentence tells is not hurt
        (("Police said two people were killed at a mall on Friday. The second victim was "
          "flown to a hospital and died there."), 2, 0),
        # the object of a verb that leaves or takes someone in a hurt state is hurt
        (("Four men were arrested in connection with a shooting on Friday that left a "
          "16-year-old boy in serious condition."), 0, 1),
        (("Police responded to a shooting on Monday. Paramedics took the man, with a gunshot "
          "wound in the chest, to a hospital."), 0, 1),
        # a first name alone is the person the full name told
        (("Paramedics rushed 5-year-old Joel Patayo to the hospital on Tuesday after a "
          "shooting. Joel is now listed in good condition, his family said."), 0, 1),
        # a count told in a hurt state is injured: a condition, wounds that are not fatal
        (("A man was killed in a shooting at a party on Saturday. Three others sustained "
          "non-fatal gunshot wounds, police said."), 1, 3),
        (("One man died in the shooting outside a club on Sunday. Police said two of the "
          "victims were listed in fair condition."), 1, 2),
        # wounds the dead suffered too: shot, not hurt besides them
        (("Police found three people dead inside a house on Monday. All three had suffered "
          "gunshot wounds, the medical examiner said."), 3, 0),
        # a station's number is no count
        (("DALLAS (CBS 11) - A 5-year-old boy remained in critical condition on Sunday after "
          "an accidental shooting at his home."), 0, 1),
        (("ROANOKE (WXYZ 10) - A 13-year-old is in stable condition on Friday after being shot "
          "in the arm."), 0, 1),
        # people found with wounds are shot
        (("Police found two men with gunshot wounds on Oak Street on Friday. One of them died "
          "at the hospital."), 1, 1),
        # wounds are not people: "one gunshot wound" counts no one hurt
        (("A 16-year-old boy died on Tuesday after suffering one gunshot wound at a house "
          "party, police said."), 1, 0),
        (("Officers found the girl in a park with at least one gunshot wound on Friday. She "
          "died at the hospital."), 1, 0),
    ],
)
def test_injured_counts(text: str, killed: int, injured: int, nlp: Language,
                        lexicon: EventLexicon, kb: ActorKB) -> None:
    k, i, evidence = _counts(text, nlp, lexicon, kb)
    assert (k, i) == (killed, injured), evidence


@pytest.mark.parametrize(
    ("title", "killed", "injured"),
    [
        # a person who shoots himself is hit, not a shooter of others
        ("Teen accidentally shoots himself in the hand", None, 1),
        ("Officer accidentally shoots self during training; suspect in custody", None, 1),
        ("Boy, 7, fatally shoots himself with father's gun", 1, None),
        # a state or a graze is a hurt person
        ("Girl stable after accidental shooting at home", None, 1),
        ("Child grazed by bullet in shooting on Main Street", None, 1),
        # a person who shoots others is no victim, nor one whom a shooter killed before
        # shooting himself
        ("Man allegedly kills 4-month-old before shooting himself", None, None),
        ("Teen shoots neighbor during argument", None, None),
    ],
)
def test_title_people_hurt(title: str, killed: int | None, injured: int | None, lexicon: EventLexicon) -> None:
    k, i, _words = title_counts(title, lexicon)
    assert (k, i) == (killed, injured)
