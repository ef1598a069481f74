"""Exports of canonical events: ACLED CSV, UCDP GED CSV, GeoJSON, JSON Lines, Parquet.

A thin adapter over :mod:`rashomon.store.read_api`; ``rashomon export`` is its command.
"""

from .formats import (
    EXPORTERS,
    ExportContext,
    Exporter,
    ExportRow,
    RowKind,
    feature,
    read_parquet,
    register,
)
from .views import ACLED_COLUMNS, UCDP_COLUMNS, acled_event_row, acled_row, ucdp_event_row, ucdp_row

__all__ = [
    "ACLED_COLUMNS",
    "EXPORTERS",
    "UCDP_COLUMNS",
    "ExportContext",
    "ExportRow",
    "Exporter",
    "RowKind",
    "acled_event_row",
    "acled_row",
    "feature",
    "read_parquet",
    "register",
    "ucdp_event_row",
    "ucdp_row",
]
