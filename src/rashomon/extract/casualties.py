"""The main event of a document and its casualty counts, as real news tells them.

A local news article is about one incident, but it restates counts ("two people were
shot ... one of the victims died"), names victims ("John Smith, 23, died at the
hospital"), and mentions other incidents ("the city's 30th homicide this year",
"in a separate shooting last month"). So the main incident's counts are read over
the document, not from one sentence:

* sentences about other incidents are left out: a cue from ``other_incident_cues``
  ("in a separate shooting", "this year"), or a time more than
  ``OTHER_INCIDENT_DAYS`` days from the main event's date, or more than
  ``OTHER_INCIDENT_DAYS_BEFORE`` days before it when the main event has a day of its
  own (a story leads with its latest violence: "exactly one week ago, a boy died on
  the same street" is an earlier incident; a death days *after* the shooting is this
  one's, and with only the reference date to go by, a follow-up's incident may lie
  weeks back); but a killing dated only
  (no cue) before the main event is kept when it names as dead a person the kept
  sentences name, or is the only one and they tell the death only by a killing word:
  a follow-up's main event is its court or arrest day ("charged Thursday ... shot and
  killed John Roe on May 10");
* a count that is a rate ("19.3 deaths per 100,000") or an age ("20 y/o") is none,
  and "an unborn baby" (``not_born_words``) no victim, nor the pregnant woman "whose
  unborn baby was killed"; "Ralph Davis Jr." is the name Davis;
* a count far above the lead's (the first sentence that speaks of casualties)
  is left out too: "105 people have been shot this year" is a city's toll;
* single victims are read from the parse, each with an identity (a name, a role
  such as "suspect" or "officer", else a grammatical gender): dead ("died", "passed
  away", "was pronounced dead", "fatally shot", "shot to death", "the shooting death
  of X", "the teen's shooting death", "left X dead") or hurt ("was shot in the leg",
  "is in critical condition", "was taken to the hospital", "suffered a gunshot
  wound", "shot himself" without a death); a life claimed, taken or ended ("claimed
  the life of X", "took the lives of", "X's young life ended", ``life_taking_verbs``,
  ``life_ending_verbs``) is a death, and a death verb "nearly" or "almost" done
  (``near_miss_adverbs``: "the bullets nearly killed him") a hurt; a verb's subject is the one nearest
  before it, since a dateline ("CITY, State (AP) - a boy died") parses as a second;
* people coordinated in one phrase ("Ann Roe and her son were found dead",
  "another man and a baby were hurt") are distinct people, whatever identities they
  get, and a person and a count of people are summed ("her daughter and two
  grandchildren": 3) unless the count's people are named after it ("his two sons,
  Tom, 12, and Ian, 10"): killed is at least the most who died together, injured
  at least the most hurt together (less those named who died);
* a "name" that ends in a victim noun ("Teen", a headline's capitals) is that noun;
  a proper noun the tagger does not call a person is a name when it has an age
  ("the fatal shooting of 15-year-old Jo Roe", "Roe, 5,") or is a word of a PERSON
  name elsewhere in the document, and a first name alone is the person of the full
  name it begins ("Isis" of "Isis Allen": one identity), over all the paragraphs;
* a killing word that names no victim ("investigating a homicide", "charged with
  manslaughter", "murder charges": ``incident_death_nouns``, not "homicide
  detectives", "attempted murder", "homicides and shootings", "could have been a
  homicide") says someone died: one killed when nothing else counts a death, and
  that one is among those the text shows hurt ("the boy was shot");
  "an unborn baby" (``not_born_words``) is no victim; whom a shooter meant to hit
  ("suspects intending to hit a man", a hurt or killing verb under an
  ``attempt_heads`` / ``plan_heads`` verb) is none either;
* killed = the largest of: the largest killed count ("two people were killed"),
  the distinct victims who died (with no name, a role and a gender are one person
  where they can be: "the suspect was shot to death ... he was found dead"), those who died together, a "double homicide"-like
  word; plus a shooter who killed himself after killing others ("murder-suicide",
  "turned the gun on himself"), as GVA counts him (but not when the dead were told
  together, "the shooting deaths of a mother, son and daughter": he is among them): when the killer's objects are
  all the dead ("killed his wife and three children before turning the gun on
  himself": 5), he is one more; so too when the largest killed count is a killer's
  objects ("the gunman fatally shot three people") and the killer died (a
  murder-suicide phrase, a dead "suspect", a dead person named as the one who
  killed or as "the gunman, John Roe"): "killed five ... was shot dead by police": 6;
* a count's role comes from its own words first ("two dead and three others in the
  hospital": three injured; "were found shot dead": killed), and a verb coordinated
  with its own subject does not lend its role ("four were shot and one was killed");
  "were found shot to death" is killed; coordinated counts of one role are summed
  ("three men and two women were injured": 5), unless the first is a total ("six
  people, three men and three women");
* "one of the five victims has died": five is everyone hit, so an injured count of
  five written before the death is read as shot (injured = 5 - killed);
* a count whose verb is a recovery ("four people are recovering", not "recovered
  38 shell casings", which has an object) is injured;
* people hurt with no name: a role ("officer", "suspect") and a gendered pronoun
  are the one person where they can be ("an officer shot himself ... he is
  recovering": 1);
* a person hurt whom the words mark as someone else (``distinct_person_words``:
  "another teen was shot in the foot", "the other victim is in stable condition") is
  one more hurt, besides those told before; one told by an ordinal
  (``ordinal_person_words``: "a fourth victim is in critical condition") is the
  fourth person hit, so injured is at least 4 less the killed; neither when the
  sentence tells that person's death, nor the object of a shooting ("shot another
  man": other than the shooter);
* a person left or taken in a hurt state (``state_object_verbs``, ``hospital_verbs``:
  "a shooting that left a boy in serious condition", "paramedics took the man to a
  hospital") is hurt; a count told in a hurt state is injured ("all three are listed
  in fair condition", "sustained non-fatal wounds"), one with plain wounds shot ("all
  three had suffered gunshot wounds", "found two men with gunshot wounds");
* counts of wounds (``wound_count_heads``: "one gunshot wound") and a station's number
  ("(CBS 11)") are not counts of people;
* injured = the largest of: the largest injured count, the largest "shot" count
  minus the killed ("four people were shot, one fatally" -> 3 injured), a
  "double shooting"-like word (``multiple_shot_words``) minus the killed, the
  distinct people hurt less those who died; an explicit "no one was hurt" reads
  as 0 when nothing else says otherwise.

:func:`title_counts` reads a headline's toll ("2 dead, 3 injured in ...", "4 found shot
dead", "Shooting kills 3, injures 1"), and its unnumbered people, one each ("Boy, 14,
fatally shot", "Toddler, teen hurt", "shooting of 9-year-old"); the extract stage uses
it when the headline states both figures, or when the body names none (a page whose
text is a sign-in wall). A headline with a death word and no figure ("Man charged in
teen's shooting death", "Arrest in fatal shooting", "accident claims life of",
``title_death_words``; not "attempted murder", "deadly weapon") is one killed (a
"double murder" two): a follow-up story's body often tells the death only as a charge.
A headline person who shoots himself ("Teen accidentally shoots himself",
``reflexive_words``) is hit. A headline's killed figure with a killer's own death
after it ("killing 3, then killed himself", ``title_self_kill_phrases``) is one
more; "unborn baby killed" none.

Counts are restated, rarely summed: taking the largest is what keeps "two people were
shot" and "both victims were taken to hospital" at 2.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from rashomon.extract.lexicon import EventLexicon
from rashomon.extract.records import Count, EventMention
from rashomon.model import Span
from rashomon.resolve.numbers import Quantity, Role, parse_count
from rashomon.resolve.times import TimeMention

#: A sentence dated this many days away from the main event is about another incident.
OTHER_INCIDENT_DAYS = 14
#: ... and one dated this many days before the main event's own day (gva-dev, the
#: five splits: killed +6 and injured +3 documents of 3,636 against 14 days).
OTHER_INCIDENT_DAYS_BEFORE = 3
#: The first sentences that speak of casualties: the lead, which states the incident's
#: toll. A later count far above the lead's ("105 people have been shot this year") is
#: about something else.
LEAD_SENTENCES = 1

#: The "victim" of a killing word that names no one ("investigating a homicide",
#: "charged with manslaughter"): someone died, who may be a person told only as shot.
IMPLIED_DEATH = "death:implied"

_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: The first word of a ``multiple_shot_words`` phrase: how many people were shot.
_MULTIPLE = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
_MODALITY_RANK = {"occurred": 0, "claimed": 1, "attempted": 1, "historical": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceFacts:
    """What a sentence offers the document-level count (raw-text offsets)."""

    sent: SpacySpan
    offset: int
    quantities: tuple[Quantity, ...]
    times: tuple[TimeMention, ...]


def choose_main(mentions: Sequence[EventMention]) -> tuple[int | None, str]:
    """The index of the document's main event, and why.

    The first violent event that occurred (else was attempted or claimed, else is
    background), in text order: news leads with its incident. Negated, planned and
    hypothetical events are never the main event. Without a violent event, the first
    other event that occurred.
    """
    violent = [m for m in mentions if m.event_type in _VIOLENT and m.modality in _MODALITY_RANK]
    if violent:
        best = min(violent, key=lambda m: (_MODALITY_RANK[m.modality], m.seq))
        return best.seq, f"first {best.modality} violent event ({best.trigger!r})"
    rest = [m for m in mentions if m.modality == "occurred"]
    if rest:
        return rest[0].seq, f"no violent event; first occurred event ({rest[0].trigger!r})"
    return None, "no event that occurred"


def _lower(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2019", "'")).lower()


@functools.lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of whole-word cues, longest first; ``None`` for no cues."""
    if not cues:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b")


