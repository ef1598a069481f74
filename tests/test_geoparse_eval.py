"""Geoparsing evaluation: the scorer (pure), the gold readers and a short real run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.eval.geoparse import (
    GoldArticle,
    GoldToponym,
    eval_geoparsing,
    eval_gva_locations,
    geoparse_cmd,
    read_gold,
    score_articles,
)
from rashomon.resolve.gazetteer import Place
from rashomon.resolve.places import PlaceMention


def _mention(start: int, end: int, lat: float, lon: float, gid: int = 1) -> PlaceMention:
    p = Place(geonameid=gid, name="x", country="XX", admin1=None, admin1_name=None, lat=lat, lon=lon,
              feature_class="P", feature_code="PPL", population=1)
    return PlaceMention(start=start, end=end, text="x", candidates=(p,), resolved=p, precision=1,
                        anchor_of=None, reason="")


def test_score_articles_counts_exact_lenient_and_distance() -> None:
    gold = [GoldArticle(text="", toponyms=(
        GoldToponym(start=0, end=5, name="a", lat=0.0, lon=0.0, geonameid=1),
        GoldToponym(start=10, end=20, name="b", lat=0.0, lon=0.0, geonameid=2),
        GoldToponym(start=30, end=35, name="c", lat=None, lon=None, geonameid=None, locational=False),
    ))]
    preds = [[
        _mention(0, 5, 0.0, 0.0, gid=1),      # exact, 0 km, right id
        _mention(12, 20, 0.0, 3.0, gid=9),    # lenient only, ~334 km, wrong id
        _mention(30, 35, 0.0, 0.0),           # on a non-locational gold: ignored
        _mention(50, 55, 0.0, 0.0),           # false positive
    ]]
    r = score_articles(gold, preds)
    ex, le = r["geotagging_exact"], r["geotagging_lenient"]
    assert (ex["tp"], ex["fp"], ex["fn"]) == (1, 2, 1)  # type: ignore[index]
    assert (le["tp"], le["fp"], le["fn"]) == (2, 1, 0)  # type: ignore[index]
    assert r["resolved"] == 2 and r["acc161"] == 50.0 and r["exact_id"] == 50.0
    assert 160 < r["mean_km"] < 175  # type: ignore[operator]  # (0 + ~334) / 2


def test_readers_align_gold_offsets(shared_data: Path) -> None:
    folder = shared_data / "geoparsing"
    for name, corpus, n in (("GWN.xml", "gwn", 200), ("TR-News.xml", "trnews", 118), ("GeoVirus.xml", "geovirus", 229)):
        arts = read_gold(folder / name, corpus)  # type: ignore[arg-type]
        assert len(arts) == n
        tops = [(a.text, t) for a in arts for t in a.toponyms]
        aligned = sum(text[t.start : t.end] == t.name for text, t in tops)
        assert aligned / len(tops) > 0.95, name
    gwn = read_gold(folder / "GWN.xml", "gwn")
    assert any(not t.locational for a in gwn for t in a.toponyms)


def test_read_gold_fails_loudly_on_missing_file(tmp_path: Path) -> None:
    from rashomon.errors import EvalError

    with pytest.raises(EvalError, match="R401"):
        read_gold(tmp_path / "GWN.xml", "gwn")


@pytest.mark.slow
def test_trnews_sample_scores_and_cli(shared_data: Path) -> None:
    path = shared_data / "geoparsing" / "TR-News.xml"
    r = eval_geoparsing(path, "trnews", limit=6)
    assert r["articles"] == 6
    assert r["acc161"] >= 70  # type: ignore[operator]
    assert r["geotagging_lenient"]["f1"] >= 50  # type: ignore[index]
    res = CliRunner().invoke(geoparse_cmd, [str(path), "--limit", "2"])
    assert res.exit_code == 0, res.output
    assert "trnews" in res.output and "Mordecai 3: acc@161 87.3" in res.output


@pytest.mark.slow
def test_gva_incident_locations_sample(shared_data: Path) -> None:
    r = eval_gva_locations(shared_data / "gva-dev", limit=25)
    assert r["documents"] == 25
    assert r["city_found_or_near"] >= 60  # type: ignore[operator]
    assert r["pick_25km"] >= 45  # type: ignore[operator]
