"""Days for undated accounts, read from the other accounts of their story.

Public contract::

    story_dates(stories, own_days) -> dict[document id, StoryDate]

Nearly half of crawled local-news pages carry no date but the archive's crawl time
(the GVA pages: 46 %), so their "Saturday night" resolves to no day. Once the
linker has put such a page in a story whose other accounts do give the incident's
day, that day is the best reading there is, and an analyst expects to see it:
derived, never confused with the page's own words. :func:`story_dates` gives each
undated member of a story the day most of the story's dated accounts give (the
earliest on a tie: follow-ups are dated later than the incident), with how many
accounts agreed, so the reason can be read and the figure weighed. A page whose
publication date stands in for the day its words never name counts as undated too:
a story-mate whose words name the day knows better (simulated on gva-dev split 0/5
before it was built: 13 such pages put right, 3 put wrong).

A pure function of the story assignment and each document's own incident day;
the store keeps its output beside the stories (``story_dates``) and replaces both
at every re-link, so a derived day never outlives the story it came from. Measured
on gva-dev (docs/ACCURACY.md): a derived day is the gold incident day for two
thirds of the pages that get one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

__all__ = ["StoryDate", "story_dates"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryDate:
    """The incident day an undated document takes from its story.

    Attributes:
        document_id: the undated document.
        story_id: the story the day comes from.
        day: the day most of the story's dated accounts give.
        votes: how many dated accounts give that day.
        dated: how many accounts of the story give a day at all.
        sources: the dated documents that give ``day`` (sorted ids).
        reason: one sentence saying so.
    """

    document_id: str
    story_id: str
    day: dt.date
    votes: int
    dated: int
    sources: tuple[str, ...]
    reason: str


def story_dates(
    stories: Mapping[str, str],
    own_days: Mapping[str, dt.date | None],
    *,
    stand_ins: Collection[str] = (),
) -> dict[str, StoryDate]:
    """The derived incident day of every undated document that has dated story-mates.

    Args:
        stories: document id -> story id (the linker's clusters).
        own_days: document id -> the incident day its own text gives (``None``
            when it gives none). Documents missing here count as undated.
        stand_ins: documents whose day in ``own_days`` is only their reference
            (publication) date standing in for a day their words never name: they
            neither give a day nor keep theirs when a story-mate's words name one.

    Returns:
        document id -> :class:`StoryDate`, only for undated documents (and stand-ins)
        whose story has at least one account dated by its own words.
    """
    weak = set(stand_ins)
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, story in stories.items():
        members[story].append(doc_id)
    out: dict[str, StoryDate] = {}
    for story, docs in sorted(members.items()):
        dated: dict[str, dt.date] = {}
        for d in docs:
            own_day = own_days.get(d)
            if own_day is not None and d not in weak:
                dated[d] = own_day
        undated = sorted(d for d in docs if own_days.get(d) is None or d in weak)
        if not dated or not undated:
            continue
        counts = Counter(dated.values())
        top = max(counts.values())
        day = min(d for d, n in counts.items() if n == top)
        sources = tuple(sorted(d for d, v in dated.items() if v == day))
        one = len(dated) == 1
        votes = (
            f"{top} of {len(dated)} dated account{'' if one else 's'} "
            f"in its story give{'s' if one else ''} {day.isoformat()}"
        )
        for doc_id in undated:
            if doc_id in weak:
                own = own_days[doc_id]
                assert own is not None
                reason = (f"its words name no day (its publication date {own.isoformat()} "
                          f"stood in); {votes}")
            else:
                reason = f"no day of its own; {votes}"
            out[doc_id] = StoryDate(document_id=doc_id, story_id=story, day=day, votes=top,
                                    dated=len(dated), sources=sources, reason=reason)
    return out