def _is_other_incident(facts: SentenceFacts, lexicon: EventLexicon, anchor: dt.date | None,
                       before_days: int = OTHER_INCIDENT_DAYS) -> str | None:
    words = _lower(facts.sent.text)
    cues = tuple(lexicon.phrases.get("other_incident_cues", ()))
    pattern = _cue_pattern(cues)
    found = pattern.search(words) if pattern is not None else None
    if found is not None:
        # the first cue of the list that the sentence holds, as the cue-by-cue loop said
        for cue in cues:
            if re.search(rf"\b{re.escape(cue)}\b", words):
                return cue
    if anchor is not None:
        for t in facts.times:
            if t.tense == "future":
                continue
            far = (anchor - t.range.end).days > before_days or (t.range.start - anchor).days > OTHER_INCIDENT_DAYS
            if far and (t.range.precision in {"day", "week"} or (anchor - t.range.end).days > 60):
                return f"dated {t.text!r}"
    return None


_RELATIVE = frozenset({"who", "that", "whom", "which"})
#: What ends a name but is not its surname: "Ralph Davis Jr." is Davis.
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_PLURAL_WORDS = frozenset({"they", "them", "both", "all", "themselves", "we", "us"})
_PRONOUNS = frozenset({"he", "she", "him", "her", "himself", "herself"})


def _victim_identity(tok: Token, lexicon: EventLexicon) -> str | None:
    """Who a singular victim word refers to, as far as one sentence tells.

    ``name:smith`` for a named person (the last word of the name), ``suspect``
    or ``officer`` for those roles, ``anon:m`` / ``anon:f`` / ``anon:?`` for
    other singular people by grammatical gender. None when the word is not a
    single person ("two men", "they", "the car").
    """
    if tok.lower_ in _RELATIVE and tok.head.dep_ in {"relcl", "acl"}:
        tok = tok.head.head  # "Smith, who died": Smith
    for child in tok.children:  # "the victim, John Smith, 25,"
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            tok = child
            break
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if tok.pos_ == "PROPN" and _is_name(tok, lexicon) and not (
            ent is not None and ent[-1].lower_ in lexicon.cue("victim_nouns")):
        # a capitalised "Teen" tagged as (the end of) a name is a victim noun
        last = ent[-1] if ent is not None and tok.ent_type_ == "PERSON" else tok
        if last.lower_ in {"'s", "’s"} and ent is not None and len(ent) > 1:
            last = ent[-2]
        if last.lower_ in _NAME_SUFFIXES:  # "Ralph Davis Jr.": Davis
            before = [t for t in tok.doc[max(0, last.i - 3) : last.i] if t.pos_ == "PROPN"]
            if not before:
                return None
            last = before[-1]
        if not last.text[:1].isalpha():
            return None  # a stray quote mark tagged as a name
        return "name:" + _surname(tok.doc, last.text.lower().removesuffix("'s"))
    lemma, low = tok.lemma_.lower(), tok.lower_
    if any(c.lower_ in lexicon.cue("not_born_words") for c in tok.children):
        return None  # "an unborn baby": GVA counts no victim
    if tok.tag_ in {"NNS", "NNPS"} or low in _PLURAL_WORDS or any(c.dep_ == "nummod" for c in tok.children):
        return None  # plural: a count, which the quantities carry
    if lemma in lexicon.cue("suspect_nouns"):
        return "suspect"
    if lemma in lexicon.cue("officer_nouns"):
        return "officer"
    words = {lemma, low, *(c.lower_ for c in tok.children if c.dep_ in {"amod", "compound"})}
    if low in _PRONOUNS or lemma in lexicon.cue("victim_nouns") or low.endswith("-old"):
        if words & lexicon.cue("male_words"):
            return "anon:m"
        if words & lexicon.cue("female_words"):
            return "anon:f"
        return "anon:?"
    return None


#: Entity types of a proper noun that is no person whatever its place in the parse.
_NOT_PERSON_ENTS = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                              "QUANTITY", "PERCENT", "PRODUCT", "EVENT", "LAW", "LANGUAGE", "WORK_OF_ART"})


def _is_name(tok: Token, lexicon: EventLexicon) -> bool:
    """Whether a proper noun in a victim's place is a person's name: tagged PERSON, or
    tagged otherwise (the tagger often calls an unusual name an ORG or FAC) but with an
    age ("5-year-old Jo Roe", "Roe, 5,") or a word of a PERSON name elsewhere in the
    document ("Isis" of "Isis Allen")."""
    if tok.ent_type_ == "PERSON":
        return True
    if tok.ent_type_ in _NOT_PERSON_ENTS or tok.lower_ in lexicon.cue("victim_nouns"):
        return False
    for c in tok.children:
        if c.lower_.endswith("-old") or (c.lower_ == "old" and c.dep_ == "amod"):
            return True  # "15-year-old Jo Roe"
        if c.dep_ in {"appos", "amod", "nummod"} and re.fullmatch(r"\d{1,3}", c.text) and 0 < int(c.text) < 110:
            return True  # "Roe, 5,"
    return tok.lower_ in _person_words(tok.doc)


def _person_words(doc: Doc) -> frozenset[str]:
    """The words of the PERSON names of the document (see :func:`_share_names`)."""
    data = doc.user_data
    if "rashomon_person_words" not in data:
        _share_names([doc])
    words: frozenset[str] = data["rashomon_person_words"]
    return words


def _surname(doc: Doc, word: str) -> str:
    """A first name as the last word of the document's full name that begins with it
    ("Isis" -> "allen" where "Isis Allen" is named), so one person is one identity."""
    data = doc.user_data
    if "rashomon_surnames" not in data:
        _share_names([doc])
    surnames: dict[str, str] = data["rashomon_surnames"]
    return surnames.get(word, word)


def _share_names(docs: Sequence[Doc]) -> None:
    """The PERSON names over all the parsed pieces of a document (its paragraphs are
    parsed apart), kept on each piece: their words, and each first name's surname
    ("Jihad" -> "cromer" where "Jihad Cromer" is named, even when tagged otherwise)."""
    words = frozenset(t.lower_ for doc in docs for e in doc.ents
                      if e.label_ == "PERSON" for t in e if t.pos_ == "PROPN")
    firsts: dict[str, set[str]] = {}
    for doc in docs:
        for e in doc.ents:
            names = [t for t in e if t.pos_ == "PROPN" and t.lower_ not in {"'s", "’s", *_NAME_SUFFIXES}]
            if e.label_ == "PERSON" and len(names) >= 2:
                firsts.setdefault(names[0].lower_, set()).add(names[-1].lower_.removesuffix("'s"))
        for t in doc:
            if t.pos_ != "PROPN":
                continue
            given = [c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < t.i]
            if given and given[0].lower_ in words and t.ent_type_ not in _NOT_PERSON_ENTS:
                firsts.setdefault(given[0].lower_, set()).add(t.lower_)
    surnames = {k: next(iter(v)) for k, v in firsts.items() if len(v) == 1}
    for doc in docs:
        doc.user_data["rashomon_person_words"] = words
        doc.user_data["rashomon_surnames"] = surnames


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, through coordination ("was shot and died") and relative
    or reduced clauses ("a boy who was shot", "the man shot Sunday")."""
    node = verb
    for _ in range(3):
        # the subject nearest before the verb: a dateline ("CITY, State (AP) - a boy
        # died") is parsed as a second subject
        subjects = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}]
        before = [c for c in subjects if c.i < node.i]
        if subjects:
            return before[-1] if before else subjects[0]
        if node.dep_ == "conj":
            node = node.head
            continue
        if node.dep_ in {"acl", "relcl"} and node.head.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"}:
            return node.head
        return None
    return None


def _objects(verb: Token) -> list[Token]:
    """Direct objects with their coordinated nouns ("killing his wife, her mother and ...")."""
    out: list[Token] = []
    for o in verb.children:
        if o.dep_ == "dobj":
            out.append(o)
            out.extend(c for c in o.children if c.dep_ in {"conj", "appos"} and c.pos_ in {"NOUN", "PROPN"})
            out.extend(g for c in o.children if c.dep_ == "conj" for g in c.children
                       if g.dep_ == "conj" and g.pos_ in {"NOUN", "PROPN"})
    return out


def _is_passive(verb: Token) -> bool:
    node = verb
    for _ in range(2):
        if any(c.dep_ in {"auxpass", "nsubjpass"} for c in node.children):
            return True
        if node.dep_ != "conj":
            break
        node = node.head
    return verb.tag_ == "VBN" and verb.dep_ in {"acl", "conj", "advcl", "amod"}


def _fatal(verb: Token, lexicon: EventLexicon) -> bool:
    """"fatally shot", "shot and killed", "shot dead", "was shot, died"."""
    fatal = lexicon.cue("fatal_words")
    death = lexicon.cue("death_verbs")
    for c in verb.children:
        if c.lower_ in fatal and c.dep_ in {"advmod", "acomp", "oprd", "amod", "xcomp", "dobj", "npadvmod"}:
            return True
        if _to_death(c, lexicon):
            return True
        if c.dep_ == "conj" and c.lemma_.lower() in death:
            return True
    return False


def _to_death(prep: Token, lexicon: EventLexicon) -> bool:
    """"(shot, beaten, stabbed) to death": a "to" phrase of a death noun."""
    return prep.dep_ == "prep" and prep.lower_ == "to" and any(
        g.dep_ == "pobj" and g.lemma_.lower() in {"death"} for g in prep.children)


def _resolved(tok: Token) -> Token:
    """A relative pronoun's noun: "another boy who had been shot": the boy."""
    return tok.head.head if tok.lower_ in _RELATIVE and tok.head.dep_ in {"relcl", "acl"} else tok


