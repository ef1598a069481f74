"""The store: schema, migrations, the one writer and read-only queries."""

from .db import Store, display_target
from .queries import (
    DocumentRow,
    RejectRow,
    SegmentRow,
    document_ids,
    get_document,
    get_mentions,
    list_documents,
    load_documents,
    list_rejects,
)

__all__ = [
    "DocumentRow",
    "RejectRow",
    "SegmentRow",
    "Store",
    "display_target",
    "document_ids",
    "get_document",
    "get_mentions",
    "list_documents",
    "list_rejects",
    "load_documents",
]
