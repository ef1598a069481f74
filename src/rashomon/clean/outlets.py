"""Outlets: who published a document, and who wrote it first (syndication).

Public contract::

    OutletTable.load(path=None, extra=()) -> OutletTable
    table.by_domain(url_or_domain) -> Source | None
    table.by_name(name) -> Source | None
    table.sources() -> tuple[Source, ...]
    host_of(url_or_domain) -> str
    source_for_unknown_domain(domain) -> Source
    resolve_outlets(raw, segments, table) -> tuple[OutletGuess, OutletGuess | None]

The outlet table is data (``rashomon/data/outlets.csv``): one row per outlet with its
domains, owner group, state affiliation, kind, the names it goes by in text
(``aliases``) and strings characteristic of its page template (``text_cues``, such as
a comment widget's "Comment via X"). Users add or override rows with their own CSV
files of the same shape (``extra``); a row with an existing id replaces it.

``state_affiliated`` is a factual criterion: owned or mainly funded by a state or a
governing party, public broadcasters included (editorial independence, where it
exists, is said in ``notes``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from rashomon.model import OutletGuess, RawDocument, Segment, Source, Span

#: Columns an outlet CSV must have (``aliases``, ``text_cues`` and ``notes`` may be empty).
COLUMNS = (
    "id",
    "name",
    "domains",
    "country",
    "owner",
    "state_affiliated",
    "kind",
    "aliases",
    "text_cues",
    "notes",
)
#: Optional columns: ``region``, the ISO 3166-2 code of a local outlet's home state
#: or province (``US-TN`` for a Nashville station), from its city of license.
KINDS = frozenset({"outlet", "wire", "agency", "broadcaster", "aggregator", "party-media", "blog"})
#: Kinds whose copy other sites carry under their own name.
_SYNDICATING_KINDS = frozenset({"wire", "agency"})

_RE_ARCHIVE = re.compile(r"^(?:https?://)?(?:web\.)?archive\.org/web/[^/]+/(.*)$", re.IGNORECASE)
_RE_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
#: Host prefixes that name a page flavour, not another outlet.
_FLAVOUR_PREFIXES = ("www.", "www1.", "www2.", "www3.", "m.", "mobile.", "amp.", "edition.")


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletRecord:
    """One row of the outlet table: the Source plus the words that name it.

    ``region`` is the ISO 3166-2 code of a local outlet's home region (``US-TN``),
    ``None`` for national and international outlets.
    """

    source: Source
    aliases: tuple[str, ...] = ()
    text_cues: tuple[str, ...] = ()
    region: str | None = None


def _fold(name: str) -> str:
    """Case-, diacritics- and punctuation-insensitive key ("The Guardian" == "guardian")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def host_of(url_or_domain: str) -> str:
    """The bare host of a URL or domain: archive.org wrapper, scheme, port, www. removed.

    >>> host_of("http://web.archive.org/web/2014/http://www.wkrn.com:80/story/1")
    'wkrn.com'
    """
    text = url_or_domain.strip()
    m = _RE_ARCHIVE.match(text)
    if m:
        text = m.group(1)
    text = _RE_SCHEME.sub("", text)
    host = re.split(r"[/?#]", text, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in _FLAVOUR_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix) :]
                changed = True
    return host


def source_for_unknown_domain(domain: str) -> Source:
    """A Source for a site the table does not know, named after its domain.

    Args:
        domain: a domain or URL.

    Returns:
        ``Source(id="dom:example.com", name="example.com", domains=("example.com",))``.
    """
    host = host_of(domain)
    return Source(id=f"dom:{host}", name=host, domains=(host,), notes="not in the outlet table")


