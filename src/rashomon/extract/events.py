"""Event mentions: triggers over spaCy's parse, with actors, place, date, counts, claim.

Per sentence of each body piece:

1. triggers: tokens whose lemma starts a row of the trigger lexicon
   (``data/events/triggers.csv``), with the row's part of speech and condition on its
   dependents (a place object for "capture", forces for "move", a person for "fire");
   several words ("exchange fire", "air strike") match as neighbours or as the verb
   and its object;
2. grouping: triggers of one event in one sentence are one mention ("shot and
   killed"; "repelled several attacks ..., killing up to 300"): a trigger under
   another of the same family joins it; the object of a verb of thwarting is the
   event ("attacks", attempted) rather than the thwarting;
3. arguments: actor1 = the subject (or the "by" agent of a passive, the possessor of a
   noun), actor2 = the object (or a passive's subject, "attack on X"); associated
   actors from "backed by", "supported by", "with the support of";
4. the ACLED sub-type may change with the arguments: a state actor1 regains
   territory; a person as target makes an attack violence against civilians; armed
   men as victims make a killing a battle;
5. place, date (a time of the same clause, else of the sentence, else the previous
   sentence's), counts (the sentence's killed / injured / other counts), the claim it
   comes from, and its modality (:mod:`rashomon.extract.modality`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.extract.casualties import SentenceFacts, local_role
from rashomon.extract.claims import FoundClaim
from rashomon.extract.lexicon import EventLexicon, TriggerRule
from rashomon.extract.modality import modality_of
from rashomon.extract.records import ActorRef, Count, EventMention, PlaceRef
from rashomon.model import DatePrecision, Span
from rashomon.resolve.actors import ActorKB, ActorMention
from rashomon.resolve.numbers import Quantity
from rashomon.resolve.places import PlaceMention
from rashomon.resolve.times import TimeMention

_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_THWART_TRIGGERS = frozenset({"repel", "repulse"})


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceContext:
    """What one sentence offers the event rules (offsets into the raw text)."""

    sent: SpacySpan
    offset: int
    actors: tuple[ActorMention, ...]
    times: tuple[TimeMention, ...]
    quantities: tuple[Quantity, ...]
    places: tuple[PlaceMention, ...]
    claims: tuple[FoundClaim, ...]
    reference: dt.date | None
    inherited_date: tuple[dt.date, dt.date, DatePrecision] | None
    place_words: frozenset[str] = frozenset()  # every place name of the document, lower-cased


@dataclass(frozen=True, slots=True, kw_only=True)
class _Trigger:
    token: Token
    rule: TriggerRule
    tokens: tuple[Token, ...]


def _words_match(tok: Token, word: str) -> bool:
    return tok.lemma_.lower() == word or tok.lower_ == word


def _pos_ok(tok: Token, pos: str) -> bool:
    if pos == "VERB":
        return tok.pos_ == "VERB"
    if pos == "NOUN":
        return tok.pos_ in {"NOUN", "PROPN"}
    return tok.pos_ in {"VERB", "NOUN", "PROPN"}


def _subject(tok: Token) -> Token | None:
    """The acting party's head token: nsubj, the agent of a passive, or inherited."""
    for c in tok.children:
        if c.dep_ == "nsubj":
            return c
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    if tok.pos_ in {"NOUN", "PROPN"}:
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.ent_type_ in {"ORG", "NORP", "GPE"}):
                return c
            if c.dep_ == "prep" and c.lower_ == "by":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        return None
    if tok.dep_ in {"conj", "xcomp", "advcl"} and tok.head.i != tok.i and tok.head.pos_ in {"VERB", "AUX"}:
        if _passive(tok) and tok.dep_ == "conj":
            return None
        return _subject(tok.head)
    return None


def _passive(tok: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)


