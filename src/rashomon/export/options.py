"""The shared filter options of ``rashomon export`` and ``rashomon sitrep``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..store.read_api import EVENT_MODALITIES, Filters, parse_bbox, parse_modalities

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = [
    click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), default=None,
                 help="First day (YYYY-MM-DD), inclusive."),
    click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), default=None,
                 help="Last day (YYYY-MM-DD), inclusive."),
    click.option("--country", default=None, help="ISO code or English name ('SY', 'Syria')."),
    click.option("--admin1", default=None, help="First-level division name ('Homs')."),
    click.option("--event-type", default=None, help="ACLED event type ('Battles')."),
    click.option("--actor", default=None, help="Actor id or name (substring)."),
    click.option("--bbox", default=None, help="west,south,east,north in degrees."),
    click.option("--min-independence", type=click.IntRange(min=0), default=None, metavar="N",
                 help="Leave out events with fewer than N independent sources (an integer: min of "
                      "distinct primary sources and owner groups; no longer a 0-1 score)."),
    click.option("-q", "--query", "q", default=None,
                 help="Free text: events with an account in a matching document (FTS5 syntax)."),
    click.option("--modality", default=",".join(EVENT_MODALITIES), show_default=True,
                 help="Events with an account of these modalities (comma-separated), or 'all' "
                      "(adds planned, hypothetical, negated and historical accounts, which only "
                      "mentions have)."),
]


def filter_options(fn: F) -> F:
    """Add the filter options to a click command."""
    for option in reversed(_OPTIONS):
        fn = option(fn)
    return fn


def filters_from(kwargs: dict[str, Any]) -> Filters:
    """Pop the filter options from a command's kwargs into a :class:`Filters`."""

    def day(value: dt.datetime | None) -> dt.date | None:
        return value.date() if value else None

    return Filters(
        date_from=day(kwargs.pop("date_from")),
        date_to=day(kwargs.pop("date_to")),
        country=kwargs.pop("country"),
        admin1=kwargs.pop("admin1"),
        event_type=kwargs.pop("event_type"),
        actor=kwargs.pop("actor"),
        bbox=parse_bbox(kwargs.pop("bbox")),
        min_independence=kwargs.pop("min_independence"),
        q=kwargs.pop("q"),
        modalities=parse_modalities(kwargs.pop("modality")),
    )