def _read_rows(path: Path | str, text: str | None = None) -> list[OutletRecord]:
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("id", "name", "domains") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path}: outlet table lacks the columns {missing}; expected {COLUMNS}")
    out: list[OutletRecord] = []
    for lineno, row in enumerate(reader, start=2):
        kind = (row.get("kind") or "outlet").strip() or "outlet"
        if kind not in KINDS:
            raise ValueError(f"{path}:{lineno}: kind {kind!r} is not one of {sorted(KINDS)}")
        source = Source(
            id=row["id"].strip(),
            name=row["name"].strip(),
            domains=tuple(d.lower() for d in (row.get("domains") or "").split()),
            country=(row.get("country") or "").strip() or None,
            owner=(row.get("owner") or "").strip() or None,
            state_affiliated=(row.get("state_affiliated") or "0").strip() in ("1", "true", "yes"),
            kind=kind,
            notes=(row.get("notes") or "").strip(),
        )
        out.append(
            OutletRecord(
                source=source,
                aliases=tuple(
                    a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()
                ),
                text_cues=tuple(
                    c.strip() for c in (row.get("text_cues") or "").split("|") if c.strip()
                ),
                region=(row.get("region") or "").strip().upper() or None,
            )
        )
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletTable:
    """The outlets we know, indexed by domain and by name. Read-only once loaded.

    Build it with :meth:`load`; pass it to the stages that need it.
    """

    records: tuple[OutletRecord, ...]
    domains: Mapping[str, Source]
    names: Mapping[str, Source]
    stems: Mapping[str, Source]

    @classmethod
    def load(cls, path: str | Path | None = None, extra: Iterable[Path] = ()) -> OutletTable:
        """Load the packaged table (or ``path``), then user files that add or override rows.

        Args:
            path: a CSV to use instead of the packaged ``data/outlets.csv``.
            extra: CSV files of the same shape; a row whose id exists replaces it.

        Raises:
            ValueError: a file lacks required columns or names an unknown kind.
        """
        if path is None:
            ref = resources.files("rashomon").joinpath("data/outlets.csv")
            rows = _read_rows("rashomon/data/outlets.csv", ref.read_text(encoding="utf-8"))
        else:
            rows = _read_rows(path)
        by_id: dict[str, OutletRecord] = {r.source.id: r for r in rows}
        for more in extra:
            for r in _read_rows(more):
                by_id[r.source.id] = r
        return cls.from_records(tuple(by_id.values()))

    @classmethod
    def from_records(cls, records: tuple[OutletRecord, ...]) -> OutletTable:
        """Index records (later ones win on a shared domain or name)."""
        domains: dict[str, Source] = {}
        names: dict[str, Source] = {}
        stem_owner: dict[str, set[str]] = {}
        stem_source: dict[str, Source] = {}
        for rec in records:
            src = rec.source
            for dom in src.domains:
                domains[host_of(dom)] = src
                stem = _stem(host_of(dom))
                if len(stem) >= 4:
                    stem_owner.setdefault(stem, set()).add(src.id)
                    stem_source[stem] = src
            for name in (src.name, *rec.aliases):
                key = _fold(name)
                if key:
                    names[key] = src
        for rec in records:
            # An id is a name too; but never let it shadow a real name or alias.
            names.setdefault(_fold(rec.source.id), rec.source)
        stems = {s: stem_source[s] for s, ids in stem_owner.items() if len(ids) == 1}
        return cls(
            records=records,
            domains=MappingProxyType(domains),
            names=MappingProxyType(names),
            stems=MappingProxyType(stems),
        )

    def sources(self) -> tuple[Source, ...]:
        """Every outlet of the table, in file order."""
        return tuple(r.source for r in self.records)

    def by_domain(self, url_or_domain: str) -> Source | None:
        """The outlet of a URL or domain, or None.

        Handles archive.org wrappers, schemes, ports, ``www.``/``m.`` prefixes,
        subdomains (``news.example.com`` falls back to ``example.com``) and the same
        name under another country TLD (``reuters.co.uk`` -> ``reuters.com``) when that
        name belongs to only one outlet.
        """
        host = host_of(url_or_domain)
        if not host:
            return None
        labels = host.split(".")
        for i in range(len(labels) - 1):
            hit = self.domains.get(".".join(labels[i:]))
            if hit is not None:
                return hit
        stem = _stem(host)
        return self.stems.get(stem) if len(stem) >= 4 else None

    def by_name(self, name: str) -> Source | None:
        """The outlet a name refers to (name, alias, id or domain), or None.

        Case-, diacritics- and punctuation-insensitive; a leading "The" is ignored.
        """
        hit = self.names.get(_fold(name))
        if hit is not None:
            return hit
        if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name.strip(), re.IGNORECASE):
            return self.by_domain(name)
        return None

    def region(self, source_id: str) -> str | None:
        """The ISO 3166-2 home region of an outlet (``US-TN``), when the table gives one."""
        return next((r.region for r in self.records if r.source.id == source_id), None)

    def text_cues(self) -> tuple[tuple[str, Source], ...]:
        """(cue string, outlet) pairs: page-template strings characteristic of an outlet."""
        return tuple((cue, r.source) for r in self.records for cue in r.text_cues)


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "or", "ne", "go"})


