"""The GVA gold corpus (SemEval-2018 Task 5 layout) and how predictions are scored on it.

A corpus folder holds ``documents.jsonl`` (incident_id, doc_id, title, dct, uri,
content) and ``incidents.jsonl`` (incident_id, date, state, city_or_county, lat, lon,
num_killed, num_injured...). The texts are read at run time and never copied.

Scoring is per document (each gold article against its incident) and per incident
(the mean over its articles, then over incidents, so heavily covered incidents do
not dominate). Documents whose incident has no record are kept for the
reference-date figure and left out of every incident-based figure, and counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.errors import EvalError
from rashomon.eval import metrics as m
from rashomon.eval.predict import Capability, DocPrediction, PlaceGuess
from rashomon.ingest.jsonl import record_document
from rashomon.model import RawDocument


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldIncident:
    """One GVA incident record (the gold for its articles)."""

    incident_id: str
    date: dt.date
    state: str
    city_or_county: str
    num_killed: int
    num_injured: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldDocument:
    """One gold article: its text and metadata, and the gold it is scored against."""

    doc_id: str
    incident_id: str
    dct: dt.date | None
    title: str | None
    uri: str | None
    content: str
    line: int

    @property
    def key(self) -> str:
        """A unique id for this gold row: ``doc_id#line``.

        ``doc_id`` alone is not unique: gva-dev ties a few articles to two incidents,
        each as its own line.
        """
        return f"{self.doc_id}#{self.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldCorpus:
    """A selection of gold documents with the incident records they point at."""

    path: Path
    documents: tuple[GoldDocument, ...]
    incidents: Mapping[str, GoldIncident]
    total_documents: int
    dct_as_input: bool = True

    def incident_of(self, doc: GoldDocument) -> GoldIncident | None:
        """The gold incident of a document, or ``None`` when GVA has no record."""
        return self.incidents.get(doc.incident_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Which part of a corpus to run: a hash split, a shuffle and a cut.

    Attributes:
        limit: keep the first N documents (after shuffling, when ``seed`` is set).
        seed: shuffle the documents with this seed before cutting.
        split: ``(k, n)`` keeps incidents with ``int(sha256(incident_id), 16) % n == k``,
            so a subset is stable across runs and never splits an incident.
        dct_as_input: give each record's ``dct`` (document creation time) to the system
            as its publication date, as ``rashomon ingest documents.jsonl`` does; with
            ``False`` the system must find every date in the page's own words.
    """

    limit: int | None = None
    seed: int | None = None
    split: tuple[int, int] | None = None
    dct_as_input: bool = True


