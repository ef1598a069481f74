"""Event mentions on the two seed articles (DESIGN.md's worked example) and on short texts.

Real parts: the spaCy model, the packaged gazetteer, actor KB and event lexicon; the
seed documents go through the clean stage as ``rashomon ingest`` would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

import rashomon.components.actors
import rashomon.components.quantities  # noqa: F401  (registers rashomon_quantities)
from rashomon.annotate.nlp import load_nlp
from rashomon.errors import ConfigError
from rashomon.extract import (
    EventLexicon,
    EventMention,
    Extraction,
    annotate_document,
    annotate_text,
    extract,
    predict_fields,
    render_events,
)
from rashomon.model import Document, RawDocument, ReferenceDate
from rashomon.pipeline import load_resources, process_raw
from rashomon.resolve.actors import ActorKB
from rashomon.resolve.gazetteer import Gazetteer, open_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Iterator[Gazetteer]:
    g = open_gazetteer()
    yield g
    g.close()


@pytest.fixture(scope="module")
def nlp(gaz: Gazetteer) -> Language:
    pipe = load_nlp(gazetteer=gaz, exclude=())
    pipe.add_pipe("rashomon_actors")
    pipe.add_pipe("rashomon_quantities", after="ner")
    return pipe


def _run(path: Path, nlp: Language, gaz: Gazetteer, lexicon: EventLexicon, kb: ActorKB) -> tuple[str, Extraction]:
    text = path.read_text(encoding="utf-8")
    doc = process_raw(RawDocument(origin=str(path), kind="txt", text=text), load_resources())
    assert isinstance(doc, Document)
    return text, extract(annotate_document(doc, nlp, gazetteer=gaz), lexicon=lexicon, kb=kb)


@pytest.fixture(scope="module")
def sputnik(sputnik_path: Path, nlp: Language, gaz: Gazetteer, lexicon: EventLexicon, kb: ActorKB) -> tuple[str, Extraction]:
    return _run(sputnik_path, nlp, gaz, lexicon, kb)


@pytest.fixture(scope="module")
def rt(rt_path: Path, nlp: Language, gaz: Gazetteer, lexicon: EventLexicon, kb: ActorKB) -> tuple[str, Extraction]:
    return _run(rt_path, nlp, gaz, lexicon, kb)


def _with(text: str, ex: Extraction, words: str) -> list[EventMention]:
    """Event mentions whose evidence sentence contains ``words`` (no-break spaces folded)."""
    return [e for e in ex.event_mentions
            if words in text[e.evidence.start : e.evidence.end].replace("\xa0", " ")]


def test_every_span_points_into_the_raw_text(sputnik: tuple[str, Extraction], rt: tuple[str, Extraction]) -> None:
    for text, ex in (sputnik, rt):
        assert ex.event_mentions
        for e in ex.event_mentions:
            sentence = text[e.evidence.start : e.evidence.end]
            assert e.evidence.start <= e.trigger_span.start < e.trigger_span.end <= e.evidence.end
            assert text[e.trigger_span.start : e.trigger_span.end].split()[0].lower()[:4] in sentence.lower()
            for a in (e.actor1, e.actor2, *e.associated):
                if a is not None:
                    assert e.evidence.start <= a.span.start < a.span.end <= e.evidence.end
    # reader comments are not body: nothing is extracted from them
    text, ex = sputnik
    comments = text.index("All comments")
    assert all(e.evidence.end < comments for e in ex.event_mentions)


def test_sunday_fighting_in_the_suburbs(sputnik: tuple[str, Extraction]) -> None:
    text, ex = sputnik
    [e] = _with(text, ex, "is fighting Daesh")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.modality == "occurred"
    assert e.actor1 is not None and e.actor1.actor_id == "mil-sy"
    assert e.date_start == e.date_end == dt.date(2016, 12, 11)
    assert e.claim is not None and ex.claims[e.claim].speaker is not None
    assert "governor" in ex.claims[e.claim].speaker.text.lower()  # type: ignore[union-attr]
    assert ex.main_event == e.seq  # the article's lead event


def test_saturday_attack_thwarted_with_russian_air_support(sputnik: tuple[str, Extraction]) -> None:
    text, ex = sputnik
    [e] = _with(text, ex, "Their offensive was thwarted")
    assert e.event_type == "Battles"
    assert e.modality == "attempted" and e.modality_cue == "thwarted"
    assert e.date_start == e.date_end == dt.date(2016, 12, 10)
    assert any(a.actor_id == "mil-ru" for a in e.associated)
    [launched] = _with(text, ex, "launched their previous attack")
    assert launched.date_start == dt.date(2016, 12, 10)


def test_repelled_attack_up_to_300_killed_per_the_defense_ministry(rt: tuple[str, Extraction]) -> None:
    text, ex = rt
    [e] = _with(text, ex, "managed to repel several attacks")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.modality == "attempted"
    assert e.fatalities is not None and (e.fatalities.low, e.fatalities.high) == (1, 300)
    assert text[e.fatalities.span.start : e.fatalities.span.end] == "up to 300"
    assert e.actor2 is not None and e.actor2.actor_id == "mil-sy"  # the defender
    assert any("Russian" in a.text for a in e.associated)
    assert e.claim is not None
    speaker = ex.claims[e.claim].speaker
    assert speaker is not None and speaker.text.endswith("Russian Defense Ministry")


def test_force_movement_and_its_lower_bound(sputnik: tuple[str, Extraction], rt: tuple[str, Extraction]) -> None:
    text, ex = sputnik
    [move] = [e for e in _with(text, ex, "managed to move considerable forces") if e.trigger == "move"]
    assert (move.event_type, move.sub_event_type) == ("Strategic developments", "Other")
    assert move.actor1 is not None and move.actor1.actor_id == "is"
    assert move.claim is not None and ex.claims[move.claim].speaker is not None
    assert ex.claims[move.claim].speaker.actor_id == "ru-recon"  # type: ignore[union-attr]
    regroup, capture = _with(text, ex, "Over 4,000 Daesh terrorists have regrouped")
    assert regroup.trigger.startswith("regroup") and (capture.trigger, capture.modality) == ("capture", "planned")
    over = [q for q in regroup.quantities if q.low == 4000]
    assert over and over[0].high is None  # "over 4,000": a lower bound, never a point
    text2, ex2 = rt
    assert [e for e in _with(text2, ex2, "IS has dispatched a considerable force") if e.sub_event_type == "Other"]


def test_high_ground_captured_over_the_past_week_is_a_range(sputnik: tuple[str, Extraction]) -> None:
    text, ex = sputnik
    grounds = [e for e in _with(text, ex, "managed to capture several high grounds")
               if e.sub_event_type == "Non-state actor overtakes territory"]
    assert grounds
    e = grounds[0]
    assert e.modality == "occurred"
    assert e.date_start is not None and e.date_end == dt.date(2016, 12, 11)
    assert e.date_start < e.date_end and e.time_precision == "week"


def test_background_intentions_and_attempts_are_not_occurred(sputnik: tuple[str, Extraction]) -> None:
    text, ex = sputnik
    history = _with(text, ex, "liberated Palmyra in March, 2016")
    assert {e.sub_event_type for e in history} >= {"Government regains territory",
                                                     "Non-state actor overtakes territory"}
    assert all(e.modality == "historical" for e in history)
    [temples] = _with(text, ex, "destroyed a number of ancient objects")
    assert temples.modality == "historical"  # dated by the sentence before
    [goal] = _with(text, ex, "Their perceived goal is to capture")
    assert goal.modality == "planned"
    trying = _with(text, ex, "were again trying to attack")
    assert trying and trying[0].modality == "attempted"
    sought = [e for e in _with(text, ex, "sought to seize") if e.trigger == "seize"]
    assert sought and sought[0].modality == "attempted"
    assert ex.event_mentions[ex.main_event or 0].modality == "occurred"


def test_entering_districts_comes_from_a_claim_chain_and_amaq_claims(rt: tuple[str, Extraction]) -> None:
    text, ex = rt
    [foothold] = _with(text, ex, "jihadists gained footholds")
    assert foothold.claim is not None
    claim = ex.claims[foothold.claim]
    assert claim.speaker is not None and claim.speaker.text == "AP"
    assert claim.via and "Palmyra Coordination network" in claim.via[0].text.replace(" - ", "-")
    assert claim.origin == claim.via[-1]
    [seized] = _with(text, ex, "claims the jihadists in fact seized the city")
    assert seized.modality == "claimed"
    assert ex.claims[seized.claim or 0].stance == "claims"


def _one(text: str, nlp: Language, lexicon: EventLexicon, kb: ActorKB, ref: dt.date = dt.date(2014, 3, 10)) -> Extraction:
    ann = annotate_text("t", text, [(0, len(text))], ReferenceDate(date=ref, kind="published"), nlp)
    return extract(ann, lexicon=lexicon, kb=kb)


@pytest.mark.parametrize(
    ("sentence", "event_type", "modality"),
    [
        ("Two men exchanged gunfire with police officers on Sunday.", "Battles", "occurred"),
        ("A man was shot and killed on Sunday outside a bar.", "Violence against civilians", "occurred"),
        ("Police arrested a 19-year-old man on Sunday.", "Strategic developments", "occurred"),
        ("The gunman did not shoot anyone.", "Violence against civilians", "negated"),
        ("The militants could attack the town.", "Battles", "hypothetical"),
        ("The rebels plan to attack the base next week.", "Battles", "planned"),
    ],
)
def test_short_sentences(sentence: str, event_type: str, modality: str, nlp: Language,
                         lexicon: EventLexicon, kb: ActorKB) -> None:
    ex = _one(sentence, nlp, lexicon, kb)
    assert ex.event_mentions, sentence
    first = ex.event_mentions[0]
    assert (first.event_type, first.modality) == (event_type, modality)


def test_one_shooting_is_one_event(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    ex = _one("A man was shot and killed on Saturday night in Hermitage.", nlp, lexicon, kb)
    assert len(ex.event_mentions) == 1
    e = ex.event_mentions[0]
    assert e.date_start == e.date_end == dt.date(2014, 3, 8)
    assert e.fatalities is not None and e.fatalities.low == e.fatalities.high == 1


def test_lexicon_rows_are_checked(tmp_path: Path) -> None:
    bad = tmp_path / "mine.csv"
    bad.write_text("trigger,pos,event_type,sub_event_type\nbrawl,NOUN,Riots,Bar fight\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        EventLexicon.load([bad])
    assert info.value.code == "R120"
    good = tmp_path / "good.csv"
    good.write_text("trigger,pos,event_type,sub_event_type\nbrawl,NOUN,Riots,Mob violence\n", encoding="utf-8")
    lex = EventLexicon.load([good])
    assert lex.by_first["brawl"][0].sub_event_type == "Mob violence"


def test_render_events_shows_the_main_event(sputnik: tuple[str, Extraction]) -> None:
    from rich.console import Console

    text, ex = sputnik
    console = Console(width=200, record=True)
    console.print(render_events(ex, text))
    out = console.export_text()
    assert "Armed clash" in out and "main event" in out and "al - Ikhbariyah TV" in out


@pytest.mark.parametrize(
    ("sentence", "time", "role"),
    [
        ("A man was shot Saturday night outside a bar.", "Saturday night", "incident"),
        ("The shooting happened Thursday near the park.", "Thursday", "incident"),
        ("A man was shot Saturday and died Monday.", "Monday", "followup"),
        ("Police arrested a suspect on Tuesday.", "Tuesday", "followup"),
        ("The suspect entered a plea Wednesday in court.", "Wednesday", "followup"),
        ("One person was hurt, police said Friday.", "Friday", "said"),
        ("Officers responded to the area Sunday.", "Sunday", "neutral"),
    ],
)
def test_time_role_reads_what_a_time_is_attached_to(sentence: str, time: str, role: str,
                                                    nlp: Language, lexicon: EventLexicon) -> None:
    from rashomon.extract.events import time_role

    doc = nlp(sentence)
    at = sentence.index(time)
    span = doc.char_span(at, at + len(time), alignment_mode="expand")
    assert span is not None
    shoot = frozenset(t.i for t in doc if t.lemma_.lower() in {"shoot", "shooting"})
    assert time_role(span, lexicon, shoot)[0] == role


def test_the_earliest_day_of_the_incident_sentence_wins(nlp: Language, lexicon: EventLexicon,
                                                        kb: ActorKB) -> None:
    # one incident, two days named for it: the earlier one ("late Saturday" before "early Sunday")
    text = "Two men were shot late Saturday and early Sunday on the same block."
    ref = ReferenceDate(date=dt.date(2014, 6, 10), kind="published")  # a Tuesday
    ann = annotate_text("t", text, [(0, len(text))], ref, nlp)
    ex = extract(ann, lexicon=lexicon, kb=kb)
    f = predict_fields(ex, ann)
    assert f["event_date"] == (dt.date(2014, 6, 7), dt.date(2014, 6, 7)), f["evidence"]
