"""What the harness scores, and the adapter that gets it from today's pipeline.

The scorer never calls the pipeline itself: it reads :class:`DocPrediction` records
from a :class:`Predictor`. A later stage (events, places, linking) plugs in by making
the adapter fill more fields and declare them in :attr:`Predictor.capabilities`;
the scorer, the report and the JSON shape stay as they are. A field whose stage is
not declared is reported as "not built" (``null``), never as 0.

The predictor sees only what a user's input would carry: the article text, its
title, its address and its publication date (the corpus's ``dct``, unless the run
withholds it). The gold incident stays with the harness.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from rashomon.eval.metrics import DateRange
from rashomon.model import Document, RawDocument, Rejected

#: The stages a predictor may provide; each unlocks a group of figures.
Capability = Literal["reference_date", "events", "event_date", "casualties", "places",
                     "location", "linking"]
CAPABILITIES: tuple[Capability, ...] = (
    "reference_date",
    "events",
    "event_date",
    "casualties",
    "places",
    "location",
    "linking",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceGuess:
    """One place the system resolved in a document (a GeoNames-like entry).

    Attributes:
        name: the place name as resolved (``St. Louis``).
        admin1: state or province, as a name or code (``Missouri`` or ``MO``), if known.
        country: ISO country code or name, if known.
        lat: latitude in degrees, if known.
        lon: longitude in degrees, if known.
    """

    name: str
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DocPrediction:
    """Everything the system said about one document that the harness can score.

    ``None`` in a field means "no answer for this document" and scores as a miss,
    *if* the predictor declares that field's capability; otherwise the field is not
    scored at all.

    Attributes:
        document_id: our document id (content hash); the harness maps gold ids to it.
        rejected: the rejection reason code when the pipeline refused the document.
        reference_date: the date relative expressions resolve against.
        event_found: whether a main event mention was found.
        event_type: its ACLED event type (``Violence against civilians``...).
        event_date: its date as an inclusive day range.
        killed: fatalities of the main event (a best single figure).
        injured: injured of the main event.
        places: places resolved in the document.
        location: the chosen event location ``(lat, lon)``.
        cluster: the incident cluster the linking stage put the document in.
        evidence: field name -> the words (or the rule) the system used, for error lists.
    """

    document_id: str
    rejected: str | None = None
    reference_date: dt.date | None = None
    event_found: bool | None = None
    event_type: str | None = None
    event_date: DateRange | None = None
    killed: int | None = None
    injured: int | None = None
    places: tuple[PlaceGuess, ...] | None = None
    location: tuple[float, float] | None = None
    cluster: str | None = None
    evidence: Mapping[str, str] = field(default_factory=dict)


class Predictor(Protocol):
    """The pipeline as seen by the harness.

    Call :meth:`predict` once per distinct document, then :meth:`link` once, then
    :meth:`close`. Not thread-safe; one corpus per instance.
    """

    @property
    def capabilities(self) -> frozenset[Capability]:
        """The stages this predictor provides; others are reported as not built."""
        ...

    @property
    def description(self) -> str:
        """One line naming what runs (for the report)."""
        ...

    def predict(self, raw: RawDocument) -> DocPrediction:
        """Runs the per-document stages on one document."""
        ...

    def link(self) -> Mapping[str, str]:
        """After all documents: our document id -> cluster id (empty without linking)."""
        ...

    def after_link(self) -> Mapping[str, Mapping[str, Any]]:
        """After :meth:`link`: our document id -> fields the link stage adds or fills.

        A document whose own text gives no incident day takes its story's day
        (``event_date``, with its ``evidence``); one whose wounded a later account of
        its story counts dead takes that toll (``killed``, ``injured``); empty
        without linking.
        """
        ...

    def close(self) -> None:
        """Releases the store and any resources."""
        ...


class PipelinePredictor:
    """The adapter over :mod:`rashomon.pipeline`: the same stages as ``rashomon ingest``.

    Each document is cleaned (``process_raw``, with the outlet boilerplate learnt
    from the store as ingest does), analysed (``analyse``: annotate, extract, linker
    features) and stored with its analysis in batches, so the run also exercises the
    writer; ``link`` then clusters the stored documents (``link_documents``). The
    stages scored are those ``pipeline.capabilities()`` declares. Do not use this
    class for anything but evaluation: it writes to the store named by ``db``.
    """

    def __init__(self, *, db: Path | None) -> None:
        """Loads the pipeline's resources and opens the store.

        Args:
            db: path of the SQLite store to fill; ``None`` scores without storing
                (and without linking, which reads the store).
        """
        from rashomon import pipeline
        from rashomon.store import Store

        self._pipeline = pipeline
        self._resources = pipeline.load_resources()
        self._store: Store | None = None
        self._pending: list[Any] = []
        self._rejects: list[Rejected] = []
        self._boiler: Any = None
        self.store_note = "not stored (--db none)"
        declared = set(pipeline.capabilities())
        if db is not None:
            self._store = Store.open(db)
            self.store_note = f"stored in {db}"
            self._store.upsert_sources(self._resources.outlets.sources())
            self._boiler = pipeline.Boilerplate(self._store, self._resources.outlets)
        else:
            declared.discard("linking")
        self._caps = frozenset(c for c in CAPABILITIES if c in declared)

    @property
    def capabilities(self) -> frozenset[Capability]:
        """See :class:`Predictor`."""
        return self._caps

    @property
    def description(self) -> str:
        """See :class:`Predictor`."""
        return f"rashomon.pipeline ({', '.join(sorted(self._caps))}); {self.store_note}"

    def predict(self, raw: RawDocument) -> DocPrediction:
        """See :class:`Predictor`."""
        result = self._pipeline.process_raw(raw, self._resources, repeated=self._boiler)
        if isinstance(result, Rejected):
            self._rejects.append(result)
            self._flush(force=False)
            return DocPrediction(
                document_id=raw.content_id,
                rejected=result.reason,
                evidence={"rejected": f"{result.stage}: {result.reason}: {result.detail}"},
            )
        evidence = {"reference_date": _ref_evidence(result)}
        extra: dict[str, Any] = {}
        if self._resources.annotate is not None:
            analysis = next(self._pipeline.analyse([result], self._resources))
            self._pending.append(analysis)
            extra = dict(self._pipeline.prediction_fields(analysis))
            evidence.update(extra.pop("evidence", {}))
        else:
            self._pending.append(result)
        self._flush(force=False)
        prediction = DocPrediction(
            document_id=result.id, reference_date=result.reference_date.date, evidence=evidence
        )
        return dataclasses.replace(prediction, **extra) if extra else prediction

    def link(self) -> Mapping[str, str]:
        """See :class:`Predictor`."""
        self._flush(force=True)
        if "linking" not in self._caps or self._store is None:
            return {}
        return dict(self._pipeline.link_documents(self._store))

    def after_link(self) -> Mapping[str, Mapping[str, Any]]:
        """See :class:`Predictor`: story-derived days and tolls."""
        if "linking" not in self._caps or self._store is None:
            return {}
        from rashomon.store.links import story_dates_of, story_tolls_of

        out: dict[str, dict[str, Any]] = {
            doc_id: {
                "event_date": (row["day"], row["day"]),
                "evidence": {"event_date": f"from story {row['story_id']}: {row['reason']}"},
            }
            for doc_id, row in story_dates_of(self._store).items()
        }
        for doc_id, row in story_tolls_of(self._store).items():
            said = f"from story {row['story_id']}: {row['reason']}"
            entry = out.setdefault(doc_id, {"evidence": {}})
            entry["killed"], entry["injured"] = row["killed"], row["injured"]
            entry["evidence"] = {**entry["evidence"], "killed": said, "injured": said}
        return out

    def close(self) -> None:
        """See :class:`Predictor`."""
        self._flush(force=True)
        if self._store is not None:
            self._store.close()
            self._store = None

    def _flush(self, *, force: bool) -> None:
        # Batched: one transaction per 200 documents is what the ingest job does too.
        if self._store is None:
            self._pending.clear()
            self._rejects.clear()
            return
        if self._pending and (force or len(self._pending) >= 200):
            analyses = [a for a in self._pending if not isinstance(a, Document)]
            docs = [a if isinstance(a, Document) else a.document for a in self._pending]
            known = self._store.existing_ids(d.id for d in docs)
            self._store.add_documents(docs)
            if self._boiler is not None:
                self._boiler.record(docs)
            fresh = [a for a in analyses if a.document.id not in known]
            fresh = list({a.document.id: a for a in fresh}.values())
            if fresh:
                self._pipeline.store_analyses(self._store, fresh, self._resources)
            self._pending = []
        if self._rejects and (force or len(self._rejects) >= 200):
            self._store.add_rejects(self._rejects)
            self._rejects = []


def _ref_evidence(doc: Document) -> str:
    """The words a reference date was read from, with how it was decided."""
    ref = doc.reference_date
    words = ""
    if ref.span is not None:
        words = doc.raw.text[ref.span.start : ref.span.end].replace("\n", " ")[:120]
    parts = [f"{ref.kind}/{ref.precision}"]
    if words:
        parts.append(repr(words))
    if ref.reason:
        parts.append(ref.reason)
    return " - ".join(parts)
