"""A small inline SVG map: Natural Earth country outlines (the web app's copy) and points.

Equirectangular, fitted to the points; no library. For a report, not for analysis.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from importlib.resources import files
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """A marker: where, how big, which colour, what its tooltip says."""

    lon: float
    lat: float
    radius: float
    colour: str
    label: str


def load_outlines() -> dict[str, Any]:
    """The packaged countries-110m TopoJSON (from npm's world-atlas, Natural Earth)."""
    text = (files("rashomon.web") / "static" / "countries-110m.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def _rings(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    rings: list[list[tuple[float, float]]] = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"] if g["type"] == "MultiPolygon" else []
        for poly in polys:
            for ids in poly:
                ring: list[tuple[float, float]] = []
                for i in ids:
                    a = arcs[~i][::-1] if i < 0 else arcs[i]
                    ring.extend(a[1:] if ring else a)
                rings.append(ring)
    return rings


def svg_map(points: Sequence[Point], *, topo: dict[str, Any], width: int = 760, height: int = 420) -> str:
    """An ``<svg>`` element with the outlines and the points (largest drawn first)."""
    if points:
        lons = [p.lon for p in points]
        lats = [p.lat for p in points]
        pad = max(3.0, 0.3 * (max(lons) - min(lons)), 0.3 * (max(lats) - min(lats)))
        x0, x1, y0, y1 = min(lons) - pad * 1.6, max(lons) + pad * 1.6, min(lats) - pad, max(lats) + pad
    else:
        x0, x1, y0, y1 = -180.0, 180.0, -60.0, 85.0
    k = min(width / (x1 - x0), height / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return width / 2 + (lon - cx) * k, height / 2 - (lat - cy) * k

    def visible(ring: Iterable[tuple[float, float]]) -> bool:
        return any(x0 - 20 <= lon <= x1 + 20 and y0 - 20 <= lat <= y1 + 20 for lon, lat in ring)

    paths = []
    for ring in _rings(topo):
        if not visible(ring):
            continue
        d = []
        for i, (lon, lat) in enumerate(ring):
            jump = i == 0 or abs(lon - ring[i - 1][0]) > 180
            x, y = xy(lon, lat)
            d.append(f"{'M' if jump else 'L'}{x:.1f},{y:.1f}")
        paths.append("".join(d))
    out = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="map" class="map">',
           f'<rect width="{width}" height="{height}" fill="#dfeaf3"/>',
           f'<path d="{"".join(paths)}" fill="#f3f1ea" stroke="#b9b4a5" stroke-width="0.6"/>']
    for p in sorted(points, key=lambda p: -p.radius):
        x, y = xy(p.lon, p.lat)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{p.radius:.1f}" fill="{p.colour}" fill-opacity="0.8" '
                   f'stroke="#fff"><title>{escape(p.label)}</title></circle>')
    out.append("</svg>")
    return "".join(out)
