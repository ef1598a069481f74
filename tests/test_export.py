"""Exports over a store filled by the real pipeline from the two seed articles.

Until the extract stage stores events, the exporters are exercised on the documents'
locations (``--rows document-locations``), which every format labels as such; the
event path is checked to refuse honestly (R230) -- or, once events are stored, to
export them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.export import ACLED_COLUMNS, UCDP_COLUMNS, acled_row, read_parquet, ucdp_row
from rashomon.export.cli import export_cmd
from rashomon.store import Store
from rashomon.store.read_api import EventRow, Filters, has_events, iter_document_locations

from conftest import seeds_db

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds_db(tmp_path_factory)


def export(db: Path, fmt: str, *args: str, tmp: Path) -> tuple[Path, str]:
    out = tmp / f"out.{fmt}"
    result = CliRunner().invoke(
        export_cmd, ["-f", fmt, "--db", str(db), "--rows", "document-locations", "-o", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return out, result.output


def _locations(db: Path) -> dict[str, EventRow]:
    with Store.open(db, create=False) as store:
        return {r.id: r for r in iter_document_locations(store, Filters())}


def test_acled_csv_has_acleds_columns_and_the_seed_rows(db: Path, tmp_path: Path) -> None:
    out, log = export(db, "acled-csv", tmp=tmp_path)
    assert "2 rows (document-locations)" in log
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
        rows = list(reader)
    assert len(rows) == 2
    by_source = {r["source"]: r for r in rows}
    assert set(by_source) == {"Sputnik", "RT; Global Research"}  # original outlet first
    for r in rows:
        assert "rashomon kind: document_location" in r["tags"]  # labelled: not an event
        assert r["event_type"] == "" and r["fatalities"] == "0"
        row = _locations(db)[r["event_id_cnty"].split("-", 1)[1]]
        assert (float(r["latitude"]), float(r["longitude"])) == (round(row.latitude or 0, 5), round(row.longitude or 0, 5))
    sputnik = by_source["Sputnik"]
    assert (sputnik["country"], sputnik["iso"], sputnik["region"], sputnik["admin1"]) == ("Syria", "760", "Middle East", "Homs")
    assert sputnik["location"] == "Tadmur" and sputnik["geo_precision"] in {"1", "2"}  # the town, or near it
    assert abs(float(sputnik["latitude"]) - 34.5624) < 1e-3 and abs(float(sputnik["longitude"]) - 38.284) < 1e-3
    assert (sputnik["event_date"], sputnik["year"], sputnik["time_precision"]) == ("2016-12-11", "2016", "1")
    assert sputnik["source_scale"] == "International"  # Russian outlet, Syrian place
    assert by_source["RT; Global Research"]["event_date"] == ""  # an undated story stays undated


def test_filters_narrow_the_export(db: Path, tmp_path: Path) -> None:
    _, log = export(db, "jsonl", "--country", "Iraq", tmp=tmp_path)
    assert "0 rows" in log
    out, log = export(db, "jsonl", "--country", "Syria", "--from", "2016-12-01", "--to", "2016-12-15", tmp=tmp_path)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["sources"] for r in rows] == [["Sputnik"]]
    out, _ = export(db, "jsonl", "-q", "Amaq", tmp=tmp_path)  # only the RT text names Amaq
    assert [r["sources"] for r in map(json.loads, out.read_text().splitlines())] == [["RT", "Global Research"]]
    out, _ = export(db, "jsonl", "--bbox", "38,34,39,35", "--actor", "Islamic State", tmp=tmp_path)
    assert ["Sputnik"] in [r["sources"] for r in map(json.loads, out.read_text().splitlines())]
    out, _ = export(db, "jsonl", "--bbox", "-10,30,10,40", tmp=tmp_path)
    assert out.read_text() == ""


def test_geojson_is_rfc7946(db: Path, tmp_path: Path) -> None:
    out, _ = export(db, "geojson", tmp=tmp_path)
    gj = json.loads(out.read_text())
    assert gj["type"] == "FeatureCollection" and "crs" not in gj
    assert len(gj["features"]) == 2
    stored = _locations(db)
    for f in gj["features"]:
        assert f["type"] == "Feature" and isinstance(f["id"], str)
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert (lon, lat) == (stored[f["id"]].longitude, stored[f["id"]].latitude)  # RFC 7946: lon first
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["kind"] == "document_location"
        assert "latitude" not in f["properties"]
    sputnik = next(f for f in gj["features"] if f["properties"]["sources"] == ["Sputnik"])
    assert [round(c, 2) for c in sputnik["geometry"]["coordinates"]] == [38.28, 34.56]


def test_parquet_round_trips(db: Path, tmp_path: Path) -> None:
    out, _ = export(db, "parquet", tmp=tmp_path)
    with Store.open(db, create=False) as store:
        original = list(iter_document_locations(store, Filters()))
    assert len(original) == 2
    assert read_parquet(str(out)) == original  # every field, evidence spans included


def test_ucdp_csv_columns(db: Path, tmp_path: Path) -> None:
    out, _ = export(db, "ucdp-csv", tmp=tmp_path)
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == UCDP_COLUMNS
    titles = {r["source_headline"] for r in rows}
    assert "4,000 ISIS Fighters Regroup, Make New Attempt to Capture Palmyra" in titles
    sputnik = next(r for r in rows if r["source_office"] == "Sputnik")
    assert sputnik["geom_wkt"].startswith("POINT (38.28402 34.5624")


def test_events_export_acled_rows_from_the_seeds(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(export_cmd, ["-f", "acled-csv", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all("rashomon kind: event_mention" in r["tags"] for r in rows)
    assert not any("modality: historical" in r["tags"] for r in rows)  # background is not news
    assert {r["source"] for r in rows} == {"Sputnik", "RT; Global Research"}
    up_to_300 = [r for r in rows if "fatalities range: 1-300" in r["tags"]]
    assert len(up_to_300) == 1 and up_to_300[0]["fatalities"] == "1"  # ACLED: conservative figure
    assert up_to_300[0]["event_type"] == "Battles"
    syrian_army = [r for r in rows if r["actor1"] == "Military Forces of Syria" or r["actor2"] == "Military Forces of Syria"]
    assert syrian_army and all("1" in (r["inter1"], r["inter2"]) for r in syrian_army)  # KB inter code
    every = tmp_path / "all.jsonl"
    CliRunner().invoke(export_cmd, ["-f", "jsonl", "--db", str(db), "--modality", "all", "-o", str(every)])
    modalities = {json.loads(x)["modality"] for x in every.read_text().splitlines()}
    assert "historical" in modalities and len(modalities) > 2


def test_events_export_refuses_a_store_without_events(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    Store.open(empty).close()
    result = CliRunner().invoke(export_cmd, ["-f", "jsonl", "--db", str(empty), "-o", str(tmp_path / "e.jsonl")])
    assert result.exit_code != 0
    assert "R230" in str(result.exception)


def _row(**kw: object) -> EventRow:
    base: dict[str, object] = {
        "id": "d:0", "kind": "event_mention", "document_ids": ("d",), "event_type": "Battles",
        "sub_event_type": "Armed clash", "date_start": dt.date(2016, 12, 10), "date_end": dt.date(2016, 12, 10),
        "time_precision": "day", "actor1": "Military Forces of Syria", "inter1": 1,
        "actor2": "Islamic State", "inter2": 2, "country": "SY", "location": "Tadmur",
        "latitude": 34.56, "longitude": 38.28, "geo_precision": 1,
        "sources": ("Sputnik",), "source_ids": ("sputnik",),
    }
    base.update(kw)
    return EventRow(**base)  # type: ignore[arg-type]


def test_views_use_the_words_range() -> None:
    up_to_300 = _row(fatalities_low=1, fatalities_high=300)
    acled = acled_row(up_to_300, {"sputnik": "RU"})
    assert acled["fatalities"] == 1  # ACLED: the most conservative reported figure
    assert "fatalities range: 1-300" in acled["tags"]
    assert (acled["interaction"], acled["disorder_type"], acled["event_id_cnty"]) == (12, "Political violence", "SYR-d:0")
    ucdp = ucdp_row(up_to_300, {})
    assert (ucdp["low"], ucdp["best"], ucdp["high"], ucdp["type_of_violence"]) == (1, 1, 300, 1)
    over = ucdp_row(_row(fatalities_low=4000, fatalities_high=None), {})
    assert (over["low"], over["high"]) == (4000, 4000)  # no invented upper bound
    civ = acled_row(_row(event_type="Violence against civilians", inter2=7), {})
    assert civ["civilian_targeting"] == "Civilian targeting"
