"""The filters every list, export and map shares, and building them from strings.

:class:`Filters` is the one record of "which rows"; :func:`parse_bbox` and
:func:`parse_modalities` read the URL/CLI forms; the country helpers map names and codes
to ISO 3166. The SQL each query builds from a :class:`Filters` lives beside that query
(:mod:`.documents`, :mod:`.events`); the place test applied after loading is here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pycountry

from ...errors import StoreError

if TYPE_CHECKING:
    from .events import EventRow

#: Bounding box: west, south, east, north (degrees), as in GeoJSON's ``bbox``.
BBox = tuple[float, float, float, float]


# -- filters -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """The filters every list, export and map shares. ``None`` means "any".

    Attributes:
        date_from: first day (inclusive); a row matches when its date range overlaps.
        date_to: last day (inclusive).
        country: ISO 3166 alpha-2/alpha-3 code or English name ("SY", "SYR", "Syria").
        admin1: first-level division name ("Homs"), case-insensitive.
        event_type: ACLED event type ("Battles"), case-insensitive.
        actor: actor id or name; matches actor1, actor2 or an associated actor
            (substring, case-insensitive). For documents: any resolved actor mention.
        bbox: west, south, east, north.
        min_independence: an integer >= 0, the fewest independent sources a canonical
            event may have (min of its distinct primary sources and owner groups);
            rows below it, or with none known (event mentions), are left out.
        q: free text (SQLite FTS5 query syntax; plain words are ANDed).
        modalities: event mentions with one of these modalities only
            (:data:`EVENT_MODALITIES` for events in ACLED's sense); documents ignore it.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    bbox: BBox | None = None
    min_independence: int | None = None
    q: str | None = None
    modalities: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise StoreError(
                f"date range {self.date_from}..{self.date_to} is empty: swap --from and --to",
                code="R220",
            )
        if self.min_independence is not None and (
            isinstance(self.min_independence, bool) or not isinstance(self.min_independence, int)
            or self.min_independence < 0
        ):
            raise StoreError(
                f"bad minimum independence {self.min_independence!r}: give a whole number of independent "
                "sources (0, 1, 2...), no longer a 0-1 score",
                code="R226",
            )
        if self.bbox is not None:
            w, s, e, n = self.bbox
            if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
                raise StoreError(
                    f"bad bbox {self.bbox}: give west,south,east,north in degrees", code="R221"
                )

    @property
    def country_code(self) -> str | None:
        """The ISO alpha-2 code of ``country`` (raises R222 when unknown)."""
        return country_alpha2(self.country) if self.country else None

    def to_query(self) -> dict[str, str]:
        """The filters as URL query parameters (the web app's and API's names)."""
        out: dict[str, str] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        for name in ("country", "admin1", "event_type", "actor", "q"):
            value = getattr(self, name)
            if value:
                out[name] = str(value)
        if self.bbox:
            out["bbox"] = ",".join(f"{v:g}" for v in self.bbox)
        if self.min_independence is not None:
            out["min_independence"] = str(self.min_independence)
        if self.modalities:
            out["modality"] = ",".join(self.modalities)
        return out


def parse_bbox(value: str | None) -> BBox | None:
    """``"w,s,e,n"`` -> a bbox tuple (R221 when malformed)."""
    if not value:
        return None
    parts = value.split(",")
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise StoreError(f"bad bbox {value!r}: give west,south,east,north", code="R221") from None
    return (w, s, e, n)


def parse_modalities(value: str | None) -> tuple[str, ...] | None:
    """``"occurred,claimed"`` -> a tuple; ``"all"`` or empty -> None (any). R225 when unknown."""
    if not value or value.strip().lower() == "all":
        return None
    known = ("occurred", "attempted", "claimed", "planned", "hypothetical", "negated", "historical")
    names = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in known]
    if bad:
        raise StoreError(f"unknown modality {', '.join(bad)}: use {', '.join(known)} or all", code="R225")
    return names


def country_alpha2(value: str) -> str:
    """ISO alpha-2 code for a code or an English country name.

    Raises:
        StoreError: R222 when no country matches.
    """
    v = value.strip()
    hit = pycountry.countries.get(alpha_2=v.upper()) if len(v) == 2 else None
    if hit is None and len(v) == 3:
        hit = pycountry.countries.get(alpha_3=v.upper())
    if hit is None:
        try:
            hit = pycountry.countries.lookup(v)
        except LookupError:
            hit = None
    if hit is None:
        raise StoreError(f"unknown country {value!r}: give an ISO code or an English name", code="R222")
    return str(hit.alpha_2)


def country_info(alpha2: str | None) -> tuple[str | None, int | None]:
    """(English short name, ISO numeric code) of an alpha-2 code; ACLED's ``country``, ``iso``."""
    if not alpha2:
        return None, None
    hit = pycountry.countries.get(alpha_2=alpha2.upper())
    if hit is None:
        return None, None
    name = getattr(hit, "common_name", None) or hit.name
    return str(name), int(hit.numeric)


def _location_matches(row: EventRow | None, filters: Filters) -> bool:
    needs_place = filters.country or filters.admin1 or filters.bbox
    if not needs_place:
        return True
    if row is None:
        return False
    if filters.country and row.country != filters.country_code:
        return False
    if filters.admin1 and (row.admin1 or "").lower() != filters.admin1.lower():
        return False
    if filters.bbox:
        w, s, e, n = filters.bbox
        lat, lon = row.latitude, row.longitude
        if lat is None or lon is None or not s <= lat <= n:
            return False
        inside_lon = w <= lon <= e if w <= e else (lon >= w or lon <= e)  # bbox across 180°
        if not inside_lon:
            return False
    return True


__all__ = ["BBox", "Filters", "country_alpha2", "country_info", "parse_bbox", "parse_modalities"]