def _stem(host: str) -> str:
    """The registrable name without its suffix: ``bbc.co.uk`` -> ``bbc``."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else host


# ---------------------------------------------------------------------------
# resolution

_NAME = r"(?P<name>[A-Z0-9][\w&.'’-]*(?:[ \t]+(?:of|the|for|and|de|&|[A-Z0-9][\w&.'’-]*)){0,6})"
#: Lines where a site names itself: membership appeals, cross-post permissions,
#: copyright notices, comment links.
_SELF_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Become an? (?:Member|Subscriber|Patron) of " + _NAME), "membership appeal"),
    (re.compile(_NAME + r" grants permission to (?:cross-?post|republish)"), "site's disclaimer"),
    (re.compile(r"permission to cross-?post " + _NAME + r" articles"), "site's disclaimer"),
    (re.compile(r"Comment on " + _NAME + r" Articles"), "comment link"),
    (
        re.compile(
            r"(?:Copyright|©|\(c\))[ \t]*(?:©[ \t]*)?(?:\d{4}(?:[-–]\d{2,4})?,?[ \t]+)?" + _NAME
        ),
        "copyright notice",
    ),
)
#: Photo and video credits name whoever took the picture, not the publisher.
_RE_CREDIT_AFTER = re.compile(r"^\s*(?:/|Photo|Images?|Video|via\b|file\b)", re.IGNORECASE)
#: Words a title suffix uses between the headline and the site name.
_RE_TITLE_SEP = re.compile(r"\s+(?:[-–—|:]{1,2}|::)\s+")
#: A bare domain written in the text ("www.example-news.org").
_RE_BARE_DOMAIN = re.compile(
    r"(?<![@\w.])(?:https?://)?(?:www\.)?"
    r"(?P<dom>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6})\b(?![@\w])",
    re.IGNORECASE,
)
#: Syndication: the words that name where a text first appeared.
_ORIGINAL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Articles? by:?[ \t]*" + _NAME), "author line"),
    (
        re.compile(
            r"(?:originally|first)[ \t]+(?:appeared|published|posted|ran)[ \t]+"
            r"(?:on|in|at|by)[ \t]+(?:the[ \t]+)?" + _NAME,
            re.IGNORECASE,
        ),
        "original-publication note",
    ),
    (
        re.compile(r"Republished (?:from|with permission (?:of|from))[ \t]+" + _NAME),
        "republication note",
    ),
    (re.compile(r"(?m)^[ \t]*Source:[ \t]*" + _NAME), "source line"),
    (re.compile(r"(?m)^[ \t]*\(?via[ \t]+" + _NAME + r"\)?[ \t]*$"), "via line"),
)
#: A wire dateline at the start of a story: "ST. JOSEPH, Mich. (AP) -", "(Reuters) -".
_RE_WIRE_DATELINE = re.compile(
    r"(?:^|\n)[ \t]*(?:[A-Z][A-Z .'-]+(?:,[ \t]*[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)?[ \t]*)?"
    r"\((?P<name>[A-Za-z][\w .&/-]{0,40})\)[ \t]*[-–—:]"
)
#: How far into the body a wire dateline may stand.
WIRE_ZONE = 600


@dataclass(frozen=True, slots=True, kw_only=True)
class _Cue:
    source: Source
    score: int
    reason: str
    span: Span


def _resolve_name(table: OutletTable, words: str) -> tuple[Source, int] | None:
    """The longest word prefix of ``words`` that names an outlet, with its length."""
    tokens = list(re.finditer(r"\S+", words))
    for k in range(min(len(tokens), 7), 0, -1):
        end = tokens[k - 1].end()
        candidate = words[:end].rstrip(".,;:'’")
        hit = table.by_name(candidate)
        if hit is not None:
            return hit, len(candidate)
    return None


def _readable_zones(raw: RawDocument, segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """Parts of the text where cues may be read: all but reader comments."""
    if not segments:
        return [(0, len(raw.text))]
    return [(s.start, s.end) for s in segments if s.label != "comment"]


def _in_zones(pos: int, zones: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in zones)


def _quote(text: str, span: Span) -> str:
    return "'" + " ".join(text[span.start : span.end].split()) + "'"


def _named_matches(
    rx: re.Pattern[str], text: str, zones: Sequence[tuple[int, int]], table: OutletTable
) -> Iterator[tuple[re.Match[str], Source, int, str]]:
    """Matches of ``rx`` in the readable zones whose ``name`` group is a known outlet,
    with the outlet, its name's length and the dozen characters after it (photo credits)."""
    for m in rx.finditer(text):
        if not _in_zones(m.start(), zones):
            continue
        found = _resolve_name(table, m["name"])
        if found is None:
            continue
        src, length = found
        yield m, src, length, text[m.start("name") + length : m.start("name") + length + 12]


