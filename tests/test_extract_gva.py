"""Casualty counting as local news tells it, and floors on real gva-dev articles.

Real parts: the spaCy model, the clean stage, the actor KB and event lexicon; the gold
articles are read from ../shared/data at run time (never copied). The floors are pinned
a little below what the first documents reach, so a regression fails; the corpus-wide
figures are ``rashomon eval gva``'s.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

import rashomon.components.actors
import rashomon.components.quantities  # noqa: F401  (registers rashomon_quantities)
from rashomon.eval.gva import Selection, load_corpus, raw_document
from rashomon.extract import EventLexicon, annotate_document, annotate_text, extract, predict_fields
from rashomon.model import Document, ReferenceDate
from rashomon.pipeline import load_resources, process_raw
from rashomon.resolve.actors import ActorKB

#: How many gold documents (with an incident record) the floors are measured on.
N_DOCS = 40


def _fields(text: str, nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> dict[str, object]:
    ref = ReferenceDate(date=dt.date(2014, 6, 10), kind="published")
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    return predict_fields(extract(ann, lexicon=lexicon, kb=kb), ann)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("A man was shot and killed Tuesday night in the 1500 block of Main Street.", 1, 0),
        ("Two people were wounded in a shooting outside a bar early Sunday.", 0, 2),
        ("Shots were fired at a home on Monday. No one was hurt, police said.", 0, 0),
        ("John Smith, 23, died at the hospital after a shooting on Monday.", 1, 0),
        ("One person was killed and three others injured in a shooting on Saturday night.", 1, 3),
        ("A gunman shot six people, one fatally, at a party on Saturday.", 1, 5),
        ("Police said a shooting sent 4 people to the hospital on Sunday.", 0, 4),
    ],
)
def test_casualty_counts(text: str, killed: int, injured: int, nlp: Language,
                         lexicon: EventLexicon, kb: ActorKB) -> None:
    f = _fields(text, nlp, lexicon, kb)
    assert f["event_found"] is True
    assert f["event_type"] in {"Violence against civilians", "Battles"}
    assert (f["killed"], f["injured"]) == (killed, injured), f["evidence"]


def test_other_incidents_are_not_counted(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    text = ("A man was shot and killed Tuesday night outside a store. "
            "It was the city's 30th homicide this year, and 12 people were killed in shootings last month.")
    f = _fields(text, nlp, lexicon, kb)
    assert (f["killed"], f["injured"]) == (1, 0)


def test_incident_date_is_the_shooting_day_not_the_statement_day(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    f = _fields("One person was killed in a shooting on Saturday night, a spokesman said Monday.",
                nlp, lexicon, kb)
    assert f["event_date"] == (dt.date(2014, 6, 7), dt.date(2014, 6, 7))  # ref is Tue 10 June


def test_gva_floors(shared_data: Path, nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    corpus = load_corpus(shared_data / "gva-dev", Selection())
    docs = [d for d in corpus.documents if corpus.incident_of(d) is not None][:N_DOCS]
    assert len(docs) == N_DOCS
    resources = load_resources()
    found = killed = injured = dated = 0
    for gold in docs:
        incident = corpus.incident_of(gold)
        assert incident is not None
        doc = process_raw(raw_document(gold, corpus.path), resources)
        if not isinstance(doc, Document):
            continue
        ann = annotate_document(doc, nlp)
        f = predict_fields(extract(ann, lexicon=lexicon, kb=kb), ann)
        found += bool(f["event_found"])
        killed += f["killed"] == incident.num_killed
        injured += f["injured"] == incident.num_injured
        date = f["event_date"]
        dated += date is not None and date == (incident.date, incident.date)
    assert found / N_DOCS >= 0.80
    assert killed / N_DOCS >= 0.60
    assert injured / N_DOCS >= 0.50
    assert dated / N_DOCS >= 0.30


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a follow-up's day (death, arrest, plea, funeral) is not the incident's
        ("A man was shot Saturday night on Elm Street and died Monday at the hospital.", 7),
        ("A Toledo man accused in a June 4 shooting that wounded two people was arrested today.", 4),
        (("Police arrested a man Monday in the shooting of a teenager. "
          "The teenager was shot Saturday outside a store."), 7),
        (("A man charged in the killing of his neighbor pleaded guilty on Monday. "
          "The shooting happened Thursday near the park."), 5),
        (("Mourners gathered at funeral services on Monday for a woman who was killed "
          "Friday in a shooting."), 6),
        # with no incident day, a neutral day beats a follow-up's
        (("Officers responded to a shooting Saturday on Main Street. "
          "A suspect was arrested Monday, police said."), 7),
    ],
)
def test_incident_day_is_the_shooting_not_a_follow_up(text: str, day: int, nlp: Language,
                                                       lexicon: EventLexicon, kb: ActorKB) -> None:
    f = _fields(text, nlp, lexicon, kb)  # ref is Tuesday 10 June 2014
    assert f["event_date"] == (dt.date(2014, 6, day), dt.date(2014, 6, day)), f["evidence"]


def test_an_undated_page_gets_no_day_from_a_weekday(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    # only an upper bound (a crawl time): a weekday cannot be placed, so no day is guessed
    text = "A man was shot Saturday night on Elm Street and died Monday at the hospital."
    ref = ReferenceDate(date=None, kind="unknown")  # the clean stage's answer for such pages
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    f = predict_fields(extract(ann, lexicon=lexicon, kb=kb), ann)
    date = f["event_date"]
    assert date is None, f["evidence"]


def test_the_title_tells_the_event_when_the_body_is_a_login_wall() -> None:
    """Whole pipeline (clean, annotate with the gazetteer, extract) on a JSONL record."""
    from rashomon.ingest.jsonl import record_document
    from rashomon.pipeline import analyse, prediction_fields

    res = load_resources()
    wall = "Sign in to keep reading. Subscribe now for full access to every story."
    raw = record_document("feed.jsonl:1", {"title": "Farmington man dies in accidental shooting",
                                           "content": wall, "url": "http://news.example/a"}, {})
    doc = process_raw(raw, res)
    assert isinstance(doc, Document)
    analysis = next(analyse([doc], res))
    ex = analysis.extraction
    assert ex.main_event is not None and "title" in ex.main_reason
    main = ex.event_mentions[ex.main_event]
    assert doc.raw.text[main.evidence.start:main.evidence.end].startswith("Farmington man dies")
    fields = prediction_fields(analysis)
    assert (fields["event_found"], fields["killed"], fields["injured"]) == (True, 1, 0)
    # a body that tells the event keeps the title out of the event list
    told = record_document("feed.jsonl:2", {
        "title": "Farmington man dies in accidental shooting",
        "content": "A 34-year-old man was fatally shot Sunday while cleaning a rifle at his "
                   "home, the sheriff's office said.", "url": "http://news.example/b"}, {})
    body_doc = process_raw(told, res)
    assert isinstance(body_doc, Document)
    body_ex = next(analyse([body_doc], res)).extraction
    title_end = len("Farmington man dies in accidental shooting")
    assert body_ex.main_event is not None
    assert all(e.evidence.start > title_end for e in body_ex.event_mentions)


def test_a_headline_death_beats_a_body_written_before_it() -> None:
    from rashomon.ingest.jsonl import record_document
    from rashomon.pipeline import analyse, prediction_fields

    res = load_resources()
    raw = record_document("feed.jsonl:1", {
        "title": "Teen killed in hunting accident near Millbrook",
        "content": "A 15-year-old boy was shot Saturday while hunting with his father in a "
                   "field east of town, the sheriff's office said. He was taken to a hospital.",
        "url": "http://news.example/c"}, {})
    doc = process_raw(raw, res)
    assert isinstance(doc, Document)
    fields = prediction_fields(next(analyse([doc], res)))
    assert (fields["killed"], fields["injured"]) == (1, 0), fields["evidence"]
