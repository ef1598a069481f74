"""Killed counts of follow-up stories and of names the tagger misses (real spaCy model,
own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import casualty_fields
from spacy.language import Language

import rashomon.components.actors
import rashomon.components.quantities  # noqa: F401  (registers rashomon_quantities)
from rashomon.extract import EventLexicon, annotate_text, extract, predict_fields
from rashomon.extract.casualties import title_counts
from rashomon.model import ReferenceDate
from rashomon.resolve.actors import ActorKB

_counts = casualty_fields


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a killing word that names no victim says someone died: the one told as shot
        ("Detectives are investigating a Sunday night homicide on Pine Street.", 1, 0),
        (("Prosecutors filed murder charges on Monday in the shooting of a young boy. "
          "The boy was shot outside his home."), 1, 0),
        (("A man was charged with manslaughter on Monday. Police said he shot his neighbor "
          "during an argument."), 1, 0),
        # an attempt, a unit's name and a denial are no death
        ("A man was charged with attempted murder after he shot his neighbor on Sunday.", 0, 1),
        (("A man was shot in the leg on Sunday. Homicide detectives were called to the scene "
          "because of his injuries."), 0, 1),
        (("Five people were shot in three shootings across the county over the weekend. One of "
          "the shootings was a homicide."), 0, 5),
        # the killing word adds no one to a death the text already counts
        (("Two people were killed and a woman was wounded in a shooting on Sunday. Police are "
          "investigating the homicide."), 2, 1),
        # a name the tagger does not call a person, read by its age or its full name
        ("A man was charged on Monday in the fatal shooting of 15-year-old Braxton Quill.", 1, 0),
        (("Police said Kenzie Dorran, 6, was hit by a stray bullet on Sunday. Kenzie was "
          "pronounced dead at a hospital on Monday."), 1, 0),
        ("Talia Brisk, 6, was wounded in a shooting on Sunday, police said.", 0, 1),
    ],
)
def test_killed_counts(text: str, killed: int, injured: int, nlp: Language,
                       lexicon: EventLexicon, kb: ActorKB) -> None:
    k, i, evidence = _counts(text, nlp, lexicon, kb)
    assert (k, i) == (killed, injured), evidence


@pytest.mark.parametrize(
    ("title", "killed", "injured"),
    [
        # a headline's word of a death, with no number: one killed
        ("Man, 20, charged in teen's shooting death", 1, None),
        ("Arrest made in fatal shooting near park", 1, None),
        ("2 teens arrested in fatal shooting of 15-year-old", 1, None),
        ("Hunting accident claims life of local man", 1, None),
        ("Student takes own life in school parking lot", 1, None),
        ("Teen wanted in double murder is arrested", 2, None),
        ("Teens identified in double fatal shooting", 2, None),
        ("Police: 3 year old dies after shooting himself", 1, None),
        # a person before a killing verb and its objects acts: the objects died
        ("Homeowner killed man, woman and her baby, police say", 3, None),
        ("Brother accidentally shot 12-year-old, police say", None, 1),
        # an attempt, a weapon: no death
        ("Man arrested for attempted murder after shooting", None, None),
        ("Man charged with assault with a deadly weapon", None, None),
        # numbers stand as they are
        ("2 dead, 3 hurt in fatal shooting", 2, 3),
    ],
)
def test_title_death_words(title: str, killed: int | None, injured: int | None,
                           lexicon: EventLexicon) -> None:
    k, i, _words = title_counts(title, lexicon)
    assert (k, i) == (killed, injured)


def test_a_title_death_stands_for_a_body_that_names_none(nlp: Language, lexicon: EventLexicon,
                                                        kb: ActorKB) -> None:
    text = "A judge set bond at $50,000 on Monday, court records show."
    ref = ReferenceDate(date=dt.date(2015, 3, 10), kind="published")
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb, title="Man charged in shooting death"), ann)
    assert (f["killed"], f["injured"]) == (1, 0), f["evidence"]


def test_a_headline_toll_above_the_body_stands(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    # the body names one of the dead; the headline has the final toll
    text = "Officers found a boy shot to death inside a house on Saturday, police said."
    ref = ReferenceDate(date=dt.date(2015, 3, 10), kind="published")
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb, title="2 children killed in home invasion"), ann)
    assert (f["killed"], f["injured"]) == (2, 0), f["evidence"]
