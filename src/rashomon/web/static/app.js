// rashomon web app: a map of events (or of documents' locations before events exist),
// a document page and an event page. Plain JS, no libraries, no network beyond our API.
"use strict";
(function () {
  const TYPE_COLOURS = {
    "Battles": "#c92a2a",
    "Explosions/Remote violence": "#e8590c",
    "Violence against civilians": "#862e9c",
    "Protests": "#1971c2",
    "Riots": "#f08c00",
    "Strategic developments": "#2b8a3e",
    "document location": "#495057",
  };
  const LABELS = ["body", "title", "dateline", "byline", "caption", "tags", "related", "share", "comment", "disclaimer", "other"];
  const FILTERS = ["from", "to", "country", "admin1", "event_type", "actor", "q", "min_independence", "bbox"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }
  async function api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await res.json();
    if (!res.ok) { const e = new Error(body.error ? body.error.message : res.statusText); e.body = body; throw e; }
    return body;
  }
  function showError(where, err) { where.replaceChildren(el("p", { class: "error", text: String(err.message || err) })); }
  function queryFromUrl() {
    const p = new URLSearchParams(location.search), out = new URLSearchParams();
    for (const k of FILTERS) if (p.get(k)) out.set(k, p.get(k));
    return out;
  }

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
    const shapes = [];
    for (const g of topo.objects[name].geometries) {
      const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      shapes.push({ name: (g.properties || {}).name, rings: polys.flatMap((p) => p.map(ring)) });
    }
    return shapes;
  }

  // --- the map: equirectangular, fitted to the rows (or the world) ------------------------
  function fit(points, w, h) {
    let [x0, y0, x1, y1] = [-180, -60, 180, 85];
    const spread = points.length ? Math.max(...points.map((p) => p[0])) - Math.min(...points.map((p) => p[0])) : 360;
    if (points.length && spread < 120) {
      const lons = points.map((p) => p[0]), lats = points.map((p) => p[1]);
      const pad = Math.max(4, 0.3 * (Math.max(...lons) - Math.min(...lons)), 0.3 * (Math.max(...lats) - Math.min(...lats)));
      [x0, x1, y0, y1] = [Math.min(...lons) - pad * 1.6, Math.max(...lons) + pad * 1.6, Math.min(...lats) - pad, Math.max(...lats) + pad];
    }
    const k = Math.min(w / (x1 - x0), h / (y1 - y0)), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    return (lon, lat) => [w / 2 + (lon - cx) * k, h / 2 - (lat - cy) * k];
  }
  function pathOf(rings, project) {
    // A ring that crosses the antimeridian (Russia, Fiji) is cut there instead of
    // being joined across the whole map.
    return rings.map((r) => r.map(([x, y], i) => (i && Math.abs(x - r[i - 1][0]) > 180 ? "M" : i ? "L" : "M") + project(x, y).map((v) => v.toFixed(1)).join(",")).join("")).join("");
  }
  function typeOf(row) { return row.kind === "document_location" ? "document location" : row.event_type || "document location"; }
  function radius(rows) {
    const killed = rows.reduce((s, r) => s + (r.fatalities_low || 0), 0);
    return 5 + Math.min(22, 2.2 * Math.sqrt(killed)) + Math.min(6, rows.length - 1);
  }
  function rowHref(row) { return row.kind === "document_location" ? "/documents/" + row.id : "/events/" + encodeURIComponent(row.id); }
  function rowLine(row) {
    const when = row.date_start || "date unknown";
    const what = row.kind === "document_location" ? (row.notes || row.id) : `${row.event_type} — ${row.sub_event_type || ""}`;
    const killed = row.fatalities_low != null ? ` · killed ${row.fatalities_low}${row.fatalities_high == null ? "+" : row.fatalities_high !== row.fatalities_low ? "–" + row.fatalities_high : ""}` : "";
    return el("li", { "data-row": row.id },
      el("a", { href: rowHref(row), text: what }),
      el("div", { class: "small muted", text: `${when} · ${row.location || "?"}${row.admin1 ? ", " + row.admin1 : ""} · ${(row.sources || []).join(", ")}${killed}` }));
  }

  async function mapPage() {
    const form = document.getElementById("filters"), query = queryFromUrl();
    for (const [k, v] of query) if (form.elements[k]) form.elements[k].value = v;
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = new URLSearchParams();
      for (const k of FILTERS) { const f = form.elements[k]; if (f && f.value) q.set(k, f.value); }
      const keep = queryFromUrl().get("bbox"); if (keep) q.set("bbox", keep);
      location.search = q.toString();
    });
    const notice = document.getElementById("notice"), list = document.getElementById("rows");
    try {
      const [meta, world, sources] = await Promise.all([api("/api/meta"), fetch("/static/countries-110m.json").then((r) => r.json()), api("/api/sources")]);
      document.getElementById("meta").textContent = `${meta.documents} documents · ${meta.db.split("/").pop()}`;
      renderSources(sources.items);
      const base = meta.has_events ? "/api/events" : "/api/documents";
      if (!meta.has_events) notice.replaceChildren(el("p", { class: "notice", text: "This store has no events yet: the map shows each document at the place its body names most often (not events)." }));
      const rows = await allRows(base, query, meta.has_events);
      document.getElementById("list-title").textContent = `${rows.length} ${meta.has_events ? "events" : "documents"}`;
      list.replaceChildren(...rows.map(rowLine));
      drawMap(world, rows);
      const dl = document.getElementById("downloads");
      dl.replaceChildren("download: ", ...Object.keys(meta.formats).flatMap((f) => {
        const q = new URLSearchParams(query); q.set("format", f);
        return [el("a", { href: `${base}?${q}`, text: f }), " "];
      }));
      document.body.dataset.ready = "1";
    } catch (err) { showError(notice, err); document.body.dataset.ready = "error"; }
  }
  async function allRows(base, query, isEvents) {
    const rows = []; let cursor = null;
    do {
      const q = new URLSearchParams(query); q.set("limit", "500"); if (cursor) q.set("cursor", cursor);
      const page = await api(`${base}?${q}`);
      for (const item of page.items) {
        if (isEvents) rows.push(item);
        else if (item.location) rows.push({ ...item.location, id: item.id, kind: "document_location", notes: item.title, date_start: item.reference_date, sources: [item.original_outlet, item.outlet].filter(Boolean) });
      }
      cursor = page.next_cursor;
    } while (cursor && rows.length < 5000);
    return rows;
  }
  function drawMap(world, rows) {
    const map = document.getElementById("map"), [w, h] = [960, 520];
    const placed = rows.filter((r) => r.latitude != null && r.longitude != null);
    const project = fit(placed.map((r) => [r.longitude, r.latitude]), w, h);
    map.replaceChildren();
    for (const c of topoRings(world, "countries")) {
      const p = svg("path", { class: "country", d: pathOf(c.rings, project) });
      const t = svg("title"); t.textContent = c.name || ""; p.append(t); map.append(p);
    }
    const groups = new Map();
    for (const r of placed) {
      const key = `${r.latitude.toFixed(3)},${r.longitude.toFixed(3)},${typeOf(r)}`;
      (groups.get(key) || groups.set(key, []).get(key)).push(r);
    }
    const seen = new Set(), boxes = [];
    for (const g of [...groups.values()].sort((a, b) => radius(b) - radius(a))) {
      const [x, y] = project(g[0].longitude, g[0].latitude);
      const c = svg("circle", { class: "marker", cx: x.toFixed(1), cy: y.toFixed(1), r: radius(g).toFixed(1), fill: TYPE_COLOURS[typeOf(g[0])] || "#495057", "data-count": g.length, "data-type": typeOf(g[0]) });
      const t = svg("title"); t.textContent = `${g[0].location}: ${g.length} ${g[0].kind === "document_location" ? "document(s)" : "event(s)"}`; c.append(t);
      c.addEventListener("click", () => { if (g.length === 1) location.href = rowHref(g[0]); else document.querySelector(`[data-row="${CSS.escape(g[0].id)}"]`).scrollIntoView(); });
      map.append(c);
      const box = { x: x + radius(g) + 3, y: y - 8, w: 6.5 * (g[0].location || "").length, h: 12 };
      const clash = boxes.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h);
      if (g[0].location && !seen.has(g[0].location) && !clash) {  // no label over another
        seen.add(g[0].location); boxes.push(box);
        const label = svg("text", { class: "label", x: box.x.toFixed(1), y: (y + 4).toFixed(1) }); label.textContent = g[0].location; map.append(label);
      }
    }
    const types = [...new Set(placed.map(typeOf))];
    document.getElementById("legend").replaceChildren(...types.map((t) => el("span", {}, el("i", { style: `background:${TYPE_COLOURS[t] || "#495057"}` }), t)), el("span", { class: "muted", text: "size: fatalities (low bound)" }));
  }
  function renderSources(items) {
    document.getElementById("sources").replaceChildren(...items.map((s) => el("li", { "data-source": s.id },
      el("strong", { text: s.name }), " ",
      el("span", { class: "small muted", text: `${s.country || "?"}${s.state_affiliated ? " · state-affiliated" : ""}${s.owner ? " · " + s.owner : ""} · ${s.documents} published, ${s.original_documents} original` }))));
  }

  // --- the document page ---------------------------------------------------------------
  function highlighted(text, segments, marks) {
    // Segments tile the labelled text; marks (mentions or evidence) nest inside them.
    const pre = el("pre", { class: "raw" });
    const sorted = marks.slice().sort((a, b) => a.start - b.start || b.end - a.end), kept = [];
    for (const m of sorted) if (!kept.length || m.start >= kept[kept.length - 1].end) kept.push(m);
    let pos = 0;
    const put = (parent, a, b) => {
      let i = a;
      for (const m of kept) {
        if (m.end <= i || m.start >= b) continue;
        const s = Math.max(m.start, i), e = Math.min(m.end, b);
        if (s > i) parent.append(text.slice(i, s));
        parent.append(el("mark", { class: m.cls, title: m.title, "data-kind": m.kind }, text.slice(s, e)));
        i = e;
      }
      if (i < b) parent.append(text.slice(i, b));
    };
    for (const s of segments.slice().sort((a, b) => a.start - b.start)) {
      if (s.start < pos) continue;
      if (s.start > pos) put(pre, pos, s.start);
      const span = el("span", { class: `seg seg-${s.label}`, title: `${s.label}: ${s.reason}`, "data-label": s.label });
      put(span, s.start, s.end); pre.append(span); pos = s.end;
    }
    if (pos < text.length) put(pre, pos, text.length);
    return pre;
  }
  function reasonRow(label, value, reason) {
    return el("tr", {}, el("th", { text: label }), el("td", {}, el("span", { text: value == null || value === "" ? "—" : String(value) }), reason ? el("span", { class: "reason", text: reason }) : null));
  }
  async function documentPage() {
    const root = document.getElementById("doc"), id = decodeURIComponent(location.pathname.split("/").pop());
    try {
      const d = await api("/api/documents/" + encodeURIComponent(id));
      document.title = `rashomon — ${d.title || d.id}`;
      const r = d.reasons, src = d.outlet_source, orig = d.original_outlet_source;
      const outletNote = (s) => s ? ` (${[s.country, s.owner, s.state_affiliated ? "state-affiliated" : null, s.kind].filter(Boolean).join(", ")})` : "";
      const meta = el("table", { class: "meta" },
        reasonRow("id", d.id), reasonRow("outlet", (d.outlet || "") + outletNote(src), r.outlet.reason),
        reasonRow("original outlet", d.original_outlet ? d.original_outlet + outletNote(orig) : null, r.original_outlet.reason),
        reasonRow("reference date", r.reference_date.value ? `${r.reference_date.value} (${r.reference_date.precision}, ${r.reference_date.kind})` : "unknown", r.reference_date.reason),
        reasonRow("title", d.title, r.title.reason),
        reasonRow("location", r.location ? `${r.location.value}${d.location ? ", " + (d.location.admin1 || "") + " " + (d.location.country || "") : ""}` : null, r.location ? r.location.reason : null),
        reasonRow("origin", d.origin));
      const counts = {}; for (const s of d.segments) counts[s.label] = (counts[s.label] || 0) + 1;
      const legend = el("div", { class: "chips" }, ...LABELS.filter((l) => counts[l]).map((l) => el("span", { class: `seg-${l}`, text: `${l} ${counts[l]}` })),
        ...["place", "actor", "time", "quantity"].map((k) => el("mark", { class: `m-${k}`, text: k })));
      const marks = d.mentions.map((m) => ({ start: m.start, end: m.end, kind: m.kind, cls: `m-${m.kind}`, title: `${m.kind}: ${m.resolved_name || "unresolved"}${m.resolved_id ? " [" + m.resolved_id + "]" : ""} — ${m.reason}` }));
      root.replaceChildren(el("h2", { text: d.title || d.id }), meta, el("h3", { text: "Raw text" }), legend, highlighted(d.text, d.segments, marks));
      document.body.dataset.ready = "1";
    } catch (err) { showError(root, err); document.body.dataset.ready = "error"; }
  }

  // --- the event page --------------------------------------------------------------------
  async function account(e, docs) {
    const docId = e.document_ids[0];
    const d = docs[docId] || (docs[docId] = await api("/api/documents/" + docId));
    const marks = e.evidence.filter((x) => x.document_id === docId && x.role !== "evidence").map((x) => ({ start: x.start, end: x.end, kind: x.role, cls: "evidence", title: `${x.role}: ${x.text}` }));
    const ev = e.evidence.find((x) => x.role === "evidence") || { start: 0, end: 0 };
    // ~200 characters of context each side, cut at whitespace so no word is split
    let a = Math.max(0, ev.start - 200), b = Math.min(d.text.length, ev.end + 200);
    while (a > 0 && a < ev.start && !/\s/.test(d.text[a - 1])) a++;
    while (b < d.text.length && b > ev.end && !/\s/.test(d.text[b])) b--;
    const shifted = marks.map((m) => ({ ...m, start: m.start - a, end: m.end - a }));
    const segs = [{ start: 0, end: ev.start - a, label: "other", reason: "context" }, { start: ev.start - a, end: ev.end - a, label: "caption", reason: "evidence sentence" }, { start: ev.end - a, end: b - a, label: "other", reason: "context" }];
    const killed = e.fatalities_low == null ? "no count" : `killed ${e.fatalities_low}${e.fatalities_high == null ? " or more" : e.fatalities_high !== e.fatalities_low ? "–" + e.fatalities_high : ""}`;
    return el("div", { class: "account", "data-account": e.id },
      el("strong", {}, el("a", { href: "/documents/" + docId, text: d.title || docId })),
      el("div", { class: "small muted", text: `${(e.sources || []).join(" via ")} · ${d.reference_date || "date unknown"} · ${e.sub_event_type} · ${e.modality} · ${killed}` }),
      el("div", { class: "small", text: e.attributed_to ? `attributed to ${e.attributed_to}` : "in the outlet's own voice" }),
      el("div", { class: "small muted" }, el("a", { href: "/events/" + encodeURIComponent(e.id), text: e.id }), ` · ${e.reason}`),
      highlighted(d.text.slice(a, b), segs, shifted));
  }
  async function eventPage() {
    const root = document.getElementById("event"), id = decodeURIComponent(location.pathname.split("/").pop());
    try {
      const body = await api("/api/events/" + encodeURIComponent(id)), e = body.event, docs = {};
      document.title = `rashomon — ${e.event_type} at ${e.location || "?"}`;
      const table = el("div", { class: "acled" }, ...Object.entries(body.acled).flatMap(([k, v]) => [el("b", { text: k }), el("span", { text: v === "" || v == null ? "—" : String(v) })]));
      const accounts = [await account(e, docs)];
      for (const o of body.other_accounts) accounts.push(await account(o, docs));
      const dis = body.disagreements.length ? el("table", { class: "meta", id: "disagreements" }, ...body.disagreements.map((x) =>
        el("tr", {}, el("th", { text: x.field }), el("td", {}, ...x.values.map((v) => el("div", {}, el("strong", { text: v.value }), " — ", el("span", { class: "small", text: v.accounts.join("; ") }))))))) : el("p", { class: "muted", text: "The accounts shown agree on type, modality, counts, date and actors." });
      root.replaceChildren(el("h2", { text: `${e.event_type} — ${e.sub_event_type || ""}, ${e.location || "place unknown"}` }),
        el("p", { class: "muted", text: `${e.kind} · ${e.date_start || "date unknown"}${e.date_end && e.date_end !== e.date_start ? " to " + e.date_end : ""} · modality ${e.modality} · source independence ${e.independence == null ? "not yet scored" : e.independence}` }),
        el("h3", { text: "ACLED row" }), table,
        el("h3", { text: `Accounts (${accounts.length}): this one, then other documents' accounts of the same type and place within 3 days` }), ...accounts,
        el("h3", { text: "Where the accounts disagree" }), dis);
      document.body.dataset.ready = "1";
    } catch (err) { showError(root, err); document.body.dataset.ready = "error"; }
  }

  window.Rashomon = { mapPage, documentPage, eventPage };
})();
