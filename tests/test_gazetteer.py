"""The gazetteer: name folding, the package-built index, the dump builder and its CLI."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.resolve.gazetteer import (
    Gazetteer,
    build_from_geonames_dump,
    fold_name,
    open_gazetteer,
)
from rashomon.resolve.geo_cli import gazetteer_group

FIXTURE = Path(__file__).parent / "fixtures" / "geonames"


@pytest.fixture(scope="module")
def gaz() -> Iterator[Gazetteer]:
    g = open_gazetteer()  # builds the cache file once per machine (~40 s), then instant
    yield g
    g.close()


def test_fold_name_meets_transliterations() -> None:
    assert fold_name("Deir ez-Zor") == fold_name("Deyr ez Zor") == fold_name("Dair al Zor") == "dayr zor"
    # "Dayr az Zawr" folds to "dayr zawr": GeoNames lists it as an alternate (next test)
    assert fold_name("Ar-Raqqah") == fold_name("Raqqa") == "raqqa"
    assert fold_name("Ḩimş") == "hims"
    assert fold_name("al-Amiriyah") == "amiriya"
    assert fold_name("St. Louis") == fold_name("Saint Louis")
    assert fold_name("As Suwayda'") == "suwayda"
    assert fold_name("At") == "at"  # a lone article is kept: it is the whole name


def test_deir_ez_zor_spellings_resolve_to_one_place(gaz: Gazetteer) -> None:
    ids = set()
    for spelling in ("Deir ez-Zor", "Deyr ez Zor", "Dayr az Zawr"):
        towns = [c.place for c in gaz.candidates(spelling) if c.place.feature_class == "P"]
        ids.add(towns[0].geonameid)
    assert ids == {170794}


def test_seed_places(gaz: Gazetteer) -> None:
    assert 163808 in {c.place.geonameid for c in gaz.candidates("Palmyra")}
    raqqa = next(c.place for c in gaz.candidates("Raqqa") if c.place.feature_class == "P")
    assert raqqa.name == "Ar Raqqah" and raqqa.admin1_name == "Ar-Raqqah"
    iraq = gaz.candidates("Iraq")[0].place
    assert iraq.is_country and iraq.country == "IQ"
    homs = [c.place for c in gaz.candidates("Homs") if c.place.is_admin1]
    assert homs and homs[0].country == "SY" and homs[0].admin1 == "11"
    # ISO 3166-2 spelling (pycountry) reaches the same division
    assert homs[0].geonameid in {c.place.geonameid for c in gaz.candidates("Ḩimş")}


def test_demonyms_and_state_abbreviations(gaz: Gazetteer) -> None:
    assert gaz.demonym("Syrian") == "SY"
    assert gaz.demonym("Americans") == "US"
    assert gaz.demonym("Daesh") is None
    tenn = gaz.candidates("Tenn.")
    assert tenn and tenn[0].via == "abbreviation" and tenn[0].place.admin1 == "TN"
    info = gaz.key_info(["tn", "nashville", "no such place name"])
    assert info["tn"].abbreviation_only and not info["nashville"].abbreviation_only
    assert "no such place name" not in info


def test_cached_index_opens_fast(gaz: Gazetteer) -> None:
    t0 = time.perf_counter()
    again = open_gazetteer(gaz.path)
    again.candidates("Nashville")
    again.close()
    assert time.perf_counter() - t0 < 1.0


def test_dump_builder_on_hand_written_fixture(tmp_path: Path) -> None:
    out = build_from_geonames_dump(FIXTURE, tmp_path / "g.sqlite")
    g = open_gazetteer(out, build=False)
    try:
        town = g.candidates("Springfieldia")[0].place
        assert town.admin1_name == "North Province" and town.population == 120000
        assert g.candidates("Sprungfield")[0].place.geonameid == 9000001  # column-4 alternate
        assert g.candidates("Lakesyde")[0].place.geonameid == 9000002  # alternateNamesV2
        assert g.candidates("LKS") == ()  # IATA codes are not names
        assert g.candidates("Old Mill") == ()  # historical places are left out
        assert g.candidates("Grand Hotel") == ()  # no buildings
        # a country name never resolves to the building that shares it
        assert [c.place.geonameid for c in g.candidates("Xanadia")] == [9000020]
        assert g.candidates("North Province")[0].place.is_admin1
        lakes = g.candidates("Lakeside")
        assert [c.place.population for c in lakes] == [8000, 900]
    finally:
        g.close()


def test_dump_builder_refuses_empty_folder(tmp_path: Path) -> None:
    from rashomon.errors import ResourceError

    with pytest.raises(ResourceError, match="R302"):
        build_from_geonames_dump(tmp_path, tmp_path / "g.sqlite")


def test_cli_build_and_lookup(tmp_path: Path) -> None:
    out = tmp_path / "cli.sqlite"
    runner = CliRunner()
    res = runner.invoke(gazetteer_group, ["build", "--geonames", str(FIXTURE), "--out", str(out)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(gazetteer_group, ["lookup", "Springfeld", "--db", str(out)])
    assert res.exit_code == 0 and "9000001\tSpringfieldia\tNorth Province" in res.output


@pytest.mark.slow
def test_dump_builder_on_real_netherlands_dump(shared_data: Path, tmp_path: Path) -> None:
    t0 = time.perf_counter()
    out = build_from_geonames_dump(shared_data / "geonames", tmp_path / "nl.sqlite")
    assert time.perf_counter() - t0 < 20
    g = open_gazetteer(out, build=False)
    try:
        ams = next(c.place for c in g.candidates("Amsterdam") if c.place.feature_class == "P")
        assert ams.country == "NL" and ams.admin1_name == "North Holland"
        assert ams.population > 500_000
        holland = g.candidates("North Holland")[0].place
        assert holland.is_admin1 and holland.geonameid == 2749879
    finally:
        g.close()


def test_key_info_tells_main_names_from_alternates(gaz: Gazetteer) -> None:
    info = gaz.key_info(["nashville", "palmyra", "tadmur"])
    assert info["nashville"].name_population == info["nashville"].max_population > 500_000
    # "Palmyra" is Tadmur's alternate (51k) and the main name of small US towns only
    assert 0 < info["palmyra"].name_population < info["palmyra"].max_population


def test_postal_towns_fill_cities500s_gaps(gaz: Gazetteer) -> None:
    # Bokoshe, Okla. and Fort Riley, Kan. are in no cities500 file: the ZIP list adds them
    for name, state in [("Bokoshe", "OK"), ("Fort Riley", "KS"), ("Monroe", "CT")]:
        towns = [c.place for c in gaz.candidates(name) if c.place.admin1 == state]
        assert towns and towns[0].feature_class == "P", name
    # a town cities500 holds is not added twice ("Bronx" is The Bronx's alternate)
    assert [c.place.name for c in gaz.candidates("Bronx") if c.place.admin1 == "NY"] == ["The Bronx"]


def test_dc_is_the_city_of_washington(gaz: Gazetteer) -> None:
    cands = gaz.candidates("D.C.")
    assert any(c.place.geonameid == 4140963 and c.via == "alternate" for c in cands)


def test_squashed_names_read_domains(gaz: Gazetteer) -> None:
    index = gaz.squashed_names("US")
    assert index["sanantonio"][0].admin1 == "TX"
    assert index["stlouis"][0].admin1 == "MO"  # "st" as domains write it
    assert index["ohio"][0].is_admin1
