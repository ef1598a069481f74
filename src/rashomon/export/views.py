"""Derived views of an event: ACLED's and UCDP GED's columns.

Two kinds of row have views: a canonical event (:class:`CanonicalEvent`, the accounts
of all documents merged: :func:`acled_event_row`, :func:`ucdp_event_row`) and a
per-document :class:`EventRow` (an event mention or a document location:
:func:`acled_row`, :func:`ucdp_row`).

Views are derived, never stored as truth (DESIGN.md, Taxonomy). ACLED's fatalities
are reported deaths only, the most conservative figure: the low bound of the range
read from the words. UCDP's low / best / high: ``low`` and ``best`` are the low bound,
``high`` the upper bound (the low bound again when the words give none, as in "over
4,000": UCDP's high must not be invented).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import pycountry

from ..store.read_api import CanonicalEvent, EventRow, country_info

#: ACLED's columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

#: UCDP GED's columns that we can fill (a subset of GED's, same names).
UCDP_COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "type_of_violence", "side_a", "side_b", "source_article",
    "source_office", "source_date", "source_headline", "where_prec", "where_coordinates",
    "adm_1", "latitude", "longitude", "geom_wkt", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_unknown", "best", "high", "low",
)  # fmt: skip

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_UCDP_DATE_PREC = {"day": 1, "week": 2, "month": 3, "year": 5}

#: ACLED's regions from the UN sub-regions (countryinfo's data); a country ACLED files
#: elsewhere can be added here.
_ACLED_REGION = {
    "Western Asia": "Middle East",
    "Northern Africa": "Northern Africa",
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Southern Asia": "South Asia",
    "South-Eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Central Asia": "Caucasus and Central Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Caribbean": "Caribbean",
    "Central America": "Central America",
    "South America": "South America",
    "Northern America": "North America",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
_CAUCASUS = {"AM", "AZ", "GE"}


@lru_cache(maxsize=256)
def acled_region(alpha2: str | None) -> str:
    """ACLED's region of a country ('' when unknown)."""
    if not alpha2:
        return ""
    if alpha2 in _CAUCASUS:
        return "Caucasus and Central Asia"
    try:
        from countryinfo import CountryInfo

        sub = CountryInfo(alpha2).info().get("subregion") or ""
    except (KeyError, AttributeError, TypeError, ValueError):
        return ""
    return _ACLED_REGION.get(str(sub), str(sub))


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder type of an event type."""
    if not event_type:
        return ""
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "Political violence"
    if event_type == "Riots" and sub_event_type == "Mob violence":
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments"


def _alpha3(alpha2: str | None) -> str:
    hit = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    return str(hit.alpha_3) if hit else "XXX"


def source_scale(row: EventRow, source_countries: dict[str, str | None]) -> str:
    """National, International or National-International, from the outlets' countries."""
    countries = [source_countries.get(s) for s in row.source_ids]
    if not countries or row.country is None:
        return ""
    local = [c == row.country for c in countries]
    if all(local):
        return "National"
    if any(local):
        return "National-International"
    return "International"


def _timestamp(row: EventRow) -> int | str:
    if not row.updated:
        return ""
    try:
        return int(dt.datetime.fromisoformat(row.updated).timestamp())
    except ValueError:
        return ""


def acled_row(row: EventRow, source_countries: dict[str, str | None]) -> dict[str, Any]:
    """One row in ACLED's columns."""
    name, numeric = country_info(row.country)
    inter1, inter2 = row.inter1, row.inter2
    if inter1 and inter2:
        interaction: int | str = min(inter1, inter2) * 10 + max(inter1, inter2)
    else:
        interaction = (inter1 or 0) * 10 if inter1 else ""
    tags = [f"rashomon kind: {row.kind}"]
    if row.modality:
        tags.append(f"modality: {row.modality}")
    if row.fatalities_low is not None:
        hi = "unbounded" if row.fatalities_high is None else str(row.fatalities_high)
        tags.append(f"fatalities range: {row.fatalities_low}-{hi}")
    if row.independence is not None:
        tags.append(f"independence: {row.independence:.2f}")
    return {
        "event_id_cnty": f"{_alpha3(row.country)}-{row.id}",
        "event_date": row.date_start.isoformat() if row.date_start else "",
        "year": row.date_start.year if row.date_start else "",
        "time_precision": _TIME_PRECISION.get(row.time_precision or "", ""),
        "disorder_type": disorder_type(row.event_type, row.sub_event_type),
        "event_type": row.event_type or "",
        "sub_event_type": row.sub_event_type or "",
        "actor1": row.actor1 or "",
        "assoc_actor_1": "; ".join(row.assoc_actors),
        "inter1": inter1 or "",
        "actor2": row.actor2 or "",
        "assoc_actor_2": "",
        "inter2": inter2 or "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": numeric or "",
        "region": acled_region(row.country),
        "country": name or "",
        "admin1": row.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": row.location or "",
        "latitude": "" if row.latitude is None else round(row.latitude, 5),
        "longitude": "" if row.longitude is None else round(row.longitude, 5),
        "geo_precision": row.geo_precision or "",
        "source": "; ".join(row.sources),
        "source_scale": source_scale(row, source_countries),
        "notes": row.notes,
        "fatalities": row.fatalities_low or 0,
        "tags": "; ".join(tags),
        "timestamp": _timestamp(row),
    }


