"""Claims: attributed statements, with speaker, channel, reporting verb and stance.

Three shapes are read from spaCy's parse of each sentence:

* a reporting verb with a subject and a clause or quote: "X said (that) ...",
  "'...,' X said on <channel>", "X claims ...", "X told <outlet> ...";
  the statement nouns ("the statement reads", "the center's statement said")
  take their owner as speaker (the possessor, a "by" phrase, or the speaker of the
  statement named just before);
* "according to X": X is the speaker of the rest of the sentence;
* nested attribution: "citing Y" (or "quoting Y") beside either shape adds Y to the
  claim's ``via`` chain ("according to AP, citing the network").

The reporting verbs and their stances, the statement and channel nouns are data
(``data/events/cues.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.extract.lexicon import EventLexicon
from rashomon.extract.records import Claim, Speaker, SpeakerKind, Stance
from rashomon.model import Span
from rashomon.resolve.actors import ActorKB, ActorMention

_CITE = frozenset({"cite", "quote"})
_OUTLET_WORDS = frozenset({"agency", "news", "press", "tv", "television", "network", "radio",
                           "newspaper", "channel", "times", "post", "reuters", "ap", "afp"})  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundClaim:
    """A claim with the token range of its content, so events can be tied to it."""

    claim: Claim
    content_tokens: frozenset[int]  # token indexes (piece-level) of the claimed content
    sentence_start: int  # token index of the sentence start (piece-level)


def _char(offset: int, tok: Token) -> int:
    return offset + tok.idx


def _span_of(tokens: Sequence[Token], offset: int) -> Span:
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = tokens[0].doc
    return Span(start=offset + doc[first].idx, end=offset + doc[last].idx + len(doc[last].text))


def _phrase(tok: Token) -> list[Token]:
    """A noun phrase's tokens: the subtree, cut before a relative clause or a comma."""
    keep: list[Token] = []
    for t in tok.subtree:
        if t.i > tok.i and (t.dep_ in {"relcl", "acl", "appos"} or t.text == ","):
            break
        keep.append(t)
    while keep and (keep[0].is_punct or keep[0].dep_ == "cc"):
        keep.pop(0)
    while keep and (keep[-1].is_punct or keep[-1].dep_ == "case"):
        keep.pop()
    return keep or [tok]


def speaker_for(
    head: Token, offset: int, actors: Sequence[ActorMention], kb: ActorKB | None
) -> Speaker:
    """The speaker named by the noun phrase headed by ``head``.

    The kind is ``actor`` when an actor mention lies in the phrase, ``outlet`` when it
    names a news organisation, ``person`` for a named or described person, else
    ``unnamed`` ("a source").
    """
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    if appos is not None and appos.pos_ == "NOUN" and head.ent_type_ != "PERSON":
        head = appos  # "Daesh, the governor of Homs said": the parser's subject is off by one
    toks = _phrase(head)
    span = _span_of(toks, offset)
    # the words as written ("Syria's SANA", not "Syria 's SANA"), spaces folded
    text = " ".join("".join(t.text_with_ws for t in toks).split())
    inside = [a for a in actors if span.start <= a.start and a.end <= span.end]
    words = {t.lower_ for t in toks}
    kind: SpeakerKind
    actor_id: str | None = None
    if inside:
        # the mention nearest the phrase's head names the body that speaks
        best = min(inside, key=lambda a: abs(a.start - (offset + head.idx)))
        actor_id = best.actor_id
        if head.ent_type_ == "PERSON":
            kind = "person"  # "Foreign Minister Sergey Lavrov": a person speaking for a body
        else:
            kind = "outlet" if words & _OUTLET_WORDS else "actor"  # "Amaq news agency": an outlet
    elif words & _OUTLET_WORDS or (head.ent_type_ == "ORG" and head.text.isupper()):
        kind = "outlet"
    elif head.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in toks):
        kind = "person"
    elif head.lower_ in {"source", "sources", "official", "officials", "witness", "witnesses", "activist", "activists", "resident", "residents"}:
        kind = "unnamed"
    elif head.pos_ == "PROPN" or head.ent_type_ in {"ORG", "NORP", "GPE"}:
        kind = "outlet" if head.ent_type_ == "ORG" and head.text.isupper() else "actor"
    else:
        kind = "person" if head.pos_ in {"NOUN", "PRON"} else "unnamed"
    return Speaker(text=text, span=span, kind=kind, actor_id=actor_id)


