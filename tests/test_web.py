"""The web app in real headless Chromium against a real server over the seeds.

Chromium comes from the system (Debian: ``apt-get install -y chromium``); the tests
fail, never skip, when it is missing. Pages set ``body[data-ready]`` ("1", or "error")
when drawn; the tests wait for it, never sleep. Screenshots go to docs/screenshots/
(the README shows them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from conftest import seeds_db
from playwright.sync_api import Browser, Page, sync_playwright
from test_api import start_server, stop_server

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


def texts(page: Page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def url_query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def events(base: str, **params: Any) -> list[dict[str, Any]]:
    return list(api(base, "/api/events", limit=1000, **params)["items"])


def both_outlets_event(base: str) -> dict[str, Any]:
    """The Saturday battle: carried by Sputnik and by RT (republished by Global Research)."""
    def both(e: dict[str, Any]) -> bool:
        ids = {o["id"] for o in e["outlets"]} | {o["original_outlet_id"] for o in e["outlets"]}
        return {"sputnik", "rt", "globalresearch"} <= ids
    found = [e for e in events(base) if both(e)]
    assert found, "no seed event is carried by both outlets"
    return next((e for e in found if e["fatalities_high"] == 300), found[0])


def control_contradiction(base: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Amaq-versus-governor 'control' contradiction and an event that carries it."""
    for e in events(base):
        for c in e["contradictions"]:
            if c["kind"] == "control" and "Amaq" in (c["a"]["speaker"] or "") + (c["b"]["speaker"] or ""):
                return e, c
    raise AssertionError("the seeds' Amaq-versus-governor control contradiction is not in the data")


# -- the map ------------------------------------------------------------------------------


def test_map_draws_clustered_markers_timeline_and_list(page: Page, base: str) -> None:
    open_ready(page, base + "/")
    rows = events(base)
    assert page.locator("#rows li[data-row]").count() == len(rows)
    assert page.locator("#map path.country").count() > 150  # Natural Earth outlines, served by us
    clusters = page.locator("#map g.cluster")
    assert clusters.count() >= 1
    counts = [int(clusters.nth(i).get_attribute("data-count") or 0) for i in range(clusters.count())]
    placed = [r for r in rows if r["latitude"] is not None]
    assert sum(counts) == len(placed)  # every placed event is in exactly one circle
    assert max(counts) > 1  # the Palmyra events merge into one circle at this zoom
    assert "Battles" in page.inner_text("#legend")
    dated = {r["event_date"] for r in rows if r["event_date"]}
    bars = page.locator("#timeline g.bar")
    assert bars.count() == len(dated)  # daily bars, one per day with events
    assert sum(int(bars.nth(i).get_attribute("data-count") or 0) for i in range(bars.count())) == \
        sum(1 for r in rows if r["event_date"])
    outlets = page.inner_text("#sources")
    for name in ("Sputnik", "RT", "Global Research"):
        assert name in outlets
    # the list: date, type, place, fatalities, outlets, independence, contested, story
    first = page.locator("#rows li[data-row]:has(.contested)").first.inner_text()
    assert "contested" in first and "independence" in first
    assert page.locator("#rows li a.story-link").count() >= 1
    open_ready(page, base + "/?country=Syria")  # the view the README shows
    assert page.locator("#rows li[data-row]").count() == len(events(base, country="SY"))
    page.set_viewport_size({"width": 1280, "height": 980})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "map.png"))


