"""The ``rashomon_toponyms`` spaCy component: place names by gazetteer and NER.

It writes a span group ``doc.spans["rashomon_toponyms"]`` (no custom extension
attributes, so loading it registers nothing beyond spaCy's factory registry).
Each span's label says where it came from:

``GPE`` / ``LOC`` / ``FAC``
    the statistical NER, kept when the gazetteer knows the name, or when it is a
    LOC/FAC (natural features, buildings: kept unresolved), or an unknown GPE in a
    place context ("in X").
``GAZ``
    a capitalised token sequence whose folded form names a country, a division or
    a populated place of at least ``min_population`` (and is no stoplist word).
``GAZ_CTX``
    a gazetteer name the NER called a person, accepted because of its context
    ("in X", "near X", "of X") or because the same name was a place elsewhere in
    the document (one sense per discourse).
``DEMONYM``
    a nationality adjective ("Syrian"): country context for resolution, not a place.
``PERSON``
    a full personal name one of whose words is also a place name ("Christopher Dean
    Wright"): context for resolution, which drops that word's lone mentions
    elsewhere in the document ("Wright said"), never a place.

Resolution (which GeoNames entry) is not done here: see
:mod:`rashomon.resolve.places`. The matcher is a dictionary look-up of the
document's capitalised n-grams in one SQLite query, so it costs a small fraction
of the tagger/parser time.
"""

# No `from __future__ import annotations`: spaCy reads the factory signature at run time.

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rashomon.resolve.gazetteer import (
    ARTICLES,
    Gazetteer,
    KeyInfo,
    fold_name,
    open_gazetteer,
    strip_designator,
)

