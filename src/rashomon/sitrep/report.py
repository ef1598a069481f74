"""A situation report: one self-contained HTML page over a country and a period.

::

    gather(store, filters) -> Sitrep -> render_html(sitrep) -> str

It counts **canonical events**: the accounts of one event in every outlet merged into
one row (the link stage), so an event told by two outlets counts once, and the page
says how many accounts the events merge. What it says, in order: the events in numbers
(by type, with the fatality ranges as reported), a daily chart of events by type, a
map, the main events with their outlets, primary sources and independence, the
contested claims (contradictions side by side with who said what), who reported
them, every event, and the undated events that match every filter but the dates.

Fatalities: each event's range is the merged range of its accounts; a type's total is
the sum of its events' lows and highs (an event with no upper bound makes the total
unbounded), never a made-up point value.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from .. import __version__
from ..store.db import Store
from ..store.read_api import (
    NO_ACTORS,
    ActorTable,
    CanonicalEvent,
    Filters,
    SourceRow,
    ensure_search_index,
    iter_canonical_events,
    list_sources,
)
from .chart import daily_chart, days_between
from .mapsvg import Point, load_outlines, svg_map

TYPE_COLOURS = {
    "Battles": "#c92a2a",
    "Explosions/Remote violence": "#e8590c",
    "Violence against civilians": "#862e9c",
    "Protests": "#1971c2",
    "Riots": "#f08c00",
    "Strategic developments": "#2b8a3e",
}
#: How many events the "main events" section shows.
MAIN_EVENTS = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class Sitrep:
    """What the report shows (everything already read from the store)."""

    filters: Filters
    store_label: str
    events: list[CanonicalEvent]
    undated: list[CanonicalEvent]  # matching every filter but the dates, with no date
    sources: list[SourceRow]
    contradictions: list[dict[str, Any]]  # of the events and the undated ones, each once
    generated: str

    @property
    def accounts(self) -> int:
        """How many accounts (event mentions) the listed events merge."""
        return sum(int(e.data["mentions"]) for e in self.events)

    @property
    def documents(self) -> set[str]:
        """The documents the listed events' accounts come from."""
        return {d for e in self.events for d in e.data["document_ids"]}


def gather(store: Store, filters: Filters, *, actors: ActorTable = NO_ACTORS) -> Sitrep:
    """Read what the report needs (streams the events a page at a time).

    Raises:
        StoreError: R233 when the store has no canonical events.
    """
    if filters.q:
        ensure_search_index(store)
    events = list(iter_canonical_events(store, filters, actors=actors))
    undated: list[CanonicalEvent] = []
    if filters.date_from or filters.date_to:
        wider = replace(filters, date_from=None, date_to=None)
        undated = [e for e in iter_canonical_events(store, wider, actors=actors) if e.data["event_date"] is None]
    used = {o.get("original_outlet_id") or o["id"] for e in events for o in e.data["outlets"]}
    used |= {o["id"] for e in events for o in e.data["outlets"]}
    sources = [s for s in list_sources(store) if s.id in used]
    cons: dict[str, dict[str, Any]] = {}
    for e in (*events, *undated):
        for c in e.data["contradictions"]:
            cons.setdefault(c["id"], {**c, "event_ids": []})["event_ids"].append(e.id)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return Sitrep(filters=filters, store_label=store.label, events=events, undated=undated, sources=sources,
                  contradictions=list(cons.values()), generated=now)


# -- words ------------------------------------------------------------------------------


def killed(low: int | None, high: int | None, *, unbounded: bool = False) -> str:
    """A fatality range in words: "1–300", "4000 or more", "" when none was reported."""
    if low is None:
        return ""
    if high is None or unbounded:
        return f"{low} or more"
    return str(low) if low == high else f"{low}–{high}"


def _event_killed(e: CanonicalEvent) -> str:
    d = e.data
    text = killed(d["fatalities_low"], d["fatalities_high"])
    if text and d.get("fatalities_best") is not None and d["fatalities_best"] not in (d["fatalities_low"],
                                                                                      d["fatalities_high"]):
        text += f" (best {d['fatalities_best']})"
    return text


def _type_killed(events: Iterable[CanonicalEvent]) -> str:
    reported = [e for e in events if e.data["fatalities_low"] is not None]
    if not reported:
        return ""
    low = sum(int(e.data["fatalities_low"]) for e in reported)
    high = sum(int(e.data["fatalities_high"] or 0) for e in reported)
    return killed(low, high, unbounded=any(e.data["fatalities_high"] is None for e in reported))


def _when(e: CanonicalEvent) -> str:
    day = e.data["event_date"]
    if day is None:
        return "undated"
    return str(day) + {2: " (week)", 3: " (month)"}.get(e.data["time_precision"] or 1, "")


def _outlets(e: CanonicalEvent) -> str:
    names = []
    for o in e.data["outlets"]:
        names.append(f"{o['original_outlet']} (republished by {o['name']})" if o.get("original_outlet") else o["name"])
    return ", ".join(dict.fromkeys(names))


