"""Provenance: the chain outlet -> cited source -> primary source, and independence.

Public contract (pure functions over typed records)::

    resolve_speakers(claims)                      -> dict[seq, SpeakerRef]   # "the center"
    attribute(start, end, text, claims)           -> Attribution             # carry-over
    chain(doc, claim, speakers, outlets, actors)  -> Chain
    independence(chains, outlets)                 -> Independence

Rules:

- **Chain.** The publisher; the outlet it republished (``documents.original_outlet_id``:
  a syndication edge, so the publisher is a carrier, never a witness); the claim's
  speaker and the sources it cites (``claims.via``, nearest first); then the speaker's
  parents in the actor KB (a ministry's press office -> the ministry).
- **Primary source** = the chain's last link: the root of the KB parent chain of the
  origin (the last source cited, else the speaker) when the KB knows it; an
  unresolved named person or outlet is its own primary source, by name; an unnamed
  source ("a source told...") is "an unnamed source of <outlet>"; a statement nobody
  is said to make is the (original) outlet's own.
- **Descriptions.** A speaker the KB did not resolve that is a short definite
  description ("the center", "the outlet") refers back to the nearest earlier speaker
  of the same document whose name contains the head noun or whose kind it names.
- **Attribution carry-over.** An event mention with no claim of its own takes the
  claim whose sentence holds it, or else the nearest claim before it when at most
  ``CARRY_PARAGRAPHS`` paragraph break lies between and no other claim comes between
  (news writing paraphrases a statement over the paragraphs after it). Only
  assertions and claims carry over, not warnings or denials. A hedge ("reportedly")
  stops the carry-over: an unnamed source of the outlet speaks.
- **Owner group** of the outlet that originated the text: state-affiliated outlets
  group by country ("state media of Russia": a state's outlets answer to one owner);
  others by owner; else the outlet itself.
- **Independence** = min(distinct primary sources, distinct owner groups): how many
  accounts could at most be independent. Two outlets repeating one ministry score 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: How many paragraph breaks an attribution carries over (see the module docstring).
CARRY_PARAGRAPHS = 1
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
_HEDGES = re.compile(r"\b(reportedly|allegedly|purportedly|it is reported|it was reported)\b", re.IGNORECASE)
_DETERMINERS = ("the ", "this ", "that ")
#: A warning is about what may come: the facts after it are not its content.
_CARRIED_STANCES = frozenset({"asserts", "claims"})
_MAX_DESCRIPTION_WORDS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerRef:
    """Who speaks (or is cited): the words, their kind, the KB id when known."""

    text: str
    kind: str  # actor, person, outlet, unnamed
    actor_id: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRecord:
    """A stored claim, as provenance needs it."""

    document_id: str
    seq: int
    speaker: SpeakerRef | None
    via: tuple[SpeakerRef, ...]
    evidence_start: int
    evidence_end: int
    stance: str = "asserts"


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletInfo:
    """An outlet's row of the outlet table: who owns it, whether a state does."""

    id: str
    name: str
    owner: str | None = None
    state_affiliated: bool = False
    country: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorNode:
    """An actor KB entry reduced to what chains need."""

    id: str
    name: str
    parent: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DocInfo:
    """A document's publisher and the outlet it republished, if any."""

    id: str
    outlet_id: str
    original_outlet_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One link of a provenance chain."""

    role: str  # publisher, original, speaker, cited, parent
    id: str | None
    name: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PrimarySource:
    """Where a chain ends: a KB actor, a named person or outlet, an unnamed source, an outlet."""

    key: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerGroup:
    """Who answers for the outlet that originated a text."""

    key: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """Which claim an event mention is attributed to, and how that was decided.

    ``hedged``: no claim, but the sentence says someone unnamed speaks ("reportedly").
    """

    claim_seq: int | None
    reason: str
    hedged: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Chain:
    """The provenance of one account (an event mention or a claim)."""

    document_id: str
    claim_seq: int | None
    steps: tuple[Step, ...]
    primary: PrimarySource
    carrier: str  # the outlet that originated the text (original outlet, else publisher)
    owner: OwnerGroup

    def text(self) -> str:
        """The chain as one line: ``Global Research <- RT <- the Russian Defense Ministry``."""
        return " <- ".join(s.name for s in self.steps)


@dataclass(frozen=True, slots=True, kw_only=True)
class Independence:
    """How independent the accounts of an event are."""

    primary_sources: tuple[PrimarySource, ...]
    owner_groups: tuple[OwnerGroup, ...]
    outlets: tuple[str, ...]
    score: int
    explanation: str


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def resolve_speakers(claims: Sequence[ClaimRecord]) -> dict[int, SpeakerRef]:
    """Each claim's speaker, with unresolved definite descriptions resolved backwards.

    Only a short description ("the center", "the outlet") the KB did not resolve is
    changed; it takes the nearest earlier speaker of the document whose words contain
    its head noun or whose kind is that noun ("the outlet" -> an outlet speaker).
    """
    ordered = sorted(claims, key=lambda c: (c.evidence_start, c.seq))
    out: dict[int, SpeakerRef] = {}
    for i, c in enumerate(ordered):
        sp = c.speaker
        if sp is None:
            continue
        text = _norm(sp.text)
        words = text.split()
        if sp.actor_id is None and text.startswith(_DETERMINERS) and len(words) <= _MAX_DESCRIPTION_WORDS:
            head = words[-1]
            for prev in reversed(ordered[:i]):
                p = out.get(prev.seq)
                if p is None:
                    continue
                if (head in _norm(p.text).split() or head == p.kind) and _norm(p.text) != text:
                    sp = SpeakerRef(text=sp.text, kind=p.kind, actor_id=p.actor_id,
                                    reason=f"{sp.text!r} refers back to {p.text!r} (claim {prev.seq})")
                    break
        out[c.seq] = sp
    return out


def attribute(start: int, end: int, text: str, claims: Sequence[ClaimRecord]) -> Attribution:
    """The claim an unattributed event mention at ``[start, end)`` belongs to, if any.

    See the module docstring for the rule; ``text`` is the document's raw text.
    """
    holding = [c for c in claims if c.evidence_start <= start and end <= c.evidence_end]
    if holding:
        c = min(holding, key=lambda c: (c.evidence_end - c.evidence_start, c.seq))
        return Attribution(claim_seq=c.seq, reason=f"in the sentence of claim {c.seq}")
    if _HEDGES.search(text[start:end]):
        return Attribution(claim_seq=None, reason="hedged ('reportedly'): an unnamed source", hedged=True)
    before = [c for c in claims if c.evidence_end <= start and c.stance in _CARRIED_STANCES]
    if not before:
        return Attribution(claim_seq=None, reason="no claim before it: the outlet's own voice")
    c = max(before, key=lambda c: (c.evidence_end, c.seq))
    if any(c.evidence_end <= o.evidence_start < start for o in claims if o.seq != c.seq):
        return Attribution(claim_seq=None, reason="the outlet's own voice")
    breaks = len(_PARAGRAPH_BREAK.findall(text, c.evidence_end, start))
    if breaks > CARRY_PARAGRAPHS:
        return Attribution(claim_seq=None, reason="the outlet's own voice")
    where = "the same paragraph" if breaks == 0 else "the paragraph before"
    return Attribution(claim_seq=c.seq, reason=f"continues claim {c.seq} from {where}")


def _country_name(alpha2: str) -> str:
    """A country's common name for display ("RU" -> "Russia"); the code when unknown."""
    import pycountry

    hit = pycountry.countries.get(alpha_2=alpha2.upper())
    return str(getattr(hit, "common_name", None) or getattr(hit, "name", None) or alpha2) if hit else alpha2


