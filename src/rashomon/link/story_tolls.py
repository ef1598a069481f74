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
* counts more of them dead, and
* is dated no earlier than the account itself (a reference day; both must have one),

i.e. the reading "some of the wounded died" and no other: a story-mate with more
victims may be a merged neighbouring incident or a city's roundup, so its numbers
are not taken. The largest such toll wins (the latest day, then the document id,
on a tie), with the document it came from, so the reason can be read and checked.

A pure function of the story assignment and each document's own toll and day; the
store keeps its output beside the stories (``story_tolls``) and replaces both at
every re-link, so a derived toll never outlives the story it came from. The
document's own figures are never edited: the derived toll is shown beside them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["StoryToll", "Toll", "story_tolls"]


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


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryToll:
    """The toll a document takes from a later account of its story.

    Attributes:
        document_id: the document whose toll is updated.
        story_id: its story.
        killed: the updated number killed.
        injured: the updated number injured.
        own_killed: what the document itself counts dead.
        own_injured: what the document itself counts wounded.
        source: the story-mate the toll comes from.
        source_day: that story-mate's reference day.
        reason: one sentence saying so.
    """

    document_id: str
    story_id: str
    killed: int
    injured: int
    own_killed: int
    own_injured: int
    source: str
    source_day: dt.date
    reason: str


def story_tolls(
    stories: Mapping[str, str],
    tolls: Mapping[str, Toll],
) -> dict[str, StoryToll]:
    """The updated toll of every account whose wounded a later story-mate counts dead.

    Args:
        stories: document id -> story id (the linker's clusters).
        tolls: document id -> its own :class:`Toll`. Documents missing here, or
            without both counts or a day, neither take nor give a toll.

    Returns:
        document id -> :class:`StoryToll`, only for documents whose toll changes.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, story in stories.items():
        members[story].append(doc_id)
    out: dict[str, StoryToll] = {}
    for story, docs in sorted(members.items()):
        known = {
            d: tolls[d] for d in sorted(docs)
            if d in tolls and tolls[d].killed is not None and tolls[d].injured is not None
            and tolls[d].day is not None
        }
        if len(known) < 2:
            continue
        for doc_id, own in known.items():
            assert own.killed is not None and own.injured is not None and own.day is not None
            victims = own.killed + own.injured
            best: tuple[int, dt.date, str] | None = None
            for other_id, other in known.items():
                assert other.killed is not None and other.injured is not None
                assert other.day is not None
                if other_id == doc_id or other.day < own.day:
                    continue
                if other.killed <= own.killed or other.killed + other.injured != victims:
                    continue
                key = (other.killed, other.day, other_id)
                if best is None or key > best:
                    best = key
            if best is None:
                continue
            killed, day, source = best
            injured = victims - killed
            died = killed - own.killed
            out[doc_id] = StoryToll(
                document_id=doc_id, story_id=story, killed=killed, injured=injured,
                own_killed=own.killed, own_injured=own.injured, source=source,
                source_day=day,
                reason=(
                    f"its text counts {own.killed} killed and {own.injured} injured; "
                    f"an account of its story dated {day.isoformat()} ({source}) counts "
                    f"the same {victims} victim{'' if victims == 1 else 's'} with "
                    f"{killed} killed: {died} of the wounded died"
                ),
            )
    return out