def _where(e: CanonicalEvent) -> str:
    d = e.data
    return ", ".join(str(x) for x in (d["location"], d["admin1"], d.get("country_name")) if x)


def _independence(rep: Sitrep) -> str:
    srcs = rep.sources
    if not srcs:
        return "No outlet reported anything matching these filters."
    groups = Counter(g["name"] for e in rep.events for g in e.data["owner_groups"])
    single = sum(1 for e in rep.events if e.data["independence"] <= 1)
    text = (f"{len(srcs)} outlet(s) in {len(groups)} owner group(s); {single} of {len(rep.events)} events rest on "
            "at most one independent source.")
    if len(groups) == 1:
        text += f" Every account comes from {escape(next(iter(groups)))}: corroboration across outlets is weak."
    return text


# -- sections ---------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;color:#1d232a;max-width:1100px;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin:0}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d8dee4}
h3{font-size:1rem;margin:1rem 0 .3rem}.muted{color:#5f6b76}.small{font-size:.8rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e3e7eb}
th{background:#f6f8fa}.note{background:#fff8e1;border:1px solid #f0d58a;padding:.5rem .7rem;border-radius:3px}
i.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:.3rem}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}.side{border:1px solid #d8dee4;padding:.4rem .6rem}
.event{border-left:4px solid #d8dee4;padding:.2rem .7rem;margin:.6rem 0;page-break-inside:avoid}
"""


def _dot(etype: str | None) -> str:
    return f"<i class='dot' style='background:{TYPE_COLOURS.get(etype or '', '#495057')}'></i>"


def _numbers(rep: Sitrep) -> list[str]:
    by_type: dict[str, list[CanonicalEvent]] = defaultdict(list)
    for e in rep.events:
        by_type[e.data["event_type"] or "?"].append(e)
    h = [f"<p>{len(rep.events)} events merging {rep.accounts} accounts from {len(rep.documents)} documents "
         f"by {len(rep.sources)} outlets"
         + (f"; {len(rep.undated)} more events have no date (listed at the end)" if rep.undated else "") + ".</p>",
         "<table><tr><th>event type</th><th>events</th><th>accounts</th><th>killed (sum of the events' ranges)</th></tr>"]
    for etype, evs in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
        h.append(f"<tr><td>{_dot(etype)}{escape(etype)}</td><td>{len(evs)}</td>"
                 f"<td>{sum(int(e.data['mentions']) for e in evs)}</td><td>{escape(_type_killed(evs))}</td></tr>")
    h.append("</table>")
    return h


def _chart(rep: Sitrep) -> str:
    dated = [e for e in rep.events if e.data["event_date"]]
    if not dated:
        return "<p class='muted'>No dated events to chart.</p>"
    dates = [dt.date.fromisoformat(e.data["event_date"]) for e in dated]
    first = rep.filters.date_from or min(dates)
    last = rep.filters.date_to or max(dates)
    counts: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for e, day in zip(dated, dates, strict=True):
        counts[day][e.data["event_type"] or "?"] += 1
    note = ("<p class='muted small'>An event dated to a week or a month is drawn on the first day of it.</p>"
            if any((e.data["time_precision"] or 1) > 1 for e in dated) else "")
    return daily_chart(counts, days_between(first, last), TYPE_COLOURS) + note


def _map(rep: Sitrep) -> str:
    points = [
        Point(lon=float(e.data["longitude"]), lat=float(e.data["latitude"]),
              radius=4 + min(14.0, 2 * (e.data["fatalities_low"] or 0) ** 0.5) + min(6.0, float(e.data["mentions"])),
              colour=TYPE_COLOURS.get(e.data["event_type"] or "", "#495057"),
              label=f"{_when(e)} {e.data['event_type']}: {e.data['location']} ({e.data['mentions']} accounts)")
        for e in rep.events if e.data["latitude"] is not None and e.data["longitude"] is not None
    ]
    return svg_map(points, topo=load_outlines())


def _main_events(events: Sequence[CanonicalEvent]) -> list[str]:
    ranked = sorted(events, key=lambda e: (-int(e.data["mentions"]), -(e.data["fatalities_high"] or e.data["fatalities_low"] or 0),
                                           e.data["event_date"] or "", e.id))[:MAIN_EVENTS]
    h = [f"<p class='muted small'>The {len(ranked)} events told by the most accounts.</p>"]
    for e in ranked:
        d = e.data
        prim = "; ".join(p["name"] for p in d["primary_sources"])
        h.append(
            f"<div class='event' style='border-color:{TYPE_COLOURS.get(d['event_type'] or '', '#d8dee4')}'>"
            f"<b>{escape(_when(e))} · {escape(d['event_type'] or '')}: {escape(d['sub_event_type'] or '')}</b> "
            f"at {escape(_where(e))}"
            + (f" · killed {escape(_event_killed(e))}" if _event_killed(e) else "")
            + f"<br>{escape(' '.join(str(d['notes'] or '').split()))}"
            f"<br><span class='small'>{d['mentions']} accounts from {escape(_outlets(e))}; primary source(s): "
            f"{escape(prim)}; <b>independence {d['independence']}</b>: {escape(d['independence_text'])}</span>"
            f"<br><span class='muted small'>{escape(e.id)}</span></div>"
        )
    return h


def _side(s: dict[str, Any], outlets: dict[str, str]) -> str:
    outlet = outlets.get(s.get("original_outlet_id") or "", "") or outlets.get(s.get("outlet_id") or "", "")
    outlet = outlet or str(s.get("original_outlet_id") or s.get("outlet_id") or "")
    return (f"<div class='side'><b>{escape(str(s.get('speaker') or 'unnamed source'))}</b>"
            f" <span class='muted small'>({escape(outlet)})</span><br>“{escape(' '.join(str(s.get('text', '')).split()))}”"
            f"<br><span class='muted small'>document {escape(str(s.get('document_id', ''))[:10])}, "
            f"characters {s.get('start')}–{s.get('end')}</span></div>")


def _contested(rep: Sitrep) -> list[str]:
    if not rep.contradictions:
        return ["<p class='muted'>No two accounts of these events contradict each other.</p>"]
    outlets = {s.id: s.name for s in rep.sources}
    h = []
    for c in rep.contradictions:
        h.append(f"<h3>{escape(c['kind'])}: {escape(c['reason'])}</h3>"
                 f"<div class='sides'>{_side(c['a'], outlets)}{_side(c['b'], outlets)}</div>"
                 f"<p class='muted small'>event(s) {escape(', '.join(c['event_ids']))}</p>")
    return h


def _event_table(events: Sequence[CanonicalEvent], *, with_ids: bool) -> list[str]:
    h = [("<table><tr><th>when</th><th>what</th><th>where</th><th>actors</th><th>killed</th>"
         "<th>accounts · outlets</th><th>independence</th><th>notes</th></tr>")]
    for e in events:
        d = e.data
        actors = " vs ".join(a for a in (d["actor1"], d["actor2"]) if a)
        row_id = f" id='{escape(e.id)}'" if with_ids else ""
        h.append(
            f"<tr{row_id}><td>{escape(_when(e))}</td><td>{_dot(d['event_type'])}{escape(d['event_type'] or '')}<br>"
            f"<span class='small muted'>{escape(d['sub_event_type'] or '')}</span></td>"
            f"<td>{escape(_where(e))}</td><td>{escape(actors)}</td><td>{escape(_event_killed(e))}</td>"
            f"<td class='small'>{d['mentions']} · {escape(_outlets(e))}</td><td>{d['independence']}</td>"
            f"<td class='small'>{escape(' '.join(str(d['notes'] or '').split()))}<br>"
            f"<span class='muted'>{escape(e.id)}</span></td></tr>"
        )
    h.append("</table>")
    return h


def render_html(rep: Sitrep) -> str:
    """The report as one HTML page: inline CSS and SVG, no scripts, no external files."""
    f = rep.filters
    where = f.country or "all countries"
    period = f"{f.date_from or '…'} to {f.date_to or '…'}"
    h: list[str] = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Situation report: {escape(where)}, {escape(period)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Situation report: {escape(where)}, {escape(period)}</h1>",
        (f"<p class='muted small'>rashomon {__version__} · store {escape(rep.store_label)} · generated {rep.generated}"
         f" · filters {escape(str(f.to_query()))}</p>"),
        (f"<p class='note'>Events are <b>deduplicated across outlets</b>: each event merges the accounts of every "
         f"outlet that reported it ({len(rep.events)} events merge {rep.accounts} accounts). Killed figures are "
         "the ranges the accounts give, never a made-up point value. <b>Independence</b> counts how many "
         "independent sources stand behind an event: the smaller of its distinct primary sources and owner "
         "groups (two outlets of one state repeating one ministry count 1).</p>"),
        "<h2>In numbers</h2>", *_numbers(rep),
        "<h2>Events per day</h2>", _chart(rep),
        "<h2>Map</h2>", _map(rep),
        "<h2>Main events</h2>", *_main_events(rep.events),
        "<h2>Contested claims</h2>", *_contested(rep),
        "<h2>Who reported it</h2>",
        "<table><tr><th>outlet</th><th>country</th><th>owner</th><th>state-affiliated</th></tr>",
    ]
    for s in rep.sources:
        h.append(f"<tr><td>{escape(s.name)}</td><td>{escape(s.country or '')}</td><td>{escape(s.owner or '')}</td>"
                 f"<td>{'yes' if s.state_affiliated else 'no'}</td></tr>")
    h.append(f"</table><p>{_independence(rep)}</p>")
    h += ["<h2>Events</h2>", *_event_table(rep.events, with_ids=True)]
    if rep.undated:
        h += ["<h2>Undated events</h2>",
              ("<p class='muted small'>These match every filter but the dates: nothing dates them, so they may or "
              "may not fall in the period.</p>"), *_event_table(rep.undated, with_ids=False)]
    h.append("</body></html>")
    return "".join(h)