def _other_person(tok: Token, lexicon: EventLexicon) -> str | None:
    """The identity of a person whom the words mark as someone else than those told
    before: ``other:1`` for "another teen", "the other victim"; ``nth:N`` for the
    N-th person ("a second man": nth:2, "a fourth victim": nth:4); None otherwise."""
    tok = _resolved(tok)
    if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
        return None  # a name tells who it is
    ordinals = lexicon.phrases.get("ordinal_person_words", ())
    for c in tok.children:
        if c.dep_ not in {"det", "amod"}:
            continue
        if c.lower_ in lexicon.cue("distinct_person_words"):
            return "other:1"
        if c.lower_ in ordinals:
            return f"nth:{ordinals.index(c.lower_) + 2}"
    return None


def _victims(sent: SpacySpan, lexicon: EventLexicon,
             groups: list[tuple[str, tuple[str, ...]]] | None = None) -> dict[str, str]:
    """Single victims of a sentence: identity -> "dead" or "hurt" (dead wins).

    People coordinated in one phrase ("Smith and his daughter were found dead") are
    each added, and ``groups`` (when given) gets ``(status, identities)`` of each such
    phrase: they are distinct people, whatever identities they get. A person hurt
    whom the words mark as someone else ("another teen was shot in the foot", "the
    other victim is in stable condition") is ``other:1``, a further person, and "a
    fourth victim was hurt" is ``nth:4``, the fourth person hit, unless
    the sentence tells that person's death or the word is a shooter's object ("shot
    another man": other than the shooter).
    """
    out: dict[str, str] = {}
    dead_at: set[int] = set()  # the words of people who died
    other_at: dict[str, int] = {}  # "other:1", "nth:N" -> its word
    death = lexicon.cue("death_verbs")
    hurt = lexicon.cue("hurt_verbs")
    phrasal = {tuple(p.split()) for p in lexicon.phrases.get("death_phrasal_verbs", ())}
    intent = lexicon.cue("attempt_heads") | lexicon.cue("plan_heads")

    def add(tok: Token | None, status: str, slain: bool = False) -> None:
        if tok is None:
            return
        people = [tok, *(c for c in tok.conjuncts if c.i > tok.i and c.pos_ in {"NOUN", "PROPN"})]
        whos = [w for w in (_victim_identity(t, lexicon) for t in people) if w is not None]
        if status == "dead":
            dead_at.add(_resolved(tok).i)
        elif len(people) == 1 and whos and not whos[0].startswith("name:") and not (
                tok.dep_ == "dobj" and tok.head.lemma_.lower() in hurt):  # "shot another man": the shooter's other
            other = _other_person(tok, lexicon)
            if other is not None:
                whos = [other]  # "another teen was shot": not the one told before
                other_at[other] = _resolved(tok).i
        for who in whos:
            if out.get(who) != "dead":
                out[who] = status
        # "her daughter and two grandchildren": a person and a count are 1 + 2 people
        members: list[str] = []
        for t in people:
            ident = _victim_identity(t, lexicon)
            if ident is not None:
                members.append(ident)
                continue
            # only a count of people, last in the phrase and not named after
            # ("his two sons, John, 12, and Ian, 10" names them: not more people)
            num = next((c for c in t.children if c.dep_ == "nummod"), None)
            n = parse_count(num.text) if num is not None and t.tag_ in {"NNS", "NNPS"} and t is people[-1] and (
                t.lemma_.lower() in lexicon.cue("victim_nouns") | lexicon.cue("total_nouns")) and not any(
                c.dep_ == "appos" for c in t.children) else None
            if n is None or not 1 < n.low < 10:
                return
            members.extend(f"count:{t.i}:{k}" for k in range(n.low))
        if groups is not None and (len(people) > 1 or (slain and status == "dead")):
            # a killer's objects ("killed his wife and two children") are "slain":
            # the shooter who then killed himself is not among them
            groups.append(("slain" if slain and status == "dead" else status, tuple(members)))

    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in lexicon.cue("incident_death_nouns") and tok.pos_ == "NOUN" and lemma not in lexicon.cue(
                "death_nouns") and _incident_death(tok, lexicon):
            out[IMPLIED_DEATH] = "dead"  # "charged with manslaughter"
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in intent:
            continue  # "suspects intending to hit a man": an aim, not a victim
        if tok.pos_ == "VERB" and any((lemma, c.lower_) in phrasal for c in tok.children
                                      if c.dep_ in {"prt", "advmod"}):
            add(_subject(tok), "dead")  # "passed away"
        elif tok.pos_ in {"VERB", "AUX"} and lemma in death:
            if any(c.dep_ == "advmod" and c.lower_ in lexicon.cue("near_miss_adverbs") for c in tok.children):
                # "the bullets that nearly killed his father-in-law": hurt, not dead
                for o in _objects(tok) if not _is_passive(tok) else [_subject(tok)]:
                    add(o, "hurt")
                continue
            if lemma in {"kill", "murder", "slay"} and not _is_passive(tok):
                for o in _objects(tok):
                    if o.lower_ in {"himself", "herself"}:
                        add(_subject(tok), "dead")
                    else:
                        add(o, "dead", slain=True)
                continue
            add(_subject(tok), "dead")
        elif tok.pos_ == "VERB" and lemma in hurt:
            status = "dead" if _fatal(tok, lexicon) else "hurt"
            # "shot and killed his wife": the object of the coordinated killing verb
            objects = _objects(tok) or [o for c in tok.children if c.dep_ == "conj" and c.lemma_.lower() in death
                                        for o in _objects(c)]
            if _is_passive(tok) or lemma == "hospitalize" or (status == "dead" and not objects):
                add(_subject(tok), status)  # "was shot", "a boy fatally shot Sunday"
            else:
                for o in objects:
                    if o.lower_ in {"himself", "herself"}:
                        add(_subject(tok), status)
                    else:
                        add(o, status, slain=True)
        elif lemma == "dead" and tok.head.lemma_.lower() in {"pronounce", "find", "declare", "be", "leave", "shoot", "lie"}:
            head = tok.head
            if head.lemma_.lower() == "leave":  # "left a man dead" (the parse varies)
                obj = next((c for c in head.children if c.dep_ == "dobj" and c.i != tok.i), None)
                if obj is None and tok.dep_ == "dobj":
                    obj = next((c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"}), None)
                add(obj, "dead")
            else:
                add(_subject(head), "dead")
        elif tok.pos_ == "VERB" and lemma in lexicon.cue("hospital_verbs") | lexicon.cue("state_object_verbs") and any(
                t.lemma_.lower() in lexicon.cue("hospital_nouns") for t in tok.subtree):
            if _is_passive(tok):
                add(_subject(tok), "hurt")  # "was taken to the hospital"
            else:  # "paramedics took the man to a hospital", "sent a teen to the hospital"
                add(next((c for c in tok.children if c.dep_ == "dobj"), None), "hurt")
        elif lemma == "condition" and tok.dep_ == "pobj" and any(
                c.lower_ in lexicon.cue("condition_words") for c in tok.children):
            verb = tok.head.head  # "is in critical condition", "listed in stable condition"
            if verb.pos_ == "VERB" and verb.lemma_.lower() in lexicon.cue("state_object_verbs") and not _is_passive(verb):
                # "a shooting that left a boy in serious condition"
                add(next((c for c in verb.children if c.dep_ == "dobj"), None), "hurt")
            elif verb.pos_ in {"VERB", "AUX"}:
                add(_subject(verb), "hurt")
        elif lemma in lexicon.cue("wound_nouns") and tok.pos_ == "NOUN":
            status = "dead" if any(c.lower_ in lexicon.cue("fatal_words") for c in tok.children) else "hurt"
            if tok.dep_ == "dobj" and tok.head.lemma_.lower() in lexicon.cue("wound_verbs"):
                add(_subject(tok.head), status)  # "suffered a gunshot wound"
            elif tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.head.head.pos_ in {"NOUN", "PROPN", "ADJ"}:
                add(tok.head.head, status)  # "found a teen with a gunshot wound"
        elif tok.pos_ == "VERB" and lemma in lexicon.cue("recover_verbs"):
            add(_subject(tok), "hurt")
        elif lemma == "shooting" and tok.pos_ == "NOUN":
            # "the fatal shooting of John Smith" (dead), "the shooting of a teen" (shot)
            status = "dead" if any(c.lower_ in lexicon.cue("fatal_words") for c in tok.children) else "hurt"
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    add(next((g for g in c.children if g.dep_ == "pobj"), None), status)
        elif lemma in {"life", "lives"} and tok.pos_ == "NOUN" and (
                (tok.dep_ == "dobj" and tok.head.lemma_.lower() in lexicon.cue("life_taking_verbs"))
                or (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lexicon.cue("life_ending_verbs"))) and not any(
                c.lower_ in lexicon.cue("near_miss_adverbs") for c in tok.head.children):
            # "a shooting that claimed the life of a boy", "took the lives of two men",
            # "Roe's young life ended Friday", "took his own life"
            for c in tok.children:
                if c.dep_ == "poss" and c.lower_ not in {"his", "her", "their", "its"}:
                    add(c, "dead")
                elif c.dep_ == "poss" and any(g.lower_ == "own" for g in tok.children):
                    add(_subject(tok.head), "dead")
                if c.dep_ == "prep" and c.lower_ == "of":
                    add(next((g for g in c.children if g.dep_ == "pobj"), None), "dead")
        elif lemma in lexicon.cue("death_nouns") and tok.pos_ == "NOUN":
            if _incident_death(tok, lexicon):
                out[IMPLIED_DEATH] = "dead"  # "investigating a homicide", "charged with murder"
            for c in tok.children:  # "the shooting death of John Smith", "Smith's death"
                if c.dep_ == "poss":
                    add(c, "dead")
                if c.dep_ == "prep" and c.lower_ == "of":
                    add(next((g for g in c.children if g.dep_ == "pobj"), None), "dead")
            if tok.dep_ == "dobj" and tok.head.lower_ in lexicon.cue("death_noun_modifiers"):
                # "the teen's shooting death", parsed as a gerund whose subject is the teen
                add(next((c for c in tok.head.children if c.dep_ in {"nsubj", "poss"}
                          and any(g.dep_ == "case" for g in c.children)), None), "dead")
    for key, at in other_at.items():
        if at in dead_at and key in out:  # "a fifth victim was airlifted ... and succumbed"
            del out[key]
    return out


def _incident_death(noun: Token, lexicon: EventLexicon) -> bool:
    """Whether a killing noun says that someone died, with no victim named by it:
    "investigating a homicide", "charged with manslaughter", "murder charges",
    "a suspect in the slaying" (``incident_death_nouns``, as a compound only of an
    ``incident_death_noun_heads`` noun), not "homicide detectives", "attempted
    murder", "murder-suicide" (counted on its own), "homicides and shootings" (a
    plural or a coordination: talk of violence), nor "was not a homicide", "could
    have resulted in a homicide"."""
    if noun.lemma_.lower() not in lexicon.cue("incident_death_nouns") or noun.tag_ in {"NNS", "NNPS"}:
        return False  # "homicides and shootings": a city's, not the incident's
    if noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children):
        return False  # "all this shooting and killing": talk of violence
    if any(c.dep_ in {"poss", "dobj"} or (c.dep_ == "prep" and c.lower_ == "of") for c in noun.children):
        return False  # "the killing of X", "X's murder": the victim is read from the phrase
    if noun.dep_ in {"compound", "nmod", "amod"} and noun.head.lemma_.lower() not in lexicon.cue(
            "incident_death_noun_heads"):
        return False
    if noun.dep_ == "attr" and any(
            g.tag_ in {"NNS", "NNPS"} for c in noun.head.children if c.dep_ == "nsubj"
            for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"):
        return False  # "one of the shootings was a homicide": a roundup's
    doc = noun.doc
    if noun.i + 1 < len(doc) and doc[noun.i + 1].text in {"-", "/"}:
        return False  # "murder-suicide"
    attempt = lexicon.cue("attempt_heads") | lexicon.cue("attempt_nouns")
    for t in reversed(doc[max(0, noun.i - 5) : noun.i]):
        if t.lower_ in {",", ";", "and", "or", "of", "with", "for", "in"}:
            break
        if t.lemma_.lower() in attempt or t.lower_ in {"attempted", "attempting"}:
            return False  # "attempted murder", "attempted first-degree murder"
    node = noun
    hypothetical = lexicon.cue("hypothetical_aux")
    for _ in range(4):  # "was not a homicide", "could have resulted in a homicide"
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in hypothetical) for c in node.children):
            return False
        if node.head.i == node.i:
            break
        node = node.head
    return True


