"""What the linker knows about one document: a :class:`DocFeatures` record.

Public contract::

    features(document, entities) -> DocFeatures
    features_from_text(doc_id, title, text, ref_date, nlp) -> DocFeatures
    DocFeatures.to_json() / DocFeatures.from_json(obj)

Features are a pure function of one document and its named entities (from spaCy's
NER, or any list of ``(text, label)`` pairs), so they are computed per document in
parallel and stored; the linker's index is rebuilt from stored features (plain JSON,
never pickle).

What is kept, and why:

- person names, full (``kevin barbee``) and last names (``barbee``): in local crime
  news the victim's or suspect's name is the strongest cue that two articles report
  one incident;
- places (GPE, LOC, FAC) and every token of any named entity (schools, apartment
  complexes, hospitals), because NER often gives a surname the wrong label;
- killed / injured counts, when a cheap pattern finds them ("two people were killed"),
  and the ages people are given ("a 17-year-old");
- the reference date, title tokens, content-word counts (for TF-IDF cosine) and the
  MinHash signature of the body (near-duplicates, blocking);
- when the annotate stage ran, the resolved places (GeoNames ids) and actors (actor
  KB ids) of the same opening: "Kyiv" and "Kiev", "Daesh" and "ISIS" are then one
  feature each, whatever words each outlet used;
- the day of the main incident (from the extract stage), and the day a web archive
  captured the page (its address says): a page whose publication date is unknown
  was at least published by then.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from spacy.lang.en.stop_words import STOP_WORDS

from ..model import Document
from ..clean.dates import capture_day
from .minhash import body_text, minhash_signature

#: Characters of the body read for entities and terms: the incident is told in the
#: first paragraphs; the rest is background, older incidents and boilerplate.
TEXT_WINDOW = 2000
#: Entity labels that name places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels whose tokens are kept as name tokens (surnames mislabelled as ORG
#: or FAC by the small model are still caught).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT"})
#: Honorifics and ranks in front of names ("Sgt. John Smith" is John Smith).
_TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "sgt", "sergeant", "officer", "det", "detective", "lt", "lieutenant", "capt", "captain", "chief", "deputy", "sheriff", "trooper", "cpl", "corporal", "agent", "judge", "rev", "pastor", "gov", "governor", "mayor", "sen", "senator", "rep", "president", "prof", "coach", "attorney"]
)
#: Name suffixes that are not last names.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "both": 2, "couple": 2,
}  # fmt: skip
_NUM = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_WHO = r"(?:\s+(?:other\s+)?(?:people|persons|men|women|teens|teenagers|children|kids|others|victims|adults|males|females|officers))?"
_KILLED = re.compile(
    rf"\b{_NUM}{_WHO}\s+(?:(?:were|was|are|have\s+been|had\s+been)\s+)?"
    r"(?:killed|dead|slain|shot\s+dead|fatally\s+shot|shot\s+and\s+killed|died)\b",
    re.IGNORECASE,
)
_INJURED = re.compile(
    rf"\b{_NUM}{_WHO}\s+(?:(?:were|was|are|have\s+been|had\s+been)\s+)?"
    r"(?:injured|wounded|hurt|hospitalized)\b",
    re.IGNORECASE,
)


#: A Wayback Machine address: ``web.archive.org/web/20170316123456/http://...``.


_AGE = re.compile(r"\b(\d{1,2})(?:-| )years?(?:-| )old\b|\b(?:aged?|ages)\s+(\d{1,2})\b", re.IGNORECASE)


def person_ages(text: str) -> tuple[int, ...]:
    """The ages a text gives people ("a 17-year-old", "aged 34"), sorted, distinct."""
    found = {int(m.group(1) or m.group(2)) for m in _AGE.finditer(text)}
    return tuple(sorted(a for a in found if 0 < a < 110))


class Entity(Protocol):
    """A named-entity span: spaCy's ``Span`` fits (``text``, ``label_``)."""

    @property
    def text(self) -> str: ...

    @property
    def label_(self) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class EntityPair:
    """A named entity given as plain data (what a store or a test hands over)."""

    text: str
    label_: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DocFeatures:
    """The linker's view of one document. All collections are sorted tuples.

    Attributes:
        doc_id: the document id.
        date: the reference date, if known.
        persons: normalised full person names (two words or more).
        surnames: last names of the person names.
        places: normalised place names (GPE, LOC, FAC).
        name_tokens: every word of every named entity, lower-cased.
        title_tokens: the title's content words.
        terms: ``(word, count)`` of the title and body's content words (TF-IDF).
        killed: a killed count read by a cheap pattern, if any.
        injured: an injured count read by a cheap pattern, if any.
        signature: the body's MinHash signature.
        words: the number of words of the body (a near-duplicate of a very short
            text is more often a shared page template than a copied story).
        outlet_id: the publishing outlet's source id, if known.
        original_outlet_id: the outlet that wrote it first, if the document says so.
        place_ids: GeoNames ids of the places resolved in the opening (annotate
            stage; empty when it did not run).
        actor_ids: actor KB ids of the actors resolved in the opening, likewise.
        ages: the ages of people the title and opening give ("a 17-year-old"): in
            local crime news, victims and suspects are introduced by age.
        incident_date: the day of the document's main event, when the extract stage
            resolved it to a day (``None`` otherwise, and in features stored before
            it existed): two reports of one incident published days apart share it.
        capture_date: the day a web archive captured the page, if its address says:
            the page was published by then, whatever its own date (``None`` when
            unknown, and in features stored before it existed).
        incident_date_worded: ``False`` when ``incident_date`` is only the reference
            date standing in for a day the text never names (``None`` in features
            stored before it existed, read as worded): ``link.story_dates`` lets
            such a document take its story's day.
        main_killed: the extract stage's number killed in the main incident (``None``
            when the text tells none, and in features stored before it existed).
        main_injured: its number injured, likewise; both feed ``link.story_tolls``.
    """

    doc_id: str
    date: dt.date | None
    persons: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    name_tokens: tuple[str, ...] = ()
    title_tokens: tuple[str, ...] = ()
    terms: tuple[tuple[str, int], ...] = ()
    killed: int | None = None
    injured: int | None = None
    signature: tuple[int, ...] = ()
    words: int = 0
    outlet_id: str | None = None
    original_outlet_id: str | None = None
    place_ids: tuple[str, ...] = ()
    actor_ids: tuple[str, ...] = ()
    ages: tuple[int, ...] = ()
    incident_date: dt.date | None = None
    capture_date: dt.date | None = None
    incident_date_worded: bool | None = None
    main_killed: int | None = None
    main_injured: int | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what the store keeps; :meth:`from_json` reads it back)."""
        return {
            "doc_id": self.doc_id,
            "date": self.date.isoformat() if self.date else None,
            "persons": list(self.persons),
            "surnames": list(self.surnames),
            "places": list(self.places),
            "name_tokens": list(self.name_tokens),
            "title_tokens": list(self.title_tokens),
            "terms": [[t, n] for t, n in self.terms],
            "killed": self.killed,
            "injured": self.injured,
            "signature": list(self.signature),
            "words": self.words,
            "outlet_id": self.outlet_id,
            "original_outlet_id": self.original_outlet_id,
            "place_ids": list(self.place_ids),
            "actor_ids": list(self.actor_ids),
            "ages": list(self.ages),
            "incident_date": self.incident_date.isoformat() if self.incident_date else None,
            "capture_date": self.capture_date.isoformat() if self.capture_date else None,
            "incident_date_worded": self.incident_date_worded,
            "main_killed": self.main_killed,
            "main_injured": self.main_injured,
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> DocFeatures:
        """The record back from :meth:`to_json`'s dict."""
        date = obj.get("date")
        incident = obj.get("incident_date")
        captured = obj.get("capture_date")
        return cls(
            doc_id=str(obj["doc_id"]),
            date=dt.date.fromisoformat(date) if date else None,
            persons=tuple(obj.get("persons", ())),
            surnames=tuple(obj.get("surnames", ())),
            places=tuple(obj.get("places", ())),
            name_tokens=tuple(obj.get("name_tokens", ())),
            title_tokens=tuple(obj.get("title_tokens", ())),
            terms=tuple((str(t), int(n)) for t, n in obj.get("terms", ())),
            killed=obj.get("killed"),
            injured=obj.get("injured"),
            signature=tuple(int(v) for v in obj.get("signature", ())),
            words=int(obj.get("words", 0)),
            outlet_id=obj.get("outlet_id"),
            original_outlet_id=obj.get("original_outlet_id"),
            place_ids=tuple(str(v) for v in obj.get("place_ids", ())),
            actor_ids=tuple(str(v) for v in obj.get("actor_ids", ())),
            ages=tuple(int(v) for v in obj.get("ages", ())),
            incident_date=dt.date.fromisoformat(incident) if incident else None,
            capture_date=dt.date.fromisoformat(captured) if captured else None,
            incident_date_worded=obj.get("incident_date_worded"),
            main_killed=obj.get("main_killed"),
            main_injured=obj.get("main_injured"),
        )