def parse_split(text: str) -> tuple[int, int]:
    """Parses ``K/N`` (``0/5``) into ``(k, n)``; raises :class:`EvalError` when malformed."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or int(match[2]) == 0 or int(match[1]) >= int(match[2]):
        raise EvalError(f"bad --split {text!r}: write K/N with 0 <= K < N, e.g. 0/5", code="R402")
    return int(match[1]), int(match[2])


def in_split(incident_id: str, split: tuple[int, int]) -> bool:
    """True when the incident falls in split ``k`` of ``n`` (a hash of its id)."""
    k, n = split
    return int(hashlib.sha256(incident_id.encode("utf-8")).hexdigest(), 16) % n == k


def load_corpus(path: Path, selection: Selection = Selection()) -> GoldCorpus:
    """Reads a corpus folder and applies a selection.

    Raises:
        EvalError: R401 when a file is missing, R403 when a line is not valid JSON
            or lacks a required field.
    """
    docs_path, incs_path = path / "documents.jsonl", path / "incidents.jsonl"
    for p in (docs_path, incs_path):
        if not p.is_file():
            raise EvalError(
                f"no {p.name} in {path}: point 'rashomon eval gva' at a folder with "
                "documents.jsonl and incidents.jsonl (the gva-dev layout)",
                code="R401",
            )
    incidents = {i.incident_id: i for i in (_incident(r) for r in _read_jsonl(incs_path))}
    documents = [_document(r, line) for line, r in enumerate(_read_jsonl(docs_path), start=1)]
    total = len(documents)
    if selection.split is not None:
        split = selection.split
        documents = [d for d in documents if in_split(d.incident_id, split)]
    if selection.seed is not None:
        random.Random(selection.seed).shuffle(documents)
    if selection.limit is not None:
        documents = documents[: selection.limit]
    return GoldCorpus(
        path=path, documents=tuple(documents), incidents=incidents, total_documents=total,
        dct_as_input=selection.dct_as_input,
    )


def raw_document(doc: GoldDocument, corpus_path: Path, *, with_dct: bool = True) -> RawDocument:
    """The input the system sees for a gold article: text, title, address and dct.

    Built by the JSONL reader's own record function, so the eval sees exactly what
    ``rashomon ingest documents.jsonl`` would store (the title put on top of a text
    that does not open with it; the title alone for an empty page; the ``dct`` as the
    publication date, which the reference date falls back on when the page shows no
    dateline and no dated address). The ``dct`` is the task's document creation time,
    given to the task's systems as input (the README: "event date resolution against
    the dct"); it is a publication date, not the incident's. ``with_dct=False``
    withholds it, so that the page's own words must give every date. The gold
    ``incident_id`` is never passed.
    """
    record: dict[str, Any] = {"content": doc.content, "title": doc.title, "uri": doc.uri}
    if with_dct and doc.dct is not None:
        record["dct"] = doc.dct.isoformat()
    made = record_document(f"{corpus_path / 'documents.jsonl'}:{doc.line}", record, {})
    if isinstance(made, RawDocument):
        return made
    # neither text nor title: the pipeline rejects the empty text and the run says so
    return RawDocument(origin=made.origin, kind="jsonl", text=doc.content, url=doc.uri,
                       title=doc.title)


def _read_jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{path}:{n} is not JSON ({exc.msg})", code="R403") from exc
            if not isinstance(record, dict):
                raise EvalError(f"{path}:{n} is not a JSON object", code="R403")
            record["__where__"] = f"{path}:{n}"
            yield record


def _need(record: Mapping[str, Any], key: str) -> Any:
    if record.get(key) is None:
        raise EvalError(f"{record['__where__']} lacks {key!r}", code="R403")
    return record[key]


def _date(text: Any) -> dt.date | None:
    if not isinstance(text, str) or not text:
        return None
    return dt.date.fromisoformat(text[:10])


def _incident(r: Mapping[str, Any]) -> GoldIncident:
    date = _date(_need(r, "date"))
    assert date is not None  # _need refused a missing value
    lat, lon = r.get("lat"), r.get("lon")
    return GoldIncident(
        incident_id=str(_need(r, "incident_id")),
        date=date,
        state=str(r.get("state") or ""),
        city_or_county=str(r.get("city_or_county") or ""),
        num_killed=int(r.get("num_killed") or 0),
        num_injured=int(r.get("num_injured") or 0),
        lat=None if lat is None else float(lat),
        lon=None if lon is None else float(lon),
    )


def _document(r: Mapping[str, Any], line: int) -> GoldDocument:
    return GoldDocument(
        doc_id=str(_need(r, "doc_id")),
        incident_id=str(_need(r, "incident_id")),
        dct=_date(r.get("dct")),
        title=r.get("title") or None,
        uri=r.get("uri") or None,
        content=str(_need(r, "content")),
        line=line,
    )


# -- place names -----------------------------------------------------------------------

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
# "City" is kept: "Kansas City" must not become the state of Kansas.
_SUFFIXES = ("county", "township", "parish", "borough")
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
}  # fmt: skip


def normalise_place(name: str) -> str:
    """A comparable form of a place name: case, accents, punctuation, abbreviations.

    ``St. Louis`` and ``Saint Louis`` agree, as do ``Miami-Dade County`` and
    ``miami dade``, ``Fort Mc Coy`` and ``Fort McCoy``, ``The Bronx`` and ``Bronx``:
    a leading article and the administrative suffix
    ("County", "Township"...) is dropped and spaces are removed last, since GVA
    and gazetteers split compound names differently.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    if len(words) > 1 and words[0] == "the":
        words.pop(0)  # GeoNames' "The Bronx" is GVA's "Bronx"
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return "".join(words)


