"""JSON Lines (one article per line) and JSON files holding a list of articles.

Field names are recognised from the usual dumps (news-please, newspaper3k, GDELT
scrapers, the SemEval GVA corpus); ``--map`` names the key to use for one of our
fields when a corpus spells it otherwise. Every other key is kept in ``extra``
(values JSON-encoded) so users can join results back to their own ids.

Lines are read one at a time with a bounded ``readline``: a 10 GB file is fine,
and one line longer than ``max_bytes`` is rejected without being held in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import IO, Any

from rashomon.errors import ConfigError
from rashomon.ingest.common import reject, size_text
from rashomon.ingest.decode import decode_bytes
from rashomon.ingest.files import IngestStats
from rashomon.model import InputKind, RawDocument, Rejected

#: Our field names and the keys recognised for each, in order of preference.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext", "full_text", "article_text"),
    "title": ("title", "headline"),
    "url": ("url", "uri", "link", "source_url", "canonical_url"),
    "published": (
        "published",
        "date",
        "dct",
        "pubDate",
        "publish_date",
        "date_publish",
        "published_at",
        "date_published",
        "datetime",
    ),
    "source": ("source", "outlet", "site", "source_domain", "sitename", "publisher", "domain"),
}
#: Spellings of our field names accepted on the left of ``--map``.
#: Key in ``extra`` saying which field became the text when it was not the text field.
TEXT_FROM_KEY = "rashomon.text_from"
_OUR_NAMES = {
    "text": "text",
    "title": "title",
    "url": "url",
    "date": "published",
    "published": "published",
    "source": "source",
}

_CHUNK = 1 << 20
#: Characters at the top of a text searched for its record's title.
TITLE_WINDOW = 3000
#: Separators between a headline and the outlet name in a page title
#: ("Man shot on Main St. - WKRN News 2", "... | Local News").
_TITLE_PARTS = re.compile(r"\s+(?:[-|\u2013\u2014:]{1,2})\s+")
#: A title part shorter than this is an outlet name or a kicker, not the headline.
_MIN_HEADLINE = 15


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def title_in_text(title: str, text: str) -> bool:
    """Whether the text already opens with its title (or the title's headline part).

    Crawled records often keep the headline in a title field and start the text
    with the byline or the first paragraph; others repeat the headline on top.
    A title part (split at " - ", " | ", ":") of 15 characters or more found in
    the first ``TITLE_WINDOW`` characters counts as present.
    """
    top = _fold(text[:TITLE_WINDOW])
    whole = _fold(title)
    if not whole:
        return True
    parts = [_fold(p) for p in _TITLE_PARTS.split(title) if len(p.strip()) >= _MIN_HEADLINE]
    return any(p and p in top for p in [whole, *parts])


def compose_text(title: str | None, text: str) -> tuple[str, str | None]:
    """The raw text of a record with a title field and a text field.

    The headline names the incident, its place and its toll more often than any
    other line, and later stages read only the raw text (every offset points into
    it). So when the text does not already open with the title, the raw text is
    the title as given, a blank line, then the text as given: both fields
    verbatim, the title line at offsets ``0..len(title)``.

    Returns:
        The raw text, and ``"title+text"`` when the title was put on top (recorded
        under ``rashomon.text_from``), else ``None``.
    """
    if title is None or not title.strip() or title_in_text(title, text):
        return text, None
    return f"{title.strip()}\n\n{text}", "title+text"


def parse_map(spec: str) -> dict[str, str]:
    """Parse a ``--map`` option: ``"text=body,url=link,date=pubDate"``.

    Args:
        spec: comma-separated ``ours=theirs`` pairs; ours is one of ``text``,
            ``title``, ``url``, ``date`` (or ``published``), ``source``. Blank
            items are ignored.

    Returns:
        Our field name (``date`` normalised to ``published``) -> their key.

    Raises:
        ConfigError: R101 for an item without ``=`` or an empty side, R102 for a
            field name we do not have, R103 for a field mapped twice.
    """
    mapping: dict[str, str] = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        ours, sep, theirs = item.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or not ours or not theirs:
            raise ConfigError(
                f"--map item {item.strip()!r} is not ours=theirs: write e.g. 'text=body,date=pubDate'",
                code="R101",
            )
        field = _OUR_NAMES.get(ours.lower())
        if field is None:
            raise ConfigError(
                f"--map names field {ours!r}; the fields are {', '.join(sorted(_OUR_NAMES))}",
                code="R102",
            )
        if field in mapping:
            raise ConfigError(f"--map maps field {ours!r} twice: keep one", code="R103")
        mapping[field] = theirs
    return mapping


def check_map(jsonl_map: Mapping[str, str]) -> dict[str, str]:
    """Validate a field map given as a mapping (as ``read_inputs`` receives it).

    Raises:
        ConfigError: R102 for a field name we do not have.
    """
    return parse_map(",".join(f"{ours}={theirs}" for ours, theirs in jsonl_map.items()))


def _scalar(value: Any) -> str | None:
    """A metadata value as a string: strings stripped, numbers as written, else JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def record_document(
    origin: str,
    obj: Any,
    fields: Mapping[str, str],
    *,
    kind: InputKind = "jsonl",
    encoding: str = "utf-8",
) -> RawDocument | Rejected:
    """Make a ``RawDocument`` from one decoded JSON value.

    Args:
        origin: ``path:LINE`` (or ``path#item-N`` in a JSON list).
        obj: the parsed JSON value; anything but an object is ``bad_json``.
        fields: the ``--map`` overrides, our field -> their key.
        kind: ``jsonl``, or ``stdin`` when read from standard input.
        encoding: how the line was decoded.

    Returns:
        The document, or ``Rejected`` with ``bad_json`` or ``no_text``.
    """
    if not isinstance(obj, dict):
        return reject(origin, "bad_json", f"a JSON {type(obj).__name__}, not an object")
    used = _pick_keys(obj, fields)
    text_key = used.get("text")
    text = obj[text_key] if text_key is not None else None
    if text is not None and not isinstance(text, str):
        return reject(
            origin, "no_text", f"field {text_key!r} is a {type(text).__name__}, not a string"
        )
    synthetic: dict[str, str] = {}
    if text is None or not text.strip():
        # Crawls keep records whose body failed to download but whose headline
        # survived (65 of the GVA corpus's 3,875); the headline alone still names
        # the event and keeps the record joinable, so it becomes the text.
        title_key = used.get("title")
        title = obj[title_key] if title_key is not None else None
        if not isinstance(title, str) or not title.strip():
            wanted = fields.get("text") or "|".join(DEFAULT_FIELDS["text"])
            what = f"field {text_key!r} is empty" if text_key else f"no text field ({wanted})"
            return reject(
                origin,
                "no_text",
                f"{what} and no title to fall back on; map the text with --map text=KEY",
            )
        text = title
        synthetic[TEXT_FROM_KEY] = json.dumps("title")
    else:
        title_key = used.get("title")
        title_value = obj.get(title_key) if title_key is not None else None
        if isinstance(title_value, str):
            text, how = compose_text(title_value, text)
            if how is not None:
                synthetic[TEXT_FROM_KEY] = json.dumps(how)
    taken = set(used.values())
    pairs = [
        (key, json.dumps(value, ensure_ascii=False, sort_keys=True))
        for key, value in obj.items()
        if key not in taken
    ]
    meta = {ours: _scalar(obj[key]) for ours, key in used.items() if ours != "text"}
    return RawDocument(
        origin=origin,
        kind=kind,
        text=text,
        url=meta.get("url"),
        title=meta.get("title"),
        published=meta.get("published"),
        source=meta.get("source"),
        encoding=encoding,
        extra=tuple(sorted([*pairs, *synthetic.items()])),
    )


def _pick_keys(obj: dict[str, Any], fields: Mapping[str, str]) -> dict[str, str]:
    """Which key of ``obj`` feeds each of our fields.

    A ``--map`` entry names the key outright. Otherwise the first recognised key
    with a non-empty value wins, or else the first recognised key present (so an
    empty ``content`` is still the text field, not an extra).
    """
    used: dict[str, str] = {}
    for ours, defaults in DEFAULT_FIELDS.items():
        if ours in fields:
            if fields[ours] in obj:
                used[ours] = fields[ours]
            continue
        present = [key for key in defaults if key in obj]
        filled = [key for key in present if obj[key] not in (None, "")]
        if filled or present:
            used[ours] = (filled or present)[0]
    return used


def _line_document(
    origin: str, raw: bytes, fields: Mapping[str, str], kind: InputKind
) -> RawDocument | Rejected:
    try:
        line = raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        # RFC 8259 says UTF-8, but hand-made dumps from Windows tools say otherwise.
        decoded = decode_bytes(raw)
        if decoded is None:
            return reject(origin, "undecodable", "the line decodes to no plausible text")
        line, encoding = decoded.text, decoded.encoding
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return reject(origin, "bad_json", f"not JSON ({err.msg} at column {err.colno})")
    return record_document(origin, obj, fields, kind=kind, encoding=encoding)


def read_jsonl(
    stream: IO[bytes],
    name: str,
    fields: Mapping[str, str],
    *,
    max_bytes: int,
    kind: InputKind = "jsonl",
    stats: IngestStats | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Read JSON Lines from a binary stream, one record per non-blank line.

    Args:
        stream: the open file (or standard input), positioned at the start.
        name: the path (or ``<stdin>``) for origins ``name:LINE``.
        fields: the ``--map`` overrides.
        max_bytes: the longest line accepted; longer ones are ``too_large``.
        kind: ``jsonl``, or ``stdin``.
        stats: if given, blank lines are counted in ``skipped_records``.

    Yields:
        One ``RawDocument`` or ``Rejected`` per non-blank line.
    """
    number = 0
    any_line = False
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            break
        number += 1
        origin = f"{name}:{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            length = len(raw) + _drain_line(stream)
            yield reject(
                origin,
                "too_large",
                f"line of {size_text(length)} exceeds the limit of {size_text(max_bytes)}",
            )
            any_line = True
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            if stats is not None:
                stats.skipped_records += 1
            continue
        any_line = True
        yield _line_document(origin, raw, fields, kind)
    if not any_line:
        yield reject(name, "empty", "no records (the file is empty or blank)")


def _drain_line(stream: IO[bytes]) -> int:
    """Skip the rest of an over-long line; returns how many bytes were skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def read_json_list(
    name: str, data: bytes, fields: Mapping[str, str], *, kind: InputKind = "jsonl"
) -> Iterator[RawDocument | Rejected]:
    """Read a ``.json`` file holding one article object or a list of them.

    The whole file is parsed at once, so the caller applies ``max_bytes`` to it;
    a corpus too big for that belongs in JSON Lines.

    Yields:
        One record per list item (origin ``name#item-N``, 1-based), or one for a
        single object (origin ``name``).
    """
    decoded = decode_bytes(data)
    if decoded is None:
        yield reject(name, "undecodable", "the file decodes to no plausible text")
        return
    try:
        value = json.loads(decoded.text)
    except json.JSONDecodeError as err:
        yield reject(
            name, "bad_json", f"not JSON ({err.msg} at line {err.lineno}, column {err.colno})"
        )
        return
    if isinstance(value, list):
        if not value:
            yield reject(name, "empty", "an empty JSON list")
        for index, item in enumerate(value, start=1):
            yield record_document(
                f"{name}#item-{index}", item, fields, kind=kind, encoding=decoded.encoding
            )
    else:
        yield record_document(name, value, fields, kind=kind, encoding=decoded.encoding)
