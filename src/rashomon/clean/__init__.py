"""Clean: raw text to labelled segments and metadata, non-destructively.

Public contract::

    segment(raw, *, repeated=frozenset()) -> tuple[Segment, ...]      (clean.segment)
    OutletTable.load() ; resolve_outlets(raw, segments, table)
        -> tuple[OutletGuess, OutletGuess | None]                      (clean.outlets)
    reference_date(raw, segments) -> ReferenceDate                    (clean.dates)
    clean(raw, resources) -> Document | Rejected                      (here)
"""
