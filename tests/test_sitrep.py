"""The situation report over the seeds: one self-contained HTML file."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seeds_db

from rashomon.sitrep.cli import sitrep_cmd
from rashomon.store import Store
from rashomon.store.read_api import EVENT_MODALITIES, Filters, iter_canonical_events


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.rows: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        self.refs += [v for k, v in a.items() if k in ("src", "href") and v]
        if tag == "tr" and a.get("id"):
            self.rows.append(str(a["id"]))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    db = seeds_db(tmp_path_factory)
    out = tmp_path_factory.mktemp("sitrep") / "report.html"
    result = CliRunner().invoke(sitrep_cmd, ["--db", str(db), "--country", "Syria", "--from", "2016-12-01",
                                             "--to", "2016-12-15", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8"), db


def test_report_is_self_contained(report: tuple[str, Path]) -> None:
    html, _ = report
    parser = _Refs()
    parser.feed(html)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert parser.refs == []  # nothing to fetch: it opens offline, mailed as one file
    assert "svg" in parser.tags and html.count("<circle") >= 1
    assert "Situation report: Syria, 2016-12-01 to 2016-12-15" in html


def test_report_lists_exactly_the_filtered_canonical_events(report: tuple[str, Path]) -> None:
    html, db = report
    parser = _Refs()
    parser.feed(html)
    filters = Filters(country="Syria", date_from=dt.date(2016, 12, 1), date_to=dt.date(2016, 12, 15),
                      modalities=EVENT_MODALITIES)
    with Store.open(db, create=False) as store:
        events = list(iter_canonical_events(store, filters))
    assert events and parser.rows == [e.id for e in events]  # each event once, in date order
    accounts = sum(e.data["mentions"] for e in events)
    assert accounts > len(events)  # some events merge several outlets' accounts
    assert f"{len(events)} events merge {accounts} accounts" in html
    assert re.search(rf"{len(events)} events merging {accounts} accounts from 2 documents", html)
    assert "deduplicated across outlets" in html
    assert "Terrorists launched their previous attack on the city on Saturday" in html
    assert "Rossiya Segodnya" in html and "corroboration across outlets is weak" in html


def test_report_has_the_chart_ranges_main_events_and_contested_claims(report: tuple[str, Path]) -> None:
    html, _ = report
    chart = re.search(r'<svg[^>]*aria-label="events per day by type".*?</svg>', html, re.DOTALL)
    assert chart and chart.group(0).count("<rect") > 3  # bars and a legend
    assert "2016-12-10: 1 × Battles" in chart.group(0)  # a bar's tooltip: day, count, type
    assert "1–300" in html  # the Saturday attack's range as reported, never a point value
    main = html[html.index("<h2>Main events</h2>"):html.index("<h2>Contested claims</h2>")]
    assert "RT (republished by Global Research), Sputnik" in main
    assert "Ministry of Defence of Russia" in main and "independence 1" in main
    contested = html[html.index("<h2>Contested claims</h2>"):html.index("<h2>Who reported it</h2>")]
    assert "class='sides'" in contested  # side by side
    assert "Amaq" in contested and "Barazi" in contested and "seized" in contested and "resistance" in contested


def test_report_prints_to_pdf(tmp_path_factory: pytest.TempPathFactory) -> None:
    """-o report.pdf prints the same page with the system's headless Chromium (CI installs it)."""
    from rashomon.sitrep.pdf import find_browser

    if find_browser() is None:
        pytest.fail("chromium not found: apt-get install -y chromium (or set RASHOMON_CHROMIUM)", pytrace=False)
    db = seeds_db(tmp_path_factory)
    out = tmp_path_factory.mktemp("sitrep-pdf") / "report.pdf"
    result = CliRunner().invoke(sitrep_cmd, ["--db", str(db), "--country", "Syria", "--from", "2016-12-01",
                                             "--to", "2016-12-15", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert len(data) > 5_000  # a map and tables, not an empty page


def test_pdf_without_a_browser_says_what_is_missing(tmp_path_factory: pytest.TempPathFactory,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db = seeds_db(tmp_path_factory)
    tmp = tmp_path_factory.mktemp("no-browser")
    monkeypatch.setenv("RASHOMON_CHROMIUM", str(tmp / "no-such-browser"))
    monkeypatch.setenv("PATH", str(tmp))
    result = CliRunner().invoke(sitrep_cmd, ["--db", str(db), "-o", str(tmp / "r.pdf")])
    assert result.exit_code == 1
    assert "Chromium" in result.output and "RASHOMON_CHROMIUM" in result.output
    assert not (tmp / "r.pdf").exists()
