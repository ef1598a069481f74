"""Killed counts: an unborn child, a shooter who died after killing others, a follow-up
story's killing dated before its court day (real spaCy model, own sentences)."""

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
    ],
)
def test_title_counts(title: str, killed: int | None, injured: int | None, lexicon: EventLexicon) -> None:
    k, i, _words = title_counts(title, lexicon)
    assert (k, i) == (killed, injured)
