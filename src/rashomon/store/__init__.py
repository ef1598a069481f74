"""The store: schema, migrations, the one writer and read-only queries."""

from .db import Store
from .queries import (
    DocumentRow,
    RejectRow,
    SegmentRow,
    get_document,
    get_mentions,
    list_documents,
    list_rejects,
)

__all__ = [
    "DocumentRow",
    "RejectRow",
    "SegmentRow",
    "Store",
    "get_document",
    "get_mentions",
    "list_documents",
    "list_rejects",
]