def _text_cues(raw: RawDocument, segments: Sequence[Segment], table: OutletTable) -> list[_Cue]:
    text = raw.text
    zones = _readable_zones(raw, segments)
    cues: list[_Cue] = []
    # 1. strings of an outlet's page template, from the data file; read everywhere,
    # since a comment widget's "Comment via X" sits inside the comment segments
    low = text.casefold()
    for cue, src in table.text_cues():
        pos = low.find(cue.casefold())
        if pos >= 0:
            span = Span(start=pos, end=pos + len(cue))
            cues.append(
                _Cue(
                    source=src,
                    score=3,
                    reason=f"the page template's {_quote(text, span)}",
                    span=span,
                )
            )
    # 2. the site naming itself: membership, disclaimer, copyright, comment link
    for rx, what in _SELF_PATTERNS:
        for m, src, length, after in _named_matches(rx, text, zones, table):
            if what == "copyright notice" and _RE_CREDIT_AFTER.match(after):
                continue  # "© AP Photo/..." credits a picture
            if what == "copyright notice" and src.kind in _SYNDICATING_KINDS:
                continue  # a wire's copyright marks syndicated copy, not the publisher
            span = Span(start=m.start(), end=m.start("name") + length)
            cues.append(
                _Cue(
                    source=src,
                    score=3,
                    reason=f"named by the {what}: {_quote(text, span)}",
                    span=span,
                )
            )
    # 3. a bare domain of a known outlet written in the page
    for m in _RE_BARE_DOMAIN.finditer(text):
        if not _in_zones(m.start(), zones):
            continue
        dom_src = table.by_domain(m["dom"])
        if dom_src is None or dom_src.kind in _SYNDICATING_KINDS:
            continue
        span = Span(start=m.start(), end=m.end())
        cues.append(
            _Cue(
                source=dom_src,
                score=2,
                reason=f"its domain is written in the page: {_quote(text, span)}",
                span=span,
            )
        )
    return cues


def _title_cue(raw: RawDocument, table: OutletTable) -> tuple[Source, str] | None:
    """A site name in the title suffix ("Teen charged ... - WKRN News 2")."""
    if not raw.title:
        return None
    parts = _RE_TITLE_SEP.split(raw.title.strip())
    if len(parts) < 2:
        return None
    for part in reversed(parts[1:]):
        src = table.by_name(part.strip())
        if src is not None:
            return src, part.strip()
    return None


def resolve_outlets(
    raw: RawDocument, segments: Sequence[Segment], table: OutletTable
) -> tuple[OutletGuess, OutletGuess | None]:
    """Decide the publishing outlet and, for syndicated copy, the original outlet.

    Order for the publisher: the URL's domain; the input's ``source`` metadata; cues in
    the page (an outlet's template strings from the data file, the site naming itself
    in a membership appeal, disclaimer or copyright line, a site name in the title
    suffix, a bare domain of a known outlet); else ``unknown``. Photo credits
    ("© AP Photo") and reader comments never count.

    The original outlet comes from "Articles by: X", "originally appeared on X",
    "Republished from X", "Source: X", a "via X" line, a wire dateline such as
    "(AP) -" at the start of the body, or a wire's copyright notice; it is None when
    no such cue names an outlet other than the publisher.

    Args:
        raw: the document.
        segments: its segments (comments are skipped; pass ``()`` to read everything).
        table: the outlet table.

    Returns:
        ``(outlet, original_outlet)``.
    """
    outlet = _publisher(raw, segments, table)
    return outlet, _original(raw, segments, table, outlet)