def _object(tok: Token) -> Token | None:
    """The party acted on: the object, a passive's subject, "on/against/at X", "of X"."""
    for c in tok.children:
        if c.dep_ in {"dobj", "nsubjpass"}:
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"on", "against", "at", "of"}:
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB" and _passive(tok.head):
        return next((c for c in tok.head.children if c.dep_ == "nsubjpass"), None)
    if tok.dep_ in {"acl", "relcl"} and tok.tag_ == "VBN":
        return tok.head  # "a man shot on Tuesday"
    return None


def _phrase(tok: Token) -> list[Token]:
    keep = [t for t in tok.subtree if not (t.i > tok.i and t.dep_ in {"relcl", "acl", "appos", "punct"})]
    cut: list[Token] = []
    for t in keep:
        if t.i > tok.i and (t.text == "," or t.dep_ in {"relcl", "acl"}):
            break
        cut.append(t)
    return cut or [tok]


def _is_person(tok: Token, lexicon: EventLexicon) -> bool:
    return (tok.lemma_.lower() in lexicon.cue("person_nouns") or tok.lower_ in lexicon.cue("person_nouns")
            or tok.ent_type_ == "PERSON" or tok.lower_ in {"him", "her", "them", "he", "she"})


def _is_force(tok: Token, lexicon: EventLexicon) -> bool:
    return tok.lemma_.lower() in lexicon.cue("force_nouns")


