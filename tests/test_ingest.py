"""Ingest against real files: every input kind and every kind of bad input."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rashomon.errors import ConfigError
from rashomon.ingest import (
    COMMENTS_HEADING,
    IngestStats,
    count_inputs,
    decode_bytes,
    parse_map,
    read_inputs,
)
from rashomon.ingest.cli import read_command
from rashomon.model import RawDocument, Rejected

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>Army repels attack on desert town | Northern Courier</title>
<link rel="canonical" href="https://news.example.org/world/2016/12/11/army-repels-attack">
<meta property="og:site_name" content="Northern Courier">
<meta property="article:published_time" content="2016-12-11T08:30:00+00:00">
<meta name="author" content="Jane Roe">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></nav>
<article>
<h1>Army repels attack on desert town</h1>
<p>Government forces repelled a large attack on the desert town on Saturday, the defence
ministry said, adding that air support had been decisive in the fighting.</p>
<p>According to the ministry, more than two hundred fighters took part in the assault,
which began before dawn. The governor said the army was \u201cmaintaining stiff
resistance\u201d in the northern districts.</p>
<p>An activist network reported heavy shelling of the eastern suburbs overnight and said
that several families had fled towards the coast.</p>
</article>
<div class="comments" id="comments"><h3>Comments</h3>
<div class="comment"><p>This is the third attack on the town in a year, and nobody seems
to care about the people who live there.</p></div>
</div>
<footer><p>Copyright 2016 Northern Courier. All rights reserved.</p></footer>
</body></html>
"""


def page(charset: str = "utf-8") -> str:
    """A realistic article page (hand-written for these tests)."""
    return PAGE.format(charset=charset)


def shared_data() -> Path:
    """The gold data folder: $RASHOMON_SHARED/data or the repo's ../shared/data."""
    root = Path(os.environ.get("RASHOMON_SHARED", REPO.parent / "shared"))
    data = root / "data" if (root / "data").is_dir() else root
    assert (data / "gva-dev" / "documents.jsonl").is_file(), (
        f"shared gold data missing under {root}: set RASHOMON_SHARED"
    )
    return data


def split(items: list[RawDocument | Rejected]) -> tuple[list[RawDocument], list[Rejected]]:
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(docs) + len(rejected) == len(items)
    return docs, rejected


