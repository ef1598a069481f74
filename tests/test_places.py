"""Toponym recognition and resolution on the seeds and on US local-news patterns.

Real parts: the spaCy model and the package-built gazetteer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from rashomon.annotate.nlp import annotate_places, annotate_places_batch, load_nlp
from rashomon.resolve.gazetteer import Gazetteer, open_gazetteer
from rashomon.resolve.places import PlaceMention, RegionHint, pick_event_location


@pytest.fixture(scope="module")
def gaz() -> Iterator[Gazetteer]:
    g = open_gazetteer()
    yield g
    g.close()


@pytest.fixture(scope="module")
def nlp(gaz: Gazetteer) -> Language:
    return load_nlp(gazetteer=gaz)


def _body(text: str, first: str, last: str) -> tuple[int, int]:
    # the seeds use no-break spaces between some words: compare with them folded
    flat = text.replace("\xa0", " ")
    start = flat.index(first)
    return start, flat.index(last, start) + len(last)


def _by_text(mentions: tuple[PlaceMention, ...], text: str) -> list[PlaceMention]:
    return [m for m in mentions if m.text == text]


@pytest.fixture(scope="module")
def sputnik(sputnik_path: Path, nlp: Language, gaz: Gazetteer) -> tuple[str, tuple[PlaceMention, ...]]:
    text = sputnik_path.read_text(encoding="utf-8")
    # two body spans, so offsets must be shifted back correctly
    b1 = _body(text, "The Syrian Army has moved", "against the jihadists in the city suburbs.")
    b2 = _body(text, "Earlier on Sunday, Russia", "temples of Baal Shamin and Bel.")
    return text, annotate_places(text, [b1, b2], nlp, gaz)


def test_offsets_point_into_the_original_text(sputnik: tuple[str, tuple[PlaceMention, ...]]) -> None:
    text, ms = sputnik
    assert ms
    for m in ms:
        assert text[m.start : m.end] == m.text
    caption_end = text.index("The Syrian Army has moved")
    assert all(m.start >= caption_end for m in ms)  # the caption is not body


def test_sputnik_seed_places(sputnik: tuple[str, tuple[PlaceMention, ...]]) -> None:
    _, ms = sputnik
    palmyra = _by_text(ms, "Palmyra")
    assert len(palmyra) >= 5 and {m.resolved.geonameid for m in palmyra if m.resolved} == {163808}
    assert _by_text(ms, "Raqqa")[0].resolved.name == "Ar Raqqah"  # type: ignore[union-attr]
    deir = _by_text(ms, "Deir ez-Zor")[0]
    assert deir.resolved is not None and deir.resolved.geonameid == 170794
    province = next(m for m in ms if m.text.startswith("Homs"))
    assert province.resolved is not None and province.resolved.is_admin1
    assert province.resolved.admin1_name == "Homs" and province.precision == 3
    syria = _by_text(ms, "Syria") + _by_text(ms, "Russia")
    assert syria and all(m.resolved and m.resolved.is_country and m.precision == 3 for m in syria)
    assert not [m for m in ms if "Daesh" in m.text]  # an armed group, not a place


def test_relative_places_take_the_anchor(sputnik: tuple[str, tuple[PlaceMention, ...]]) -> None:
    _, ms = sputnik
    amiriyah = [m for m in ms if "Amiriyah" in m.text]
    assert len(amiriyah) == 1
    a = amiriyah[0]
    assert a.resolved is not None and a.resolved.geonameid == 163808
    assert a.precision == 2 and a.anchor_of == "northeast of"
    suburbs = [m for m in ms if m.anchor_of and "suburbs" in m.anchor_of]
    assert suburbs and suburbs[0].precision == 2 and suburbs[0].resolved.geonameid == 163808  # type: ignore[union-attr]
    plain = [m for m in _by_text(ms, "Palmyra") if m.anchor_of is None]
    assert plain and all(m.precision == 1 for m in plain)


def test_rt_seed_places(rt_path: Path, nlp: Language, gaz: Gazetteer) -> None:
    text = rt_path.read_text(encoding="utf-8")
    body = _body(text, "Over 4,000 Islamic State", "managed to liberate the city.")
    ms = annotate_places(text, [body], nlp, gaz)
    assert _by_text(ms, "Deyr ez Zor")[0].resolved.geonameid == 170794  # type: ignore[union-attr]
    assert {m.resolved.geonameid for m in _by_text(ms, "Mosul") if m.resolved} == {99072}
    iraq = _by_text(ms, "Iraq")
    assert iraq and all(m.resolved and m.resolved.geonameid == 99237 for m in iraq)  # not Arak, Iran
    pick = pick_event_location(ms)
    assert pick is not None and pick.resolved is not None and pick.resolved.geonameid == 163808


def test_us_local_news_state_context(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "NASHVILLE, Tenn. (AP) — A teenager was shot and killed at an apartment complex in "
        "Hermitage on Tuesday, Metro police said. Police said on Sunday the mobile unit "
        "was called to Richmond, Ind. for a second case."
    )
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    names = {m.text: m.resolved for m in ms}
    assert names["NASHVILLE"] is not None and names["NASHVILLE"].admin1 == "TN"
    assert names["Hermitage"] is not None and names["Hermitage"].admin1 == "TN"
    assert names["Richmond"] is not None and names["Richmond"].admin1 == "IN"
    assert not {"Police", "Sunday", "Metro"} & set(names)
    pick = pick_event_location(ms)
    assert pick is not None and pick.text == "NASHVILLE" and pick.dateline


def test_region_hint_breaks_a_tie(nlp: Language, gaz: Gazetteer) -> None:
    text = "Two men were wounded in a shooting in Springfield late Friday."
    plain = annotate_places(text, [(0, len(text))], nlp, gaz)
    hinted = annotate_places(text, [(0, len(text))], nlp, gaz, hint=RegionHint(country="US", admin1="IL"))
    assert plain[0].resolved is not None and hinted[0].resolved is not None
    assert hinted[0].resolved.admin1 == "IL"
    assert plain[0].resolved.geonameid != hinted[0].resolved.geonameid


def test_batch_matches_single(nlp: Language, gaz: Gazetteer) -> None:
    texts = ["Clashes were reported in Aleppo, Syria.", "", "A man was shot in Memphis, TN."]
    batch = list(annotate_places_batch(((t, [(0, len(t))]) for t in texts), nlp, gaz))
    assert len(batch) == 3 and batch[1] == ()
    assert batch[0] == annotate_places(texts[0], [(0, len(texts[0]))], nlp, gaz)
    memphis = next(m for m in batch[2] if m.text == "Memphis")
    assert memphis.resolved is not None and memphis.resolved.admin1 == "TN"


def test_pick_event_location_prefers_towns_over_regions() -> None:
    from rashomon.resolve.gazetteer import Place

    def place(gid: int, code: str, cls: str = "P") -> Place:
        return Place(geonameid=gid, name=str(gid), country="US", admin1="TN", admin1_name="Tennessee",
                     lat=36.0, lon=-86.0, feature_class=cls, feature_code=code, population=1)  # type: ignore[arg-type]

    county = PlaceMention(start=0, end=5, text="X County", candidates=(), resolved=place(1, "ADM2", "A"),
                          precision=3, anchor_of=None, reason="")
    state = PlaceMention(start=6, end=9, text="Tennessee", candidates=(), resolved=place(2, "ADM1", "A"),
                         precision=3, anchor_of=None, reason="")
    town = PlaceMention(start=20, end=24, text="Town", candidates=(), resolved=place(3, "PPL"),
                        precision=1, anchor_of=None, reason="")
    assert pick_event_location([county, state, town]) is town
    assert pick_event_location([state, county]) is county
    assert pick_event_location([]) is None


def test_state_after_a_name_rules_out_other_states(nlp: Language, gaz: Gazetteer) -> None:
    # Troy, W.Va. is too small for cities500; the ZIP code list's postal town is used
    text = "TROY, W.Va. (AP) — A boy was shot in Gilmer County on Sunday, police said."
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    troy = next(m for m in ms if m.text == "TROY")
    assert troy.resolved is not None and troy.resolved.admin1 == "WV" and troy.precision == 1
    pick = pick_event_location(ms)
    assert pick is not None and pick.resolved is not None and pick.resolved.admin1 == "WV"
    # no Kalamazoo in West Virginia: better unresolved than Kalamazoo, MI
    text = "KALAMAZOO, W.Va. (AP) — A boy was shot on Sunday, police said."
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    kzoo = next(m for m in ms if m.text == "KALAMAZOO")
    assert kzoo.resolved is None and "state" in kzoo.reason


def test_a_county_and_a_town_agree_on_their_state(nlp: Language, gaz: Gazetteer) -> None:
    text = "A man was shot in Athens on Friday. Clarke County police said the man died."
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    assert {(m.text, m.resolved.admin1) for m in ms if m.resolved} == {("Athens", "GA"), ("Clarke County", "GA")}


def test_repeated_name_does_not_vote_for_itself(nlp: Language, gaz: Gazetteer) -> None:
    # six "Medina" once outvoted "Manteca" for Saudi Arabia's Madinah (an alternate)
    text = "A teenager was shot in Manteca on Friday. The Medina family said Medina was a good son. Medina relatives gathered."
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    medina = [m.resolved for m in ms if m.text == "Medina" and m.resolved is not None]
    assert medina and all(p.country == "US" for p in medina)


def test_surname_of_a_named_person_is_not_a_town(nlp: Language, gaz: Gazetteer) -> None:
    text = ("Christopher Dean Wright was charged on Friday in Holly Hill, South Carolina.\n\n"
            "Police said Wright was at home when the shooting happened. Wright told the court he was innocent.")
    body = [(0, text.index("\n\n")), (text.index("Police"), len(text))]  # the name and the surname in different pieces
    ms = annotate_places(text, body, nlp, gaz)
    assert not [m for m in ms if m.text == "Wright"]
    holly = next(m for m in ms if m.text == "Holly Hill")
    assert holly.resolved is not None and holly.resolved.admin1 == "SC"


def test_outlet_home_state_becomes_the_region_hint() -> None:
    from rashomon.clean.outlets import OutletTable

    table = OutletTable.load()
    wkrn = table.by_domain("http://web.archive.org/web/2016/http://www.wkrn.com/story/1")
    assert wkrn is not None and table.region(wkrn.id) == "US-TN"
    cnn = table.by_domain("cnn.com")
    assert cnn is not None and table.region(cnn.id) is None  # national outlets have no home state


def test_domain_words_name_the_home_state(gaz: Gazetteer) -> None:
    from rashomon.components.toponyms import load_stoplist
    from rashomon.resolve.places import region_from_host

    stop = load_stoplist()
    cases = {
        "http://web.archive.org/web/2015/http://www.mysanantonio.com/news/x": "TX",
        "https://chicago.suntimes.com/news/x": "IL",
        "http://www.arkansasonline.com/news/x": "AR",  # Arkansas, not Kansas inside it
        "http://www.beaumontenterprise.com/x": "TX",  # the leftmost name: Beaumont
        "http://fox5atlanta.com/x": "GA",
    }
    for url, state in cases.items():
        hint = region_from_host(url, gaz, stoplist=stop)
        assert hint is not None and hint.admin1 == state, url
    # no place word, or one shared by big towns of two states: no hint
    assert region_from_host("http://www.wsbtv.com/x", gaz, stoplist=stop) is None
    assert region_from_host("http://springfieldnewssun.com/x", gaz, stoplist=stop) is None
    assert region_from_host("http://www.dailymail.co.uk/x", gaz, stoplist=stop) is None


def test_us_local_patterns(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "MORETOWN — A man was shot on River Road, Vermont State Police said.\n"
        "Two men were shot in Southeast Washington on Friday night, police said. "
        "Hayward police said a Bellflower barbershop was closed. "
        "The girl was shot at her home in Fountain, north of Panama City in Bay County."
    )
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    by = {m.text: m for m in ms}
    # a dateline names a town too small to be matched on its own
    assert by["MORETOWN"].resolved is not None and by["MORETOWN"].resolved.admin1 == "VT"
    # a compass word makes a part of the town, coded to the town with precision 2
    se = by["Southeast Washington"]
    assert se.resolved is not None and se.resolved.geonameid == 4140963 and se.precision == 2
    # a town's name before a noun or its police is the town, whatever the tagger said
    assert by["Hayward"].resolved is not None and by["Bellflower"].resolved is not None
    assert by["Bellflower"].resolved.admin1 == "CA"
    # a town near a county the document names lies in it (Fountain, Fla., not Colo.)
    assert by["Fountain"].resolved is not None and by["Fountain"].resolved.admin1 == "FL"


def test_the_state_most_places_are_in_beats_a_bigger_namesake(nlp: Language, gaz: Gazetteer) -> None:
    # "Austin" is a Chicago neighbourhood here: the Texas capital is bigger and named
    # twice, but the county and the city the article names are in Illinois
    text = ("A man was shot and killed Saturday in Austin, police said. Officers found him "
            "near a bus stop in Austin. Cook County prosecutors charged a neighbour, and "
            "Chicago police are still looking for a second man.")
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    pick = pick_event_location(ms)
    assert pick is not None and pick.resolved is not None
    assert pick.resolved.admin1 == "IL", (pick.text, pick.resolved)


def test_a_county_named_more_than_a_town_outside_it_wins(nlp: Language, gaz: Gazetteer) -> None:
    text = ("A woman was wounded in a shooting in rural Cowley County on Sunday. Cowley County "
            "deputies arrested her husband, and she was flown to a hospital in Wichita.")
    ms = annotate_places(text, [(0, len(text))], nlp, gaz)
    pick = pick_event_location(ms)
    assert pick is not None and pick.resolved is not None
    assert pick.resolved.feature_code == "ADM2" and pick.text == "Cowley County"


def test_a_town_qualifying_its_residents_is_a_place(nlp: Language, gaz: Gazetteer) -> None:
    # stoplisted words ("providence") and first names ("Madison") the NER calls a person
    # are the town when they qualify a resident noun, as local headlines write them
    for text, name in (("Providence gang member sentenced for the killing of a girl", "Providence"),
                       ("Madison boy accidentally shoots himself in the hand", "Madison")):
        ms = annotate_places(text, [(0, len(text))], nlp, gaz)
        found = [m for m in ms if m.text == name]
        assert found and found[0].resolved is not None, (text, ms)
    text = "Kelly Smith and Madison Jones went home after the game."
    assert not [m for m in annotate_places(text, [(0, len(text))], nlp, gaz) if m.text == "Madison"]
