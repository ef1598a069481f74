"""A situation report: one self-contained HTML page over a country and a period.

::

    gather(store, filters) -> Sitrep -> render_html(sitrep) -> str

What it says, in order: the accounts in numbers (by event type, with the killed
ranges as reported), a map, who reported them (outlets, owners, state affiliation)
and who they attribute them to, where accounts of the same type and place disagree,
and every account with its evidence sentence.

Counts are of *accounts* (event mentions), not of deduplicated events: until linking
merges accounts into events, one event told by two outlets counts twice, and the
page says so. Fatalities are never summed across accounts for the same reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from .. import __version__
from ..store.db import Store
from ..store.read_api import (
    NO_ACTORS,
    ActorTable,
    EventRow,
    Filters,
    SourceRow,
    country_info,
    disagreements,
    iter_events,
    list_sources,
)
from .mapsvg import Point, load_outlines, svg_map

TYPE_COLOURS = {
    "Battles": "#c92a2a",
    "Explosions/Remote violence": "#e8590c",
    "Violence against civilians": "#862e9c",
    "Protests": "#1971c2",
    "Riots": "#f08c00",
    "Strategic developments": "#2b8a3e",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Sitrep:
    """What the report shows (everything already read from the store)."""

    filters: Filters
    store_label: str
    rows: list[EventRow]
    undated: int  # accounts matching every filter but the dates, with no date
    sources: list[SourceRow]
    conflicts: list[tuple[str, list[dict[str, Any]]]]
    generated: str


def gather(store: Store, filters: Filters, *, actors: ActorTable = NO_ACTORS) -> Sitrep:
    """Read what the report needs (streams the accounts a page at a time)."""
    rows = list(iter_events(store, filters, actors=actors))
    undated = 0
    if filters.date_from or filters.date_to:
        undated = sum(
            1 for r in iter_events(store, replace(filters, date_from=None, date_to=None), actors=actors)
            if r.date_start is None
        )
    used = {s for r in rows for s in r.source_ids}
    sources = [s for s in list_sources(store) if s.id in used]
    groups: dict[tuple[str, str], list[EventRow]] = defaultdict(list)
    for r in rows:
        if r.event_type and r.geonameid:
            groups[(r.event_type, r.geonameid)].append(r)
    conflicts = []
    for (etype, _), members in groups.items():
        if len({m.document_ids for m in members}) > 1:
            found = disagreements(members)
            if found:
                conflicts.append((f"{etype} at {members[0].location}", found))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return Sitrep(filters=filters, store_label=store.label, rows=rows, undated=undated, sources=sources,
                  conflicts=conflicts, generated=now)


def _killed(r: EventRow) -> str:
    if r.fatalities_low is None:
        return ""
    if r.fatalities_high is None:
        return f"{r.fatalities_low} or more"
    return str(r.fatalities_low) if r.fatalities_low == r.fatalities_high else f"{r.fatalities_low}–{r.fatalities_high}"


def _when(r: EventRow) -> str:
    if r.date_start is None:
        return "undated"
    if r.date_end and r.date_end != r.date_start:
        return f"{r.date_start} – {r.date_end}"
    return r.date_start.isoformat()


def _independence(rep: Sitrep) -> str:
    srcs = rep.sources
    if not srcs:
        return "No outlet reported anything matching these filters."
    state = [s for s in srcs if s.state_affiliated]
    countries = Counter(s.country for s in state)
    text = f"{len(srcs)} outlet(s); {len(state)} state-affiliated."
    if state and len(state) == len(srcs) and len(countries) == 1:
        text += (f" Every outlet is state-affiliated media of {country_info(next(iter(countries)))[0] or '?'}:"
                 " corroboration across them is weak.")
    speakers = Counter(r.attributed_to.split(" (")[0] for r in rep.rows if r.attributed_to)
    if speakers:
        top = ", ".join(f"{escape(k)} ({v})" for k, v in speakers.most_common(5))
        text += f" Accounts are most often attributed to: {top}."
    return text


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;color:#1d232a;max-width:1100px;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin:0}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d8dee4}
.muted{color:#5f6b76}.small{font-size:.8rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e3e7eb}
th{background:#f6f8fa}.note{background:#fff8e1;border:1px solid #f0d58a;padding:.5rem .7rem;border-radius:3px}
i.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:.3rem}
"""