def _channel(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"on", "in", "to", "via"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and {t.lower_ for t in pobj.subtree} & {
                    "tv", "television", "channel", "radio", "website", "twitter", "facebook",
                    "telegram", "broadcast", "newspaper", "agency", "interview"}:  # fmt: skip
                    return " ".join(t.text for t in pobj.subtree)
        if verb.lemma_ == "tell" and child.dep_ in {"dobj", "dative"}:
            return " ".join(t.text for t in _phrase(child))
    return None


def _citations(node: Token, offset: int, actors: Sequence[ActorMention], kb: ActorKB | None) -> list[Speaker]:
    """Speakers cited by "citing Y" / "quoting Y" under ``node`` (nested: Y citing Z)."""
    out: list[Speaker] = []
    for child in node.children:
        if child.lemma_ in _CITE and child.pos_ == "VERB":
            for obj in child.children:
                if obj.dep_ in {"dobj", "pobj"}:
                    out.append(speaker_for(obj, offset, actors, kb))
                    out.extend(_citations(obj, offset, actors, kb))
                    out.extend(_citations(child, offset, actors, kb)[1:])
    return out


def _statement_owner(
    subj: Token, offset: int, actors: Sequence[ActorMention], kb: ActorKB | None,
    previous: Speaker | None,
) -> Speaker | None:
    """The owner of "the statement": a possessor, a "by"/"of" phrase, else the last speaker."""
    for child in subj.children:
        if child.dep_ == "poss":
            return speaker_for(child, offset, actors, kb)
        if child.dep_ == "prep" and child.lower_ in {"by", "of", "from"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return speaker_for(pobj, offset, actors, kb)
    return previous


def find_claims(
    sent: SpacySpan,
    offset: int,
    *,
    document_id: str,
    first_seq: int,
    actors: Sequence[ActorMention],
    lexicon: EventLexicon,
    kb: ActorKB | None,
    previous: Speaker | None = None,
) -> list[FoundClaim]:
    """The claims of one sentence.

    Args:
        sent: a parsed sentence.
        offset: where the sentence's ``Doc`` starts in the raw text.
        document_id: the document.
        first_seq: the ``seq`` of the first claim found here.
        actors: the document's actor mentions (raw-text offsets).
        lexicon: reporting verbs and cue nouns.
        kb: the actor KB, for speaker kinds.
        previous: the last speaker before this sentence ("the statement reads" is theirs).

    Returns:
        The claims in the sentence, with the tokens of their content.
    """
    found: list[FoundClaim] = []
    sentence = Span(start=offset + sent.start_char, end=offset + sent.end_char)
    statement_nouns = lexicon.cue("statement_nouns")
    for tok in sent:
        stance: str | None = None
        speaker: Speaker | None = None
        verb_word = tok.text
        content: list[Token] = []
        channel: str | None = None
        via: list[Speaker] = []
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            to = next(c for c in tok.children if c.lower_ == "to")
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            speaker = speaker_for(pobj, offset, actors, kb)
            stance, verb_word = "asserts", "according to"
            via = _citations(tok.head, offset, actors, kb) + _citations(tok, offset, actors, kb) + _citations(pobj, offset, actors, kb)
            exclude = {t.i for t in tok.subtree} | {t.i for v in tok.head.children if v.lemma_ in _CITE for t in v.subtree}
            content = [t for t in sent if t.i not in exclude and not t.is_punct]
        elif tok.pos_ in {"VERB", "AUX"} and tok.lemma_ in lexicon.reporting:
            clause = [c for c in tok.children if c.dep_ in {"ccomp", "xcomp", "parataxis"}]
            if tok.dep_ in {"parataxis", "ccomp"} and not clause and tok.head.i != tok.i:
                clause = [tok.head]  # '"...," he said' parsed with "said" under the quote
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if not clause or subj is None:
                continue
            if tok.lemma_ in {"add", "note", "point", "read", "write", "mention"} and not clause:
                continue
            stance = lexicon.reporting[tok.lemma_]
            if subj.lemma_ in statement_nouns:
                speaker = _statement_owner(subj, offset, actors, kb, previous)
            elif subj.pos_ == "PRON" and previous is not None:
                speaker = previous
            else:
                speaker = speaker_for(subj, offset, actors, kb)
            via = _citations(tok, offset, actors, kb)
            if clause[0] is tok.head:
                content = [t for t in sent if t.i not in {x.i for x in tok.subtree} and not t.is_punct]
            else:
                content = [t for c in clause for t in c.subtree if not t.is_punct]
            channel = _channel(tok)
            verb_word = tok.text
        else:
            continue
        if not content:
            continue
        if stance not in {"asserts", "claims", "denies", "warns"}:
            stance = "asserts"
        claim = Claim(
            document_id=document_id,
            seq=first_seq + len(found),
            evidence=sentence,
            content=_span_of(content, offset),
            speaker=speaker,
            via=tuple(via),
            channel=channel,
            verb=verb_word.lower() if verb_word != "according to" else "according to",
            stance=_as_stance(stance),
        )
        found.append(FoundClaim(claim=claim, content_tokens=frozenset(t.i for t in content),
                                sentence_start=sent.start))
        if speaker is not None:
            previous = speaker
    return found


def _as_stance(value: str) -> Stance:
    if value == "claims":
        return "claims"
    if value == "denies":
        return "denies"
    if value == "warns":
        return "warns"
    return "asserts"
