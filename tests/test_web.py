"""The web app in real headless Chromium against a real server over the seeds.

Chromium comes from the system (Debian: ``apt-get install -y chromium``); the tests
fail, never skip, when it is missing. Screenshots go to docs/screenshots/ (the README
shows them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from test_api import start_server, stop_server
from conftest import seeds_db

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    path = os.environ.get("RASHOMON_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("chromium not found: apt-get install -y chromium (or set RASHOMON_CHROMIUM)", pytrace=False)
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server, thread, url = start_server(seeds_db(tmp_path_factory))
    yield url
    stop_server(server, thread)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    offsite: list[str] = []
    pg.on("request", lambda r: offsite.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    yield pg
    context.close()
    assert problems == [], f"browser errors: {problems}"
    assert offsite == [], f"requests outside the app (must work offline): {offsite}"


def open_ready(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready]", timeout=20_000)
    assert page.get_attribute("body", "data-ready") == "1", page.inner_text("body")[:500]


def api(base: str, path: str, **params: Any) -> Any:
    r = httpx.get(base + path, params=params, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_map_shows_events_and_both_seed_outlets(page: Page, base: str) -> None:
    open_ready(page, base + "/")
    n = api(base, "/api/events", limit=1000)["count"]
    assert page.locator("#rows li").count() == n
    assert page.locator("#map circle.marker").count() >= 1
    assert page.locator("#map path.country").count() > 150  # Natural Earth outlines, served by us
    outlets = page.inner_text("#sources")
    for name in ("Sputnik", "RT", "Global Research"):
        assert name in outlets
    assert "state-affiliated" in outlets
    types = {page.locator("#map circle.marker").nth(i).get_attribute("data-type")
             for i in range(page.locator("#map circle.marker").count())}
    assert "Battles" in types
    open_ready(page, base + "/?country=Syria")  # the view the README shows
    assert page.locator("#rows li").count() == api(base, "/api/events", limit=1000, country="SY")["count"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "map.png"))


def test_filters_live_in_the_url(page: Page, base: str) -> None:
    open_ready(page, base + "/?event_type=Strategic+developments&country=Syria")
    assert page.input_value("select[name=event_type]") == "Strategic developments"
    assert page.input_value("input[name=country]") == "Syria"
    n = api(base, "/api/events", limit=1000, event_type="Strategic developments", country="Syria")["count"]
    assert n > 0 and page.locator("#rows li").count() == n
    assert "Battles" not in page.inner_text("#legend")
    page.fill("input[name=country]", "Iraq")
    page.click("button[type=submit]")
    page.wait_for_url("**country=Iraq**")
    page.wait_for_selector("body[data-ready]")
    assert page.locator("#rows li").count() == 0


def test_document_page_shows_segments_mentions_and_reasons(page: Page, base: str) -> None:
    docs = {d["outlet"]: d["id"] for d in api(base, "/api/documents")["items"]}
    open_ready(page, f"{base}/documents/{docs['Sputnik']}")
    assert "Homs Governor" in page.inner_text("h2")
    for label in ("comment", "caption", "title", "dateline"):
        assert page.locator(f"pre.raw span[data-label={label}]").count() >= 1
    assert page.locator("pre.raw mark[data-kind=place]").count() >= 5
    assert page.locator("pre.raw mark[data-kind=actor]").count() >= 5
    meta = page.inner_text("table.meta")
    assert "2016-12-11" in meta and "update time" in meta  # the reason behind the date
    assert "Rossiya Segodnya" in meta
    page.screenshot(path=str(SHOTS / "document.png"), full_page=False)
    open_ready(page, f"{base}/documents/{docs['Global Research']}")
    meta = page.inner_text("table.meta")
    assert "RT" in meta and "Articles by: RT" in meta  # the syndication edge, with its reason
    assert page.locator("pre.raw span[data-label=disclaimer]").count() >= 1


def test_event_page_shows_the_row_and_its_evidence(page: Page, base: str) -> None:
    rows = api(base, "/api/events", limit=1000)["items"]
    e = next(r for r in rows if r["fatalities_high"] == 300)
    open_ready(page, f"{base}/events/{e['id']}")
    table = page.inner_text("div.acled")
    assert "event_id_cnty" in table and "Battles" in table and "fatalities range: 1-300" in table
    account = page.locator(f"div.account[data-account='{e['id']}']")
    assert "Defense Ministry" in account.inner_text()
    marks = [account.locator("mark.evidence").nth(i).inner_text()
             for i in range(account.locator("mark.evidence").count())]
    assert e["evidence"][1]["text"] in marks  # the trigger word is highlighted
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.screenshot(path=str(SHOTS / "event.png"))


def test_unknown_document_says_why(browser: Browser, base: str) -> None:
    page = browser.new_page()  # not the checked fixture: the API's 404 is logged, as it should be
    page.goto(base + "/documents/ffffffffffff")
    page.wait_for_selector("body[data-ready]")
    assert page.get_attribute("body", "data-ready") == "error"
    assert "R210" in page.inner_text(".error")
    page.close()