class _Sentence:
    """The per-sentence work: token <-> raw-text offsets and argument lookups."""

    def __init__(self, ctx: SentenceContext, lexicon: EventLexicon, kb: ActorKB) -> None:
        self.ctx = ctx
        self.lexicon = lexicon
        self.kb = kb
        self.offset = ctx.offset

    def span(self, toks: Sequence[Token]) -> Span:
        first = min(toks, key=lambda t: t.i)
        last = max(toks, key=lambda t: t.i)
        return Span(start=self.offset + first.idx, end=self.offset + last.idx + len(last.text))

    def mentions_in(self, toks: Sequence[Token]) -> list[ActorMention]:
        sp = self.span(toks)
        return [a for a in self.ctx.actors if sp.start <= a.start and a.end <= sp.end]

    def actor_ref(self, tok: Token | None) -> ActorRef | None:
        if tok is None:
            return None
        toks = _phrase(tok)
        inside = self.mentions_in(toks)
        if inside:
            head_at = self.offset + tok.idx
            best = min(inside, key=lambda a: abs(a.start - head_at))
            return ActorRef(text=best.text, span=Span(start=best.start, end=best.end), actor_id=best.actor_id)
        if self.in_place(tok):
            return None
        if self.is_person(tok) or _is_force(tok, self.lexicon) or tok.ent_type_ in {"ORG", "NORP"}:
            return ActorRef(text=" ".join(t.text for t in toks), span=self.span(toks))
        return None

    def is_armed(self, tok: Token | None) -> bool:
        if tok is None:
            return False
        if _is_force(tok, self.lexicon):
            return True
        for m in self.mentions_in(_phrase(tok)):
            if m.actor_id in self.kb.actors and (
                self.kb.is_armed_group(m.actor_id) or self.kb.get(m.actor_id).acled_type in {1, 2, 3, 4, 8}
            ):
                return True
        return False

    def is_state(self, ref: ActorRef | None) -> bool:
        return bool(ref and ref.actor_id and ref.actor_id in self.kb.actors
                    and self.kb.get(ref.actor_id).acled_type == 1)

    def in_place(self, tok: Token) -> bool:
        at = self.offset + tok.idx
        if any(p.start <= at < p.end for p in self.ctx.places):
            return True
        # the toponym layer may miss one occurrence of a name it found elsewhere
        return tok.pos_ == "PROPN" and tok.lower_ in self.ctx.place_words

    def is_person(self, tok: Token) -> bool:
        return _is_person(tok, self.lexicon) and not self.in_place(tok)

    def is_place(self, tok: Token) -> bool:
        if self.in_place(tok):
            return True
        if tok.lower_ == "it" and self.ctx.places:
            return True  # "after it was captured": the sentence names the place
        if self.is_person(tok):
            return False
        sp = self.span(_phrase(tok))
        if any(sp.start <= p.start < sp.end for p in self.ctx.places):
            return True
        return (tok.lemma_.lower() in self.lexicon.cue("place_nouns")
                or tok.ent_type_ in {"GPE", "LOC", "FAC"} or tok.pos_ == "PROPN")

    # -- triggers ----------------------------------------------------------------------

    def triggers(self) -> list[_Trigger]:
        found: list[_Trigger] = []
        excluded = self._associate_tokens()
        taken: set[int] = set()
        for tok in self.ctx.sent:
            if tok.i in taken or tok.i in excluded:
                continue
            rules = self.lexicon.by_first.get(tok.lemma_.lower()) or self.lexicon.by_first.get(tok.lower_, ())
            for rule in rules:
                if not _pos_ok(tok, rule.pos):
                    continue
                toks = self._rest(tok, rule)
                if toks is None or not self._requirement(tok, rule):
                    continue
                found.append(_Trigger(token=toks[-1] if rule.pos == "NOUN" else tok, rule=rule, tokens=toks))
                taken.update(t.i for t in toks)
                break
        return found

    def _rest(self, tok: Token, rule: TriggerRule) -> tuple[Token, ...] | None:
        if len(rule.words) == 1:
            return (tok,)
        doc = tok.doc
        nxt = [doc[j] for j in range(tok.i + 1, min(len(doc), tok.i + len(rule.words)))]
        if len(nxt) == len(rule.words) - 1 and all(_words_match(t, w) for t, w in zip(nxt, rule.words[1:], strict=True)):
            return (tok, *nxt)
        if len(rule.words) == 2 and rule.pos != "NOUN":
            for c in tok.children:
                if c.dep_ in {"dobj", "prt", "compound"} and _words_match(c, rule.words[1]):
                    return (tok, c)
        return None

    def _requirement(self, tok: Token, rule: TriggerRule) -> bool:
        if rule.requires == "":
            return True
        if rule.requires == "armed_actor":
            return self.is_armed(_subject(tok))
        obj = _object(tok)
        if rule.requires == "place_object":
            return obj is not None and self.is_place(obj)
        if rule.requires == "person_object":
            at = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in {"at", "into", "on"}
                  for p in c.children if p.dep_ == "pobj"]
            objs = ([obj] if obj is not None else []) + at
            # "fired at the man"; "shots were fired at a home"
            return any(self.is_person(t) or t.lemma_.lower() in {"shot", "round", "bullet"} for t in objs)
        if rule.requires == "force_object":
            return obj is not None and (self.is_armed(obj) or obj.lemma_.lower() in self.lexicon.cue("force_nouns"))
        return False

    def _associate_tokens(self) -> set[int]:
        """Tokens of "backed by X" phrases: X is an associated actor, not an event."""
        out: set[int] = set()
        for tok in self.ctx.sent:
            if tok.lemma_.lower() in self.lexicon.cue("associate_verbs") and tok.dep_ in {"acl", "advcl", "relcl", "amod"}:
                for c in tok.children:
                    if c.dep_ == "agent":
                        out.update(t.i for t in c.subtree)
            if tok.lower_ == "support" and tok.dep_ == "pobj":
                out.update(t.i for t in tok.subtree)
        return out

    def associated(self) -> tuple[ActorRef, ...]:
        refs: list[ActorRef] = []
        for tok in self.ctx.sent:
            phrase: list[Token] = []
            if tok.lemma_.lower() in self.lexicon.cue("associate_verbs") and tok.dep_ in {"acl", "advcl", "relcl", "amod"}:
                phrase = [t for c in tok.children if c.dep_ == "agent" for t in c.subtree]
            elif tok.lower_ == "support" and tok.dep_ in {"pobj", "dobj"}:
                phrase = list(tok.subtree)
            if not phrase:
                continue
            inside = self.mentions_in(phrase)
            if inside:
                refs.extend(ActorRef(text=m.text, span=Span(start=m.start, end=m.end), actor_id=m.actor_id) for m in inside)
            else:
                words = [t for t in phrase if t.lower_ not in {"by", "the", "with", "of"}]
                if words:
                    refs.append(ActorRef(text=" ".join(t.text for t in words), span=self.span(words)))
        return tuple(refs)

    # -- grouping ----------------------------------------------------------------------

    def groups(self, triggers: list[_Trigger]) -> list[tuple[_Trigger, list[_Trigger]]]:
        by_i = {t.token.i: t for t in triggers}
        parent: dict[int, int] = {}
        for t in triggers:
            node, hops = t.token, 0
            while node.head.i != node.i and hops < 4:
                node = node.head
                hops += 1
                other = by_i.get(node.i)
                if other is None:
                    continue
                same = other.rule.event_type == t.rule.event_type or (
                    other.rule.event_type in _VIOLENT and t.rule.event_type in _VIOLENT)
                mine, theirs = _subject(t.token), _subject(other.token)
                if mine is not None and theirs is not None and mine.i != theirs.i:
                    same = False  # two clauses, two actors: two events
                if same:
                    parent[t.token.i] = node.i
                break_on = node.dep_ in {"ccomp", "parataxis"}
                if same or break_on:
                    break

        def root(i: int) -> int:
            while i in parent:
                i = parent[i]
            return i

        grouped: dict[int, list[_Trigger]] = {}
        for t in triggers:
            grouped.setdefault(root(t.token.i), []).append(t)
        out: list[tuple[_Trigger, list[_Trigger]]] = []
        for r, members in grouped.items():
            rep = by_i[r]
            if rep.rule.words[0] in _THWART_TRIGGERS:
                thwarted = [m for m in members if m.token.head.i == rep.token.i and m.token.dep_ in {"dobj", "nsubjpass"}]
                if thwarted:
                    rep = thwarted[0]
            out.append((rep, members))
        return out

    # -- attributes --------------------------------------------------------------------

    def date_for(self, trigger: Token) -> tuple[TimeMention | None, tuple[dt.date, dt.date, DatePrecision] | None]:
        times = [t for t in self.ctx.times if t.tense != "future"]
        if not times:
            return None, self.ctx.inherited_date
        doc = trigger.doc
        clause = {a.i for a in trigger.ancestors} | {trigger.i}
        best: TimeMention | None = None
        best_key: tuple[int, int, int, int] | None = None
        for t in times:
            sp = doc.char_span(t.start - self.offset, t.end - self.offset, alignment_mode="expand")
            if sp is None:
                continue
            root = sp.root
            hops = 0
            node = root
            while node.i not in clause and node.head.i != node.i and hops < 6:
                node = node.head
                hops += 1
            below = any(a.i == trigger.i for a in root.ancestors) or root.i == trigger.i
            said = node.lemma_.lower() in self.lexicon.reporting and node.i != trigger.i
            # a time under the trigger beats one on the reporting verb ("killed Saturday,
            # police said Sunday")
            key = (0 if below else 1, int(said), hops if node.i in clause else 9, abs(root.i - trigger.i))
            if best_key is None or key < best_key:
                best, best_key = t, key
        if best is None:
            return None, self.ctx.inherited_date
        return best, (best.range.start, best.range.end, best.range.precision)

    def place_for(self, trigger: Token) -> PlaceRef | None:
        places = [p for p in self.ctx.places if p.resolved is not None and p.source != "DEMONYM"]
        if not places:
            return None
        sub = self.span(list(trigger.subtree))
        head = self.span(list(trigger.head.subtree)) if trigger.head.i != trigger.i else sub
        inside = [p for p in places if sub.start <= p.start < sub.end] or [
            p for p in places if head.start <= p.start < head.end] or places
        return place_ref(inside[0])

    def counts(self, members: list[_Trigger]) -> tuple[Count | None, Count | None, tuple[Count, ...]]:
        killed: list[Count] = []
        injured: list[Count] = []
        other: list[Count] = []
        facts = SentenceFacts(sent=self.ctx.sent, offset=self.offset, quantities=self.ctx.quantities, times=())
        for q0 in self.ctx.quantities:
            role = local_role(q0, facts, self.lexicon)
            q = q0 if role == q0.role else dataclasses.replace(q0, role=role)
            c = count_of(q)
            if q.role == "killed":
                killed.append(c)
            elif q.role == "injured":
                injured.append(c)
            else:
                other.append(c)
        fatalities = max(killed, key=lambda c: (c.low, c.high or 10**9)) if killed else None
        injuries = max(injured, key=lambda c: (c.low, c.high or 10**9)) if injured else None
        if fatalities is None:
            kill = next((m for m in members if m.rule.words[0] in {"kill", "massacre", "murder", "slay", "execute", "behead", "assassinate"}), None)
            if kill is not None:
                # "killing jihadists": the verb says some died, the words not how many
                fatalities = Count(low=1, high=None, text=kill.token.text, span=self.span([kill.token]),
                                   role="killed", reason="a killing verb without a count: at least 1")
        return fatalities, injuries, tuple(other)