def warc_bytes(gz: bool) -> bytes:
    """A small archive: 2 HTML pages among a request, an image, a 404 and metadata."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)

    def record(uri: str, kind: str, body: bytes, headers: StatusAndHeaders | None = None) -> None:
        # An explicit length keeps warcio from spooling the payload to a temporary file.
        writer.write_record(
            writer.create_warc_record(
                uri, kind, payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
        )

    def response(uri: str, status: str, ctype: str, body: bytes) -> None:
        record(
            uri,
            "response",
            body,
            StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1"),
        )

    record("http://a.example/", "warcinfo", b"software: tests")
    request = StatusAndHeaders("GET /one HTTP/1.1", [("Host", "a.example")], is_http_request=True)
    record("http://a.example/one", "request", b"", request)
    response("http://a.example/one", "200 OK", "text/html; charset=utf-8", page().encode("utf-8"))
    response("http://a.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    response(
        "http://a.example/gone", "404 Not Found", "text/html", b"<html><body>gone</body></html>"
    )
    second = page("windows-1252").replace("desert town", "river town").encode("cp1252")
    response("http://a.example/two", "200 OK", "text/html; charset=windows-1252", second)
    return buffer.getvalue()


# --- plain text ---------------------------------------------------------------------


def test_seed_articles_round_trip_byte_exact(tmp_path: Path) -> None:
    for seed in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    crlf = tmp_path / "windows.txt"
    crlf.write_bytes(b"Line one\r\nLine two\r\n\r\n  indented  \r\n")
    docs, rejected = split(list(read_inputs([tmp_path])))
    assert not rejected
    assert [Path(d.origin).name for d in docs] == sorted(p.name for p in tmp_path.iterdir())
    for doc in docs:
        assert doc.kind == "txt"
        assert doc.text.encode(doc.encoding) == Path(doc.origin).read_bytes()
    assert docs[0].text.startswith(
        Path(EXAMPLES / docs[0].origin.split("/")[-1]).read_text("utf-8")[:40]
    )
    assert "\r\n" in docs[-1].text


def test_encodings_decoded_and_recorded(tmp_path: Path) -> None:
    smart = "The governor said \u201cthe army holds\u201d \u2014 it\u2019s na\u00efve to think otherwise.\n"
    (tmp_path / "a_cp1252.txt").write_bytes(smart.encode("cp1252"))
    (tmp_path / "b_utf8bom.txt").write_bytes(b"\xef\xbb\xbf" + smart.encode("utf-8"))
    (tmp_path / "c_utf16.txt").write_bytes(smart.encode("utf-16"))
    (tmp_path / "d_latin1.txt").write_bytes(
        "Caf\u00e9 in S\u00e3o Paulo, a\u00f1o.\n".encode("latin-1")
    )
    docs, rejected = split(list(read_inputs([tmp_path])))
    assert not rejected
    by_name = {Path(d.origin).name: d for d in docs}
    assert by_name["a_cp1252.txt"].encoding == "cp1252"
    assert by_name["a_cp1252.txt"].text == smart
    assert (
        by_name["b_utf8bom.txt"].text == smart and by_name["b_utf8bom.txt"].encoding == "utf-8-sig"
    )
    assert by_name["c_utf16.txt"].text == smart and by_name["c_utf16.txt"].encoding == "utf-16"
    assert by_name["d_latin1.txt"].text == "Caf\u00e9 in S\u00e3o Paulo, a\u00f1o.\n"
    for doc in docs:
        assert doc.text.encode(doc.encoding) == Path(doc.origin).read_bytes()


def test_directory_walk_sorted_hidden_skipped_foreign_reported(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "c" / "deep.txt").write_text("Deep article text.\n")
    (tmp_path / "b" / "first.txt").write_text("First article text.\n")
    (tmp_path / "a.txt").write_text("Top article text.\n")
    (tmp_path / "page.htm").write_text(page())
    (tmp_path / ".hidden.txt").write_text("Hidden, never read.\n")
    (tmp_path / ".git" / "HEAD.txt").write_text("ref: refs/heads/main\n")
    (tmp_path / "notes.md").write_text("# Notes\nA markdown scrape.\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    stats = IngestStats()
    docs, rejected = split(list(read_inputs([tmp_path], stats=stats)))
    names = [str(Path(d.origin).relative_to(tmp_path)) for d in docs]
    assert names == ["a.txt", "b/c/deep.txt", "b/first.txt", "page.htm"]
    assert [(Path(r.origin).name, r.reason) for r in rejected] == [("notes.md", "unsupported")]
    assert "notes.md" in rejected[0].detail
    assert stats.skipped_files == 1 and stats.documents == 4 and stats.rejected == 1
    assert count_inputs([tmp_path]) == 4


# --- HTML ---------------------------------------------------------------------------


def test_html_page_through_trafilatura(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_text(page(), encoding="utf-8")
    (doc,) = list(read_inputs([path]))
    assert isinstance(doc, RawDocument), doc
    assert doc.kind == "html" and doc.html is not None and "<nav>" in doc.html
    assert doc.title == "Army repels attack on desert town"
    assert doc.url == "https://news.example.org/world/2016/12/11/army-repels-attack"
    assert doc.source == "Northern Courier"
    assert doc.published == "2016-12-11"
    body, _, comments = doc.text.partition(COMMENTS_HEADING)
    assert "Government forces repelled a large attack" in body
    assert "\u201cmaintaining stiff" in body
    assert "World news" not in doc.text and "All rights reserved" not in doc.text
    assert "third attack on the town" in comments
    extra = dict(doc.extra)
    assert json.loads(extra["comments_start"]) == len(body)
    assert json.loads(extra["author"]) == "Jane Roe"


def test_html_declared_cp1252_and_no_text(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(page("windows-1252").encode("cp1252"))
    (tmp_path / "b.html").write_text("<html><head><title>x</title></head><body></body></html>")
    items = list(read_inputs([tmp_path]))
    docs, rejected = split(items)
    assert docs[0].encoding == "cp1252" and "\u201cmaintaining stiff" in docs[0].text
    assert [(Path(r.origin).name, r.reason) for r in rejected] == [("b.html", "no_text")]


# --- JSON Lines ---------------------------------------------------------------------


def test_jsonl_default_names_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": 7,
                "headline": "H1",
                "content": "Body one.",
                "link": "http://x/1",
                "pubDate": "2016-12-11",
                "outlet": "Courier",
                "tags": ["a", "b"],
            }
        ),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body here"}).replace('"title"', '"name"'),
        json.dumps(
            {"maintext": "Body two.", "date_publish": "2017-01-02 10:00", "source_domain": "x.org"}
        ),
        json.dumps({"text": 5}),
        json.dumps({"body": "", "headline": "Only a headline survives"}),
        json.dumps({"article": "Caf\u00e9 \u2014 three.", "uri": "http://x/3"}, ensure_ascii=False),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, rejected = split(list(read_inputs([path])))
    assert [(r.origin, r.reason) for r in rejected] == [
        (f"{path}:3", "bad_json"),
        (f"{path}:4", "bad_json"),
        (f"{path}:5", "no_text"),
        (f"{path}:7", "no_text"),
    ]
    assert all(r.detail.startswith(r.origin) for r in rejected)
    first, second, headline, third = docs
    assert (first.origin, first.text, first.title, first.url, first.published, first.source) == (
        f"{path}:1",
        "H1\n\nBody one.",  # the title line on top of a text that lacks it
        "H1",
        "http://x/1",
        "2016-12-11",
        "Courier",
    )
    assert dict(first.extra) == {
        "id": "7", "tags": '["a", "b"]', "rashomon.text_from": '"title+text"'
    }
    assert (second.text, second.published, second.source) == (
        "Body two.",
        "2017-01-02 10:00",
        "x.org",
    )
    assert headline.text == "Only a headline survives"
    assert dict(headline.extra)["rashomon.text_from"] == '"title"'
    assert third.text == "Caf\u00e9 \u2014 three." and third.url == "http://x/3"
    assert count_inputs([path]) == len(lines)


def test_jsonl_with_map(tmp_path: Path) -> None:
    fields = parse_map("text=story, url=permalink,date=when,title=hed,source=paper")
    assert fields == {
        "text": "story",
        "url": "permalink",
        "published": "when",
        "title": "hed",
        "source": "paper",
    }
    path = tmp_path / "custom.jsonl"
    rows = [
        {
            "story": "Mapped body.",
            "permalink": "http://y/1",
            "when": "2020-05-01",
            "hed": "Mapped",
            "paper": "Gazette",
            "text": "decoy",
        },
        {"text": "Only the default name."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (doc, rej) = list(read_inputs([path], jsonl_map=fields))
    assert isinstance(doc, RawDocument) and isinstance(rej, Rejected)
    assert (doc.text, doc.url, doc.published, doc.title, doc.source) == (
        "Mapped body.",
        "http://y/1",
        "2020-05-01",
        "Mapped",
        "Gazette",
    )
    assert dict(doc.extra) == {"text": '"decoy"'}
    assert rej.reason == "no_text" and rej.origin == f"{path}:2" and "story" in rej.detail
    for bad in ("text", "colour=red", "text=a,text=b"):
        with pytest.raises(ConfigError):
            parse_map(bad)
    with pytest.raises(ConfigError):
        read_inputs([path], jsonl_map={"body": "x"})


def test_jsonl_long_line_rejected_rest_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w") as handle:
        handle.write(json.dumps({"text": "short one"}) + "\n")
        handle.write(json.dumps({"text": "x" * 5000}) + "\n")
        handle.write(json.dumps({"text": "short two"}) + "\n")
    docs, rejected = split(list(read_inputs([path], max_bytes=1000)))
    assert [d.text for d in docs] == ["short one", "short two"]
    assert [(r.origin, r.reason) for r in rejected] == [(f"{path}:2", "too_large")]


def test_json_list_file(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(
        json.dumps([{"content": "One."}, {"content": ""}, {"content": "Two."}], indent=2)
    )
    docs, rejected = split(list(read_inputs([path])))
    assert [(d.origin, d.text) for d in docs] == [
        (f"{path}#item-1", "One."),
        (f"{path}#item-3", "Two."),
    ]
    assert [(r.origin, r.reason) for r in rejected] == [(f"{path}#item-2", "no_text")]


# --- WARC ---------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_only(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(warc_bytes(gz))
    stats = IngestStats()
    docs, rejected = split(list(read_inputs([path], stats=stats)))
    assert not rejected
    assert [(d.origin, d.url, d.kind) for d in docs] == [
        (f"{path}#record-3", "http://a.example/one", "warc"),
        (f"{path}#record-6", "http://a.example/two", "warc"),
    ]
    assert "river town" in docs[1].text and docs[1].encoding == "cp1252"
    assert json.loads(dict(docs[0].extra)["canonical_url"]).startswith("https://news.example.org/")
    assert stats.skipped_records == 4


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_complete_records(tmp_path: Path, gz: bool) -> None:
    data = warc_bytes(gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) - 700])  # inside the last record (the second page)
    good = tmp_path / "z_after.txt"
    good.write_text("A later file still loads.\n")
    docs, rejected = split(list(read_inputs([path, good])))
    assert [d.url for d in docs] == ["http://a.example/one", None]
    assert [(r.origin, r.reason) for r in rejected] == [(f"{path}#record-6", "truncated_warc")]
    assert str(path) in rejected[0].detail and "record 6" in rejected[0].detail


# --- standard input and sniffing ------------------------------------------------------


def test_stdin_sniffs_jsonl_html_warc_and_text(monkeypatch: pytest.MonkeyPatch) -> None:
    feeds = {
        "jsonl": b'\n{"text": "From a pipe."}\n{"text": "Second."}\n',
        "html": page().encode("utf-8"),
        "warc": warc_bytes(gz=True),
        "stdin": "Plain words, \u201cquoted\u201d.\n".encode("cp1252"),
    }
    for kind, data in feeds.items():
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
        docs, rejected = split(list(read_inputs(["-"])))
        assert not rejected and docs, kind
        assert {d.kind for d in docs} == {kind}
    assert docs[0].origin == "<stdin>" and docs[0].text == "Plain words, \u201cquoted\u201d.\n"


def test_stdin_through_a_real_pipe() -> None:
    script = (
        "from rashomon.ingest import read_inputs; print([d.origin for d in read_inputs(['-'])])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=b'{"content": "a"}\n{"content": "b"}\n',
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.decode().strip() == "['<stdin>:1', '<stdin>:2']"


def test_explicit_foreign_extensions_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "feed.dat").write_text('{"text": "sniffed jsonl"}\n')
    (tmp_path / "page.out").write_text(page())
    (tmp_path / "README").write_text("sniffed plain text\n")
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    names = ["feed.dat", "page.out", "README", "image.bin"]
    items = list(read_inputs([tmp_path / n for n in names]))
    assert [i.kind if isinstance(i, RawDocument) else i.reason for i in items] == [
        "jsonl",
        "html",
        "txt",
        "binary",
    ]


# --- bad input ---------------------------------------------------------------------


def test_bad_inputs_each_rejected_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    with zipfile.ZipFile(tmp_path / "archive.html", "w") as zf:
        zf.writestr("a.txt", "zipped text " * 50)
    noise = random.Random(7)
    (tmp_path / "garbled.txt").write_bytes(bytes(noise.randrange(0x80, 0x100) for _ in range(3000)))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # 50 MB without writing 50 MB: a sparse file
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("The one good article.\n")
    paths = [*sorted(tmp_path.iterdir()), tmp_path / "missing.txt"]
    started = time.perf_counter()
    docs, rejected = split(list(read_inputs(paths)))
    elapsed = time.perf_counter() - started
    assert [d.origin for d in docs] == [str(good)]
    reasons = {Path(r.origin).name: r.reason for r in rejected}
    assert reasons == {
        "archive.html": "binary",
        "blank.txt": "empty",
        "empty.jsonl": "empty",
        "empty.txt": "empty",
        "garbled.txt": "undecodable",
        "huge.txt": "too_large",
        "image.txt": "binary",
        "missing.txt": "not_found",
    }
    assert all(r.stage == "ingest" and r.origin in r.detail for r in rejected)
    assert elapsed < 5, "a 50 MB file must be refused from its size, not read"


def test_decode_bytes_refuses_noise_keeps_cyrillic() -> None:
    text = "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? " * 5
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded is not None and decoded.text == text
    assert decode_bytes(bytes(range(0x80, 0xA0)) * 40) is None


# --- the command and the gold corpus ---------------------------------------------------


def test_read_command_lists_documents_and_refusals(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Article.\n")
    (tmp_path / "b.jsonl").write_text('{"body": "x", "hed": "T"}\n')
    result = CliRunner().invoke(read_command, [str(tmp_path), "--map", "title=hed"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["origin"].endswith("a.txt") and rows[0]["chars"] == 9
    assert rows[1]["title"] == "T"
    bad = CliRunner().invoke(read_command, [str(tmp_path), "--map", "colour=red"])
    assert bad.exit_code == 2 and "R102" in bad.output


def test_gva_dev_loads_whole(tmp_path: Path) -> None:
    path = shared_data() / "gva-dev" / "documents.jsonl"
    started = time.perf_counter()
    items = list(read_inputs([path]))
    rate = len(items) / (time.perf_counter() - started)
    docs, rejected = split(items)
    assert not rejected, rejected[:3]
    assert len(docs) == 3875
    assert all(d.text.strip() for d in docs)
    assert all(d.title and d.published and d.url for d in docs)
    assert Counter(k for d in docs for k, _ in d.extra)["doc_id"] == 3875
    assert rate > 1000, f"{rate:.0f} docs/s"
    print(f"gva-dev: {len(docs)} documents at {rate:.0f} docs/s")


def test_a_record_title_goes_on_top_of_a_text_that_lacks_it() -> None:
    from rashomon.ingest.jsonl import compose_text, record_document

    body = "By Jane Roe\n\nTwo men were shot Sunday night outside a bar, police said."
    made = record_document(
        "feed.jsonl:1",
        {"title": "Two shot outside Elm Street bar - Daily Courier", "content": body},
        {},
    )
    assert not isinstance(made, Rejected)
    assert made.text.startswith("Two shot outside Elm Street bar - Daily Courier\n\n")
    assert made.text.endswith(body)  # both fields verbatim
    assert dict(made.extra)["rashomon.text_from"] == '"title+text"'
    # a text that already opens with the headline (outlet suffix or not) is kept as it is
    repeated = "Two shot outside Elm Street bar\nPosted: Monday\n\n" + body
    assert compose_text("Two shot outside Elm Street bar - Daily Courier", repeated) == (repeated, None)
    assert compose_text("TWO SHOT OUTSIDE ELM STREET BAR", repeated) == (repeated, None)
    assert compose_text(None, body) == (body, None)
    assert compose_text("   ", body) == (body, None)
