"""Claims: speakers, channels, stances and attribution chains; and the store round trip.

Real parts: the spaCy model, the actor KB, the event lexicon, a real SQLite store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import rashomon.components.actors
import rashomon.components.quantities  # noqa: F401  (registers rashomon_quantities)
from rashomon.extract import (
    Claim,
    EventLexicon,
    Extraction,
    annotate_document,
    annotate_text,
    extract,
)
from rashomon.model import Document, RawDocument, ReferenceDate
from rashomon.pipeline import load_resources, process_raw
from rashomon.resolve.actors import ActorKB
from rashomon.store import Store
from rashomon.store.events import get_extraction, replace_extractions


def _doc(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    doc = process_raw(RawDocument(origin=str(path), kind="txt", text=text), load_resources())
    assert isinstance(doc, Document)
    return doc


@pytest.fixture(scope="module")
def sputnik(sputnik_path: Path, nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> tuple[Document, Extraction]:
    doc = _doc(sputnik_path)
    return doc, extract(annotate_document(doc, nlp), lexicon=lexicon, kb=kb)


@pytest.fixture(scope="module")
def rt(rt_path: Path, nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> tuple[Document, Extraction]:
    doc = _doc(rt_path)
    return doc, extract(annotate_document(doc, nlp), lexicon=lexicon, kb=kb)


def _about(text: str, claims: tuple[Claim, ...], words: str) -> Claim:
    found = [c for c in claims if words in text[c.content.start : c.content.end].replace("\xa0", " ")]
    assert found, words
    return found[0]


def test_governor_on_tv_asserts_the_army_resists(sputnik: tuple[Document, Extraction]) -> None:
    doc, ex = sputnik
    text = doc.raw.text
    c = _about(text, ex.claims, "maintaining stiff resistance")
    assert c.speaker is not None and c.speaker.text == "Governor Talal Barazi"
    assert c.speaker.kind == "person"
    assert c.channel is not None and "Ikhbariyah TV" in c.channel.replace(" - ", "-").replace("al-", "")
    assert (c.verb, c.stance) == ("said", "asserts")
    assert text[c.speaker.span.start : c.speaker.span.end] == "Governor Talal Barazi"


def test_statement_reads_belongs_to_the_center(sputnik: tuple[Document, Extraction], rt: tuple[Document, Extraction]) -> None:
    doc, ex = sputnik
    c = _about(doc.raw.text, ex.claims, "Over 4,000 Daesh terrorists")
    assert c.speaker is not None and c.speaker.text == "the center"
    doc2, ex2 = rt
    reads = _about(doc2.raw.text, ex2.claims, "Despite heavy losses")
    assert reads.verb == "reads" and reads.speaker is not None
    assert reads.speaker.actor_id is not None
    assert "Reconciliation" in reads.speaker.text or "Russian" in reads.speaker.text


def test_amaq_claims_and_the_governor_asserts(rt: tuple[Document, Extraction], sputnik: tuple[Document, Extraction]) -> None:
    doc, ex = rt
    amaq = _about(doc.raw.text, ex.claims, "seized the city")
    assert amaq.stance == "claims" and amaq.speaker is not None
    assert amaq.speaker.kind == "outlet" and "news agency" in amaq.speaker.text
    lavrov = _about(doc.raw.text, ex.claims, "could flee from Mosul")
    assert lavrov.stance == "warns" and lavrov.speaker is not None and lavrov.speaker.kind == "person"


def test_according_to_x_citing_y_is_a_chain(rt: tuple[Document, Extraction]) -> None:
    doc, ex = rt
    c = _about(doc.raw.text, ex.claims, "gained footholds")
    assert c.verb == "according to"
    assert c.speaker is not None and c.speaker.text == "AP" and c.speaker.kind == "outlet"
    assert len(c.via) == 1 and "network" in c.via[0].text
    assert c.origin is c.via[0]


def _claims(text: str, nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> Extraction:
    ann = annotate_text("t", text, [(0, len(text))], ReferenceDate(date=dt.date(2014, 3, 10)), nlp)
    return extract(ann, lexicon=lexicon, kb=kb)


@pytest.mark.parametrize(
    ("text", "speaker", "stance"),
    [
        ("The ministry denied that its troops shelled the village.", "The ministry", "denies"),
        ("Police said a man was shot on Sunday.", "Police", "asserts"),
        ("The group claimed that it attacked the convoy.", "The group", "claims"),
        ("According to witnesses, the gunman fled on foot.", "witnesses", "asserts"),
    ],
)
def test_reporting_shapes(text: str, speaker: str, stance: str, nlp: Language,
                          lexicon: EventLexicon, kb: ActorKB) -> None:
    ex = _claims(text, nlp, lexicon, kb)
    assert ex.claims, text
    c = ex.claims[0]
    assert c.speaker is not None and c.speaker.text == speaker
    assert c.stance == stance
    for e in ex.event_mentions:  # an event inside the statement points at it
        assert e.claim == c.seq


def test_event_in_the_outlets_own_voice_has_no_claim(nlp: Language, lexicon: EventLexicon, kb: ActorKB) -> None:
    ex = _claims("A man was shot on Sunday outside a bar.", nlp, lexicon, kb)
    assert ex.event_mentions and ex.event_mentions[0].claim is None and not ex.claims


def test_store_round_trip(tmp_path: Path, sputnik: tuple[Document, Extraction]) -> None:
    doc, ex = sputnik
    store = Store.open(tmp_path / "r.db")
    try:
        store.add_documents([doc])
        replace_extractions(store, [ex])
        replace_extractions(store, [ex])  # idempotent: rows are replaced, not doubled
        back = get_extraction(store, doc.id)
    finally:
        store.close()
    assert back is not None
    assert back.event_mentions == ex.event_mentions
    assert back.claims == ex.claims
    assert back.main_event == ex.main_event