def count_of(q: Quantity) -> Count:
    """A :class:`Count` from the numbers stage's :class:`Quantity`."""
    return Count(low=q.low, high=q.high, text=q.text, span=Span(start=q.start, end=q.end),
                 role=q.role, head=q.head, reason=q.reason)


def place_ref(p: PlaceMention) -> PlaceRef:
    """A :class:`PlaceRef` from a resolved place mention."""
    r = p.resolved
    return PlaceRef(
        text=p.text, span=Span(start=p.start, end=p.end),
        name=None if r is None else r.name, geonameid=None if r is None else r.geonameid,
        admin1=None if r is None else (r.admin1_name or r.admin1),
        country=None if r is None else r.country,
        lat=None if r is None else r.lat, lon=None if r is None else r.lon,
        precision=p.precision,
    )


def sentence_events(
    ctx: SentenceContext, *, document_id: str, first_seq: int, lexicon: EventLexicon, kb: ActorKB
) -> list[EventMention]:
    """The event mentions of one sentence (see the module docstring for the rules)."""
    work = _Sentence(ctx, lexicon, kb)
    triggers = work.triggers()
    if not triggers:
        return []
    out: list[EventMention] = []
    associated = work.associated()
    evidence = Span(start=ctx.offset + ctx.sent.start_char, end=ctx.offset + ctx.sent.end_char)
    for rep, members in work.groups(triggers):
        tok, rule = rep.token, rep.rule
        thwarter = next((m for m in members if m.rule.words[0] in _THWART_TRIGGERS and m is not rep), None)
        actor1 = work.actor_ref(_subject(tok))
        actor2 = work.actor_ref(_object(tok))
        if thwarter is not None:
            # "X repelled the attacks": X defends; the attackers are the attack's own owner
            actor2 = work.actor_ref(_subject(thwarter.token)) or actor2
            actor1 = work.actor_ref(next((c for c in tok.children if c.dep_ == "poss"), None))
        event_type, sub = rule.event_type, rule.sub_event_type
        if rule.state_sub_event_type and work.is_state(actor1):
            sub = rule.state_sub_event_type
        obj = _object(tok)
        if rule.person_target_type and obj is not None and work.is_person(obj) and not work.is_armed(obj):
            event_type, _, sub = rule.person_target_type.rpartition("/")
        if event_type == "Violence against civilians" and sub == "Attack" and obj is not None and (
            work.is_armed(obj) and not work.is_person(obj)
        ):
            event_type, sub = "Battles", "Armed clash"  # armed men as victims: a fight
        claim = _claim_for(tok, ctx.claims)
        time, date = work.date_for(tok)
        fatalities, injuries, others = work.counts(members)
        modality, cue = modality_of(
            tok, lexicon,
            claim_stance=None if claim is None else claim.claim.stance,
            date_end=None if date is None else date[1],
            reference=ctx.reference,
        )
        trig_toks = list(rep.tokens)
        out.append(EventMention(
            document_id=document_id,
            seq=first_seq + len(out),
            event_type=event_type,
            sub_event_type=sub,
            trigger=" ".join(t.lower_ for t in trig_toks),
            trigger_span=work.span(trig_toks),
            evidence=evidence,
            modality=modality,
            modality_cue=cue,
            actor1=actor1,
            actor2=actor2,
            associated=associated,
            place=work.place_for(tok),
            date_start=None if date is None else date[0],
            date_end=None if date is None else date[1],
            time_precision=None if date is None else date[2],
            time_text="" if time is None else time.text,
            fatalities=fatalities,
            injuries=injuries,
            quantities=others,
            claim=None if claim is None else claim.claim.seq,
            reason=f"trigger {' '.join(rule.words)!r} ({rule.pos}) -> {event_type}/{sub}"
                   + (f"; with {', '.join(m.token.text for m in members if m is not rep)}" if len(members) > 1 else ""),
        ))
    return out


