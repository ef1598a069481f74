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
from rashomon.store.read_api import EVENT_MODALITIES, Filters, iter_events


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


def test_report_lists_exactly_the_filtered_accounts(report: tuple[str, Path]) -> None:
    html, db = report
    parser = _Refs()
    parser.feed(html)
    filters = Filters(country="Syria", date_from=dt.date(2016, 12, 1), date_to=dt.date(2016, 12, 15),
                      modalities=EVENT_MODALITIES)
    with Store.open(db, create=False) as store:
        expected = {r.id for r in iter_events(store, filters)}
    assert expected and set(parser.rows) == expected
    assert re.search(rf"{len(expected)} accounts from \d+ documents", html)
    assert "Terrorists launched their previous attack on the city on Saturday" in html
    assert "Rossiya Segodnya" in html and "corroboration across them is weak" in html
    assert "not of deduplicated events" in html  # says what the counts are


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