def owner_group(outlet: OutletInfo) -> OwnerGroup:
    """The owner group of an outlet (state media by country, else owner, else itself)."""
    if outlet.state_affiliated and outlet.country:
        return OwnerGroup(key=f"state:{outlet.country}", name=f"state media of {_country_name(outlet.country)}",
                          reason=f"{outlet.name} is state-affiliated ({outlet.country}"
                                 + (f", owner {outlet.owner})" if outlet.owner else ")"))
    if outlet.owner:
        return OwnerGroup(key=f"owner:{_norm(outlet.owner)}", name=outlet.owner,
                          reason=f"{outlet.name} is owned by {outlet.owner}")
    return OwnerGroup(key=f"outlet:{outlet.id}", name=outlet.name, reason=f"{outlet.name}: no owner on record")


def _outlet(outlets: Mapping[str, OutletInfo], oid: str) -> OutletInfo:
    return outlets.get(oid) or OutletInfo(id=oid, name=oid.removeprefix("dom:"))


def _lineage(actors: Mapping[str, ActorNode], actor_id: str) -> list[ActorNode]:
    out: list[ActorNode] = []
    current: str | None = actor_id
    while current is not None and current in actors and all(a.id != current for a in out):
        out.append(actors[current])
        current = actors[current].parent
    return out


