"""A small inline SVG bar chart: events per day, stacked by event type. No library, no script.

For a report, not for analysis: one bar per day of the period (days with no event get
an empty slot, so gaps show), a legend of the types drawn, and each bar segment's
tooltip saying the day, the type and the count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape

#: Most days drawn; a longer period is cut to its last days (the report says so).
MAX_DAYS = 120


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from ``first`` to ``last`` inclusive (at most :data:`MAX_DAYS`, the latest)."""
    n = (last - first).days + 1
    start = first if n <= MAX_DAYS else last - dt.timedelta(days=MAX_DAYS - 1)
    return [start + dt.timedelta(days=i) for i in range(min(n, MAX_DAYS))]


def daily_chart(
    counts: Mapping[dt.date, Counter[str]], days: Sequence[dt.date], colours: Mapping[str, str],
    *, width: int = 760, height: int = 220,
) -> str:
    """An ``<svg>`` of stacked bars: ``counts[day][event type]`` events on each of ``days``."""
    if not days:
        return "<p class='muted'>No dated events to chart.</p>"
    top = max((sum(counts.get(d, Counter()).values()) for d in days), default=0) or 1
    left, bottom, pad = 34, 28, 8
    plot_w, plot_h = width - left - pad, height - bottom - pad - 18
    slot = plot_w / len(days)
    bar = max(1.0, slot * 0.8)
    types = sorted({t for d in days for t in counts.get(d, Counter())})
    out = [(f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="events per day by type" '
           'class="chart">'),
           f'<line x1="{left}" y1="{pad + plot_h}" x2="{left + plot_w}" y2="{pad + plot_h}" stroke="#8a949e"/>',
           f'<text x="{left - 4}" y="{pad + 8}" font-size="10" text-anchor="end">{top}</text>',
           f'<text x="{left - 4}" y="{pad + plot_h}" font-size="10" text-anchor="end">0</text>']
    step = max(1, len(days) // 10)
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar) / 2
        y: float = pad + plot_h
        for t in types:
            n = counts.get(day, Counter()).get(t, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                       f'fill="{colours.get(t, "#495057")}"><title>{day.isoformat()}: {n} × {escape(t)}</title></rect>')
        if i % step == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{pad + plot_h + 14}" font-size="10" '
                       f'text-anchor="middle">{day.strftime("%d %b")}</text>')
    lx = left
    for t in types:
        out.append(f'<rect x="{lx}" y="{height - 12}" width="10" height="10" fill="{colours.get(t, "#495057")}"/>'
                   f'<text x="{lx + 14}" y="{height - 3}" font-size="10">{escape(t)}</text>')
        lx += 24 + 6 * len(t)
    out.append("</svg>")
    return "".join(out)


__all__ = ["MAX_DAYS", "daily_chart", "days_between"]
