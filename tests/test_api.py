"""The HTTP API through a real uvicorn server over a store filled from the seeds."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from conftest import seeds_db  # one ingest of the seeds per session, shared

from rashomon.api import create_app
from rashomon.export import ACLED_COLUMNS, read_parquet


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    """uvicorn on 127.0.0.1 and a free port, in a thread of this process."""
    port = free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning",
                            ws="none", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start in 60 s"
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def stop_server(server: uvicorn.Server, thread: threading.Thread) -> None:
    server.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server, thread, url = start_server(seeds_db(tmp_path_factory))
    yield url
    stop_server(server, thread)


@pytest.fixture(scope="module")
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


def ok(client: httpx.Client, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Every error has the one shape: {"error": {"status", "code", "message"}}."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert {"status", "code", "message"} <= set(err)
    assert (err["status"], err["code"]) == (status, code)
    assert err["message"].startswith(code)
    return dict(err)


def all_pages(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = ok(client, path, **params, **({"cursor": cursor} if cursor else {}))
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def test_meta_and_openapi(client: httpx.Client) -> None:
    meta = ok(client, "/api/meta")
    assert meta["documents"] == 2 and meta["has_events"] is True
    assert meta["has_canonical_events"] is True and meta["events"] > 3 and meta["stories"] >= 1
    assert set(meta["formats"]) == {"acled-csv", "ucdp-csv", "geojson", "jsonl", "parquet"}
    spec = ok(client, "/openapi.json")
    for path in ("/api/events", "/api/events/{event_id}", "/api/stories", "/api/stories/{story_id}", "/api/claims",
                 "/api/mentions", "/api/mentions/{mention_id}", "/api/documents", "/api/documents/{document_id}",
                 "/api/sources", "/api/search", "/api/meta"):
        assert set(spec["paths"][path]) == {"get"}  # read-only
    params = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert "integer" in str(params["min_independence"]["schema"])  # a count now, not a 0-1 score


#: What the web app relies on in every /api/events item (docs/USAGE.md, "An event").
WEB_FIELDS = {"event_id_cnty", "event_date", "event_type", "sub_event_type", "location", "admin1", "country",
              "latitude", "longitude", "fatalities_low", "fatalities_best", "fatalities_high", "outlets",
              "independence", "mentions", "contradictions"}


def test_events_are_canonical_and_pages_are_stable(client: httpx.Client) -> None:
    whole = ok(client, "/api/events", limit=1000)
    assert whole["next_cursor"] is None and whole["count"] > 3
    items = whole["items"]
    assert all(WEB_FIELDS <= set(e) for e in items)
    assert all(e["id"] == e["event_id_cnty"] and isinstance(e["independence"], int) for e in items)
    assert all({"id", "name"} <= set(o) for e in items for o in e["outlets"])
    assert len({e["id"] for e in items}) == len(items)
    dated = [e["event_date"] for e in items if e["event_date"]]
    assert dated == sorted(dated) and all(e["event_date"] is None for e in items[len(dated):])  # undated last
    paged = all_pages(client, "/api/events", limit=3)
    assert [e["id"] for e in paged] == [e["id"] for e in items]
    first = ok(client, "/api/events", limit=3)
    again = client.get(first["next"]).json()  # the `next` link is usable as is
    assert [e["id"] for e in again["items"]] == [e["id"] for e in paged[3:6]]
    assert ok(client, "/api/events", limit=3, cursor=first["next_cursor"]) == again  # same cursor, same page
    mentions = ok(client, "/api/mentions", limit=1000)["count"]
    assert sum(e["mentions"] for e in items) == mentions  # every news account is in exactly one event


def _both_outlets(e: dict[str, Any]) -> bool:
    return {(o["name"], o["original_outlet"]) for o in e["outlets"]} == {("Sputnik", None), ("Global Research", "RT")}


def test_the_saturday_attack_merges_both_outlets_with_one_primary_source(client: httpx.Client) -> None:
    items = ok(client, "/api/events", limit=1000)["items"]
    merged = [e for e in items if _both_outlets(e)]
    assert merged, "no event merges the Sputnik and RT accounts"
    saturday = [e for e in merged if e["event_date"] == "2016-12-10" and e["event_type"] == "Battles"]
    assert len(saturday) == 1
    e = saturday[0]
    assert (e["fatalities_low"], e["fatalities_high"], e["fatalities"]) == (1, 300, 1)
    assert e["mentions"] >= 2 and len(e["document_ids"]) == 2
    assert (e["primary_source_count"], e["owner_group_count"], e["independence"]) == (1, 1, 1)
    assert [p["name"] for p in e["primary_sources"]] == ["Ministry of Defence of Russia"]
    assert "weak corroboration" in e["independence_text"]
    # the force movement ("over 4,000" from Raqqa and Deir ez-Zor) is one event too
    movement = [x for x in merged if x["event_type"] == "Strategic developments"]
    assert movement and all(x["primary_source_count"] == 1 and x["owner_group_count"] == 1 for x in movement)


def test_control_contradiction_names_both_speakers(client: httpx.Client) -> None:
    items = ok(client, "/api/events", limit=1000)["items"]
    found = [(e, c) for e in items for c in e["contradictions"] if c["kind"] == "control"]
    assert found, "no control contradiction on any event"
    e, c = found[0]
    assert e["contradiction_count"] == len(e["contradictions"])
    assert "Amaq" in c["a"]["speaker"] and "seized" in c["a"]["text"]  # a: the place was taken
    assert "Barazi" in c["b"]["speaker"] and "resistance" in c["b"]["text"]  # b: it held
    for side in (c["a"], c["b"]):
        doc = ok(client, f"/api/documents/{side['document_id']}")
        assert doc["text"][side["start"]:side["end"]] == side["text"]
    detail = ok(client, f"/api/events/{e['id']}")
    assert [x["id"] for x in detail["contradictions"]] == [x["id"] for x in e["contradictions"]]


def test_event_detail_has_every_account_with_its_chain(client: httpx.Client) -> None:
    items = ok(client, "/api/events", limit=1000)["items"]
    e = next(x for x in items if _both_outlets(x) and x["event_type"] == "Battles")
    detail = ok(client, f"/api/events/{e['id'][:10]}")  # a unique prefix works
    assert detail["event"] == e
    assert tuple(detail["acled"]) == ACLED_COLUMNS and detail["acled"]["event_id_cnty"] == e["id"]
    accounts = detail["accounts"]
    assert len(accounts) == e["mentions"] and {a["document_id"] for a in accounts} == set(e["document_ids"])
    texts = {d: ok(client, f"/api/documents/{d}")["text"] for d in e["document_ids"]}
    for a in accounts:
        ev = a["evidence"]
        assert texts[a["document_id"]][ev["start"]:ev["end"]] == ev["text"]
        assert a["chain"][0]["role"] == "publisher" and a["chain"][0]["name"] == a["outlet"]
        assert a["primary_source"]["name"] and a["owner_group"]["name"]
        assert a["story_id"] and a["mention_id"] == f"{a['document_id']}:{a['seq']}"
        if a["claim"] is not None:
            cl = a["claim"]
            assert {"speaker", "verb", "channel", "stance", "via", "content"} <= set(cl)
            assert texts[a["document_id"]][cl["start"]:cl["end"]] == cl["text"]
    syndicated = [a for a in accounts if a["outlet"] == "Global Research"]
    assert syndicated and all(a["original_outlet"] == "RT" for a in syndicated)
    assert all([s["role"] for s in a["chain"][:2]] == ["publisher", "original"] for a in syndicated)
    assert any(a["claim"] and a["claim"]["speaker"] for a in accounts)
    assert any(f["high"] == 300 for f in e["figures"])  # each source's own figure


def test_event_filters(client: httpx.Client) -> None:
    everything = ok(client, "/api/events", limit=1000)["items"]
    battles = ok(client, "/api/events", event_type="battles", limit=1000)["items"]
    assert battles and {e["event_type"] for e in battles} == {"Battles"}
    assert ok(client, "/api/events", country="Iraq")["count"] == 0
    day = ok(client, "/api/events", limit=1000, **{"from": "2016-12-10", "to": "2016-12-10"})["items"]
    assert day and {e["event_date"] for e in day} == {"2016-12-10"}
    syria = ok(client, "/api/events", country="SYR", bbox="38,34,39,35", limit=1000)["items"]
    assert syria and all(e["country"] == "SY" and 38 <= e["longitude"] <= 39 for e in syria)
    assert ok(client, "/api/events", admin1="homs", limit=1000)["count"] == sum(e["admin1"] == "Homs" for e in everything)
    army = ok(client, "/api/events", actor="Military Forces of Syria", limit=1000)["items"]
    assert army and all("Military Forces of Syria" in (e["actor1"], e["actor2"], e["assoc_actor_1"]) for e in army)
    amaq = ok(client, "/api/events", q="Amaq", limit=1000)["items"]  # only the RT text names Amaq
    rt_doc = next(d["id"] for d in ok(client, "/api/documents")["items"] if d["original_outlet"] == "RT")
    assert amaq and all(rt_doc in e["document_ids"] for e in amaq)
    assert ok(client, "/api/events", min_independence=0, limit=1000)["count"] == len(everything)
    assert ok(client, "/api/events", min_independence=1, limit=1000)["count"] == len(everything)
    assert ok(client, "/api/events", min_independence=2)["count"] == 0  # all Russian state media
    assert ok(client, "/api/events", modality="historical")["count"] == 0  # background is not an event


def test_stories_and_the_outlet_matrix(client: httpx.Client) -> None:
    stories = all_pages(client, "/api/stories", limit=1)
    assert stories and all({"story_id", "documents", "first_date", "last_date", "places", "actors", "events"} <= set(s)
                           for s in stories)
    events = {e["id"]: e for e in ok(client, "/api/events", limit=1000)["items"]}
    assert {e for s in stories for e in s["events"]} == set(events)
    merged = next(e for e in events.values() if _both_outlets(e) and e["event_type"] == "Battles")
    sid = merged["story_ids"][0]
    story = ok(client, f"/api/stories/{sid}")
    assert story["story_id"] == sid and merged["id"] in story["events"]
    assert [e["id"] for e in story["event_rows"]] == sorted(story["events"], key=lambda i: (
        events[i]["event_date"] or "9999", i))
    matrix = story["matrix"]
    cols = {c["id"]: c for c in matrix["columns"]}
    if len(merged["story_ids"]) == 1:  # both documents in one story: both outlets are columns
        assert {"rt", "sputnik"} <= set(cols)
        assert cols["rt"]["republished_by"] == ["Global Research"] and cols["sputnik"]["republished_by"] == []
        row = next(r for r in matrix["rows"] if r["id"] == merged["id"])
        assert row["cells"]["rt"] and row["cells"]["sputnik"]
    for r in matrix["rows"]:
        assert set(r["cells"]) == set(cols) and r["kind"] in ("event", "claim")
        for cell in r["cells"].values():
            for a in (cell or {"accounts": []})["accounts"]:
                assert {"document_id", "speaker", "stance", "text", "start", "end"} <= set(a)
    assert any(None in r["cells"].values() for r in matrix["rows"]) or len(cols) == 1  # silence shows
    assert [r["kind"] for r in matrix["rows"]] == sorted((r["kind"] for r in matrix["rows"]), key=["event", "claim"].index)
    assert ok(client, f"/api/stories/{sid[:6]}")["story_id"] == sid or len(stories) > 1


def test_claims(client: httpx.Client) -> None:
    every = all_pages(client, "/api/claims", limit=4)
    whole = ok(client, "/api/claims", limit=1000)["items"]
    assert [c["id"] for c in every] == [c["id"] for c in whole] and len(whole) > 5
    amaq = ok(client, "/api/claims", speaker="amaq")["items"]
    assert amaq and all("Amaq" in c["speaker"] for c in amaq)
    assert {c["stance"] for c in amaq} == {"claims"}
    c = amaq[0]
    assert c["chain"][0]["role"] == "publisher" and c["primary_source"] and c["owner_group"]
    doc = ok(client, f"/api/documents/{c['document_id']}")["text"]
    assert doc[c["start"]:c["end"]] == c["text"] and doc[c["content"]["start"]:c["content"]["end"]] == c["content"]["text"]
    one_doc = ok(client, "/api/claims", document=c["document_id"][:8], limit=1000)["items"]
    assert one_doc and {x["document_id"] for x in one_doc} == {c["document_id"]}
    in_story = ok(client, "/api/claims", story=c["story_id"], limit=1000)["items"]
    assert c["id"] in {x["id"] for x in in_story}
    assert any(x["events"] for x in whole)  # claims know the events attributed to them


def test_mention_pages_filters_and_detail(client: httpx.Client) -> None:
    whole = ok(client, "/api/mentions", limit=1000)
    assert whole["next_cursor"] is None and whole["count"] > 5
    paged = all_pages(client, "/api/mentions", limit=4)
    assert [e["id"] for e in paged] == [e["id"] for e in whole["items"]]
    assert {e["modality"] for e in whole["items"]} <= {"occurred", "attempted", "claimed"}
    assert ok(client, "/api/mentions", limit=1000, modality="all")["count"] > whole["count"]
    amaq = ok(client, "/api/mentions", q="Amaq", limit=1000)["items"]
    assert amaq and {tuple(e["sources"]) for e in amaq} == {("RT", "Global Research")}
    assert ok(client, "/api/mentions", min_independence=1)["count"] == 0  # a mention has no independence
    up_to_300 = [e for e in whole["items"] if e["fatalities_high"] == 300]
    assert len(up_to_300) == 1 and "Defense Ministry" in (up_to_300[0]["attributed_to"] or "")
    detail = ok(client, f"/api/mentions/{up_to_300[0]['id']}")
    assert detail["event"] == up_to_300[0] and tuple(detail["acled"]) == ACLED_COLUMNS
    doc = ok(client, f"/api/documents/{up_to_300[0]['document_ids'][0]}")
    for span in detail["event"]["evidence"]:
        assert doc["text"][span["start"]:span["end"]] == span["text"]


def test_documents_list_and_detail(client: httpx.Client) -> None:
    docs = all_pages(client, "/api/documents", limit=1)
    assert len(docs) == 2 and len({d["id"] for d in docs}) == 2
    by_outlet = {d["outlet"]: d for d in docs}
    assert set(by_outlet) == {"Sputnik", "Global Research"}
    assert by_outlet["Global Research"]["original_outlet"] == "RT"
    sputnik = ok(client, f"/api/documents/{by_outlet['Sputnik']['id'][:8]}")  # a unique prefix works
    labels = {s["label"] for s in sputnik["segments"]}
    assert {"body", "caption", "comment", "title", "dateline"} <= labels
    assert sputnik["reasons"]["reference_date"]["value"] == "2016-12-11"
    assert "update time" in sputnik["reasons"]["reference_date"]["reason"]
    assert sputnik["outlet_source"]["state_affiliated"] is True
    places = [m for m in sputnik["mentions"] if m["kind"] == "place" and m["resolved_id"] == "163808"]
    assert places and all(sputnik["text"][m["start"]:m["end"]] == m["text"] for m in places)
    assert sputnik["location"]["location"] == "Tadmur"
    assert ok(client, "/api/documents", country="Iraq")["count"] == 0


def test_sources_and_search(client: httpx.Client) -> None:
    sources = {s["id"]: s for s in ok(client, "/api/sources")["items"]}
    assert set(sources) == {"sputnik", "rt", "globalresearch"}
    assert sources["rt"]["original_documents"] == 1 and sources["sputnik"]["documents"] == 1
    assert ok(client, "/api/sources", all="true")["count"] > 100
    hits = ok(client, "/api/search", q="Amaq news agency")["items"]
    assert [h["outlet"] for h in hits] == ["Global Research"]
    assert "[Amaq]" in hits[0]["snippet"]
    assert ok(client, "/api/search", q="Palmyra")["count"] == 2
    error(client.get("/api/search", params={"q": '"unbalanced'}), 400, "R224")


def test_downloads_in_every_format(client: httpx.Client, tmp_path: Path) -> None:
    listed = ok(client, "/api/events", limit=1000, event_type="Battles")["items"]
    gj = client.get("/api/events", params={"format": "geojson", "event_type": "Battles"})
    assert gj.status_code == 200 and gj.headers["content-type"] == "application/geo+json"
    assert "attachment" in gj.headers["content-disposition"]
    body = gj.json()
    assert body["type"] == "FeatureCollection" and [f["id"] for f in body["features"]] == [e["id"] for e in listed]
    acled = list(csv.DictReader(io.StringIO(client.get("/api/events", params={"format": "acled-csv"}).text)))
    assert tuple(acled[0]) == ACLED_COLUMNS
    assert [r["event_id_cnty"] for r in acled] == [e["id"] for e in ok(client, "/api/events", limit=1000)["items"]]
    pq = client.get("/api/events", params={"format": "parquet", "event_type": "Battles"})
    (tmp_path / "e.parquet").write_bytes(pq.content)
    assert [r.to_json() for r in read_parquet(str(tmp_path / "e.parquet"))] == listed
    lines = client.get("/api/events", params={"format": "jsonl", "event_type": "Battles"}).text.splitlines()
    assert [json.loads(x) for x in lines] == listed
    ucdp = list(csv.DictReader(io.StringIO(client.get("/api/events", params={"format": "ucdp-csv"}).text)))
    assert {"best", "low", "high"} <= set(ucdp[0])
    mentions = client.get("/api/mentions", params={"format": "jsonl"}).text.splitlines()
    assert len(mentions) == ok(client, "/api/mentions", limit=1000)["count"]
    assert all('"kind": "event_mention"' in x for x in mentions)
    lines = client.get("/api/documents", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == 2 and all('"kind": "document_location"' in x for x in lines)


def test_one_error_shape(client: httpx.Client) -> None:
    error(client.get("/api/documents/ffffffffff"), 404, "R210")
    error(client.get("/api/events/zzzz-no-such-event"), 404, "R231")
    error(client.get("/api/events/ev"), 400, "R211")  # a prefix of several events
    error(client.get("/api/stories/zzzz-no-such-story"), 404, "R236")
    error(client.get("/api/mentions/ffffffff:0"), 404, "R231")
    error(client.get("/api/mentions/not-an-id"), 404, "R231")
    error(client.get("/api/nothing-here"), 404, "R504")
    error(client.post("/api/events"), 405, "R505")
    error(client.get("/api/events", params={"country": "Narnia"}), 400, "R222")
    error(client.get("/api/events", params={"limit": 0}), 400, "R501")
    error(client.get("/api/events", params={"bogus": 1}), 400, "R501")
    error(client.get("/api/events", params={"min_independence": "0.5"}), 400, "R501")  # a count now
    error(client.get("/api/events", params={"min_independence": -1}), 400, "R501")
    error(client.get("/api/events", params={"cursor": "!!!"}), 400, "R223")
    error(client.get("/api/events", params={"modality": "dreamt"}), 400, "R225")
    error(client.get("/api/events", params={"from": "2016-12-15", "to": "2016-12-01"}), 400, "R220")
    error(client.get("/api/claims", params={"document": "ffffffffff"}), 404, "R210")


def test_a_store_without_canonical_events_says_so(tmp_path: Path) -> None:
    from rashomon.store import Store

    empty = tmp_path / "empty.db"
    Store.open(empty).close()
    server, thread, url = start_server(empty)
    try:
        with httpx.Client(base_url=url, timeout=30) as c:
            assert ok(c, "/api/meta")["has_canonical_events"] is False
            error(c.get("/api/events"), 404, "R233")
            error(c.get("/api/events", params={"format": "geojson"}), 404, "R233")
            assert ok(c, "/api/stories")["items"] == []
    finally:
        stop_server(server, thread)


def test_filters_are_the_same_in_api_export_and_sitrep(client: httpx.Client, tmp_path_factory: pytest.TempPathFactory,
                                                      tmp_path: Path) -> None:
    """One Filters object: the CLI export and the sitrep pick the events the API lists."""
    from click.testing import CliRunner

    from rashomon.export.cli import export_cmd
    from rashomon.sitrep.cli import sitrep_cmd

    db = str(seeds_db(tmp_path_factory))
    cases = [
        ({"country": "Syria", "from": "2016-12-01", "to": "2016-12-15"},
         ["--country", "Syria", "--from", "2016-12-01", "--to", "2016-12-15"]),
        ({"event_type": "Battles", "bbox": "38,34,39,35", "min_independence": "1"},
         ["--event-type", "Battles", "--bbox", "38,34,39,35", "--min-independence", "1"]),
        ({"q": "Amaq", "actor": "islamic"}, ["-q", "Amaq", "--actor", "islamic"]),
    ]
    for params, args in cases:
        api = [e["id"] for e in ok(client, "/api/events", limit=1000, **params)["items"]]
        out = tmp_path / "e.jsonl"
        done = CliRunner().invoke(export_cmd, ["-f", "jsonl", "--db", db, "-o", str(out), *args])
        assert done.exit_code == 0, done.output
        assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == api, params
        html = tmp_path / "r.html"
        done = CliRunner().invoke(sitrep_cmd, ["--db", db, "-o", str(html), *args])
        assert done.exit_code == 0, done.output
        assert re.findall(r"<tr id='([^']+)'>", html.read_text(encoding="utf-8")) == api, params


def test_search_index_follows_new_documents(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    from rashomon.store import Store
    from rashomon.store.read_api import ensure_search_index, refresh_search_index, search

    db = tmp_path / "copy.db"
    shutil.copy(seeds_db(tmp_path_factory), db)
    with Store.open(db, create=False) as store:
        ensure_search_index(store)
        assert refresh_search_index(store) == 0  # nothing new: two counts, no writes
        article = tmp_path / "new.txt"
        article.write_text("Quarantelli Reports\n\nShelling hit the outskirts of Aleppo on Monday, "
                           "a monitor named Quarantelli said.\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "rashomon.cli", "ingest", str(article), "--db", str(db),
                               "--no-annotate", "--quiet"], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert search(store, "Quarantelli").items == []
        assert refresh_search_index(store) == 1
        hits = search(store, "Quarantelli").items
        assert len(hits) == 1 and "[Quarantelli]" in hits[0].snippet