#: The span group the component writes.
SPAN_GROUP = "rashomon_toponyms"
_PLACE_PREPS = frozenset(
    ["in", "near", "of", "at", "from", "to", "into", "outside", "toward", "towards", "around", "across", "throughout", "via", "outskirts", "suburbs"]
)
_STRICT_PREPS = frozenset(["in", "near", "at", "into", "from", "to", "outside"])
# Lowercase words allowed inside a multi-word place name ("Isle of Man", "Deir ez-Zor").
_CONNECTORS = frozenset(["of", "de", "la", "le", "du", "del", "des", "da", "dos", "das", "di", "on", "upon", "au", "aux", "sur"]) | ARTICLES
# NER types whose tokens are never part of a place name.
_NON_PLACE_ENTS = frozenset(["DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "WORK_OF_ART", "LAW"])
_FACILITY_WORDS = frozenset(
    ["hospital", "school", "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive", "dr", "lane", "ln", "highway", "parkway", "pkwy", "court", "ct", "circle", "way", "place", "mall", "center", "centre", "church", "university", "college", "apartments", "apartment", "airport", "station", "park", "stadium", "arena", "hotel", "motel", "bridge", "plaza", "square", "terrace", "trail", "pike"]
)
_DESIGNATORS = frozenset(["town", "village", "city", "suburb", "district", "neighbourhood", "neighborhood", "area"])
_POLICE_WORDS = frozenset(["police", "sheriff", "sheriff's", "pd"])
#: Lower-case nouns a town's name qualifies in local news ("a Providence man", "Madison
#: boy shoots himself", "McDonough family grieves"): the town's residents.
_RESIDENT_WORDS = frozenset(["man", "woman", "boy", "girl", "teen", "teenager", "toddler", "child", "family", "couple", "resident", "residents", "student", "mother", "father", "mom", "dad", "grandmother", "grandfather", "native", "youth", "homeowner", "gang", "men", "women", "teens"])
#: Words before "police" that name a kind of force, not its town ("Metro police").
_GENERIC_FORCES = frozenset(["metro", "state", "transit", "campus", "capitol", "park", "port", "tribal", "border", "military", "city", "county", "national", "federal", "royal"])
#: The smallest town whose main name, capitalised before a lower-case noun, is taken
#: as the town ("a Meridian hospital") although the tagger saw an adjective.
_TOWN_BEFORE_NOUN = 20_000
#: A place this big keeps its name even where the text also uses it otherwise.
_BIG_PLACE = 100_000



def _state_follows(doc: Doc, j: int, gaz_info: dict[str, KeyInfo]) -> bool:
    """Whether ``doc[j:]`` reads ", <state or province>" ("Jackson, Miss.", "Eufaula, Ala.")."""
    nxt = doc[j + 1 : j + 2]
    if not (j + 1 < len(doc) and doc[j].text == "," and len(nxt) and _is_cap(nxt[0])):
        return False
    state = gaz_info.get(fold_name(nxt.text))
    return state is not None and (state.abbreviation_only or state.has_admin)

@dataclass(frozen=True, slots=True, kw_only=True)
class ToponymConfig:
    """Settings of the toponym component.

    Attributes:
        min_population: the smallest populated place matched by the gazetteer alone
            (NER-found names of any size still resolve). Lower finds more villages
            and more false places ("Church", "Bell").
        max_tokens: the longest n-gram looked up.
        stoplist: folded keys never matched by the gazetteer alone.
    """

    min_population: int = 5000
    max_tokens: int = 5
    stoplist: frozenset[str] = frozenset()


def load_stoplist(path: Path | None = None) -> frozenset[str]:
    """The folded stoplist keys: ``path``, or the packaged ``toponym_stoplist.txt``.

    Lines are words or phrases; ``#`` starts a comment.
    """
    if path is None:
        text = resources.files("rashomon").joinpath("data", "toponym_stoplist.txt").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    keys = (fold_name(line.split("#", 1)[0]) for line in text.splitlines())
    return frozenset(k for k in keys if k)


def _is_cap(tok: Token) -> bool:
    return tok.text[:1].isupper() and any(ch.isalpha() for ch in tok.text)


def _prev_word(doc: Doc, i: int) -> str:
    """The lowercased word before token ``i``, skipping whitespace tokens (the
    no-break space in "of\xa0Aleppo" is a token of its own)."""
    k = i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    return doc[k].lower_ if k >= 0 else ""


def _inside_name(doc: Doc, i: int) -> bool:
    """Token ``i`` continues an entity rather than opening it ("Law" in "the Alabama
    Law Enforcement Agency", not "Benton" in "the Benton Police Department")."""
    k = i
    while k > 0 and doc[k].ent_iob_ == "I":
        k -= 1
    while k < i and doc[k].lower_ in ("the", "a", "an"):
        k += 1
    return k < i


_DATELINE_AFTER = frozenset([",", "(", "-", "–", "—", "--"])


def _opens_dateline(doc: Doc, i: int, j: int) -> bool:
    """``doc[i:j]`` is an upper-case name opening a line, then a comma, a bracket or
    a dash: a news dateline ("PITTSBURGH (KDKA) –", "YACOLT, Wash.")."""
    if i > 0 and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
        return False
    if j >= len(doc) or doc[j].text not in _DATELINE_AFTER:
        return False
    letters = [ch for k in range(i, j) for ch in doc[k].text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _strip_the(span: Span) -> Span | None:
    start = span.start
    while start < span.end and span.doc[start].lower_ in ("the", "a"):
        start += 1
    return Span(span.doc, start, span.end, label=span.label_) if start < span.end else None


class ToponymMatcher:
    """The component object (see the module docstring).

    Args:
        config: matching settings.
        gazetteer: the gazetteer to match against; when ``None`` the default one is
            opened on first use (:func:`open_gazetteer`). :func:`load_nlp` injects
            the caller's gazetteer with :meth:`set_gazetteer`.
    """

    def __init__(self, config: ToponymConfig, gazetteer: Gazetteer | None = None) -> None:
        self.config = config
        self._gazetteer = gazetteer
        self._fold_memo: dict[str, str] = {}
        self._non_place: tuple[object, frozenset[int]] | None = None

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Use ``gazetteer`` from now on (dependency injection after ``add_pipe``)."""
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer, opened lazily when none was injected."""
        if self._gazetteer is None:
            self._gazetteer = open_gazetteer()
        return self._gazetteer

    # ----------------------------------------------------------------- candidates

    def _ngrams(self, doc: Doc) -> list[tuple[int, int, str]]:
        """Capitalised token sequences ``(start, end, key)`` worth looking up.

        Token attributes are read once into lists: this loop runs over every token
        of every document, so it must stay far cheaper than the tagger.
        """
        out: list[tuple[int, int, str]] = []
        text = doc.text
        # one array read instead of a Token object per attribute and token; read by
        # column (``.T``): three lists of ints cost a third of a list per token
        starts, lengths, ent_types = doc.to_array(["IDX", "LENGTH", "ENT_TYPE"]).T.tolist()
        non_place = self._non_place_hashes(doc)
        texts = [text[a : a + ln] for a, ln in zip(starts, lengths, strict=True)]
        n = len(texts)
        cap = [w[:1].isupper() for w in texts]
        stop = [e in non_place or w.isspace() or "\n" in w for w, e in zip(texts, ent_types, strict=True)]
        max_tokens = self.config.max_tokens
        for i in range(n):
            if stop[i]:
                continue
            if not cap[i]:
                w = texts[i]
                if not (w in ARTICLES and i + 2 < n and texts[i + 1] == "-"):
                    continue
            j = i
            while j < n and j - i < max_tokens:
                if stop[j]:
                    break
                if j > i and not (cap[j] or texts[j] in ("-", "'") or texts[j].lower() in _CONNECTORS):
                    break
                j += 1
                if cap[j - 1]:
                    key = self._fold(text[starts[i] : starts[j - 1] + len(texts[j - 1])])
                    if key:
                        out.append((i, j, key))
        return out

    def _non_place_hashes(self, doc: Doc) -> frozenset[int]:
        """The string-store hashes of :data:`_NON_PLACE_ENTS` (per vocabulary)."""
        if self._non_place is None or self._non_place[0] is not doc.vocab:
            strings = doc.vocab.strings
            self._non_place = (doc.vocab, frozenset(strings.add(label) for label in _NON_PLACE_ENTS))
        return self._non_place[1]

    def _fold(self, name: str) -> str:
        """:func:`fold_name`, memoised on this component (bounded)."""
        key = self._fold_memo.get(name)
        if key is None:
            if len(self._fold_memo) > 100_000:
                self._fold_memo.clear()
            key = self._fold_memo[name] = fold_name(name)
        return key

    def _accept_gaz(
        self, doc: Doc, i: int, j: int, key: str, info: KeyInfo, prev_end: int | None,
        gaz_info: dict[str, KeyInfo],
    ) -> bool:
        """Whether a gazetteer hit ``doc[i:j]`` is a place mention on its own."""
        if not info.abbreviation_only and _opens_dateline(doc, i, j):
            return True  # "EUTAW, Ala. (AP) —", "MORETOWN —": a dateline names a place
        if key in self.config.stoplist:
            # "in Franklin" / "Jackson, Miss.": a stoplisted proper noun is a place
            # after a locative preposition or before a state.
            if _prev_word(doc, i) in _STRICT_PREPS and doc[j - 1].pos_ == "PROPN" and (
                doc[j - 1].ent_type_ in ("", "GPE", "LOC")
            ):
                return info.has_admin or info.max_population >= self.config.min_population
            if (j < len(doc) and doc[j].lower_ in _POLICE_WORDS and key not in _GENERIC_FORCES
                    and info.name_population >= self.config.min_population):
                return True  # "Franklin Police say", "Monroe police": the town's police
            if (j < len(doc) and doc[j].text in _RESIDENT_WORDS and _is_cap(doc[i])
                    and info.name_population >= self.config.min_population):
                return True  # "a Providence man", "Madison boy": the town's residents
            return _state_follows(doc, j, gaz_info)
        if info.abbreviation_only:
            # "Nashville, Tenn." / "Memphis, TN": only right after a place and a comma.
            return prev_end is not None and prev_end == i - 1 and doc[i - 1].text == ","
        last = doc[j - 1]
        if j < len(doc) and doc[j].lower_ in _FACILITY_WORDS and _is_cap(doc[j]):
            return False  # "Mount Sinai Hospital", "Flower Street": part of a facility name
        town_before_noun = (
            j - i == 1 and j < len(doc) and not last.is_upper and doc[j].is_lower and doc[j].is_alpha
            and (info.name_population >= _TOWN_BEFORE_NOUN or (
                doc[j].text in _RESIDENT_WORDS and info.name_population >= self.config.min_population))
        )
        if any(doc[k].ent_type_ == "NORP" for k in range(i, j)) and not town_before_noun:
            return False  # "Arab", "Syrian": demonyms, handled as context
        if j - i == 1 and last.is_upper and len(last.text) <= 4 and not info.has_admin:
            return False  # acronyms ("WMD") match airport-like alternates
        if j - i == 1 and (len(key) < 3 or last.pos_ not in ("PROPN",) and last.ent_type_ not in ("GPE", "LOC")) and (
            not town_before_noun
        ):
            # a capitalised common word ("Police", "Mobile" as adjective); but a town's
            # own name before a noun is the town ("a Bellflower barbershop", "Hayward
            # police"), whatever the tagger made of it
            return False
        if j - i == 1 and not info.has_admin and info.name_population < self.config.min_population:
            return False  # one word reaching a town only as a GeoNames alternate ("Louis", "Market")
        if (j - i == 1 and last.ent_type_ == "ORG" and _inside_name(doc, i) and not info.has_admin
                and info.max_population < _BIG_PLACE):
            return False  # a word inside an organisation's name ("Alabama Law Enforcement Agency")
        return info.has_admin or info.max_population >= self.config.min_population

    def __call__(self, doc: Doc) -> Doc:
        """Find place names in ``doc`` and store them in ``doc.spans[SPAN_GROUP]``."""
        gaz = self.gazetteer
        ents = doc.ents  # a fresh tuple of Spans on every access: read once
        grams = self._ngrams(doc)
        ner: list[Span] = []
        for ent in ents:
            if ent.label_ in ("GPE", "LOC", "FAC"):
                stripped = _strip_the(ent)
                if stripped is not None:
                    ner.append(stripped)
        ner_keys = {self._fold(s.text) for s in ner}
        info = gaz.key_info({k for _, _, k in grams} | ner_keys)

        # 1. gazetteer hits, longest first, left to right
        by_start: dict[int, list[tuple[int, str]]] = {}
        for i, j, key in grams:
            by_start.setdefault(i, []).append((j, key))
        hits: list[tuple[int, int, str]] = []  # start, end, label
        covered_to = -1
        prev_end: int | None = None
        for i in sorted(by_start):
            if i < covered_to:
                continue
            for j, key in sorted(by_start[i], reverse=True):
                ki = info.get(key)
                if ki is not None and self._accept_gaz(doc, i, j, key, ki, prev_end, info):
                    hits.append((i, j, "GAZ"))
                    covered_to = prev_end = j
                    break

        # 2. persons that are places by context, then by discourse
        person_ok: list[tuple[int, int, str]] = []
        for i, j, label in hits:
            if all(doc[k].ent_type_ != "PERSON" for k in range(i, j)):
                person_ok.append((i, j, label))
                continue
            person = next((e for e in ents if e.start < j and i < e.end and e.label_ == "PERSON"), None)
            if person is None or (person.start, person.end) != (i, j):
                continue  # part of a longer personal name ("Jackson Smith")
            if _prev_word(doc, i) in _PLACE_PREPS or (
                j - i == 1 and j < len(doc) and doc[j].text in _RESIDENT_WORDS
            ) or _state_follows(doc, j, info):
                # "in Madison", "a Madison boy", "Eufaula, Ala., police"
                person_ok.append((i, j, "GAZ_CTX"))
        hits = person_ok
        # discourse pass needs the context-accepted keys first
        ctx_keys = {self._fold(doc[i:j].text) for i, j, _ in hits}
        for ent in ents:
            if ent.label_ == "PERSON" and len(ent) <= 3:
                key = self._fold(ent.text)
                if (key in ctx_keys and key in info and key not in self.config.stoplist
                        and not any(s < ent.end and ent.start < e for s, e, _ in hits)):
                    hits.append((ent.start, ent.end, "GAZ_CTX"))

        # 3. a word that is part of a personal name elsewhere ("Kelly Smith" ... "Kelly
        #    said") is the person, not the town of that name
        def big_place(word: str) -> bool:
            ki = info.get(self._fold(word))
            return ki is not None and (ki.has_admin or ki.max_population >= _BIG_PLACE)

        person_words = {
            t.text for e in ents if e.label_ == "PERSON" and len(e) > 1
            for t in e if _is_cap(t) and not big_place(t.text)
        }
        hits = [h for h in hits if not (h[1] - h[0] == 1 and doc[h[0]].text in person_words)]

        # 4. merge with NER: a known NER span wins over the hits inside it
        spans: list[tuple[int, int, str]] = []
        for s in ner:
            key = self._fold(s.text)
            if (len(s) == 1 and (s.text in person_words or key in self.config.stoplist)
                    and not any(h[0] == s.start for h in hits)):
                continue
            inside = [h for h in hits if h[0] < s.end and s.start < h[1]]
            stripped_key = strip_designator(key)
            known = key in info or (stripped_key != key and gaz.key_info([stripped_key]))
            if known:
                spans.append((s.start, s.end, s.label_))
                hits = [h for h in hits if h not in inside]
            elif inside:
                continue
            elif s.label_ in ("LOC", "FAC") or _prev_word(doc, s.start) in _STRICT_PREPS or (
                s.end < len(doc) and doc[s.end].lower_ in _DESIGNATORS
            ):
                spans.append((s.start, s.end, s.label_))
        spans.extend(hits)

        # 5. demonyms, as context for resolution
        for ent in ents:
            if (ent.label_ == "NORP" and not any(s < ent.end and ent.start < e for s, e, _ in spans)
                    and gaz.demonym(ent.text)):
                spans.append((ent.start, ent.end, "DEMONYM"))
        # 6. full personal names, as context: the resolver reads the whole document, so
        #    "Christopher Dean Wright" in one paragraph unmasks "Wright said" in another
        for ent in ents:
            if ent.label_ == "PERSON" and 1 < len(ent) <= 4 and any(
                _is_cap(t) and not big_place(t.text) and self._fold(t.text) in info for t in ent
            ):
                spans.append((ent.start, ent.end, "PERSON"))
        spans.sort()
        doc.spans[SPAN_GROUP] = [Span(doc, s, e, label=lab) for s, e, lab in spans]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of docs (spaCy calls this from ``nlp.pipe``)."""
        for doc in docs:
            yield self(doc)


@Language.factory(
    "rashomon_toponyms",
    default_config={"min_population": 5000, "max_tokens": 5, "stoplist_path": ""},
    requires=["token.pos", "doc.ents"],
    assigns=["doc.spans"],
)
def make_toponyms(
    nlp: Language, name: str, min_population: int, max_tokens: int, stoplist_path: str
) -> ToponymMatcher:
    """spaCy factory for :class:`ToponymMatcher` (``nlp.add_pipe("rashomon_toponyms")``).

    Args:
        nlp: the pipeline (unused: the component needs only the tagger and NER output).
        name: the component name.
        min_population: see :class:`ToponymConfig`.
        max_tokens: see :class:`ToponymConfig`.
        stoplist_path: a stoplist file; empty for the packaged one.
    """
    stoplist = load_stoplist(Path(stoplist_path) if stoplist_path else None)
    return ToponymMatcher(
        ToponymConfig(min_population=min_population, max_tokens=max_tokens, stoplist=stoplist)
    )