def _point(c: Quantity) -> int:
    return c.low


def _verb_role(verb: Token, lexicon: EventLexicon) -> Role | None:
    """killed / injured / shot from a verb and its coordinated verbs and modifiers
    (the word lists ``count_killed_words``, ``count_injured_words``, ``count_shot_words``).

    A complement's own modifiers count too: "were found shot dead" is killed.
    """
    # a coordinated verb with its own subject tells of other people: "four people were
    # shot and one person was killed"
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "ADJ"}
                     and not any(g.dep_ in {"nsubj", "nsubjpass", "dobj"} for g in c.children))]
    mods = [c for v in verbs for c in v.children if c.dep_ in {"advmod", "acomp", "oprd", "xcomp"}]
    mods += [g for c in mods if c.dep_ in {"xcomp", "oprd"} for g in c.children
             if g.dep_ in {"advmod", "acomp", "oprd"}]
    words = {v.lemma_.lower() for v in verbs} | {c.lemma_.lower() for c in mods}
    if any(v.lower_ in {"dead", "killed", "died"} for v in verbs) or any(
            _to_death(c, lexicon) for v in [*verbs, *mods] for c in v.children):
        words.add("dead")  # "were found shot to death"
    if words & lexicon.cue("count_killed_words"):
        return "killed"
    state = _hurt_state(verb, lexicon)
    if state is not None:
        return state  # "all three are listed in fair condition", "sustained non-fatal wounds"
    if verb.lemma_.lower() in {"send", "take", "rush", "transport", "hospitalize"} and any(
            t.lower_ in {"hospital", "hospitals"} for t in verb.subtree):
        return "injured"  # "a shooting that sent 4 people to the hospital"
    if words & lexicon.cue("count_injured_words"):
        return "injured"
    if verb.lemma_.lower() in lexicon.cue("recover_verbs") and not _is_passive(verb) and not any(
            c.dep_ == "dobj" for c in verb.children):
        return "injured"  # "four people are recovering", not "recovered 38 casings"
    if words & lexicon.cue("count_shot_words"):
        return "shot"
    return None


