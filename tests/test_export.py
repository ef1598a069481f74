"""Exports over a store filled by the real pipeline from the two seed articles.

By default the exports write canonical events (accounts merged across documents);
``--rows mentions`` writes the per-document accounts and ``--rows document-locations``
each document's place, which every format labels as such.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seeds_db

from rashomon.export import ACLED_COLUMNS, UCDP_COLUMNS, acled_row, read_parquet, ucdp_row
from rashomon.export.cli import export_cmd
from rashomon.store import Store
from rashomon.store.read_api import (
    CanonicalEvent,
    EventRow,
    Filters,
    iter_canonical_events,
    iter_document_locations,
    load_actor_table,
)

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


def test_filters_narrow_the_location_export(db: Path, tmp_path: Path) -> None:
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
    assert validate_geojson(gj) == 2
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


def run_export(db: Path, fmt: str, out: Path, *args: str) -> str:
    result = CliRunner().invoke(export_cmd, ["-f", fmt, "--db", str(db), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _events(db: Path) -> list[CanonicalEvent]:
    with Store.open(db, create=False) as store:
        return list(iter_canonical_events(store, Filters(), actors=load_actor_table()))


def test_acled_csv_of_canonical_events(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    log = run_export(db, "acled-csv", out)
    events = _events(db)
    assert f"{len(events)} rows (events)" in log
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS  # ACLED's column set, in ACLED's order
        rows = list(reader)
    assert [r["event_id_cnty"] for r in rows] == [e.id for e in events]  # the API's ids
    assert all("rashomon kind: event; accounts merged:" in r["tags"] for r in rows)
    saturday = [r for r in rows if r["event_date"] == "2016-12-10" and r["event_type"] == "Battles"]
    assert len(saturday) == 1
    sat = saturday[0]
    assert sat["fatalities"] == "1" and "fatalities range: 1-300" in sat["tags"]  # ACLED: conservative figure
    assert "RT" in sat["source"] and "Sputnik" in sat["source"] and "Global Research" in sat["source"]
    assert "independence: 1 (primary sources 1, owner groups 1)" in sat["tags"]
    assert (sat["country"], sat["iso"], sat["region"], sat["admin1"]) == ("Syria", "760", "Middle East", "Homs")
    assert (sat["year"], sat["time_precision"], sat["disorder_type"]) == ("2016", "1", "Political violence")
    assert sat["source_scale"] == "International" and int(sat["timestamp"]) > 0
    for r in rows:
        assert r["time_precision"] in {"", "1", "2", "3"} and r["geo_precision"] in {"", "1", "2", "3"}
        assert r["inter1"] in {"", *map(str, range(1, 9))} and r["inter2"] in {"", *map(str, range(1, 9))}
    syrian_army = [r for r in rows if "Military Forces of Syria" in (r["actor1"], r["actor2"])]
    assert syrian_army and all("1" in (r["inter1"], r["inter2"]) for r in syrian_army)  # KB inter code


def validate_geojson(gj: object) -> int:
    """A structural RFC 7946 check (no network, no schema library): returns the feature count."""
    assert isinstance(gj, dict) and gj.get("type") == "FeatureCollection"
    assert "crs" not in gj  # RFC 7946 drops crs: WGS 84 only
    features = gj["features"]
    assert isinstance(features, list)
    for f in features:
        assert isinstance(f, dict) and f.get("type") == "Feature"
        assert set(f) <= {"type", "id", "geometry", "properties", "bbox"}
        assert isinstance(f.get("id"), str | int)
        assert isinstance(f.get("properties"), dict | type(None))
        geom = f["geometry"]
        if geom is None:
            continue
        assert geom["type"] == "Point" and set(geom) == {"type", "coordinates"}
        coords = geom["coordinates"]
        assert isinstance(coords, list) and len(coords) == 2 and all(isinstance(c, int | float) for c in coords)
        lon, lat = coords
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    return len(features)


def test_geojson_of_canonical_events_validates(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    run_export(db, "geojson", out)
    gj = json.loads(out.read_text(encoding="utf-8"))
    events = {e.id: e for e in _events(db)}
    assert validate_geojson(gj) == len(events)
    for f in gj["features"]:
        e = events[f["id"]]
        assert f["geometry"]["coordinates"] == [round(e.data["longitude"], 6), round(e.data["latitude"], 6)]
        assert "latitude" not in f["properties"] and f["properties"]["mentions"] == e.data["mentions"]
        assert f["properties"]["outlets"] == e.data["outlets"]


def test_parquet_of_canonical_events_round_trips(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    run_export(db, "parquet", out)
    back = read_parquet(str(out))
    assert back == _events(db)  # every field, nested outlets and contradictions included
    import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

    schema = pq.read_schema(str(out))
    assert str(schema.field("event_date").type) == "date32[day]" and str(schema.field("independence").type) == "int64"
    empty = tmp_path / "none.parquet"
    run_export(db, "parquet", empty, "--country", "Iraq")
    assert read_parquet(str(empty)) == []


def test_ucdp_csv_of_canonical_events(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    run_export(db, "ucdp-csv", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == UCDP_COLUMNS
    sat = next(r for r in rows if r["date_start"] == "2016-12-10" and r["type_of_violence"])
    assert (sat["low"], sat["high"]) == ("1", "300") and int(sat["low"]) <= int(sat["best"]) <= int(sat["high"])
    assert len(sat["source_article"].split("; ")) == 2 and "RT" in sat["source_office"]


def test_filters_narrow_the_event_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    assert "0 rows" in run_export(db, "jsonl", out, "--country", "Iraq")
    run_export(db, "jsonl", out, "--country", "Syria", "--from", "2016-12-10", "--to", "2016-12-10")
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert rows and {r["event_date"] for r in rows} == {"2016-12-10"}
    assert "0 rows" in run_export(db, "jsonl", out, "--min-independence", "2")
    result = CliRunner().invoke(export_cmd, ["-f", "jsonl", "--db", str(db), "--min-independence", "0.5"])
    assert result.exit_code == 2 and "0.5" in result.output  # a count now, not a 0-1 score


def test_mentions_export_keeps_the_per_document_accounts(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "mentions.csv"
    run_export(db, "acled-csv", out, "--rows", "mentions")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all("rashomon kind: event_mention" in r["tags"] for r in rows)
    assert not any("modality: historical" in r["tags"] for r in rows)  # background is not news
    assert {r["source"] for r in rows} == {"Sputnik", "RT; Global Research"}
    up_to_300 = [r for r in rows if "fatalities range: 1-300" in r["tags"]]
    assert len(up_to_300) == 1 and up_to_300[0]["fatalities"] == "1"
    every = tmp_path / "all.jsonl"
    run_export(db, "jsonl", every, "--rows", "mentions", "--modality", "all")
    modalities = {json.loads(x)["modality"] for x in every.read_text().splitlines()}
    assert "historical" in modalities and len(modalities) > 2
    pq = tmp_path / "mentions.parquet"
    run_export(db, "parquet", pq, "--rows", "mentions")
    assert all(isinstance(r, EventRow) and r.kind == "event_mention" for r in read_parquet(str(pq)))


def test_events_export_refuses_a_store_without_events(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    Store.open(empty).close()
    result = CliRunner().invoke(export_cmd, ["-f", "jsonl", "--db", str(empty), "-o", str(tmp_path / "e.jsonl")])
    assert result.exit_code != 0
    assert "R233" in str(result.exception)
    result = CliRunner().invoke(export_cmd, ["-f", "jsonl", "--db", str(empty), "--rows", "mentions",
                                             "-o", str(tmp_path / "m.jsonl")])
    assert result.exit_code != 0 and "R230" in str(result.exception)


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