def render_html(rep: Sitrep) -> str:
    """The report as one HTML page: inline CSS and SVG, no scripts, no external files."""
    f = rep.filters
    where = f.country or "all countries"
    period = f"{f.date_from or '…'} to {f.date_to or '…'}"
    rows = sorted(rep.rows, key=lambda r: (r.date_start or dt.date.min, r.id))
    by_type = Counter(r.event_type for r in rows)
    docs = {d for r in rows for d in r.document_ids}
    points = [
        Point(lon=r.longitude, lat=r.latitude, radius=4 + min(14.0, 2 * (r.fatalities_low or 0) ** 0.5),
              colour=TYPE_COLOURS.get(r.event_type or "", "#495057"),
              label=f"{_when(r)} {r.event_type}: {r.location}")
        for r in rows if r.latitude is not None and r.longitude is not None
    ]
    h: list[str] = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Situation report: {escape(where)}, {escape(period)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Situation report: {escape(where)}, {escape(period)}</h1>",
        (f"<p class='muted small'>rashomon {__version__} · store {escape(rep.store_label)} · generated {rep.generated}"
         f" · filters {escape(str(f.to_query()))}</p>"),
        ("<p class='note'>Counts are of <b>accounts</b> (one outlet's report of one event), not of "
         "deduplicated events: the same event told by two outlets counts twice. Killed figures are the "
         "ranges each account gives, never summed.</p>"),
        "<h2>In numbers</h2>",
        f"<p>{len(rows)} accounts from {len(docs)} documents by {len(rep.sources)} outlets"
        + (f"; {rep.undated} more accounts have no date and are not shown" if rep.undated else "") + ".</p>",
        "<table><tr><th>event type</th><th>accounts</th><th>largest killed range reported</th></tr>",
    ]
    for etype, n in by_type.most_common():
        killed = [r for r in rows if r.event_type == etype and r.fatalities_low is not None]
        top = max(killed, key=lambda r: (r.fatalities_high or r.fatalities_low or 0), default=None)
        h.append(f"<tr><td><i class='dot' style='background:{TYPE_COLOURS.get(etype or '', '#495057')}'></i>"
                 f"{escape(etype or '?')}</td><td>{n}</td>"
                 f"<td>{escape(_killed(top)) + ' (' + escape(', '.join(top.sources)) + ')' if top else ''}</td></tr>")
    h.append("</table><h2>Map</h2>")
    h.append(svg_map(points, topo=load_outlines()))
    h.append("<h2>Who reported it</h2><table><tr><th>outlet</th><th>country</th><th>owner</th><th>state-affiliated</th></tr>")
    for s in rep.sources:
        h.append(f"<tr><td>{escape(s.name)}</td><td>{escape(s.country or '')}</td><td>{escape(s.owner or '')}</td>"
                 f"<td>{'yes' if s.state_affiliated else 'no'}</td></tr>")
    h.append(f"</table><p>{_independence(rep)}</p>")
    h.append("<h2>Where accounts disagree</h2>")
    if not rep.conflicts:
        h.append("<p class='muted'>No two documents' accounts of the same type and place disagree.</p>")
    for title, found in rep.conflicts:
        h.append(f"<h3>{escape(title)}</h3><table><tr><th>field</th><th>value: accounts</th></tr>")
        for d in found:
            vals = "<br>".join(f"<b>{escape(v['value'])}</b>: {escape('; '.join(v['accounts']))}" for v in d["values"])
            h.append(f"<tr><td>{escape(d['field'])}</td><td class='small'>{vals}</td></tr>")
        h.append("</table>")
    h.append("<h2>Accounts</h2><table><tr><th>when</th><th>what</th><th>where</th><th>actors</th>"
             "<th>killed</th><th>said by</th><th>evidence</th></tr>")
    for r in rows:
        actors = " vs ".join(a for a in (r.actor1, r.actor2) if a)
        h.append(
            f"<tr id='{escape(r.id)}'><td>{escape(_when(r))}</td><td>{escape(r.event_type or '')}<br>"
            f"<span class='small muted'>{escape(r.sub_event_type or '')} · {escape(r.modality or '')}</span></td>"
            f"<td>{escape(r.location or '')}{', ' + escape(r.admin1) if r.admin1 else ''}</td><td>{escape(actors)}</td>"
            f"<td>{escape(_killed(r))}</td><td class='small'>{escape(', '.join(r.sources))}"
            f"{'<br>' + escape(r.attributed_to) if r.attributed_to else ''}</td>"
            f"<td class='small'>{escape(r.notes)}<br><span class='muted'>{escape(r.id)}</span></td></tr>"
        )
    h.append("</table></body></html>")
    return "".join(h)