def fold(text: str) -> str:
    """Lower-cased, accent-free, punctuation-free words joined by single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(w.lower().replace("’", "'") for w in _WORD.findall(text))


def person_name(text: str) -> tuple[str, ...]:
    """The words of a person name, without possessive, honorifics and suffixes."""
    words = fold(text).split()
    words = [w.removesuffix("'s") for w in words]
    while words and words[0] in _TITLES:
        words = words[1:]
    while words and words[-1] in _SUFFIXES:
        words = words[:-1]
    return tuple(w for w in words if len(w) > 1)


def _place_name(text: str) -> str:
    words = fold(text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def content_words(text: str) -> list[str]:
    """Lower-cased words of three letters or more that are not stop words."""
    return [w for w in fold(text).split() if len(w) > 2 and w not in STOP_WORDS]


def _first_count(pattern: re.Pattern[str], text: str) -> int | None:
    for m in pattern.finditer(text):
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        # ages and years ("a 17-year-old", "2015") are not counts
        if n is not None and 0 < n < 100 and text[m.start(1) - 1 : m.start(1)] != "-":
            return n
    return None


def features_from_parts(
    *,
    doc_id: str,
    title: str | None,
    body: str,
    date: dt.date | None,
    entities: Iterable[Entity],
    outlet_id: str | None = None,
    original_outlet_id: str | None = None,
    place_ids: Iterable[str] = (),
    actor_ids: Iterable[str] = (),
    capture_date: dt.date | None = None,
) -> DocFeatures:
    """Features from already separated parts: the common core of the public makers.

    Args:
        doc_id: the document id.
        title: the title, if any.
        body: the body text (the whole text when the document has no segments).
        date: the reference date, if known.
        entities: named entities of the title and the first ``TEXT_WINDOW``
            characters of the body.
        outlet_id: the publishing outlet, if known.
        original_outlet_id: the original outlet, when the document names one.
        place_ids: GeoNames ids of the places resolved in the same opening.
        actor_ids: actor KB ids of the actors resolved in the same opening.
        capture_date: the day a web archive captured the page, if known.

    Returns:
        The document's features.
    """
    persons: set[str] = set()
    surnames: set[str] = set()
    places: set[str] = set()
    tokens: set[str] = set()
    for ent in entities:
        label = ent.label_
        if label not in NAME_LABELS:
            continue
        if label == "PERSON":
            words = person_name(ent.text)
            if len(words) >= 2:
                persons.add(" ".join(words))
            if words:
                surnames.add(words[-1])
        elif label in PLACE_LABELS:
            place = _place_name(ent.text)
            if place:
                places.add(place)
        tokens.update(w for w in person_name(ent.text) if w not in STOP_WORDS and len(w) > 2)
    window = body[:TEXT_WINDOW]
    text = f"{title}\n{window}" if title else window
    return DocFeatures(
        doc_id=doc_id,
        date=date,
        persons=tuple(sorted(persons)),
        surnames=tuple(sorted(surnames)),
        places=tuple(sorted(places)),
        name_tokens=tuple(sorted(tokens)),
        title_tokens=tuple(sorted(set(content_words(title or "")))),
        terms=tuple(sorted(Counter(content_words(text)).items())),
        killed=_first_count(_KILLED, text),
        injured=_first_count(_INJURED, text),
        signature=minhash_signature(body),
        words=len(_WORD.findall(body)),
        outlet_id=outlet_id,
        original_outlet_id=original_outlet_id,
        place_ids=tuple(sorted({str(v) for v in place_ids})),
        actor_ids=tuple(sorted({str(v) for v in actor_ids})),
        ages=person_ages(text),
        capture_date=capture_date,
    )


def ner_text(title: str | None, body: str) -> str:
    """The text to run NER on: the title and the first ``TEXT_WINDOW`` body characters."""
    window = body[:TEXT_WINDOW]
    return f"{title}\n{window}" if title else window


def features(
    document: Document,
    entities: Iterable[Entity],
    *,
    place_ids: Iterable[str] = (),
    actor_ids: Iterable[str] = (),
) -> DocFeatures:
    """Features of a cleaned document (pure: no model is run here).

    Args:
        document: the document; its body segments are read (the whole text when it
            has none), with its title, reference date, outlets and address (for
            the day an archive captured it).
        entities: named entities of :func:`ner_text` of the document (a spaCy
            ``Doc``'s ``.ents``, or :class:`EntityPair` records).
        place_ids: GeoNames ids of the places the annotate stage resolved in the
            same opening (none when it did not run).
        actor_ids: actor KB ids it resolved there.

    Returns:
        The document's features.
    """
    original = document.original_outlet
    return features_from_parts(
        doc_id=document.id,
        title=document.title,
        body=body_text(document),
        date=document.reference_date.date,
        entities=entities,
        outlet_id=document.outlet.source_id,
        original_outlet_id=original.source_id if original else None,
        place_ids=place_ids,
        actor_ids=actor_ids,
        capture_date=capture_day(document.raw.url),
    )


class _Nlp(Protocol):
    def __call__(self, text: str) -> Any: ...


def features_from_text(
    doc_id: str, title: str | None, text: str, ref_date: dt.date | None, nlp: _Nlp
) -> DocFeatures:
    """Features of a bare text: runs ``nlp`` on the title and the first 2,000 characters.

    A convenience for evaluation and scripts; for many documents, run
    ``nlp.pipe`` over :func:`ner_text` yourself and call :func:`features_from_parts`
    (batching is several times faster).

    Args:
        doc_id: the document id.
        title: the title, if any.
        text: the text (body, or the whole page when it is not segmented).
        ref_date: the reference date, if known.
        nlp: a spaCy pipeline with an ``ner`` component.

    Returns:
        The document's features.
    """
    parsed = nlp(ner_text(title, text))
    return features_from_parts(
        doc_id=doc_id, title=title, body=text, date=ref_date, entities=parsed.ents
    )


def entity_pairs(pairs: Sequence[Sequence[str]]) -> list[EntityPair]:
    """``[(text, label), ...]`` as :class:`EntityPair` records (stored entities)."""
    return [EntityPair(text=p[0], label_=p[1]) for p in pairs]
