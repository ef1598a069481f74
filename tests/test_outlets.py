"""The outlet table and outlet / syndication resolution."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from rashomon.clean.outlets import (
    OutletTable,
    host_of,
    resolve_outlets,
    source_for_unknown_domain,
)
from rashomon.model import RawDocument, Segment


@pytest.fixture(scope="module")
def table() -> OutletTable:
    return OutletTable.load()


def _raw(text: str, **kw: str) -> RawDocument:
    return RawDocument(origin="test", kind="txt", text=text, **kw)


def test_table_is_large_and_well_formed(table: OutletTable) -> None:
    sources = table.sources()
    assert len(sources) >= 150
    ids = [s.id for s in sources]
    assert len(ids) == len(set(ids))
    assert all(s.name and s.kind for s in sources)
    assert all(s.country is None or len(s.country) == 2 for s in sources)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sputnik", "sputnik"),
        ("RT", "rt"),
        ("Global Research", "globalresearch"),
        ("Centre for Research on Globalization", "globalresearch"),
        ("AP", "ap"),
        ("Associated Press", "ap"),
        ("RIA Novosti", "ria"),
        ("SANA", "sana"),
        ("al-Ikhbariyah", "ikhbariya"),
        ("Amaq", "amaq"),
        ("reuters", "reuters"),
        ("THE GUARDIAN", "guardian"),
        ("El Pais", "elpais"),
        ("Hürriyet Daily News", "hurriyet"),
        ("WKRN News 2", "wkrn"),
        ("KMOV.com", "kmov"),
    ],
)
def test_by_name(table: OutletTable, name: str, expected: str) -> None:
    hit = table.by_name(name)
    assert hit is not None and hit.id == expected


def test_owners_and_state_affiliation(table: OutletTable) -> None:
    sputnik, ria, rt = (table.by_name(n) for n in ("Sputnik", "RIA Novosti", "RT"))
    assert sputnik is not None and ria is not None and rt is not None
    assert sputnik.owner == ria.owner == "Rossiya Segodnya"
    assert rt.owner == "ANO TV-Novosti" and rt.state_affiliated and rt.country == "RU"
    ap = table.by_name("AP")
    assert ap is not None and not ap.state_affiliated and ap.kind == "wire"


def test_host_of_and_by_domain(table: OutletTable) -> None:
    wrapped = "http://web.archive.org/web/20141108120159/http://www.wkrn.com:80/story/1/x"
    assert host_of(wrapped) == "wkrn.com"
    hit = table.by_domain(wrapped)
    assert hit is not None and hit.name == "WKRN News 2" and hit.owner == "Nexstar Media Group"
    for url, expected in [
        ("https://m.bbc.co.uk/news/1", "bbc"),
        ("edition.cnn.com", "cnn"),
        ("https://www.reuters.co.uk/article", "reuters"),  # same name, another country TLD
        ("https://pittsburgh.cbslocal.com/2016/x", "kdka"),  # subdomain row beats parent
        ("https://news.sputniknews.com/x", "sputnik"),  # unknown subdomain falls back
    ]:
        found = table.by_domain(url)
        assert found is not None and found.id == expected, url
    assert table.by_domain("https://example.org/a") is None
    assert table.by_domain("https://foo.cbslocal.com/") is None


def test_unknown_domain_source() -> None:
    src = source_for_unknown_domain("https://www.example.com:8080/a/b")
    assert src.id == "dom:example.com" and src.name == "example.com"


def test_top_gva_domains_are_in_the_table(table: OutletTable, shared_data: Path) -> None:
    counts: collections.Counter[str] = collections.Counter()
    with (shared_data / "gva-dev" / "documents.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            counts[host_of(json.loads(line)["uri"])] += 1
    missing = [d for d, _ in counts.most_common(50) if table.by_domain(d) is None]
    assert missing == []


def test_sputnik_seed_outlet_from_text_cues(table: OutletTable, sputnik_path: Path) -> None:
    outlet, original = resolve_outlets(_raw(sputnik_path.read_text(encoding="utf-8")), [], table)
    assert outlet.source_id == "sputnik"
    assert outlet.span is not None and "Sputnik" in outlet.reason
    assert original is None  # "© AP Photo" credits a picture, not the story


def test_global_research_seed_syndicates_rt(table: OutletTable, rt_path: Path) -> None:
    raw = _raw(rt_path.read_text(encoding="utf-8"))
    outlet, original = resolve_outlets(raw, [], table)
    assert outlet.source_id == "globalresearch"
    assert original is not None and original.source_id == "rt"
    assert original.span is not None
    assert raw.text[original.span.start : original.span.end] == "Articles by: RT"


def test_url_wins_and_metadata_comes_next(table: OutletTable) -> None:
    text = "Become a Member of Global Research\n"
    by_url, _ = resolve_outlets(_raw(text, url="https://www.wkrn.com/story/1"), [], table)
    assert by_url.source_id == "wkrn" and "wkrn.com" in by_url.reason
    unknown_url, _ = resolve_outlets(_raw(text, url="https://tiny-local.example/1"), [], table)
    assert unknown_url.source_id == "dom:tiny-local.example"
    by_meta, _ = resolve_outlets(_raw("Text.", source="Sputnik News"), [], table)
    assert by_meta.source_id == "sputnik"
    nothing, none = resolve_outlets(_raw("A man was shot on Tuesday."), [], table)
    assert nothing.source_id == "unknown" and nothing.reason and none is None


def test_title_suffix_names_the_site(table: OutletTable) -> None:
    outlet, _ = resolve_outlets(
        _raw("Body text.", title="Man hurt in crash - WKRN News 2"), [], table
    )
    assert outlet.source_id == "wkrn" and "title" in outlet.reason


def test_photo_credit_and_comments_are_not_outlets(table: OutletTable) -> None:
    text = "Story text.\n© AP Photo/ John Doe\nReader says: see www.globalresearch.ca\n"
    cut = text.index("Reader")
    segments = [
        Segment(start=0, end=cut, label="body", reason="test"),
        Segment(start=cut, end=len(text), label="comment", reason="test"),
    ]
    outlet, original = resolve_outlets(_raw(text), segments, table)
    assert outlet.source_id == "unknown"
    assert original is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON (Reuters) - Officials said on Monday...", "reuters"),
        ("ST. JOSEPH, Mich. (AP) — A sheriff says...", "ap"),
        ("Story.\n\nThis article originally appeared on The Guardian.", "guardian"),
        ("Story.\n\nRepublished from Al Jazeera with permission.", "aljazeera"),
        ("Story.\nSource: TASS\n", "tass"),
        ("Story.\n\nCopyright 2016 The Associated Press. All rights reserved.", "ap"),
    ],
)
def test_original_outlet_cues(table: OutletTable, text: str, expected: str) -> None:
    _, original = resolve_outlets(_raw(text, url="https://tiny-local.example/1"), [], table)
    assert original is not None and original.source_id == expected
    assert original.reason.startswith("syndicated")


def test_own_wire_dateline_is_not_syndication(table: OutletTable) -> None:
    _, original = resolve_outlets(
        _raw("LONDON (Reuters) - Text.", url="https://www.reuters.com/x"), [], table
    )
    assert original is None


def test_extra_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "id,name,domains,country,owner,state_affiliated,kind,aliases,text_cues,notes\n"
        "sputnik,Sputnik International,sputniknews.com,RU,Rossiya Segodnya,1,outlet,,,\n"
        "mylocal,My Local Paper,mylocal.example,US,,0,outlet,MLP,,\n",
        encoding="utf-8",
    )
    table = OutletTable.load(extra=[extra])
    overridden, added = table.by_domain("sputniknews.com"), table.by_name("MLP")
    assert overridden is not None and overridden.name == "Sputnik International"
    assert added is not None and added.id == "mylocal"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,domains,kind\nx,X,x.example,newspaper\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        OutletTable.load(extra=[bad])


def test_sputnik_comment_widget_counts_inside_comment_segments(
    table: OutletTable, sputnik_path: Path
) -> None:
    text = sputnik_path.read_text(encoding="utf-8")
    comments = text.index("Community standards")
    segments = [
        Segment(start=0, end=comments, label="body", reason="test"),
        Segment(start=comments, end=len(text), label="comment", reason="test"),
    ]
    outlet, _ = resolve_outlets(_raw(text), segments, table)
    assert outlet.source_id == "sputnik"


def test_local_outlets_carry_their_home_state(table: OutletTable) -> None:
    # curated rows: a station's or paper's city of license gives its region
    for url, region in [
        ("http://www.click2houston.com/news/x", "US-TX"),
        ("https://www.post-gazette.com/local/x", "US-PA"),
        ("http://web.archive.org/web/2016/http://www.wusa9.com:80/story", "US-DC"),
        ("http://stlouis.cbslocal.com/2016/x", "US-MO"),
    ]:
        src = table.by_domain(url)
        assert src is not None and table.region(src.id) == region, url
    regions = [r.region for r in table.records if r.region]
    assert all(r.startswith("US-") and len(r) == 5 for r in regions if r.startswith("US"))