def _guess(src: Source, reason: str, span: Span | None = None) -> OutletGuess:
    return OutletGuess(source_id=src.id, name=src.name, reason=reason, span=span)


def _publisher(raw: RawDocument, segments: Sequence[Segment], table: OutletTable) -> OutletGuess:
    # 1. the URL
    if raw.url and host_of(raw.url):
        host = host_of(raw.url)
        src = table.by_domain(raw.url)
        if src is not None:
            return _guess(src, f"domain {host} in the URL")
        unknown = source_for_unknown_domain(raw.url)
        return _guess(unknown, f"domain {host} in the URL (not in the outlet table)")
    # 2. the input's metadata
    if raw.source and raw.source.strip():
        src = table.by_name(raw.source)
        if src is not None:
            return _guess(src, f"named by the input's metadata: {raw.source!r}")
        slug = re.sub(r"[^a-z0-9]+", "-", _fold(raw.source)).strip("-")
        return OutletGuess(
            source_id=f"name:{slug}",
            name=raw.source.strip(),
            reason=f"named by the input's metadata: {raw.source!r} (not in the outlet table)",
        )
    # 3. cues in the page; the title suffix counts as a strong cue
    cues = _text_cues(raw, segments, table)
    titled = _title_cue(raw, table)
    totals: dict[str, int] = {}
    for c in cues:
        totals[c.source.id] = totals.get(c.source.id, 0) + c.score
    if titled is not None:
        totals[titled[0].id] = totals.get(titled[0].id, 0) + 3
    if totals:
        best_id = max(
            totals,
            key=lambda k: (
                totals[k],
                -min((c.span.start for c in cues if c.source.id == k), default=0),
            ),
        )
        mine = sorted((c for c in cues if c.source.id == best_id), key=lambda c: -c.score)
        if mine:
            top = mine[0]
            more = (
                f" (and {len(mine) - 1} more cue{'s' if len(mine) > 2 else ''})"
                if len(mine) > 1
                else ""
            )
            return _guess(top.source, top.reason + more, top.span)
        assert titled is not None
        return _guess(titled[0], f"site name in the title suffix: {titled[1]!r}")
    # 4. nothing
    return OutletGuess(
        source_id="unknown",
        name="unknown",
        reason="no URL, no source metadata and no outlet cue in the text",
    )


def _original(
    raw: RawDocument, segments: Sequence[Segment], table: OutletTable, outlet: OutletGuess
) -> OutletGuess | None:
    text = raw.text
    zones = _readable_zones(raw, segments)
    for rx, what in _ORIGINAL_PATTERNS:
        for m, src, length, _after in _named_matches(rx, text, zones, table):
            if src.id == outlet.source_id:
                continue
            span = Span(start=m.start(), end=m.start("name") + length)
            return _guess(src, f"syndicated: the {what} {_quote(text, span)}", span)
    # A wire dateline near the start of the body.
    body = [(s.start, s.end) for s in segments if s.label == "body"] or [(0, len(text))]
    start = body[0][0]
    for m in _RE_WIRE_DATELINE.finditer(text, start, min(len(text), start + WIRE_ZONE)):
        wire = table.by_name(m["name"].strip())
        if wire is None or wire.id == outlet.source_id:
            continue
        if wire.kind not in _SYNDICATING_KINDS:
            continue
        span = Span(start=m.start("name") - 1, end=m.end("name") + 1)
        return _guess(wire, f"syndicated: wire dateline {_quote(text, span)}", span)
    # A wire's copyright notice ("Copyright 2016 The Associated Press. All rights reserved.").
    rx_copy = _SELF_PATTERNS[-1][0]
    for m, src, length, after in _named_matches(rx_copy, text, zones, table):
        if (
            src.kind in _SYNDICATING_KINDS
            and src.id != outlet.source_id
            and not _RE_CREDIT_AFTER.match(after)
        ):
            span = Span(start=m.start(), end=m.start("name") + length)
            return _guess(
                src, f"syndicated: the wire's copyright notice {_quote(text, span)}", span
            )
    return None