def _hurt_state(verb: Token, lexicon: EventLexicon) -> Role | None:
    """The state a verb tells of its subject by a wound or a condition: injured for
    "(are listed) in fair condition" (``condition_words``) and "sustained non-fatal
    wounds"; shot for "had suffered gunshot wounds" (a ``wound_verbs`` verb with a
    ``wound_nouns`` object, which the dead suffered too); None otherwise."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "in" and any(
                g.dep_ == "pobj" and g.lemma_.lower() == "condition"
                and any(m.lower_ in lexicon.cue("condition_words") for m in g.children) for g in c.children):
            return "injured"
        if (c.dep_ == "dobj" and c.lemma_.lower() in lexicon.cue("wound_nouns")
                and verb.lemma_.lower() in lexicon.cue("wound_verbs")):
            mods = {m.lower_ for m in c.children}
            if mods & {"non", "non-fatal", "nonfatal", "non-life-threatening", "minor"}:
                return "injured"
            if not mods & lexicon.cue("fatal_words"):
                return "shot"
    return None


def _shot_with(noun: Token, lexicon: EventLexicon) -> bool:
    """"(found) two men with gunshot wounds": people whom a wound phrase tells shot."""
    return any(c.dep_ == "prep" and c.lower_ == "with" and any(
        g.dep_ == "pobj" and g.lemma_.lower() in lexicon.cue("wound_nouns") for g in c.children)
        for c in noun.children)


def _tail_role(noun: Token, lexicon: EventLexicon) -> Role | None:
    """The state a coordinated count's own words give it: "two dead and three others
    in the hospital" ('three' is injured, whatever the first count's verb says)."""
    for t in noun.doc[noun.i + 1 : min(len(noun.doc), noun.i + 5)]:
        if t.is_punct or t.lower_ in {"and", "or", "but", "while"}:
            break
        lemma = t.lemma_.lower()
        if lemma in lexicon.cue("count_killed_words") or t.lower_ in lexicon.cue("fatal_words"):
            return "killed"
        if lemma in lexicon.cue("count_tail_injured_words") or t.lower_ in lexicon.cue("count_tail_injured_words"):
            return "injured"
    return None


def _token_at(facts: SentenceFacts, start: int) -> Token | None:
    span = facts.sent.doc.char_span(start - facts.offset, start - facts.offset + 1, alignment_mode="expand")
    return None if span is None or not len(span) else span[0]


def local_role(q: Quantity, facts: SentenceFacts, lexicon: EventLexicon) -> Role:
    """The role of a count read from the verb that governs its noun ("one person was killed
    and three others injured": 'three' is injured, not killed); the numbers stage's role
    when the parse says nothing clearer; "other" for counts of charges, years, shots."""
    doc = facts.sent.doc
    tok = _token_at(facts, q.head_start if q.head_start is not None else q.start)
    if tok is None:
        return q.role
    if q.head is not None and q.head in lexicon.cue("not_victim_heads") | lexicon.cue("wound_count_heads"):
        return "other"  # "two counts", "one gunshot wound": not people
    start = _token_at(facts, q.start)
    if start is not None and (start.ent_type_ == "ORG" or (start.dep_ == "nummod" and start.head.tag_ == "NNP")):
        return "other"  # "(CBS 11)", "(WSLS 10)": a station's name, not a count of people
    after = facts.sent.doc.text[q.end - facts.offset : q.end - facts.offset + 12].lower()
    if "." in q.text.strip(".") or re.match(r"\s*(?:per\b|y/o\b|yo\b|yr\b)", after):
        return "other"  # "19.3 deaths per 100,000 people" is a rate; "20 y/o killed" an age
    # "One of the five people hospitalized ... has died": the number is the subject,
    # its "of" phrase only says whom it is one of.
    first = _token_at(facts, q.start)
    if first is not None and first.i != tok.i and first.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in first.children) and first.head.pos_ in {"VERB", "AUX"}:
        role = _verb_role(first.head, lexicon)
        if role is not None:
            return role
    # "father of three", "one of three people": a count under "of" is not the victims
    if first is not None and first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.pos_ in {
            "NOUN", "PROPN"} and first.head.head.lemma_.lower() not in lexicon.cue("total_nouns"):
        return "other"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() not in {"one", "two", "three", "all", "both", "each"}:
        return "other"
    # "one of the four victims died": the four are everyone hit, unless their own words
    # say more ("one of the five people hospitalized")
    part = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
    of_total = (part is not None and part.pos_ == "NUM" and first is not None and first.i != part.i
                and part.dep_ in {"nsubj", "nsubjpass"} and part.head.pos_ in {"VERB", "AUX"}
                and _verb_role(part.head, lexicon) == "killed")
    unborn = lexicon.cue("not_born_words")
    if any(c.lower_ in unborn for c in tok.children):
        return "other"  # "an unborn baby was killed": GVA counts no victim
    if any(c.dep_ == "relcl" and any(s.dep_ in {"nsubj", "nsubjpass"} and any(
            g.lower_ in unborn for g in s.children) for s in c.children) for c in tok.children):
        return "other"  # "a pregnant woman whose unborn baby was killed": not her death
    # "six people, one fatally": the count's own modifier says it
    num = doc.char_span(q.start - facts.offset, q.end - facts.offset, alignment_mode="expand")
    last = num[-1] if num is not None and len(num) else tok
    own = [*last.children, *(doc[last.i + 1 : last.i + 2] if last.i + 1 < len(doc) else [])]
    if any(t.lower_ in {"fatally", "dead", "killed"} for t in own):
        return "killed"
    noun = tok
    while noun.dep_ in {"nummod", "quantmod", "amod", "det"} and noun.head.i != noun.i:
        noun = noun.head
    for child in noun.children:  # "three others injured", "injured women", "people who were shot"
        if child.dep_ in {"acl", "amod", "relcl"} and child.pos_ in {"VERB", "ADJ"}:
            role = _verb_role(child, lexicon)
            if role is not None:
                return role
    if noun.dep_ == "conj":
        role = _tail_role(noun, lexicon)
        if role is not None:
            return role
    if noun.lemma_.lower() in lexicon.cue("victim_nouns") | lexicon.cue("total_nouns") and _shot_with(noun, lexicon):
        return "shot"  # "police found two men with gunshot wounds"
    node = tok
    for _ in range(3):
        if node.dep_ in {"nsubj", "nsubjpass", "dobj", "conj", "appos"} and node.head.i != node.i:
            head = node.head
            if head.pos_ in {"VERB", "ADJ", "AUX"}:
                role = _verb_role(head, lexicon)
                if role is not None:
                    return role
                break
            node = head
        elif node.dep_ in {"nummod", "quantmod", "amod", "det"}:
            node = node.head
        else:
            break
    return "shot" if of_total else q.role


def _noun_of(q: Quantity, facts: SentenceFacts) -> Token | None:
    return None if q.head_start is None else _token_at(facts, q.head_start)


def _joined(counts: list[Quantity], facts: SentenceFacts, lexicon: EventLexicon) -> list[Quantity]:
    """Coordinated counts of one role summed: "three men and three women were injured"
    is six injured; "two men and a woman were shot" is three shot."""
    out = list(counts)
    nouns = {id(q): _noun_of(q, facts) for q in counts}
    for a in counts:
        na = nouns[id(a)]
        if na is None:
            continue
        for b in counts:
            nb = nouns[id(b)]
            if b is a or nb is None or b.role != a.role or nb.dep_ != "conj" or nb.head.i != na.i:
                continue
            if na.lemma_.lower() in lexicon.cue("total_nouns"):
                continue  # "six people, three men and three women": a total, then its parts
            merged = dataclasses.replace(a, low=a.low + b.low, high=None if a.high is None or b.high is None
                                         else a.high + b.high, text=f"{a.text} + {b.text}", end=b.end)
            out = [q for q in out if q is not a and q is not b] + [merged]
            return _joined(out, facts, lexicon)
    return out


def _killer(q: Quantity, facts: SentenceFacts, lexicon: EventLexicon) -> Token | None:
    """The verb whose objects a killed count is ("the gunman killed five people",
    "fatally shot three people"), active: the count is the killer's victims, and the
    killer is not among them. None for any other count ("five people were killed")."""
    noun = _noun_of(q, facts)
    if noun is None:
        return None
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ != "dobj":
        return None
    verb = noun.head
    lemma = verb.lemma_.lower()
    if _is_passive(verb):
        return None
    if lemma in {"kill", "murder", "slay"} or (lemma in lexicon.cue("hurt_verbs") and _fatal(verb, lexicon)):
        return verb
    return None