def chain(
    doc: DocInfo,
    claim: ClaimRecord | None,
    speakers: Mapping[int, SpeakerRef],
    outlets: Mapping[str, OutletInfo],
    actors: Mapping[str, ActorNode],
    *,
    hedged: bool = False,
) -> Chain:
    """The provenance chain of one account of ``doc`` (``claim`` None: the outlet speaks,
    or with ``hedged`` an unnamed source of the outlet)."""
    pub = _outlet(outlets, doc.outlet_id)
    steps = [Step(role="publisher", id=pub.id, name=pub.name)]
    carrier = pub
    if doc.original_outlet_id and doc.original_outlet_id != doc.outlet_id:
        carrier = _outlet(outlets, doc.original_outlet_id)
        steps.append(Step(role="original", id=carrier.id, name=carrier.name,
                          reason=f"{pub.name} republished {carrier.name}"))
    group = owner_group(carrier)
    speaker = speakers.get(claim.seq) if claim is not None else None
    if claim is None or speaker is None:
        if hedged:
            primary = PrimarySource(key=f"unnamed:{carrier.id}", name=f"an unnamed source of {carrier.name}",
                                    kind="unnamed")
            steps.append(Step(role="speaker", id=None, name=primary.name, reason="hedged: 'reportedly'"))
        else:
            primary = PrimarySource(key=f"outlet:{carrier.id}", name=carrier.name, kind="outlet")
            steps.append(Step(role="speaker", id=carrier.id, name=carrier.name,
                              reason="no speaker named: the outlet's own voice"))
        return Chain(document_id=doc.id, claim_seq=None if claim is None else claim.seq, steps=tuple(steps),
                     primary=primary, carrier=carrier.id, owner=group)
    for role, sp in (("speaker", speaker), *(("cited", v) for v in claim.via)):
        steps.append(Step(role=role, id=sp.actor_id, name=" ".join(sp.text.split()), reason=sp.reason))
    origin = claim.via[-1] if claim.via else speaker
    if origin.actor_id and origin.actor_id in actors:
        line = _lineage(actors, origin.actor_id)
        for a in line[1:]:
            steps.append(Step(role="parent", id=a.id, name=a.name, reason="parent in the actor KB"))
        root = line[-1]
        primary = PrimarySource(key=f"actor:{root.id}", name=root.name, kind="actor")
    elif origin.kind == "unnamed":
        primary = PrimarySource(key=f"unnamed:{carrier.id}", name=f"an unnamed source of {carrier.name}",
                                kind="unnamed")
    else:
        primary = PrimarySource(key=f"{origin.kind}:{_norm(origin.text)}", name=" ".join(origin.text.split()),
                                kind=origin.kind)
    return Chain(document_id=doc.id, claim_seq=claim.seq, steps=tuple(steps), primary=primary,
                 carrier=carrier.id, owner=group)


def independence(chains: Sequence[Chain], outlets: Mapping[str, OutletInfo]) -> Independence:
    """Distinct primary sources and owner groups behind some accounts, and a sentence.

    ``score`` is the smaller count: that many accounts could at most be independent
    witnesses (one ministry through two outlets: 1; two ministries through one state's
    media: 1).
    """
    prim = {c.primary.key: c.primary for c in chains}
    groups = {c.owner.key: c.owner for c in chains}
    carriers = sorted({c.carrier for c in chains})
    p = tuple(prim[k] for k in sorted(prim))
    g = tuple(groups[k] for k in sorted(groups))
    score = min(len(p), len(g))
    names = ", ".join(_outlet(outlets, o).name for o in carriers)
    strength = "uncorroborated" if score <= 1 and len(chains) <= 1 else (
        "weak corroboration" if score <= 1 else "corroborated by independent sources")
    text = (f"{len(carriers)} originating outlet(s) ({names}) trace to {len(p)} primary source(s) "
            f"({'; '.join(x.name for x in p)}) through {len(g)} owner group(s) "
            f"({'; '.join(x.name for x in g)}): independence {score}, {strength}.")
    return Independence(primary_sources=p, owner_groups=g, outlets=tuple(carriers), score=score,
                        explanation=text)