def gold_place_names(city_or_county: str) -> frozenset[str]:
    """The normalised names a GVA ``city_or_county`` accepts.

    GVA writes ``Cartersville (Euharlee)`` (city, then the locality),
    ``Brown (county)`` or ``Washington (Northwest)``: both parts are accepted, the
    ``(county)`` marker is not a name.
    """
    match = re.fullmatch(r"\s*(.*?)\s*\((.*)\)\s*", city_or_county)
    parts = [match[1], match[2]] if match else [city_or_county]
    names = {normalise_place(p) for p in parts if p.strip().lower() not in {"county", ""}}
    return frozenset(n for n in names if n)


def normalise_state(name: str | None) -> str | None:
    """A state as its full lower-case name (``IL`` and ``Illinois`` both -> ``illinois``)."""
    if not name:
        return None
    code = name.strip().upper().removeprefix("US.")
    return US_STATES.get(code, name.strip()).lower()


def city_found(places: Sequence[PlaceGuess] | None, incident: GoldIncident) -> bool:
    """True when a resolved place has the gold city's name and (if given) its state."""
    if not places:
        return False
    wanted = gold_place_names(incident.city_or_county)
    state = normalise_state(incident.state)
    for place in places:
        if normalise_place(place.name) not in wanted:
            continue
        guessed = normalise_state(place.admin1)
        # A Springfield in the wrong state is a wrong city; no state given is not.
        if guessed is None or state is None or guessed == state:
            return True
    return False


# -- scoring ---------------------------------------------------------------------------

#: Per-document fields, each scored True / False / None (None: not scorable here).
FIELDS: tuple[str, ...] = (
    "reference_date_match",
    "event_found",
    "event_type_ok",
    "date_exact",
    "date_within_1",
    "date_contains",
    "city_found",
    "location_within_25km",
    "killed_exact",
    "injured_exact",
    "casualties_within_1",
)

#: Which capability each field needs.
NEEDS: dict[str, Capability] = {
    "reference_date_match": "reference_date",
    "event_found": "events",
    "event_type_ok": "events",
    "date_exact": "event_date",
    "date_within_1": "event_date",
    "date_contains": "event_date",
    "city_found": "places",
    "location_within_25km": "location",
    "killed_exact": "casualties",
    "injured_exact": "casualties",
    "casualties_within_1": "casualties",
}

#: ACLED types a GVA shooting can be coded as (an attack on people, or an exchange of
#: fire); a shooting read as a protest or an agreement is wrong.
SHOOTING_TYPES = frozenset({"Violence against civilians", "Battles"})


@dataclass(frozen=True, slots=True, kw_only=True)
class DocScore:
    """One gold document's outcome per field, with the sizes of its errors.

    Attributes:
        key: the gold row (:attr:`GoldDocument.key`).
        doc_id: the gold document id.
        incident_id: its gold incident.
        has_incident: whether GVA has a record for the incident.
        outcomes: field -> True / False / None (not scorable).
        errors: numeric error per field where one exists (days, km, counts), used to
            rank the worst documents.
        gold: field -> the gold value, as text.
        predicted: field -> the predicted value, as text.
    """

    key: str
    doc_id: str
    incident_id: str
    has_incident: bool
    outcomes: Mapping[str, bool | None]
    errors: Mapping[str, float] = field(default_factory=dict)
    gold: Mapping[str, str] = field(default_factory=dict)
    predicted: Mapping[str, str] = field(default_factory=dict)
    location_km: float | None = None