def _claim_for(tok: Token, claims: Sequence[FoundClaim]) -> FoundClaim | None:
    holding = [c for c in claims if tok.i in c.content_tokens]
    return min(holding, key=lambda c: len(c.content_tokens)) if holding else None


#: What a time expression is attached to, for the incident's date (best first).
TimeRole = str  # "incident" | "neutral" | "said" | "followup"


def time_role(span: SpacySpan, lexicon: EventLexicon, triggers: frozenset[int]) -> tuple[TimeRole, str]:
    """Whether a time dates the incident itself, a follow-up, or neither; and the word.

    Walks up the parse from the time's head to the first verb (or a trigger):

    * ``incident``: it reaches a violent trigger of the document (token index in
      ``triggers``: "was shot Saturday", "the Nov. 8 shooting", "the March 4
      shooting death"; any trigger word would do worse, -2.8 points on gva-dev
      split 0/5) or a verb of
      ``incident_verbs`` ("the shooting happened Sunday", "opened fire Sunday");
    * ``followup``: the word reached, or the verb's object or prepositional object,
      is a ``followup_words`` lemma ("died Monday", "was arrested Tuesday", "entered
      pleas today", "funeral services on Saturday");
    * ``said``: a reporting verb ("police said Thursday": the statement's day);
    * ``neutral`` otherwise ("Police responded ... Saturday").
    """
    followup = lexicon.cue("followup_words")

    def violent(tok: Token) -> bool:
        return tok.i in triggers

    node = span.root
    for _ in range(8):
        if violent(node) or (node.pos_ == "NOUN" and any(
                c.dep_ == "compound" and violent(c) for c in node.children)):
            return "incident", node.text
        lemma = node.lemma_.lower()
        if node is not span.root and lemma in followup:
            return "followup", node.text
        if node.pos_ in {"VERB", "AUX"}:
            if lemma in lexicon.cue("incident_verbs"):
                return "incident", node.text
            if lemma in lexicon.reporting:
                return "said", node.text
            for c in node.children:
                objs = [c] if c.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"} else (
                    [p for p in c.children if p.dep_ == "pobj"] if c.dep_ == "prep" else [])
                for o in objs:
                    if violent(o) and c.dep_ in {"nsubj", "nsubjpass"}:
                        return "incident", o.text  # "the shooting took place Sunday"
                    if o.lemma_.lower() in followup:
                        return "followup", o.text
            return "neutral", node.text
        if node.head.i == node.i:
            break
        node = node.head
    return "neutral", node.text
