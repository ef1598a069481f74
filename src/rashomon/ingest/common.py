"""Helpers every ingest reader shares."""

from __future__ import annotations

from rashomon.model import Rejected

#: The ``stage`` of every ``Rejected`` this package yields.
STAGE = "ingest"


def reject(origin: str, reason: str, detail: str) -> Rejected:
    """A ``Rejected`` from the ingest stage; ``detail`` is prefixed with the origin.

    Args:
        origin: ``path``, ``path:LINE``, ``path#record-N`` or ``<stdin>``.
        reason: the stable code (``empty``, ``binary``, ``too_large``...).
        detail: what is wrong, as a sentence without the origin.
    """
    return Rejected(origin=origin, stage=STAGE, reason=reason, detail=f"{origin}: {detail}")


def size_text(n: int) -> str:
    """A byte count for messages: ``512 bytes``, ``3.2 MB``."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