def score_document(
    doc: GoldDocument,
    incident: GoldIncident | None,
    pred: DocPrediction,
    caps: frozenset[Capability],
) -> DocScore:
    """Scores one document's prediction against its gold; a pure function."""
    out: dict[str, bool | None] = dict.fromkeys(FIELDS)
    errors: dict[str, float] = {}
    gold: dict[str, str] = {}
    said: dict[str, str] = {}
    km: float | None = None

    if "reference_date" in caps and doc.dct is not None:
        out["reference_date_match"] = pred.reference_date == doc.dct
        gold["reference_date_match"] = doc.dct.isoformat()
        said["reference_date_match"] = _show(pred.reference_date)
        if pred.reference_date is not None:
            errors["reference_date_match"] = abs((pred.reference_date - doc.dct).days)
        else:
            errors["reference_date_match"] = float("inf")

    if incident is not None:
        if "events" in caps:
            out["event_found"] = bool(pred.event_found)
            out["event_type_ok"] = pred.event_type in SHOOTING_TYPES
            said["event_found"] = _show(pred.event_found)
            said["event_type_ok"] = _show(pred.event_type)
        if "event_date" in caps:
            rng = pred.event_date
            out["date_exact"] = m.date_exact(rng, incident.date)
            out["date_within_1"] = m.date_within(rng, incident.date, 1)
            out["date_contains"] = m.date_contains(rng, incident.date)
            err = m.date_error_days(rng, incident.date)
            for f in ("date_exact", "date_within_1", "date_contains"):
                errors[f] = float("inf") if err is None else float(err)
                gold[f] = incident.date.isoformat()
                said[f] = "-" if rng is None else f"{rng[0]}..{rng[1]}"
        if "places" in caps:
            out["city_found"] = city_found(pred.places, incident)
            gold["city_found"] = f"{incident.city_or_county}, {incident.state}"
            said["city_found"] = "; ".join(
                f"{p.name}, {p.admin1 or '?'}" for p in (pred.places or ())
            )[:200] or "-"
        if "location" in caps and incident.lat is not None and incident.lon is not None:
            if pred.location is not None:
                km = m.haversine_km(pred.location[0], pred.location[1], incident.lat, incident.lon)
            out["location_within_25km"] = km is not None and km <= 25.0
            errors["location_within_25km"] = float("inf") if km is None else km
            gold["location_within_25km"] = f"{incident.lat:.4f},{incident.lon:.4f}"
            said["location_within_25km"] = (
                "-" if pred.location is None
                else f"{pred.location[0]:.4f},{pred.location[1]:.4f} ({km:.1f} km)"
            )
        if "casualties" in caps:
            k, i = pred.killed, pred.injured
            out["killed_exact"] = k == incident.num_killed
            out["injured_exact"] = i == incident.num_injured
            out["casualties_within_1"] = (
                k is not None and i is not None
                and abs(k - incident.num_killed) <= 1 and abs(i - incident.num_injured) <= 1
            )
            kerr = float("inf") if k is None else abs(k - incident.num_killed)
            ierr = float("inf") if i is None else abs(i - incident.num_injured)
            errors.update(killed_exact=kerr, injured_exact=ierr,
                          casualties_within_1=max(kerr, ierr))
            for f in ("killed_exact", "injured_exact", "casualties_within_1"):
                gold[f] = f"killed {incident.num_killed}, injured {incident.num_injured}"
                said[f] = f"killed {_show(k)}, injured {_show(i)}"
    return DocScore(
        key=doc.key,
        doc_id=doc.doc_id,
        incident_id=doc.incident_id,
        has_incident=incident is not None,
        outcomes=out,
        errors=errors,
        gold=gold,
        predicted=said,
        location_km=km,
    )


def _show(value: object) -> str:
    return "-" if value is None else str(value)


def per_incident(scores: Sequence[DocScore], name: str) -> float | None:
    """Macro average: each incident's share of correct documents, averaged over incidents."""
    by_incident: dict[str, list[bool | None]] = {}
    for s in scores:
        if s.has_incident:
            by_incident.setdefault(s.incident_id, []).append(s.outcomes.get(name))
    shares = [m.fraction(v) for v in by_incident.values()]
    known = [x for x in shares if x is not None]
    return sum(known) / len(known) if known else None


def link_partitions(
    corpus: GoldCorpus, doc_ids: Mapping[str, str], clusters: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The key and response partitions over gold documents that have an incident.

    Args:
        corpus: the selected gold corpus.
        doc_ids: gold row key -> our document id (identical texts share one).
        clusters: our document id -> cluster id from the linking stage.

    A document the linker did not place (rejected, say) is its own singleton, so an
    identical-text pair shares a cluster exactly when the system's one document does.
    """
    key: dict[str, str] = {}
    response: dict[str, str] = {}
    for doc in corpus.documents:
        if corpus.incident_of(doc) is None:
            continue
        key[doc.key] = doc.incident_id
        ours = doc_ids.get(doc.key, doc.key)
        response[doc.key] = clusters.get(ours, f"alone:{ours}")
    return key, response