def _part_of(counts: list[Quantity], facts: SentenceFacts) -> tuple[int, int] | None:
    """"one of the five victims died": (how many died, of how many), or None."""
    for q in counts:
        if q.role != "killed":
            continue
        first = _token_at(facts, q.start)
        if first is None:
            continue
        of = next((c for c in first.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None:
            continue
        lo, hi = facts.offset + min(t.idx for t in of.subtree), facts.offset + max(t.idx + len(t) for t in of.subtree)
        total = next((o for o in facts.quantities if o is not q and lo <= o.start < hi), None)
        if total is not None and total.low > q.low:
            return q.low, total.low
    return None


def document_counts(
    facts: Sequence[SentenceFacts],
    lexicon: EventLexicon,
    *,
    anchor: dt.date | None,
    event_day: bool = False,
) -> tuple[Count | None, Count | None, str]:
    """The main incident's killed and injured counts over the document.

    Args:
        facts: the body sentences with their quantities and times, in text order.
        lexicon: cue lists.
        anchor: the main event's date (or the reference date), to tell other
            incidents' sentences apart.
        event_day: whether ``anchor`` is the main event's own day (then a sentence
            dated ``OTHER_INCIDENT_DAYS_BEFORE`` days before it is another incident's).

    Returns:
        ``(killed, injured, reason)``; a count is None when nothing in the text
        speaks of it.
    """
    killed_q: Quantity | None = None
    injured_q: Quantity | None = None
    shot_q: Quantity | None = None
    victims: dict[str, str] = {}
    groups: list[tuple[str, tuple[str, ...]]] = []  # people one phrase names together
    multiple_shot = (0, "")  # "a double shooting": two people shot
    multiple = 0
    self_kill = False
    murder_suicide = False
    murdered = 0  # victims a murder-suicide word says died, beyond those the text counts
    no_injury: str | None = None
    implied_death = False  # a killing word with no victim: "investigating a homicide"
    skipped: list[str] = []
    skipped_notes: list[str] = []
    dropped: list[str] = []
    kept: list[Quantity] = []  # the casualty counts of this incident's sentences
    parts: list[tuple[int, int]] = []  # "one of the five": (died, of how many)
    lead_seen = 0  # casualty sentences read so far
    lead = 1  # the largest casualty figure of the lead sentences
    slain_count = 0  # the largest count of a killer's objects: "the gunman killed five people"
    killers: set[str] = {"suspect"}  # who killed: a role, the subject of a killing verb
    _share_names(list({id(f.sent.doc): f.sent.doc for f in facts}.values()))
    before = OTHER_INCIDENT_DAYS_BEFORE if event_day else OTHER_INCIDENT_DAYS
    others = {id(f): _is_other_incident(f, lexicon, anchor, before) for f in facts}
    readmit = _killing_before(facts, lexicon, anchor, others)
    for f in facts:
        other = others[id(f)]
        if other is not None and id(f) in readmit:
            readmit_why = f"kept a killing of this incident's victims dated before the main event ({other})"
            other = None
            if readmit_why not in skipped_notes:
                skipped_notes.append(readmit_why)
        if other is not None:
            skipped.append(other)
            continue
        words = _lower(f.sent.text)
        counts = [dataclasses.replace(q, role=local_role(q, f, lexicon)) for q in f.quantities]
        counts = _joined([q for q in counts if q.role in {"killed", "injured", "shot"}], f, lexicon)
        part = _part_of(counts, f)
        if part is not None:
            parts.append(part)
        found = _victims(f.sent, lexicon, groups)
        implied_death = found.pop(IMPLIED_DEATH, None) is not None or implied_death
        if counts or found:
            lead_seen += 1
            if lead_seen <= LEAD_SENTENCES:
                by_role = {r: max((_point(q) for q in counts if q.role == r), default=0)
                           for r in ("killed", "injured", "shot")}
                lead = max(lead, by_role["killed"] + by_role["injured"], by_role["shot"])
        for q in counts:
            if lead_seen > LEAD_SENTENCES and _point(q) > max(3 * lead, lead + 5):
                dropped.append(q.text)  # a city's toll, a roundup: not this incident's
                continue
            kept.append(q)
            verb = _killer(q, f, lexicon) if q.role == "killed" else None
            if verb is not None:
                slain_count = max(slain_count, _point(q))
        for tok in f.sent:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in {"kill", "murder", "slay"} and not _is_passive(tok) and any(
                    o.lower_ not in {"himself", "herself"} for o in _objects(tok)):
                who = _subject(tok)
                ident = _victim_identity(who, lexicon) if who is not None else None
                if ident is not None and ident.startswith("name:"):
                    killers.add(ident)  # "Allen shot and killed a co-worker"
            if tok.lemma_.lower() in lexicon.cue("suspect_nouns"):
                # "the gunman, John Roe,", "shooter John Roe": the shooter's name
                named = [c for c in tok.children if c.dep_ == "appos"]
                if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
                    named.append(tok.head)
                for t in named:
                    ident = _victim_identity(t, lexicon)
                    if ident is not None and ident.startswith("name:"):
                        killers.add(ident)
        for who, status in found.items():
            if victims.get(who) != "dead":
                victims[who] = status
        for phrase, (k, _i) in lexicon.multiple_victims.items():
            if phrase in words:
                multiple = max(multiple, k)
        for phrase in lexicon.phrases.get("multiple_shot_words", ()):
            if re.search(rf"\b{re.escape(phrase)}\b", words):
                many = _MULTIPLE.get(re.split(r"[\s-]", phrase)[0], 0)
                if many > multiple_shot[0]:
                    multiple_shot = (many, phrase)
        if any(p in words for p in lexicon.phrases.get("murder_suicide_phrases", ())):
            # A shooter who killed himself after killing others; a person who shot
            # himself alone ("accidentally shot himself") is a victim like any other.
            self_kill = True
        if any(p in words and f"attempted {p}" not in words
               for p in lexicon.phrases.get("murder_suicide_words", ())):
            murder_suicide = True
        for p in lexicon.phrases.get("no_injury_phrases", ()):
            if p in words:
                no_injury = p
    # "one of the five victims has died": five was everyone hit, so a count of five
    # injured written before the death is the total shot, not the injured.
    totals = {total for _died, total in parts}
    for q in kept:
        if q.role == "injured" and _point(q) in totals:
            q = dataclasses.replace(q, role="shot")
        if q.role == "killed" and (killed_q is None or _point(q) > _point(killed_q)):
            killed_q = q
        elif q.role == "injured" and (injured_q is None or _point(q) > _point(injured_q)):
            injured_q = q
        elif q.role == "shot" and (shot_q is None or _point(q) > _point(shot_q)):
            shot_q = q
    dead = sorted(v for v, s in victims.items() if s == "dead")
    hurt = sorted(v for v, s in victims.items() if s == "hurt" and not v.startswith(("other:", "nth:")))
    others = sorted(v for v, s in victims.items() if s == "hurt" and v.startswith("other:"))
    nth = max((int(v.split(":")[1]) for v, s in victims.items() if s == "hurt" and v.startswith("nth:")), default=0)
    dead_plain = _distinct(dead, ())
    # "the suspect was shot to death ... he was found dead": a role and a gender
    # of the dead, with no name, are one person where they can be
    dead_n = _distinct(dead, (), one_state=True)
    k_text = 0 if killed_q is None else _point(killed_q)
    together = max((len(g) for s, g in groups if s in {"dead", "slain"}), default=0)
    slain = max((len(g) for s, g in groups if s == "slain"), default=0)
    killed_n = max(k_text, dead_n, multiple, together)
    reasons: list[str] = []
    implied = implied_death and killed_n == 0
    if implied:
        # "police are investigating the homicide" where the victim is only told as
        # shot: someone died, the one the text shows hurt
        killed_n = 1
        reasons.append("a killing word with no victim (homicide, a murder charge): one death")
    if killed_q is not None:
        reasons.append(f"killed count {killed_q.text!r}")
    if dead_n:
        reasons.append(f"victims who died: {', '.join(dead)}")
    if together > max(k_text, dead_n, multiple):
        reasons.append(f"{together} people who died named together")
    if multiple:
        reasons.append(f"{multiple} from a multiple-victim word")
    if self_kill and slain and slain >= killed_n:
        # "killed her daughter and two grandchildren before turning the gun on
        # herself": the killer's objects are all the dead but the killer
        killed_n = slain + 1
        reasons.append("a shooter who killed himself after those he killed")
    elif slain_count and slain_count >= killed_n and (self_kill or any(victims.get(k) == "dead" for k in killers)):
        # "the gunman killed five people" and he died too ("then took his own life",
        # "was shot dead by police"): GVA counts him among the killed
        killed_n = slain_count + 1
        reasons.append("a shooter who died after those he killed")
    elif (self_kill and (killed_n >= 1 and killed_q is None or killed_q is not None and killed_n < 2)
          and together < killed_n):
        # not when the dead were told together ("a man and a toddler were found dead
        # in an apparent murder-suicide"): the shooter is among them
        killed_n += 1
        reasons.append("a shooter who killed himself")
    elif murder_suicide and killed_n < 2:
        # "a murder-suicide": someone was killed, and so was the shooter; a victim
        # the text only shows "shot" is the one who was killed
        murdered = 2 - killed_n
        killed_n = 2
        reasons.append("a murder-suicide: a victim and the shooter")
    injured_n = 0 if injured_q is None else _point(injured_q)
    if injured_q is not None:
        reasons.append(f"injured count {injured_q.text!r}")
    # the people named or described over the document, less those who died
    hurt_n = max(0, _distinct([*dead, *hurt], ()) - dead_plain) if dead_n else _distinct(hurt, (), one_state=True)
    hurt_n = max(0, hurt_n - murdered - implied)
    if others:
        # "another teen was shot in the foot": someone besides those told before
        hurt_n += len(others)
    if hurt_n > injured_n:
        injured_n = hurt_n
        reasons.append(f"victims hurt: {', '.join([*hurt, *others])}")
    if nth - killed_n > injured_n:
        # "three people were killed; a fourth victim is in critical condition"
        injured_n = nth - killed_n
        reasons.append(f"a hurt person told as the {nth}th, less {killed_n} killed")
    # "another man and a baby were injured": two people, though both may be "anon:?";
    # less those named who died ("Emma and her mother were rushed to the hospital")
    hurt_together = max((sum(not (w.startswith("name:") and victims.get(w) == "dead") for w in g)
                         for s, g in groups if s == "hurt"), default=0) - implied
    if hurt_together > injured_n:
        injured_n = hurt_together
        reasons.append(f"{hurt_together} people hurt named together")
    if shot_q is not None and _point(shot_q) > killed_n:
        from_shot = _point(shot_q) - killed_n
        if from_shot > injured_n:
            injured_n = from_shot
            reasons.append(f"shot {shot_q.text!r} minus {killed_n} killed")
    if multiple_shot[0] > killed_n and multiple_shot[0] - killed_n > injured_n:
        injured_n = multiple_shot[0] - killed_n
        reasons.append(f"{multiple_shot[1]!r} minus {killed_n} killed")
    if no_injury and injured_q is None and injured_n == 0:
        reasons.append(f"{no_injury!r}")
    if dropped:
        reasons.append(f"left out counts far above the lead's: {', '.join(repr(d) for d in dropped[:3])}")
    if skipped:
        reasons.append(f"left out {len(skipped)} sentence(s) about other incidents ({skipped[0]})")
    reasons.extend(skipped_notes)
    reason = "; ".join(reasons) or "no casualty words"
    anywhere = killed_q is not None or dead_n or multiple or self_kill or multiple_shot[0] or together or implied
    killed = Count(low=killed_n, high=killed_n, text=killed_q.text if killed_q else "", role="killed",
                   span=_span(killed_q), reason=reason) if anywhere or shot_q or injured_q else None
    injured = Count(low=injured_n, high=injured_n, text=injured_q.text if injured_q else "", role="injured",
                    span=_span(injured_q or shot_q), reason=reason) if (injured_q or shot_q or no_injury or anywhere or hurt_n) else None
    return killed, injured, reason


def _killing_before(
    facts: Sequence[SentenceFacts],
    lexicon: EventLexicon,
    anchor: dt.date | None,
    others: dict[int, str | None],
) -> set[int]:
    """Sentences dated well before the main event that tell its own killing.

    A follow-up story's main event is a court or arrest day ("was charged Thursday"),
    and the killing it is about ("shot and killed John Roe on May 10") is weeks
    before it: such a sentence (dated only, with no other-incident cue) is kept when
    it names as dead someone the kept sentences name too, or when it is the only such
    sentence and the kept ones tell the death only by a killing word ("charged with
    murder").
    ``others`` is each fact's :func:`_is_other_incident` verdict, by ``id``.
    Returns the ``id`` of each such fact.
    """
    if anchor is None:
        return set()

    def dated_before(f: SentenceFacts) -> bool:
        other = others[id(f)]
        return other is not None and other.startswith("dated") and all(
            (anchor - t.range.end).days > 0 for t in f.times if t.tense != "future")

    # most documents have no such sentence: the parse is read only when one may be
    if not any(dated_before(f) for f in facts):
        return set()
    kept_people: set[str] = set()
    kept_death = kept_implied = False
    candidates: list[tuple[SentenceFacts, set[str]]] = []
    for f in facts:
        other = others[id(f)]
        if other is not None and not dated_before(f):
            continue  # a cue ("last year"), or a time after the main event
        found = _victims(f.sent, lexicon)
        implied = found.pop(IMPLIED_DEATH, None) is not None
        if other is None:
            kept_implied = kept_implied or implied
            kept_people |= set(found)
            kept_death = kept_death or "dead" in found.values() or any(
                local_role(q, f, lexicon) == "killed" for q in f.quantities)
            continue
        dead = {w for w, st in found.items() if st == "dead"}
        if dead:
            candidates.append((f, dead))
    out: set[int] = set()
    for f, dead in candidates:
        names = {w for w in dead if w.startswith("name:")}
        if names & kept_people or (not kept_death and kept_implied and len(candidates) == 1):
            out.add(id(f))
    return out


def _distinct(ids: Sequence[str], dead: Sequence[str], *, one_state: bool = False) -> int:
    """How many people a list of victim identities names.

    Named people count one each; a role ("suspect", "officer") or a gender seen
    only without a name counts once; "anon:?" ("the victim", "a teen") is one
    person only when nothing else is known. ``dead`` are the identities already
    counted as killed: a hurt "anon:?" then adds no one, since "the victim was
    taken to hospital" is most often the one who died. With ``one_state`` (the
    identities are all of people hurt, none of whom died) a role and a gender are
    the same person where they can be ("an officer shot himself in the hand ... he
    is recovering": one), so roles and genders count as the larger of the two.
    """
    named = {v for v in ids if v.startswith("name:")} - set(dead)
    anon = {v for v in ids if not v.startswith("name:") and v != "anon:?"} - set(dead)
    if dead and not named:
        return len(anon)
    if one_state and not named:
        roles = {v for v in anon if not v.startswith("anon:")}
        return max(len(roles), len(anon - roles)) or int("anon:?" in ids)
    n = len(named) + (len(anon) if not named else 0)
    if n == 0 and "anon:?" in ids and not dead:
        n = 1
    return n


_TITLE_NUMBER = re.compile(r"^(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$",
                           re.IGNORECASE)


def title_counts(title: str | None, lexicon: EventLexicon) -> tuple[int | None, int | None, str]:
    """Killed and injured as a headline states them ("2 dead, 3 injured in ...",
    "Four shot, one fatally"): ``(killed, injured, words)``, None where it says nothing.

    Headlines state the toll in a fixed shape, read without a parse: a number,
    then within three words ("people", "others") a casualty word of the
    ``title_*_words`` lists ("shot dead", "shot to death" are killed), else a verb of
    the ``title_*_verbs`` lists right before it ("Shooting kills 3, injures 1"); and
    unnumbered people (:func:`_title_people`) where no number gives that figure. A roundup ("weekend shootings", a word of
    ``title_roundup_words``) gives nothing: its figures are not one incident's. An
    age ("3 year-old") and a parent's children ("Father of 4 killed",
    ``parent_nouns``) are no counts.
    """
    if not title:
        return None, None, ""
    if set(re.findall(r"[a-z]+", title.lower())) & lexicon.cue("title_roundup_words"):
        return None, None, ""  # "5 dead, 17 wounded in weekend shootings": a roundup
    killed = injured = shot = None
    words: list[str] = []
    toks = re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*|[,;:|]", title.replace("\u00a0", " "))
    for n, tok in enumerate(toks):
        count = parse_count(tok) if _TITLE_NUMBER.match(tok) else None
        if count is None:
            continue
        if n + 1 < len(toks) and re.match(r"(?:year|month|week|day)s?(?:-old)?$", toks[n + 1].lower()):
            continue  # "3 year old dies", "3 year-old boy dead": an age
        if n > 1 and toks[n - 1].lower() == "of" and toks[n - 2].lower() in lexicon.cue("parent_nouns"):
            continue  # "Father of 4 killed": his children, not a count of the dead
        # the first casualty word within three words, before a comma or another number;
        # else a casualty verb right before the number ("Shooting kills 3, injures 1")
        verb = _title_verb(toks[n - 1].lower(), lexicon) if n > 0 else None
        if verb is not None and n + 1 < len(toks) and (
                toks[n + 1].lower().removesuffix("s") in lexicon.cue("not_victim_heads")):
            verb = None  # "killed 2 years ago"
        status, text = None, ""
        for k in range(n + 1, min(len(toks), n + 4)):
            word = toks[k].lower()
            if word in {",", ";", ":", "|"} or _TITLE_NUMBER.match(word):
                break
            status = _title_status(word, lexicon)
            if status is not None:
                if status == "shot" and _title_killed_after(toks, k, lexicon):
                    status = "killed"  # "4 found shot dead", "3 shot to death"
                text = f"{tok} {word}"
                break
        if status is None and verb is not None:
            status, text = verb, f"{toks[n - 1]} {tok}"
        if status == "killed":
            killed = max(killed or 0, count.low)
        elif status == "injured":
            injured = max(injured or 0, count.low)
        elif status == "shot":
            shot = max(shot or 0, count.low)
        else:
            continue
        words.append(text)
    if killed is not None:
        low = " " + " ".join(t.lower() for t in toks) + " "
        selfkill = next((p for p in lexicon.phrases.get("title_self_kill_phrases", ()) if f" {p} " in low), None)
        if selfkill is not None:
            # "Man shot his family, killing 3, then killed himself": the 3 are his
            # victims; GVA counts him among the killed too
            killed += 1
            words.append(f"+1 ({selfkill})")
    one_killed, one_hurt, one_words = _title_people(toks, lexicon)
    words.extend(one_words)
    if killed is None and one_killed:
        killed = one_killed  # "Boy, 14, fatally shot in ...": an unnumbered victim
    unnumbered = injured is None and shot is None and one_hurt > 0
    if unnumbered:
        injured = one_hurt  # "Toddler, teen hurt in ..."
    title_words = re.findall(r"[a-z]+", title.lower())
    if killed is None and (injured is not None or shot is not None) and any(
            w in lexicon.cue("title_killed_words") for w in title_words) and not (
            set(title_words) & lexicon.cue("not_born_words")):  # "unborn baby killed": no victim
        killed = 1  # "7-year-old shot, killed ..., 3 others injured": one death, unnumbered
        if unnumbered and injured:
            injured -= 1  # "Man wounded in shooting dies": the one hurt died
    if killed is None and injured is None and shot is None:
        death = _title_death(title, lexicon)
        if death is not None:
            # "Man charged in teen's shooting death", "Arrest in fatal shooting"; a
            # "double murder" is two
            low = title.lower()
            killed = max([death[0], *(k for p, (k, _i) in lexicon.multiple_victims.items() if p in low)])
            words.append(death[1])
    if shot is not None and injured is None:
        injured = max(0, shot - (killed or 0))
    if killed is None and injured is None:
        return None, None, ""
    return killed, injured, ", ".join(words)


def _title_death(title: str, lexicon: EventLexicon) -> tuple[int, str] | None:
    """A headline's word of a death with no number ("charged in shooting death",
    "fatal shooting", "homicide", "accident claims life of"; ``title_death_words``),
    not an attempt or a weapon (``title_not_death_phrases``): one killed, or as many
    as a "double" / "triple" right before it says ("double fatal shooting": two)."""
    low = " " + re.sub(r"[^a-z0-9'-]+", " ", title.lower()) + " "
    for p in lexicon.phrases.get("title_not_death_phrases", ()):
        low = low.replace(f" {p} ", " ")
    for w in lexicon.phrases.get("title_death_words", ()):
        if f" {w} " in low:
            before = low[: low.index(f" {w} ")].split()
            many = _MULTIPLE.get(before[-1], 1) if before else 1
            return many, f"{before[-1] + ' ' if many > 1 else ''}{w} (killed)"
    return None


_AGE_WORD = re.compile(r"^[a-z0-9]+-(?:year|month|week|day)-old$")
_TITLE_BREAKS = frozenset({";", ":", "|"})
_TITLE_DETERMINERS = frozenset({"a", "an", "the", "another", "his", "her", "their"})


def _title_role(word: str, lexicon: EventLexicon, kind: str) -> Role | None:
    """The role a headline word says: cue lists ``title_{killed,injured,shot}_{kind}``
    (``words``: "dead", "hurt"; ``verbs``, before a number: "kills 3", "injuring 2")."""
    for role in ("killed", "injured", "shot"):
        if word in lexicon.cue(f"title_{role}_{kind}"):
            return role  # type: ignore[return-value]
    return None


def _title_status(word: str, lexicon: EventLexicon) -> Role | None:
    return _title_role(word, lexicon, "words")


def _title_people(toks: Sequence[str], lexicon: EventLexicon) -> tuple[int, int, list[str]]:
    """Unnumbered victims of a headline: ``(killed, hurt, words)``.

    A person word (``victim_nouns``, ``officer_nouns``, "14-year-old"), or several
    joined by "," / "and" ("Mother, child found dead"), each one person, with
    the first casualty word within three words after it ("Boy, 14, fatally shot",
    "2-year-old was shot", "shot, killed" is killed), or a killing word right
    before it ("Slain teen", not "shot brother"); "shooting of a 7-year-old" (``title_of_nouns``) is
    one shot or killed. A word after a number ("2 men") is a count, read elsewhere;
    a person who acts (``title_actor_words``: "8-year-old fires shot", "man
    charged"; a killing verb with a person after it: "Homeowner killed man,
    woman") is not a victim.
    """
    low = [t.lower() for t in toks]
    people = lexicon.cue("victim_nouns") | lexicon.cue("officer_nouns")

    def person(n: int) -> bool:
        return (low[n] in people or bool(_AGE_WORD.match(low[n]))) and not (
            n > 0 and (_TITLE_NUMBER.match(low[n - 1]) or low[n - 1] in lexicon.cue("not_born_words")))

    killed = hurt = 0
    words: list[str] = []
    n = 0
    while n < len(low):
        if not person(n):
            n += 1
            continue
        group = [n]  # "Toddler, teen", "Mother and child"; "Boy, 14," is one
        m = n + 1
        while m < len(low):
            if low[m] in {",", "and", "&"} or (_TITLE_NUMBER.match(low[m]) and low[m - 1] == ","):
                m += 1
            elif person(m) and low[m - 1] in {",", "and", "&"}:
                group.append(m)
                m += 1
            elif (low[m] in _TITLE_DETERMINERS and low[m - 1] in {",", "and", "&"}
                  and m + 1 < len(low) and person(m + 1)):
                group.append(m + 1)  # "infant and another man"
                m += 2
            else:
                break
        status = _title_status(low[n - 1], lexicon) if n > 0 else None  # "Slain teen"
        if status == "shot":
            status = None  # "fatally shot brother": a verb and its object, the shooter's deed
        if n > 1 and low[n - 1] in {"a", "an", "the"}:
            status = status or _title_of(low, n - 2, lexicon)
        status = status or _title_of(low, n - 1, lexicon)
        for k in range(m, min(len(low), m + 3)):
            if status is None and (k == m or (k == m + 1 and low[m].endswith("ly"))) and _title_self_shot(
                    low, k, lexicon):
                # "Teen accidentally shoots himself": the person is hit; not "kills a
                # 4-month-old before shooting himself"
                status = "shot"
                break
            if (status is not None or low[k] in _TITLE_BREAKS or person(k) or _TITLE_NUMBER.match(low[k])
                    or low[k] in lexicon.cue("title_actor_words")):
                break  # "8-year-old fires shot": the person acts
            status = _title_status(low[k], lexicon)
            if status == "killed" and k + 1 < len(low) and (person(k + 1) or (
                    low[k + 1] in _TITLE_DETERMINERS and k + 2 < len(low) and person(k + 2))):
                status = None  # "Homeowner killed man, woman": the person acts on others
                break
            if status == "shot" and _title_killed_after(low, k, lexicon):
                status = "killed"  # "shot, killed", "shot and killed", "shot dead"
        if status is not None:
            words.append(" ".join(toks[group[0] : m]).replace(" ,", ",") + f" ({status})")
            if status == "killed":
                killed += len(group)
            else:
                hurt += len(group)
        n = m
    return killed, hurt, words


def _title_self_shot(low: Sequence[str], k: int, lexicon: EventLexicon) -> bool:
    """"shoots himself", "shot self" at word ``k``: a shooting verb of the headline
    lists with a reflexive object (``reflexive_words``)."""
    return (k + 1 < len(low) and low[k + 1] in lexicon.cue("reflexive_words")
            and low[k] in lexicon.cue("title_shot_verbs") | lexicon.cue("title_shot_words"))


def _title_verb(word: str, lexicon: EventLexicon) -> Role | None:
    """The role a verb gives the number after it: "kills 3", "injuring 2"."""
    return _title_role(word, lexicon, "verbs")


def _title_killed_after(toks: Sequence[str], k: int, lexicon: EventLexicon) -> bool:
    """Whether "shot" at word ``k`` goes on to a death: "shot, killed", "shot and
    killed", "shot dead", "shot to death"."""
    after = [w.lower() for w in toks[k + 1 : k + 4] if w not in {",", "and"}]
    return bool(after) and (_title_status(after[0], lexicon) == "killed" or after[:2] == ["to", "death"])


def _title_of(low: Sequence[str], n: int, lexicon: EventLexicon) -> Role | None:
    """"shooting of", "killing of" ending at word ``n``: the role of whom it is of
    ("fatal shooting of" is a killing)."""
    if n < 1 or low[n] != "of":
        return None
    if low[n - 1] in lexicon.cue("title_killed_of_nouns"):
        return "killed"
    if low[n - 1] in lexicon.cue("title_shot_of_nouns"):
        if n >= 2 and low[n - 2] in lexicon.cue("fatal_words"):
            return "killed"  # "fatal shooting of 15-year-old"
        return "shot"
    return None


def _span(q: Quantity | None) -> Span:
    return Span(start=0, end=0) if q is None else Span(start=q.start, end=q.end)