def _type_of_violence(row: EventRow) -> int | str:
    """UCDP: 1 state-based, 2 non-state, 3 one-sided ('' when not organised violence)."""
    if row.event_type not in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return ""
    if row.inter2 == 7 or row.event_type == "Violence against civilians":
        return 3
    if 1 in (row.inter1, row.inter2):
        return 1
    return 2


def ucdp_row(row: EventRow, documents: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    """One row in UCDP GED's columns; ``documents`` maps ids to (title, date)."""
    name, numeric = country_info(row.country)
    low = row.fatalities_low or 0
    high = row.fatalities_high if row.fatalities_high is not None else low
    first = row.document_ids[0] if row.document_ids else ""
    title, published = documents.get(first, (None, None))
    has_point = row.latitude is not None and row.longitude is not None
    return {
        "id": row.id,
        "relid": f"{_alpha3(row.country)}-{row.id}",
        "year": row.date_start.year if row.date_start else "",
        "type_of_violence": _type_of_violence(row),
        "side_a": row.actor1 or "",
        "side_b": row.actor2 or "",
        "source_article": "; ".join(row.document_ids),
        "source_office": "; ".join(row.sources),
        "source_date": published or "",
        "source_headline": title or "",
        "where_prec": row.geo_precision or "",
        "where_coordinates": row.location or "",
        "adm_1": row.admin1 or "",
        "latitude": round(row.latitude, 5) if row.latitude is not None else "",
        "longitude": round(row.longitude, 5) if row.longitude is not None else "",
        "geom_wkt": f"POINT ({row.longitude:.5f} {row.latitude:.5f})" if has_point else "",
        "country": name or "",
        "country_id": numeric or "",
        "region": acled_region(row.country),
        "event_clarity": 1 if row.modality in (None, "occurred") else 2,
        "date_prec": _UCDP_DATE_PREC.get(row.time_precision or "", ""),
        "date_start": row.date_start.isoformat() if row.date_start else "",
        "date_end": (row.date_end or row.date_start).isoformat() if row.date_start else "",
        "deaths_unknown": low,
        "best": low,
        "high": high,
        "low": low,
    }


# -- canonical events ------------------------------------------------------------------

_PRECISION_NAMES = {1: "day", 2: "week", 3: "month"}


def _carriers(ev: CanonicalEvent) -> list[str]:
    """The outlets that originated the accounts (original outlet, else publisher)."""
    return list(dict.fromkeys(o.get("original_outlet_id") or o["id"] for o in ev.data.get("outlets", [])))


def _event_tags(ev: CanonicalEvent) -> str:
    d = ev.data
    tags = [f"rashomon kind: event; accounts merged: {d['mentions']}"]
    if d.get("fatalities_low") is not None:
        hi = "unbounded" if d.get("fatalities_high") is None else str(d["fatalities_high"])
        tags.append(f"fatalities range: {d['fatalities_low']}-{hi}")
        if d.get("fatalities_best") is not None:
            tags.append(f"fatalities best: {d['fatalities_best']}")
    tags.append(f"independence: {d['independence']} (primary sources {d['primary_source_count']}, "
                f"owner groups {d['owner_group_count']})")
    if d.get("contradiction_count"):
        tags.append(f"contradictions: {d['contradiction_count']}")
    return "; ".join(tags)


def _unix(stamp: str | None) -> int | str:
    if not stamp:
        return ""
    try:
        return int(dt.datetime.fromisoformat(stamp).timestamp())
    except ValueError:
        return ""


def acled_event_row(ev: CanonicalEvent, source_countries: dict[str, str | None]) -> dict[str, Any]:
    """One canonical event in ACLED's columns (``event_id_cnty`` is the event's own id)."""
    d = ev.data
    name, numeric = country_info(d.get("country"))
    inter1, inter2 = d.get("inter1"), d.get("inter2")
    if inter1 and inter2:
        interaction: int | str = min(inter1, inter2) * 10 + max(inter1, inter2)
    else:
        interaction = inter1 * 10 if inter1 else ""
    countries = [source_countries.get(o) for o in _carriers(ev)]
    scale = ""
    if countries and d.get("country"):
        local = [c == d["country"] for c in countries]
        scale = "National" if all(local) else "National-International" if any(local) else "International"
    lat, lon = d.get("latitude"), d.get("longitude")
    return {
        "event_id_cnty": ev.id,
        "event_date": d.get("event_date") or "",
        "year": d.get("year") or "",
        "time_precision": d.get("time_precision") or "",
        "disorder_type": disorder_type(d.get("event_type"), d.get("sub_event_type")),
        "event_type": d.get("event_type") or "",
        "sub_event_type": d.get("sub_event_type") or "",
        "actor1": d.get("actor1") or "",
        "assoc_actor_1": d.get("assoc_actor_1") or "",
        "inter1": inter1 or "",
        "actor2": d.get("actor2") or "",
        "assoc_actor_2": "",
        "inter2": inter2 or "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": numeric or "",
        "region": acled_region(d.get("country")),
        "country": name or "",
        "admin1": d.get("admin1") or "",
        "admin2": "",
        "admin3": "",
        "location": d.get("location") or "",
        "latitude": "" if lat is None else round(lat, 5),
        "longitude": "" if lon is None else round(lon, 5),
        "geo_precision": d.get("geo_precision") or "",
        "source": d.get("source") or "",
        "source_scale": scale,
        "notes": " ".join(str(d.get("notes") or "").split()),
        "fatalities": d.get("fatalities_low") or 0,
        "tags": _event_tags(ev),
        "timestamp": _unix(d.get("updated")),
    }


def ucdp_event_row(ev: CanonicalEvent, documents: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    """One canonical event in UCDP GED's columns (``documents``: id -> (title, date)).

    ``low`` is the low figure (0 when none was reported), ``best`` the merged best
    figure (else the low), ``high`` the upper bound (else the best: never invented).
    """
    d = ev.data
    name, numeric = country_info(d.get("country"))
    low = d.get("fatalities_low") or 0
    best = d.get("fatalities_best") if d.get("fatalities_best") is not None else low
    high = d.get("fatalities_high") if d.get("fatalities_high") is not None else best
    docs = list(d.get("document_ids") or [])
    title, published = documents.get(docs[0], (None, None)) if docs else (None, None)
    lat, lon = d.get("latitude"), d.get("longitude")
    has_point = lat is not None and lon is not None
    inter1, inter2 = d.get("inter1"), d.get("inter2")
    violence: int | str = ""
    if d.get("event_type") in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        violence = 3 if inter2 == 7 or d.get("event_type") == "Violence against civilians" else (
            1 if 1 in (inter1, inter2) else 2)
    day = d.get("event_date") or ""
    return {
        "id": ev.id,
        "relid": ev.id,
        "year": d.get("year") or "",
        "type_of_violence": violence,
        "side_a": d.get("actor1") or "",
        "side_b": d.get("actor2") or "",
        "source_article": "; ".join(docs),
        "source_office": "; ".join(dict.fromkeys(o.get("original_outlet") or o["name"] for o in d.get("outlets", []))),
        "source_date": published or "",
        "source_headline": title or "",
        "where_prec": d.get("geo_precision") or "",
        "where_coordinates": d.get("location") or "",
        "adm_1": d.get("admin1") or "",
        "latitude": round(lat, 5) if lat is not None else "",
        "longitude": round(lon, 5) if lon is not None else "",
        "geom_wkt": f"POINT ({lon:.5f} {lat:.5f})" if has_point else "",
        "country": name or "",
        "country_id": numeric or "",
        "region": acled_region(d.get("country")),
        "event_clarity": 2 if d.get("contradiction_count") else 1,  # contested accounts: low clarity
        "date_prec": _UCDP_DATE_PREC.get(_PRECISION_NAMES.get(d.get("time_precision") or 0, ""), ""),
        "date_start": day,
        "date_end": day,
        "deaths_unknown": low,
        "best": best,
        "high": high,
        "low": low,
    }
