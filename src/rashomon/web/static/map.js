// The map page: canonical events as clustered markers on Natural Earth outlines, a
// brushable timeline, and the list, all filtered by the URL (shareable views).
//
// The events are fetched once with every filter but the dates; the timeline shows them
// all and its brush (from/to) filters the map and the list here, without a refetch, so
// brushing is instant. Filters other than dates reload the page with the new URL.
"use strict";
(function () {
  const R = window.Rashomon, { el, svg } = R;
  const W = 960, H = 500, TL_H = 120, TL_PAD = { left: 34, right: 8, top: 8, bottom: 22 };
  const DAY = 86400000;

  // --- TopoJSON (the subset world-atlas uses): quantised, delta-encoded arcs -------------
  function topoRings(topo, name) {
    const t = topo.transform, arcs = topo.arcs.map((arc) => {
      let x = 0, y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return t ? [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] : [x, y]; });
    });
    const ring = (ids) => {
      const pts = [];
      for (const id of ids) {
        const a = id < 0 ? arcs[~id].slice().reverse() : arcs[id];
        pts.push(...(pts.length ? a.slice(1) : a));
      }
      return pts;
    };
    return topo.objects[name].geometries.map((g) => {
      const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      return { name: (g.properties || {}).name, rings: polys.flatMap((p) => p.map(ring)) };
    });
  }
  // Country outlines in world units (x = lon, y = -lat); a ring crossing the antimeridian
  // (Russia, Fiji) is cut there instead of being joined across the whole map.
  function worldPath(rings) {
    return rings.map((r) => r.map(([x, y], i) => (i && Math.abs(x - r[i - 1][0]) > 180 ? "M" : i ? "L" : "M") + x.toFixed(2) + "," + (-y).toFixed(2)).join("")).join("");
  }

  // --- dates ------------------------------------------------------------------------------
  const toDay = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const isoOf = (t) => new Date(t).toISOString().slice(0, 10);
  function inDates(row, from, to) {
    if (!from && !to) return true;
    const d = R.eventDate(row);
    return !!d && (!from || d >= from) && (!to || d <= to);
  }

  // --- page state -------------------------------------------------------------------------
  const state = { rows: [], shown: [], from: null, to: null, view: null, world: null, meta: null, base: "/api/events", query: null, isEvents: true };

  async function mapPage() {
    const form = document.getElementById("filters"), query = R.filtersFromUrl();
    state.query = query; state.from = query.get("from"); state.to = query.get("to");
    for (const [k, v] of query) if (form.elements[k]) form.elements[k].value = v;
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = new URLSearchParams();
      for (const k of R.FILTERS) { const f = form.elements[k]; if (f && f.value.trim()) q.set(k, f.value.trim()); }
      const keep = state.query.get("bbox"); if (keep) q.set("bbox", keep);
      location.search = q.toString();
    });
    const notice = document.getElementById("notice");
    try {
      const [meta, world, sources] = await Promise.all([R.api("/api/meta"), fetch("/static/countries-110m.json").then((r) => r.json()), R.api("/api/sources")]);
      state.meta = meta;
      document.getElementById("meta").textContent = `${meta.documents} documents${meta.events != null ? ` · ${meta.events} events` : ""} · ${String(meta.db).split("/").pop()}`;
      renderSources(sources.items);
      state.isEvents = meta.has_canonical_events !== undefined ? (meta.has_canonical_events || meta.has_events) : meta.has_events;
      state.base = state.isEvents ? "/api/events" : "/api/documents";
      if (!state.isEvents) notice.replaceChildren(el("p", { class: "notice", text: "This store has no events yet: the map shows each document at the place its body names most often (not events)." }));
      const fetchQuery = new URLSearchParams(query); fetchQuery.delete("from"); fetchQuery.delete("to");
      state.rows = await allRows(state.base, fetchQuery, state.isEvents);
      state.world = topoRings(world, "countries").map((c) => ({ name: c.name, d: worldPath(c.rings) }));
      setupMapControls();
      setupTimeline();
      update({ refit: true });
      R.ready("1");
    } catch (err) { R.showError(notice, err); R.ready("error"); }
  }

  async function allRows(base, query, isEvents) {
    const rows = []; let cursor = null;
    do {
      const q = new URLSearchParams(query); q.set("limit", "1000"); if (cursor) q.set("cursor", cursor);
      const page = await R.api(`${base}?${q}`);
      for (const item of page.items) {
        if (isEvents) rows.push(item);
        else if (item.location) rows.push({ ...item.location, id: item.id, kind: "document_location", notes: item.title, date_start: item.reference_date, sources: [item.original_outlet, item.outlet].filter(Boolean) });
      }
      cursor = page.next_cursor;
    } while (cursor && rows.length < 20000);
    return rows;
  }

  // Everything that depends on the date range: URL, inputs, list, map, timeline marks.
  function update(opts) {
    state.shown = state.rows.filter((r) => inDates(r, state.from, state.to));
    const q = new URLSearchParams(state.query);
    for (const k of ["from", "to"]) { if (state[k]) q.set(k, state[k]); else q.delete(k); }
    state.query = q;
    const url = location.pathname + (q.toString() ? "?" + q : "");
    if (url !== location.pathname + location.search) history.replaceState(null, "", url);
    const form = document.getElementById("filters");
    form.elements.from.value = state.from || ""; form.elements.to.value = state.to || "";
    renderList();
    if (opts && opts.refit) fitView(state.shown);
    drawMap();
    drawTimelineSelection();
    renderDownloads();
    document.body.dataset.shown = String(state.shown.length);
  }

  // --- list -------------------------------------------------------------------------------
  function rowHref(row) { return row.kind === "document_location" ? "/documents/" + row.id : "/events/" + encodeURIComponent(R.eventId(row)); }
  function rowItem(row) {
    const id = R.eventId(row), place = `${row.location || "place unknown"}${row.admin1 ? ", " + row.admin1 : ""}${row.country_name ? ", " + row.country_name : ""}`;
    if (row.kind === "document_location") {
      return el("li", { "data-row": id }, el("a", { href: rowHref(row), text: row.notes || id }),
        el("div", { class: "small muted", text: `${R.eventDate(row) || "date unknown"} · ${place} · ${(row.sources || []).join(", ")}` }));
    }
    const type = R.eventType(row), outlets = R.outletLabels(row);
    const indep = row.independence == null ? null : el("span", { class: "indep", title: row.independence_text || "", text: `independence ${row.independence}` });
    const story = (row.story_ids || [])[0];
    return el("li", { "data-row": id, "data-date": R.eventDate(row) || "", "data-contested": R.contested(row) ? "1" : null },
      el("div", {},
        el("i", { class: "swatch", style: `background:${R.colour(type)}`, "aria-hidden": "true" }),
        el("a", { href: rowHref(row), text: `${type}${row.sub_event_type ? " — " + row.sub_event_type : ""}` }),
        R.contested(row) ? el("span", { class: "contested", title: "accounts contradict each other: see the event page", text: "contested" }) : null),
      el("div", { class: "small muted" },
        `${R.eventDate(row) || "date unknown"} · ${place} · killed ${R.eventFatalities(row)}`),
      el("div", { class: "small" },
        outlets.length ? `${outlets.join("; ")}` : "no outlet", indep ? " · " : null, indep,
        story ? " · " : null, story ? R.storyLink(story) : null));
  }
  function renderList() {
    const list = document.getElementById("rows"), rows = state.shown, cap = 1000;
    const noun = state.isEvents ? "events" : "documents";
    document.getElementById("list-title").textContent = `${rows.length} ${noun}` + (state.from || state.to ? ` (${state.from || "…"} to ${state.to || "…"})` : "");
    list.replaceChildren(...rows.slice(0, cap).map(rowItem));
    if (rows.length > cap) list.append(el("li", { class: "muted small", text: `${rows.length - cap} more: narrow the filters or download` }));
  }
  function renderDownloads() {
    const dl = document.getElementById("downloads"), formats = Object.keys((state.meta && state.meta.formats) || {});
    dl.replaceChildren(formats.length ? "download: " : "", ...formats.flatMap((f) => {
      const q = new URLSearchParams(state.query); q.set("format", f);
      return [el("a", { href: `${state.base}?${q}`, text: f }), " "];
    }));
  }
  function renderSources(items) {
    document.getElementById("sources").replaceChildren(...items.map((s) => el("li", { "data-source": s.id },
      el("strong", { text: s.name }), " ",
      el("span", { class: "small muted", text: `${s.country || "?"}${s.state_affiliated ? " · state-affiliated" : ""}${s.owner ? " · " + s.owner : ""} · ${s.documents} published, ${s.original_documents} original` }))));
  }

  // --- the map: equirectangular, zoomable, markers clustered at the current zoom -------------
  function placed(rows) { return rows.filter((r) => r.latitude != null && r.longitude != null); }
  function fitView(rows) {
    const bbox = (state.query.get("bbox") || "").split(",").map(Number);
    let x0 = -180, x1 = 180, y0 = -60, y1 = 85;
    const pts = placed(rows);
    if (bbox.length === 4 && bbox.every(Number.isFinite) && bbox[0] < bbox[2]) {
      [x0, y0, x1, y1] = bbox;
    } else if (pts.length) {
      const lons = pts.map((p) => p.longitude), lats = pts.map((p) => p.latitude);
      const pad = Math.max(3, 0.25 * (Math.max(...lons) - Math.min(...lons)), 0.25 * (Math.max(...lats) - Math.min(...lats)));
      if (Math.max(...lons) - Math.min(...lons) < 150) {
        [x0, x1, y0, y1] = [Math.min(...lons) - pad * 1.5, Math.max(...lons) + pad * 1.5, Math.min(...lats) - pad, Math.max(...lats) + pad];
      }
    }
    state.view = { cx: (x0 + x1) / 2, cy: -(y0 + y1) / 2, k: Math.min(W / (x1 - x0), H / (y1 - y0)) };
  }
  const project = (lon, lat) => [W / 2 + (lon - state.view.cx) * state.view.k, H / 2 + (-lat - state.view.cy) * state.view.k];
  function unproject(x, y) { return [state.view.cx + (x - W / 2) / state.view.k, -(state.view.cy + (y - H / 2) / state.view.k)]; }
  function viewBbox() {
    const [w, n] = unproject(0, 0), [e, s] = unproject(W, H);
    const c = (v, lo, hi) => Math.max(lo, Math.min(hi, v)).toFixed(3);
    return `${c(w, -180, 180)},${c(s, -90, 90)},${c(e, -180, 180)},${c(n, -90, 90)}`;
  }
  function zoomAt(factor, x, y) {
    const [lon, lat] = unproject(x, y), v = state.view;
    v.k = Math.max(W / 400, Math.min(4000, v.k * factor));
    v.cx = lon - (x - W / 2) / v.k; v.cy = -lat - (y - H / 2) / v.k;
    drawMap();
  }
  function svgPoint(ev) {
    const m = document.getElementById("map"), r = m.getBoundingClientRect();
    return [(ev.clientX - r.left) * W / r.width, (ev.clientY - r.top) * H / r.height];
  }
  function setupMapControls() {
    const map = document.getElementById("map");
    map.addEventListener("wheel", (ev) => { ev.preventDefault(); const [x, y] = svgPoint(ev); zoomAt(ev.deltaY < 0 ? 1.25 : 0.8, x, y); }, { passive: false });
    let drag = null;
    map.addEventListener("pointerdown", (ev) => { if (ev.target.closest(".cluster")) return; drag = { p: svgPoint(ev), cx: state.view.cx, cy: state.view.cy, moved: false }; map.setPointerCapture(ev.pointerId); });
    map.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const [x, y] = svgPoint(ev), dx = x - drag.p[0], dy = y - drag.p[1];
      if (Math.abs(dx) + Math.abs(dy) < 3 && !drag.moved) return;
      drag.moved = true; state.view.cx = drag.cx - dx / state.view.k; state.view.cy = drag.cy - dy / state.view.k; drawMap();
    });
    map.addEventListener("pointerup", () => { drag = null; });
    const controls = document.getElementById("map-controls");
    const button = (label, text, fn) => { const b = el("button", { type: "button", "aria-label": label, title: label, text }); b.addEventListener("click", fn); return b; };
    controls.replaceChildren(...[
      button("zoom in", "+", () => zoomAt(1.6, W / 2, H / 2)),
      button("zoom out", "−", () => zoomAt(1 / 1.6, W / 2, H / 2)),
      button("fit the events", "fit", () => { fitView(state.shown); drawMap(); }),
      button("filter to the area in view (bbox)", "filter to this area", () => { const q = new URLSearchParams(state.query); q.set("bbox", viewBbox()); location.search = q.toString(); }),
      state.query.get("bbox") ? el("a", { href: "?" + (() => { const q = new URLSearchParams(state.query); q.delete("bbox"); return q; })(), class: "small", text: "any area" }) : null].filter(Boolean));
  }

  // Greedy clustering in screen space: biggest first; a marker joins the first cluster
  // whose circle it would overlap. Recomputed at every zoom and pan.
  function radiusFor(killed, n) { return 6 + Math.min(22, 2.4 * Math.sqrt(killed)) + Math.min(8, 1.5 * Math.sqrt(n - 1)); }
  function clusters(rows) {
    const pts = placed(rows).map((r) => { const [x, y] = project(r.longitude, r.latitude); return { r, x, y, killed: R.fatalitiesBest(r) }; });
    pts.sort((a, b) => b.killed - a.killed || (R.eventId(a.r) < R.eventId(b.r) ? -1 : 1));
    const out = [];
    for (const p of pts) {
      const near = out.find((c) => Math.hypot(c.x - p.x, c.y - p.y) < c.radius + 8);
      if (near) {
        near.members.push(p.r); near.killed += p.killed;
        near.x = (near.x * (near.members.length - 1) + p.x) / near.members.length;
        near.y = (near.y * (near.members.length - 1) + p.y) / near.members.length;
        near.radius = radiusFor(near.killed, near.members.length);
      } else out.push({ x: p.x, y: p.y, members: [p.r], killed: p.killed, radius: radiusFor(p.killed, 1) });
    }
    return out;
  }
  function wedge(cx, cy, r, a0, a1) {
    const p = (a) => [cx + r * Math.sin(a), cy - r * Math.cos(a)];
    const [x0, y0] = p(a0), [x1, y1] = p(a1);
    return `M${cx.toFixed(1)},${cy.toFixed(1)}L${x0.toFixed(1)},${y0.toFixed(1)}A${r.toFixed(1)},${r.toFixed(1)} 0 ${a1 - a0 > Math.PI ? 1 : 0} 1 ${x1.toFixed(1)},${y1.toFixed(1)}Z`;
  }
  function drawMap() {
    const map = document.getElementById("map"), v = state.view;
    map.replaceChildren();
    const land = svg("g", { class: "land", transform: `translate(${(W / 2 - v.cx * v.k).toFixed(2)},${(H / 2 - v.cy * v.k).toFixed(2)}) scale(${v.k.toFixed(4)})` });
    for (const c of state.world) { const p = svg("path", { class: "country", d: c.d }); p.append(svg("title", {}, c.name || "")); land.append(p); }
    map.append(land);
    const cs = clusters(state.shown).sort((a, b) => b.radius - a.radius);
    const labels = svg("g", { class: "labels" }), boxes = [], named = new Set();
    for (const c of cs) {
      const types = new Map();
      for (const m of c.members) types.set(R.eventType(m), (types.get(R.eventType(m)) || 0) + 1);
      const n = c.members.length, places = [...new Set(c.members.map((m) => m.location || "?"))];
      const desc = `${places.slice(0, 3).join(", ")}${places.length > 3 ? "…" : ""}: ${R.plural(n, state.isEvents ? "event" : "document")} (${[...types].map(([t, k]) => `${k} ${t}`).join(", ")}), killed ${c.killed} (best estimates summed)`;
      const g = svg("g", { class: "cluster", tabindex: "0", role: "button", "aria-label": desc, "data-count": n, "data-types": [...types.keys()].join("|"), "data-type": types.size === 1 ? [...types.keys()][0] : "mixed", transform: "" });
      g.append(svg("title", {}, desc));
      if (types.size === 1) g.append(svg("circle", { class: "marker", cx: c.x.toFixed(1), cy: c.y.toFixed(1), r: c.radius.toFixed(1), fill: R.colour([...types.keys()][0]) }));
      else {
        let a = 0;
        for (const [t, k] of types) { const b = a + 2 * Math.PI * k / n; g.append(svg("path", { class: "wedge", d: wedge(c.x, c.y, c.radius, a, b - 1e-6), fill: R.colour(t) })); a = b; }
        g.append(svg("circle", { class: "marker ring", cx: c.x.toFixed(1), cy: c.y.toFixed(1), r: c.radius.toFixed(1), fill: "none" }));
      }
      if (n > 1) g.append(svg("text", { class: "count", x: c.x.toFixed(1), y: (c.y + 4).toFixed(1) }, String(n)));
      const open = () => openCluster(c);
      g.addEventListener("click", open);
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); } });
      map.append(g);
      const name = places.length === 1 ? places[0] : `${places[0]} +${places.length - 1}`;
      const box = { x: c.x + c.radius + 3, y: c.y - 8, w: 6.5 * name.length, h: 12 };
      const clash = boxes.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h);
      if (name !== "?" && !named.has(name) && !clash && box.x + box.w < W) {
        named.add(name); boxes.push(box);
        labels.append(svg("text", { class: "label", x: box.x.toFixed(1), y: (c.y + 4).toFixed(1) }, name));
      }
    }
    map.append(labels);
    const unplaced = state.shown.length - placed(state.shown).length;
    map.append(svg("text", { class: "map-note", x: 8, y: H - 8 }, unplaced ? `${unplaced} not placed (no coordinates)` : ""));
    drawLegend(cs);
  }
  function openCluster(c) {
    if (c.members.length === 1) { location.href = rowHref(c.members[0]); return; }
    const lons = c.members.map((m) => m.longitude), lats = c.members.map((m) => m.latitude);
    const spread = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats));
    if (spread > 0.01 && state.view.k < 3000) {
      const [cx, cy] = [(Math.max(...lons) + Math.min(...lons)) / 2, -(Math.max(...lats) + Math.min(...lats)) / 2];
      state.view = { cx, cy, k: Math.min(3000, Math.max(state.view.k * 1.6, 0.5 * Math.min(W, H) / spread)) };
      drawMap();
      return;
    }
    // one place: show its events in the list
    const ids = new Set(c.members.map(R.eventId));
    let first = null;
    for (const li of document.querySelectorAll("#rows li[data-row]")) {
      const on = ids.has(li.dataset.row); li.classList.toggle("hl", on); if (on && !first) first = li;
    }
    if (first) { first.scrollIntoView({ block: "nearest" }); const a = first.querySelector("a"); if (a) a.focus({ preventScroll: true }); }
  }
  function drawLegend(cs) {
    const types = [...new Set(state.rows.map(R.eventType))].sort((a, b) => R.TYPES.indexOf(a) - R.TYPES.indexOf(b));
    const clustered = cs.filter((c) => c.members.length > 1).length;
    document.getElementById("legend").replaceChildren(
      ...types.map((t) => el("span", { "data-type": t }, el("i", { style: `background:${R.colour(t)}`, "aria-hidden": "true" }), t)),
      el("span", { class: "muted", text: `circle size: fatalities (best estimate); a number: events merged into one circle at this zoom${clustered ? ` (${clustered} here)` : ""}; a pie: several types` }));
  }

  // --- the timeline: daily (or weekly) stacked bars by type, brushable -----------------------
  const tl = { buckets: [], step: DAY, t0: 0, t1: 0, x: null, xi: null };
  function setupTimeline() {
    const dated = state.rows.filter((r) => R.eventDate(r)), box = document.getElementById("timeline");
    const undated = state.rows.length - dated.length;
    document.getElementById("timeline-note").textContent = dated.length
      ? `Drag across the bars to pick dates (or click a bar); the map and the list follow.${undated ? ` ${R.plural(undated, "event")} without a date: shown only when no dates are set.` : ""}`
      : "No dated events to draw.";
    if (!dated.length) { box.replaceChildren(); return; }
    const days = dated.map((r) => toDay(R.eventDate(r)));
    let t0 = Math.min(...days), t1 = Math.max(...days);
    for (const k of ["from", "to"]) if (state[k] && /^\d{4}-\d\d-\d\d$/.test(state[k])) { t0 = Math.min(t0, toDay(state[k])); t1 = Math.max(t1, toDay(state[k])); }
    const weekly = (t1 - t0) / DAY > 120;
    if (weekly) { const dow = (new Date(t0).getUTCDay() + 6) % 7; t0 -= dow * DAY; }
    tl.step = weekly ? 7 * DAY : DAY; tl.t0 = t0 - tl.step; tl.t1 = t1 + 2 * tl.step;  // a bucket of air each side
    const n = Math.round((tl.t1 - tl.t0) / tl.step);
    tl.buckets = Array.from({ length: n }, (_, i) => ({ t: tl.t0 + i * tl.step, byType: new Map(), total: 0 }));
    for (const r of dated) {
      const b = tl.buckets[Math.floor((toDay(R.eventDate(r)) - tl.t0) / tl.step)];
      if (!b) continue;
      const t = R.eventType(r); b.byType.set(t, (b.byType.get(t) || 0) + 1); b.total++;
    }
    const plotW = W - TL_PAD.left - TL_PAD.right, plotH = TL_H - TL_PAD.top - TL_PAD.bottom;
    tl.x = (t) => TL_PAD.left + (t - tl.t0) / (tl.t1 - tl.t0) * plotW;
    tl.xi = (x) => tl.t0 + (Math.max(TL_PAD.left, Math.min(W - TL_PAD.right, x)) - TL_PAD.left) / plotW * (tl.t1 - tl.t0);
    const max = Math.max(1, ...tl.buckets.map((b) => b.total)), bw = Math.max(1, plotW / n - 1);
    box.setAttribute("viewBox", `0 0 ${W} ${TL_H}`);
    box.setAttribute("aria-label", `timeline: ${weekly ? "weekly" : "daily"} counts of events by type, ${isoOf(t0)} to ${isoOf(t1)}; drag to select dates`);
    box.replaceChildren(svg("rect", { class: "tl-bg", x: TL_PAD.left, y: TL_PAD.top, width: plotW, height: plotH }));
    const bars = svg("g", { class: "bars" });
    for (const b of tl.buckets) {
      if (!b.total) continue;
      let y = TL_PAD.top + plotH;
      const g = svg("g", { class: "bar", "data-day": isoOf(b.t), "data-count": b.total });
      g.append(svg("title", {}, `${weekly ? "week of " : ""}${isoOf(b.t)}: ${[...b.byType].map(([t, k]) => `${k} ${t}`).join(", ")}`));
      for (const t of R.TYPES.concat(["document location"])) {
        const k = b.byType.get(t); if (!k) continue;
        const h = k / max * plotH; y -= h;
        g.append(svg("rect", { x: tl.x(b.t).toFixed(1), y: y.toFixed(1), width: bw.toFixed(1), height: h.toFixed(1), fill: R.colour(t) }));
      }
      bars.append(g);
    }
    box.append(bars);
    const axis = svg("g", { class: "axis" });
    axis.append(svg("text", { x: TL_PAD.left - 4, y: TL_PAD.top + 9, "text-anchor": "end" }, String(max)));
    axis.append(svg("text", { x: TL_PAD.left - 4, y: TL_PAD.top + plotH, "text-anchor": "end" }, "0"));
    const ticks = Math.min(n, 8), every = Math.ceil(n / ticks);
    for (let i = 1; i < n; i += every) {
      const t = tl.buckets[i].t, x = tl.x(t) + bw / 2;
      axis.append(svg("line", { x1: x, x2: x, y1: TL_PAD.top + plotH, y2: TL_PAD.top + plotH + 4 }));
      axis.append(svg("text", { x, y: TL_H - 6, "text-anchor": "middle" }, isoOf(t).slice(weekly ? 0 : 5)));
    }
    box.append(axis);
    box.append(svg("rect", { class: "brush-sel", id: "brush-sel", x: 0, y: TL_PAD.top, width: 0, height: plotH }));
    // brushing: drag selects whole buckets; a click selects the bucket under it
    let start = null;
    const tx = (ev) => { const r = box.getBoundingClientRect(); return (ev.clientX - r.left) * W / r.width; };
    box.addEventListener("pointerdown", (ev) => { start = tx(ev); box.setPointerCapture(ev.pointerId); showBrush(start, start); });
    box.addEventListener("pointermove", (ev) => { if (start !== null) showBrush(start, tx(ev)); });
    box.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const a = Math.min(start, tx(ev)), b = Math.max(start, tx(ev)); start = null;
      const bucket = (t) => tl.t0 + Math.floor((t - tl.t0) / tl.step) * tl.step;
      const from = bucket(tl.xi(a)), to = bucket(tl.xi(b)) + tl.step - DAY;
      state.from = isoOf(from); state.to = isoOf(to);
      update();
    });
    const clear = document.getElementById("brush-clear");
    clear.addEventListener("click", () => { state.from = null; state.to = null; update(); });
  }
  function showBrush(a, b) {
    const sel = document.getElementById("brush-sel"); if (!sel) return;
    const lo = Math.max(TL_PAD.left, Math.min(a, b)), hi = Math.min(W - TL_PAD.right, Math.max(a, b));
    sel.setAttribute("x", lo.toFixed(1)); sel.setAttribute("width", Math.max(1, hi - lo).toFixed(1));
  }
  function drawTimelineSelection() {
    const clear = document.getElementById("brush-clear");
    clear.hidden = !(state.from || state.to);
    if (!tl.x) return;
    const sel = document.getElementById("brush-sel");
    if (!(state.from || state.to)) { sel.setAttribute("width", 0); }
    else {
      const a = state.from ? tl.x(toDay(state.from)) : TL_PAD.left, b = state.to ? tl.x(toDay(state.to) + DAY) : W - TL_PAD.right;
      showBrush(a, b);
    }
    for (const g of document.querySelectorAll("#timeline g.bar")) {
      const d = g.dataset.day, end = isoOf(toDay(d) + tl.step - DAY);
      const inside = (!state.from || end >= state.from) && (!state.to || d <= state.to);
      g.classList.toggle("out", !inside);
    }
  }

  window.Rashomon.mapPage = mapPage;
})();
