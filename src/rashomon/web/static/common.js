// rashomon web app, shared parts: DOM helpers, the API client, formatting of events,
// highlighted text and provenance chains. Plain JS, no libraries, no network beyond our
// own API and static files. Each page script (map.js, event.js, story.js, document.js)
// adds its entry point to window.Rashomon.
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
  const TYPES = Object.keys(TYPE_COLOURS).filter((t) => t !== "document location");
  const FILTERS = ["from", "to", "country", "admin1", "event_type", "actor", "q", "min_independence", "bbox"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  async function api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    let body;
    try { body = await res.json(); } catch (_) { body = {}; }
    if (!res.ok) { const e = new Error(body.error ? body.error.message : `${res.status} ${res.statusText}: ${path}`); e.status = res.status; e.body = body; throw e; }
    return body;
  }
  function showError(where, err) { where.replaceChildren(el("p", { class: "error", role: "alert", text: String(err.message || err) })); }
  function ready(state) { document.body.dataset.ready = state; }
  function lastPathPart() { return decodeURIComponent(location.pathname.replace(/\/+$/, "").split("/").pop()); }
  function colour(type) { return TYPE_COLOURS[type] || "#495057"; }

  // --- events in either shape: canonical (event_date, fatalities_best, outlets) or the
  // older per-document mention rows (date_start, fatalities_low, sources) -------------
  function eventId(e) { return e.id || e.event_id_cnty; }
  function eventDate(e) { return e.event_date || e.date_start || null; }
  function eventType(e) { return e.kind === "document_location" ? "document location" : (e.event_type || "document location"); }
  function fatalitiesBest(e) {
    const v = e.fatalities_best != null ? e.fatalities_best : e.fatalities_low;
    return v == null ? 0 : v;
  }
  function fatalitiesText(low, high, best) {
    if (low == null && high == null) return "no count";
    if (low == null) return `up to ${high}`;
    const range = high == null ? `${low} or more` : high !== low ? `${low}–${high}` : String(low);
    return best != null && best !== low && high !== best ? `${range} (best ${best})` : range;
  }
  function eventFatalities(e) { return fatalitiesText(e.fatalities_low, e.fatalities_high, e.fatalities_best); }
  // Originating outlets, the republisher in brackets: "RT (via Global Research), Sputnik".
  function outletLabels(e) {
    if (Array.isArray(e.outlets)) {
      const seen = new Map();
      for (const o of e.outlets) {
        const key = o.original_outlet || o.name;
        if (!seen.has(key)) seen.set(key, new Set());
        if (o.original_outlet) seen.get(key).add(o.name);
      }
      return [...seen].map(([name, via]) => via.size ? `${name} (via ${[...via].join(", ")})` : name);
    }
    return e.sources || [];
  }
  function originatingOutlets(e) {
    return Array.isArray(e.outlets) ? [...new Set(e.outlets.map((o) => o.original_outlet || o.name))] : (e.sources || []);
  }
  function plural(n, word, many) { return `${n} ${n === 1 ? word : (many || word + "s")}`; }
  function verdict(e) {
    const m = /independence\s+\d+,\s*([^.]+)\.?\s*$/.exec(e.independence_text || "");
    if (m) return m[1];
    const n = e.independence;
    if (n == null) return "not scored";
    if (n >= 3) return "strong corroboration";
    if (n === 2) return "independent corroboration";
    return originatingOutlets(e).length > 1 || (e.mentions || 0) > 1 ? "weak corroboration" : "uncorroborated";
  }
  // "2 outlets, 1 primary source (Ministry of Defence of Russia), 1 owner group (state
  // media of RU): weak corroboration" -- the independence figure in one sentence.
  function independenceSentence(e) {
    if (e.independence == null && !e.primary_sources) return "Independence is not scored for this row.";
    const outlets = originatingOutlets(e), prim = e.primary_sources || [], groups = e.owner_groups || [];
    const names = (xs) => xs.length ? ` (${xs.map((x) => x.name).join("; ")})` : "";
    return `${plural(outlets.length, "outlet")}, ${plural(prim.length, "primary source")}${names(prim)}, ` +
      `${plural(groups.length, "owner group")}${names(groups)}: ${verdict(e)}` +
      (e.independence != null ? ` (independence ${e.independence}).` : ".");
  }
  function contested(e) { return (e.contradiction_count || (e.contradictions || []).length || 0) > 0; }

  // --- text with marks --------------------------------------------------------------
  // marks: [{start, end, cls, title, kind}] (offsets into text); the first one wins
  // where two overlap. Returns a DocumentFragment-like list of nodes.
  function markedNodes(text, marks, offset) {
    const base = offset || 0, out = [];
    const kept = [];
    for (const m of marks.slice().sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (m.end <= m.start) continue;
      if (!kept.length || m.start >= kept[kept.length - 1].end) kept.push(m);
    }
    let i = 0;
    for (const m of kept) {
      const s = Math.max(0, m.start - base), e = Math.min(text.length, m.end - base);
      if (e <= i) continue;
      if (s > i) out.push(text.slice(i, s));
      out.push(el("mark", { class: m.cls, title: m.title, "data-kind": m.kind }, text.slice(Math.max(s, i), e)));
      i = e;
    }
    if (i < text.length) out.push(text.slice(i));
    return out;
  }
  // The text around [start, end): `pad` characters each side, cut at whitespace.
  function around(text, start, end, pad) {
    let a = Math.max(0, start - pad), b = Math.min(text.length, end + pad);
    while (a > 0 && a < start && !/\s/.test(text[a - 1])) a++;
    while (b < text.length && b > end && !/\s/.test(text[b])) b--;
    return [a, b];
  }
  function docLink(documentId, start, end, label) {
    const at = start != null ? `#at=${start}-${end}` : "";
    const aria = label && label.length < 3 ? `open the passage in the document${start != null ? ` (characters ${start}–${end})` : ""}` : null;
    return el("a", { href: `/documents/${encodeURIComponent(documentId)}${at}`, "aria-label": aria, text: label || "open in document" });
  }
  function storyLink(storyId, label) {
    return el("a", { href: `/stories/${encodeURIComponent(storyId)}`, class: "story-link", text: label || "story" });
  }

  // --- provenance chain: publisher -> original -> speaker -> cited -> parent ------------
  const EDGE = { original: "republishes", speaker: "quotes", cited: "citing", parent: "part of" };
  // `primary` ({key, name, kind}) names the last step canonically ("Ministry of Defence of
  // Russia") where the text called it otherwise ("the Russian Defense Ministry").
  function chainFlow(chain, label, primary) {
    const flow = el("ol", { class: "chain", "aria-label": label || "provenance chain, publisher first, primary source last" });
    chain.forEach((step, i) => {
      const last = i === chain.length - 1, said = step.name || step.id || "?";
      const name = last && primary && primary.name ? primary.name : said;
      if (i) flow.append(el("li", { class: "edge", "aria-hidden": "true" }, el("span", { text: EDGE[step.role] || "from" })));
      flow.append(el("li", { class: `node role-${step.role}${last ? " primary" : ""}`, title: step.reason || step.role, "data-role": step.role },
        el("span", { class: "role", text: last ? `primary source · ${step.role}` : step.role }),
        el("span", { class: "name", text: name }),
        name !== said ? el("span", { class: "as", text: `as “${said}”` }) : null));
    });
    return flow;
  }

  function filtersFromUrl() {
    const p = new URLSearchParams(location.search), out = new URLSearchParams();
    for (const k of FILTERS) if (p.get(k)) out.set(k, p.get(k));
    return out;
  }
  async function sourcesById() {
    try {
      const body = await api("/api/sources?all=true");
      return Object.fromEntries(body.items.map((s) => [s.id, s]));
    } catch (_) { return {}; }
  }

  window.Rashomon = Object.assign(window.Rashomon || {}, {
    TYPE_COLOURS, TYPES, FILTERS, el, svg, api, showError, ready, lastPathPart, colour,
    eventId, eventDate, eventType, fatalitiesBest, fatalitiesText, eventFatalities, outletLabels,
    originatingOutlets, independenceSentence, verdict, contested, plural, markedNodes, around,
    docLink, storyLink, chainFlow, filtersFromUrl, sourcesById,
  });
})();
