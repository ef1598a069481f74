"""Tolls of accounts written before a victim died, updated from their story.

Public contract::

    story_tolls(stories, tolls, days) -> dict[document id, StoryToll]

Local news runs the first account of a shooting while the victims are in hospital
("a man is in critical condition after ..."); a later account of the same story
says he died. Each account is right about its own day, and the extract stage keeps
what each one says; but an analyst asking "how many died" wants the toll as it
stands, which is what an incident register such as GVA or ACLED records. Once the
linker has put the accounts in one story, :func:`story_tolls` gives an account the
toll of a story-mate that

* counts the same number of victims (killed plus injured),
* counts more of them dead,
* is dated no earlier than the account itself and at most ``DIED_WITHIN_DAYS`` (a
  week) after it (reference days; both must have one): the wounded who die do so
  within days, and an account written weeks later is a follow-up (an arrest, a trial)
  whose toll may be another reading or another incident's (on gva-dev, over the
  five splits, killed +14 and injured +10 documents of 3,636, no split worse for
  killed),
* and is not contradicted by another account, dated no earlier than it, that still
  counts the victims as this one does (one later page's misreading would otherwise
  kill the wounded of every earlier account: on gva-dev killed +0.2 points),

i.e. the reading "some of the wounded died" and no other: a story-mate with more
victims may be a merged neighbouring incident or a city's roundup, so its numbers
are not taken. The largest such toll wins (the latest day, then the document id,
on a tie), with the document it came from, so the reason can be read and checked
(kind ``died``).

Then, over those updated tolls, an account whose toll differs from the one two
thirds of its story's accounts give (at least two of them agreeing) takes theirs
(kind ``consensus``): one page's misreading ("two" for the victim and the suspect,
a roundup's figure) is outvoted by the accounts that agree. Measured on gva-dev
before it was built, over the five splits, with a strict majority: killed +24 and
injured +35 documents of 3,636, every split but one (killed -2) up or level; two
thirds rather than a bare majority (3 of 5 accounts no longer outvote 2, which in
large stories are often a merged neighbouring incident's): killed +5, injured +1,
no split worse for killed.

A pure function of the story assignment and each document's own toll and day; the
store keeps its output beside the stories (``story_tolls``) and replaces both at
every re-link, so a derived toll never outlives the story it came from. The
document's own figures are never edited: the derived toll is shown beside them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["DIED_WITHIN_DAYS", "StoryToll", "Toll", "TollKind", "story_tolls"]

#: A later account gives its toll to an earlier one written at most this many days before it.
DIED_WITHIN_DAYS = 7


@dataclass(frozen=True, slots=True, kw_only=True)
class Toll:
    """One document's own toll of its main incident, and the day it was written.

    Attributes:
        killed: the dead its text counts (``None`` when it tells no casualty).
        injured: the wounded its text counts (``None`` likewise).
        day: the document's reference day (publication), if known.
    """

    killed: int | None
    injured: int | None
    day: dt.date | None


#: ``died``: a later account counts the same victims with more dead; ``consensus``:
#: most of the story's accounts give another toll.
TollKind = Literal["died", "consensus"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryToll:
    """The toll a document takes from its story.

    Attributes:
        document_id: the document whose toll is updated.
        story_id: its story.
        kind: why (:data:`TollKind`).
        killed: the updated number killed.
        injured: the updated number injured.
        own_killed: what the document itself counts dead (``None``: no figure).
        own_injured: what the document itself counts wounded.
        sources: the story-mates the toll comes from (sorted ids).
        source_day: for ``died``, the later account's reference day.
        votes: for ``consensus``, how many accounts give the toll.
        accounts: how many of the story's accounts give a toll at all.
        reason: one sentence saying so.
    """

    document_id: str
    story_id: str
    kind: TollKind
    killed: int
    injured: int
    own_killed: int | None
    own_injured: int | None
    sources: tuple[str, ...]
    source_day: dt.date | None
    votes: int
    accounts: int
    reason: str


def story_tolls(
    stories: Mapping[str, str],
    tolls: Mapping[str, Toll],
) -> dict[str, StoryToll]:
    """The updated toll of every account its story's other accounts correct.

    Args:
        stories: document id -> story id (the linker's clusters).
        tolls: document id -> its own :class:`Toll`. Documents missing here, or
            without both counts, give no toll (they may take the consensus); a
            document without a day neither gives nor takes a ``died`` update.

    Returns:
        document id -> :class:`StoryToll`, only for documents whose toll changes.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, story in stories.items():
        members[story].append(doc_id)
    out: dict[str, StoryToll] = {}
    for story, docs in sorted(members.items()):
        known: dict[str, tuple[int, int]] = {}
        for d in sorted(docs):
            toll = tolls.get(d)
            if toll is not None and toll.killed is not None and toll.injured is not None:
                known[d] = (toll.killed, toll.injured)
        if len(known) < 2:
            continue
        died = _died(story, known, tolls)
        out.update(died)
        now = {d: (died[d].killed, died[d].injured) if d in died else t for d, t in known.items()}
        out.update(_consensus(story, sorted(docs), now, tolls, died))
    return out


def _died(
    story: str, known: Mapping[str, tuple[int, int]], tolls: Mapping[str, Toll]
) -> dict[str, StoryToll]:
    out: dict[str, StoryToll] = {}
    for doc_id, (own_k, own_i) in known.items():
        own_day = tolls[doc_id].day
        if own_day is None:
            continue
        victims = own_k + own_i
        best: tuple[int, dt.date, str] | None = None
        for other_id, (k, i) in known.items():
            day = tolls[other_id].day
            if other_id == doc_id or day is None or day < own_day or (day - own_day).days > DIED_WITHIN_DAYS:
                continue
            if k <= own_k or k + i != victims:
                continue
            if any(
                (x_k, x_i) == (own_k, own_i) and x != doc_id
                and (x_day := tolls[x].day) is not None and x_day >= day
                for x, (x_k, x_i) in known.items()
            ):
                continue  # an account as recent still counts them wounded: a misreading
            key = (k, day, other_id)
            if best is None or key > best:
                best = key
        if best is None:
            continue
        killed, day, source = best
        out[doc_id] = StoryToll(
            document_id=doc_id, story_id=story, kind="died", killed=killed,
            injured=victims - killed, own_killed=own_k, own_injured=own_i,
            sources=(source,), source_day=day, votes=1, accounts=len(known),
            reason=(
                f"its text counts {own_k} killed and {own_i} injured; an account of its "
                f"story dated {day.isoformat()} ({source}) counts the same {victims} "
                f"victim{'' if victims == 1 else 's'} with {killed} killed: "
                f"{killed - own_k} of the wounded died"
            ),
        )
    return out


def _consensus(
    story: str,
    docs: list[str],
    now: Mapping[str, tuple[int, int]],
    tolls: Mapping[str, Toll],
    died: Mapping[str, StoryToll],
) -> dict[str, StoryToll]:
    counts = Counter(now.values())
    (top, votes), *_ = counts.most_common()
    if votes < 2 or votes * 3 < len(now) * 2:  # two thirds: no tie is possible
        return {}
    sources = tuple(d for d in docs if now.get(d) == top)
    out: dict[str, StoryToll] = {}
    for doc_id in docs:
        if now.get(doc_id) == top:
            continue
        own = tolls.get(doc_id)
        own_k = own.killed if own is not None else None
        own_i = own.injured if own is not None else None
        if doc_id in died:
            said = (f"its toll updated to {died[doc_id].killed} killed and "
                    f"{died[doc_id].injured} injured")
        elif own_k is None or own_i is None:
            said = "its text gives no toll"
        else:
            said = f"its text counts {own_k} killed and {own_i} injured"
        out[doc_id] = StoryToll(
            document_id=doc_id, story_id=story, kind="consensus", killed=top[0],
            injured=top[1], own_killed=own_k, own_injured=own_i, sources=sources,
            source_day=None, votes=votes, accounts=len(now),
            reason=(f"{said}; {votes} of the {len(now)} accounts of its story that give a "
                    f"toll count {top[0]} killed and {top[1]} injured"),
        )
    return out
