"""Document-level casualty counts of the main incident (real spaCy model, own sentences)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import casualty_fields
from spacy.language import Language
from spacy.tokens import Span

import rashomon.components.actors
import rashomon.components.quantities  # noqa: F401  (registers rashomon_quantities)
from rashomon.extract import EventLexicon, annotate_text, extract, predict_fields
from rashomon.extract.casualties import _victims, title_counts
from rashomon.model import ReferenceDate
from rashomon.resolve.actors import ActorKB

_counts = casualty_fields


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # a single victim who was hurt, in the words of hospital news
        (("Police were called to a shooting on Oak Lane on Monday. The boy was shot in the arm "
         "and is in stable condition."), 0, 1),
        (("A shooting happened early Sunday near a gas station. The victim, Mark Doe, 31, was "
         "taken to the hospital in critical condition."), 0, 1),
        (("A toddler accidentally shot himself with his father's pistol on Sunday, police said. "
         "He is recovering at a children's hospital."), 0, 1),
        ("Officers found a man with a gunshot wound to the leg after a shooting on Monday.", 0, 1),
        # a single victim who died, without a count
        ("Detectives are investigating the fatal shooting of Jane Roe on Sunday night.", 1, 0),
        (("The family of a teenager fatally shot on Saturday spoke to reporters. Someone shot the "
         "teenager outside a store."), 1, 0),
        # the dead are not counted again as hurt
        ("A woman was shot on Elm Street on Sunday. She was taken to a hospital, where she died.", 1, 0),
        # a shooter who killed others and then himself counts; a lone accident does not double
        ("A man shot and killed his wife on Sunday before turning the gun on himself, police said.", 2, 0),
        ("Police said a man shot and killed a neighbor on Sunday, then fatally shot himself.", 2, 0),
        ("A 6-year-old boy accidentally shot and killed himself at his home on Sunday.", 1, 0),
        # ages and addresses are not counts
        ("Two men, 19 and 23, were wounded in a shooting on Sunday.", 0, 2),
        ("A man was shot at 120 Pine Lane on Sunday and survived.", 0, 1),
        # coordinated counts of one state are summed; a total before its parts is not
        ("Police said the shooting left three men and two women injured early Sunday morning.", 0, 5),
        ("Police said six people, two men and four women, were wounded in a shooting on Monday.", 0, 6),
        # a second count keeps its own state, not the first count's verb
        ("The gunfire on Monday left one person dead and two others in the hospital.", 1, 2),
        ("Police said five people were shot and one person was killed on Monday.", 1, 4),
        # a murder-suicide word says a victim and the shooter died, when the text only
        # shows them shot; an attempted one does not
        ("Police said the shooting on Monday was a murder-suicide. A man shot his wife in the kitchen.", 2, 0),
        ("Police called it an attempted murder-suicide. A man shot his wife, who survived, on Monday.", 0, 1),
        # "found shot dead" is a killing
        ("Three members of a family were found shot dead in their home on Monday.", 3, 0),
        # one of the people hurt died later: the earlier count was everyone hit
        (("Four people were injured in a shooting at a park on Saturday. One of the four "
          "victims died at the hospital on Monday, police said."), 1, 3),
        # a dateline is not the subject of the death verb
        ("SPRINGTON, Ohio (WXYZ) – A 4-year-old has died after he found a pistol on Sunday.", 1, 0),
        # "passed away" is a death
        ("A man was shot on Sunday. He was taken to a hospital but passed away on Monday.", 1, 0),
        # "shot to death", for a count and for a single victim
        ("Two people were found shot to death in a parked truck on Monday, police said.", 2, 0),
        ("Deputies found a woman shot to death in her kitchen on Monday.", 1, 0),
        # people named together are distinct, though one of them is named only by a role
        ("Police said Ann Roe and her son were found dead in their home on Sunday.", 2, 0),
        (("A man was killed on Sunday. Police said another man and a young girl were also "
          "hurt in that shooting."), 1, 2),
        # "the teen's shooting death" (a parse as a gerund with its subject)
        ("Detectives are investigating the teen's shooting death on Sunday night.", 1, 0),
        # a killing of oneself, and a killing of someone by the gerund of an arrest
        ("Police said the boy killed himself with a rifle at his home on Sunday.", 1, 0),
        ("A man was arrested Sunday for shooting and killing a 20-year-old outside a bar.", 1, 0),
        # "a double shooting" is two people shot, whoever of them died
        ("Police said one man died in the double shooting on Elm Street on Sunday.", 1, 1),
        ("A teen was killed in a quadruple shooting at a party on Sunday, police said.", 1, 3),
        # a person and a count killed together are summed, and the killer who then
        # killed himself is not among them
        (("Police said a woman shot and killed her daughter and two grandchildren on Sunday "
          "before turning the gun on herself."), 4, 0),
        ("A man killed his wife and three children before turning the gun on himself on Monday.", 5, 0),
        ("A gunman killed two people at a store on Monday before turning the gun on himself.", 3, 0),
        # a count named after ("his two sons, Tom, 12, and Ian, 10") is not more people
        (("A man identified as Paul Dunn killed his two sons, Tom Dunn, 12, and Ian Dunn, 10, on "
          "Friday before turning the gun on himself."), 3, 0),
        # an unborn child is not a victim GVA counts
        ("Police said a pregnant woman and her unborn baby were killed in the shooting on Sunday.", 1, 0),
        # a role and a pronoun of the one person hurt are one person
        (("An off-duty officer accidentally shot himself in the hand on Monday. He was taken to a "
          "hospital and is expected to recover."), 0, 1),
        (("The suspect was shot by a deputy on Monday and taken to a hospital. He is in stable "
          "condition."), 0, 1),
        # "are recovering" is hurt; "recovered 38 shell casings" is not a count of people
        ("Four people are recovering at hospitals after being shot outside a bar early Sunday.", 0, 4),
        ("A man was shot on Sunday. Police recovered 38 shell casings at the scene.", 0, 1),
        # whom a shooter meant to hit is no victim
        (("A 10-year-old girl was shot in the head on Friday. The girl was struck by suspects "
          "intending to hit a man on his bicycle, police said."), 0, 1),
        ("A man was shot on Friday. The suspect had threatened to kill his neighbor, police said.", 0, 1),
    ],
)
def test_document_counts(text: str, killed: int, injured: int, nlp: Language,
                         lexicon: EventLexicon, kb: ActorKB) -> None:
    k, i, evidence = _counts(text, nlp, lexicon, kb)
    assert (k, i) == (killed, injured), evidence


def test_a_name_ending_in_a_victim_noun_is_that_noun(nlp: Language, lexicon: EventLexicon) -> None:
    # a headline's capitals ("Weekend Update Teen") are often tagged as a person's name
    doc = nlp("Weekend Update Teen fatally shot in Easton on Sunday.")
    doc.ents = [Span(doc, 0, 3, "PERSON")]
    assert doc[2].pos_ == "PROPN"
    assert _victims(doc[:], lexicon) == {"anon:?": "dead"}


def test_a_toll_far_above_the_lead_is_another_story(nlp: Language, lexicon: EventLexicon,
                                                    kb: ActorKB) -> None:
    text = ("Two people were wounded in a shooting outside a bar early Sunday, police said. "
            "The bar had been closed twice before. "
            "Police said 45 people have been shot in the district, most of them young men.")
    k, i, evidence = _counts(text, nlp, lexicon, kb)
    assert (k, i) == (0, 2), evidence
    assert "far above the lead" in str(evidence)


@pytest.mark.parametrize(
    ("title", "killed", "injured"),
    [
        ("2 dead, 3 injured in shooting outside club", 2, 3),
        ("Four shot, one fatally, at apartment complex", 1, 3),
        ("Six wounded in shooting at party - Channel 9", None, 6),
        ("8-year-old shot, killed on East Side; 2 others hurt", 1, 2),
        ("Police seek suspect after shooting on Main Street", None, None),
        # "shot dead" and "shot to death" are killings, not shootings
        ("5 found shot dead in farmhouse", 5, None),
        ("Three shot to death outside store; police seek gunman", 3, None),
        # unnumbered people: one each, people joined by "," or "and" counted apart
        ("Boy, 12, fatally shot at birthday party", 1, None),
        ("13-year-old shot, killed near school", 1, None),
        ("Toddler, teen wounded in backyard shooting", None, 2),
        ("Father and son found shot to death in cabin", 2, None),
        ("Woman killed, husband and another man hurt in shooting", 1, 2),
        ("Slain teen remembered at vigil", 1, None),
        ("Arrest made in shooting of 9-year-old girl", None, 1),
        ("Man hurt in hunting accident dies", 1, 0),
        # a number's own words come first: the child is one of the two
        ("Child among 2 injured in drive-by shooting", None, 2),
        # a person who acts, or the object of a shooting verb, is not read as hurt
        ("10-year-old fires shot; younger brother hurt", None, 1),
        ("Man fatally shot neighbor after argument", 1, None),
        ("Man charged in shooting outside bar", None, None),
        # a casualty verb before its number; not a time after a verb
        ("Shooting at party kills 2, injures 4", 2, 4),
        ("Man charged in shooting that wounded 3", None, 3),
        ("Gunman killed 2 years ago was on parole", None, None),
        # a night's or weekend's toll is a roundup
        ("Violent night leaves 3 dead, 7 hurt across the city", None, None),
    ],
)
def test_title_counts(title: str, killed: int | None, injured: int | None, lexicon: EventLexicon) -> None:
    k, i, _words = title_counts(title, lexicon)
    assert (k, i) == (killed, injured)


def test_title_counts_stand_in_for_an_empty_body(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    ref = ReferenceDate(date=dt.date(2015, 3, 10), kind="published")
    text = "Sign in to read this story. Already have an account?"
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb, title="Four injured in drive-by shooting"), ann)
    assert (f["killed"], f["injured"]) == (0, 4)
    # a headline with both figures wins over the body's reading
    text = "Police said a shooting on Monday left one man dead. Another man was shot in the leg."
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb, title="1 dead, 3 hurt in Elm Street shooting"), ann)
    assert (f["killed"], f["injured"]) == (1, 3)


def test_an_unnumbered_headline_stands_in_for_an_empty_body(nlp: Language, lexicon: EventLexicon,
                                                             kb: ActorKB) -> None:
    ref = ReferenceDate(date=dt.date(2015, 3, 10), kind="published")
    text = "Sign in to read this story. Already have an account?"
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb, title="Teen, 16, shot and killed at park"), ann)
    assert (f["killed"], f["injured"]) == (1, 0)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb, title="Girl, 6, in critical condition after shooting"),
                       ann)
    assert (f["killed"], f["injured"]) == (0, 1)


def test_a_text_without_an_event_is_still_dated(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    ref = ReferenceDate(date=dt.date(2015, 3, 10), kind="published")
    text = "Jane Roe died at a hospital on Sunday, her family said."
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb), ann)
    assert f["event_found"] is False
    assert f["event_date"] == (dt.date(2015, 3, 8), dt.date(2015, 3, 8))