def test_brushing_the_timeline_filters_the_list_and_the_url(page: Page, base: str) -> None:
    open_ready(page, base + "/")
    day = min(r["event_date"] for r in events(base) if r["event_date"])
    bar = page.locator(f"#timeline g.bar[data-day='{day}']").bounding_box()
    assert bar is not None
    y = bar["y"] + bar["height"] / 2
    page.mouse.move(bar["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(bar["x"] + bar["width"] / 2, y, steps=4)
    page.mouse.up()
    page.wait_for_url("**from=*")
    q = url_query(page)
    assert q["from"] == q["to"] == day
    want = events(base, **{"from": day, "to": day})
    assert 0 < len(want) < len(events(base))
    assert page.locator("#rows li[data-row]").count() == len(want)
    assert {page.locator("#rows li[data-row]").nth(i).get_attribute("data-row") for i in range(len(want))} == \
        {e["id"] for e in want}
    assert page.locator("#timeline g.bar.out").count() >= 1  # bars outside the brush are dimmed
    assert page.input_value("input[name=from]") == day
    # the URL alone gives the same view (a shared link)
    shared = page.url
    open_ready(page, shared)
    assert page.locator("#rows li[data-row]").count() == len(want)
    assert page.input_value("input[name=to]") == day
    page.click("#brush-clear")
    page.wait_for_function("!location.search.includes('from=')")
    assert page.locator("#rows li[data-row]").count() == len(events(base))


def test_filters_live_in_the_url(page: Page, base: str) -> None:
    open_ready(page, base + "/?event_type=Strategic+developments&country=Syria")
    assert page.input_value("select[name=event_type]") == "Strategic developments"
    assert page.input_value("input[name=country]") == "Syria"
    n = len(events(base, event_type="Strategic developments", country="Syria"))
    assert n > 0 and page.locator("#rows li[data-row]").count() == n
    assert "Battles" not in page.inner_text("#legend")
    page.fill("input[name=min_independence]", "1")
    page.fill("input[name=country]", "Iraq")
    page.click("button[type=submit]")
    page.wait_for_url("**country=Iraq**")
    page.wait_for_selector("body[data-ready]")
    assert url_query(page)["min_independence"] == "1"  # an integer, as the API takes it
    assert page.locator("#rows li[data-row]").count() == 0


# -- the event page -------------------------------------------------------------------------


def test_event_page_shows_both_outlets_evidence_chain_and_independence(page: Page, base: str) -> None:
    e = both_outlets_event(base)
    detail = api(base, f"/api/events/{e['id']}")
    open_ready(page, f"{base}/events/{e['id']}")
    table = page.inner_text("#acled")
    assert "event_id_cnty" in table and "sub_event_type" in table and e["id"] in table
    columns = page.locator("#accounts section.outlet-col")
    names = {columns.nth(i).get_attribute("data-outlet") for i in range(columns.count())}
    assert {"RT", "Sputnik"} <= names
    assert "republished by Global Research" in page.inner_text("#accounts section[data-outlet='RT'] h4")
    # every account's evidence is highlighted, and links to the document at that offset
    cards = page.locator("#accounts article.account")
    assert cards.count() == len(detail["accounts"])
    marks = texts(page, "#accounts mark.evidence")
    for a in detail["accounts"]:
        assert " ".join(a["evidence"]["text"].split()) in [" ".join(m.split()) for m in marks]
    a0 = detail["accounts"][0]
    href = f"/documents/{a0['document_id']}#at={a0['evidence']['start']}-{a0['evidence']['end']}"
    assert page.locator(f"#accounts a[href='{href}']").count() >= 1
    # the provenance chain of every account ends at the one primary source
    assert page.locator("#accounts ol.chain").count() == cards.count()
    primaries = set(texts(page, "#accounts ol.chain li.node.primary .name"))
    assert primaries == {p["name"] for p in e["primary_sources"]} and len(primaries) == 1
    assert page.locator("#accounts ol.chain li.node[data-role=original]").count() >= 1  # the syndication edge
    sentence = page.inner_text("#independence")
    assert sentence.startswith("2 outlets, 1 primary source (") and "1 owner group" in sentence
    assert "corroboration" in sentence
    assert page.locator("a.story-link").count() >= 1
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.screenshot(path=str(SHOTS / "event.png"))
    # the document link opens the passage highlighted
    open_ready(page, base + href)
    assert " ".join(page.inner_text("pre.raw mark.focus").split()) == " ".join(a0["evidence"]["text"].split())


def test_contradiction_side_by_side_on_the_event_page(page: Page, base: str) -> None:
    e, c = control_contradiction(base)
    open_ready(page, f"{base}/events/{e['id']}")
    block = page.locator(f"#contradictions article.contradiction[data-kind=control]#cx-{c['id']}")
    assert block.count() == 1
    a, b = block.locator(".side[data-side=a]"), block.locator(".side[data-side=b]")
    assert c["a"]["speaker"] in a.inner_text() and c["b"]["speaker"] in b.inner_text()
    assert " ".join(c["a"]["text"].split()) in " ".join(a.locator("mark.contra").inner_text().split())
    assert " ".join(c["b"]["text"].split()) in " ".join(b.locator("mark.contra").inner_text().split())
    both = a.inner_text() + b.inner_text()
    assert "Amaq" in both and "resistance" in both
    assert c["reason"] in block.inner_text()


# -- the story page -------------------------------------------------------------------------


def test_story_page_shows_outlets_as_columns_silence_and_contradiction(page: Page, base: str) -> None:
    e, c = control_contradiction(base)
    story_id = e["story_ids"][0]
    story = api(base, f"/api/stories/{quote(story_id, safe='')}")
    open_ready(page, f"{base}/events/{e['id']}")
    page.click(f"a.story-link[href='/stories/{quote(story_id, safe='')}']")
    page.wait_for_url("**/stories/**")
    page.wait_for_selector("body[data-ready]")
    assert page.get_attribute("body", "data-ready") == "1"
    heads = texts(page, "#matrix thead th.outlet > span:first-child")
    assert heads == [col["name"] for col in story["matrix"]["columns"]]
    assert {"RT", "Sputnik"} <= set(heads)
    assert "republished by Global Research" in page.inner_text("#matrix thead")
    assert page.locator("#matrix tbody tr").count() == len(story["matrix"]["rows"])
    silent = sum(1 for r in story["matrix"]["rows"] for v in r["cells"].values() if v is None)
    assert silent > 0 and page.locator("#matrix td.silent").count() == silent
    # both sides of the contradiction are highlighted, in different outlets' columns
    contra = page.locator(f"#matrix td.contra-cell[data-contradiction*='{c['id']}']")
    sides = {contra.nth(i).get_attribute("data-contradiction") for i in range(contra.count())}
    assert any(f"{c['id']}:a" in s for s in sides if s) and any(f"{c['id']}:b" in s for s in sides if s)
    outlets = {contra.nth(i).get_attribute("data-outlet") for i in range(contra.count())}
    assert len(outlets) >= 2
    assert page.locator("#matrix tr.contested-row").count() >= 1
    assert page.locator(f"#contradictions #cx-{c['id']} .side").count() == 2
    page.set_viewport_size({"width": 1280, "height": 1300})
    # the contested rows, under the sticky outlet headers
    page.evaluate("window.scrollTo(0, document.querySelector('#matrix tr.contested-row').getBoundingClientRect().top"
                  " + scrollY - 260)")
    page.screenshot(path=str(SHOTS / "story.png"))


# -- the document page ----------------------------------------------------------------------


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


def test_unknown_document_says_why(browser: Browser, base: str) -> None:
    page = browser.new_page()  # not the checked fixture: the API's 404 is logged, as it should be
    page.goto(base + "/documents/ffffffffffff")
    page.wait_for_selector("body[data-ready]")
    assert page.get_attribute("body", "data-ready") == "error"
    assert "R210" in page.inner_text(".error")
    page.close()
