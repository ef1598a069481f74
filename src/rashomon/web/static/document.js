// The document page: the raw text with its labelled segments and resolved mentions
// coloured, the reasons behind its metadata, and (from #at=START-END, the links on the
// event and story pages) a passage highlighted and scrolled into view.
"use strict";
(function () {
  const R = window.Rashomon, { el } = R;
  const LABELS = ["body", "title", "dateline", "byline", "caption", "tags", "related", "share", "comment", "disclaimer", "other"];

  // Segments tile the labelled text; marks (mentions, a focused passage) nest inside them.
  function highlighted(text, segments, marks) {
    const pre = el("pre", { class: "raw" });
    const put = (parent, a, b) => parent.append(...R.markedNodes(text.slice(a, b), marks.filter((m) => m.end > a && m.start < b)
      .map((m) => ({ ...m, start: Math.max(m.start, a), end: Math.min(m.end, b) })), a));
    let pos = 0;
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
    return el("tr", {}, el("th", { scope: "row", text: label }), el("td", {}, el("span", { text: value == null || value === "" ? "—" : String(value) }), reason ? el("span", { class: "reason", text: reason }) : null));
  }
  function focusFromHash() {
    const m = /^#at=(\d+)-(\d+)$/.exec(location.hash);
    return m ? { start: +m[1], end: +m[2] } : null;
  }

  async function documentPage() {
    const root = document.getElementById("doc"), id = R.lastPathPart();
    try {
      const d = await R.api("/api/documents/" + encodeURIComponent(id));
      document.title = `rashomon — ${d.title || d.id}`;
      const r = d.reasons, src = d.outlet_source, orig = d.original_outlet_source;
      const outletNote = (s) => s ? ` (${[s.country, s.owner, s.state_affiliated ? "state-affiliated" : null, s.kind].filter(Boolean).join(", ")})` : "";
      const meta = el("table", { class: "meta" },
        reasonRow("id", d.id), reasonRow("outlet", (d.outlet || "") + outletNote(src), r.outlet.reason),
        reasonRow("original outlet", d.original_outlet ? d.original_outlet + outletNote(orig) : null, r.original_outlet.reason),
        reasonRow("reference date", r.reference_date.value ? `${r.reference_date.value} (${r.reference_date.precision}, ${r.reference_date.kind})` : "unknown", r.reference_date.reason),
        r.incident_day ? reasonRow("incident day", `${r.incident_day.value} (from its story)`, r.incident_day.reason) : null,
        r.toll ? reasonRow("story toll", `${r.toll.value} (from its story)`, r.toll.reason) : null,
        reasonRow("title", d.title, r.title.reason),
        reasonRow("location", r.location ? `${r.location.value}${d.location ? ", " + (d.location.admin1 || "") + " " + (d.location.country || "") : ""}` : null, r.location ? r.location.reason : null),
        reasonRow("origin", d.origin));
      const counts = {}; for (const s of d.segments) counts[s.label] = (counts[s.label] || 0) + 1;
      const legend = el("div", { class: "chips", "aria-label": "legend" }, ...LABELS.filter((l) => counts[l]).map((l) => el("span", { class: `seg-${l}`, text: `${l} ${counts[l]}` })),
        ...["place", "actor", "time", "quantity"].map((k) => el("mark", { class: `m-${k}`, text: k })));
      const focus = focusFromHash();
      const marks = [];
      if (focus) marks.push({ start: focus.start, end: focus.end, kind: "focus", cls: "evidence focus", title: "the passage linked to" });
      // mentions inside the focused passage give way to it (marks do not nest)
      for (const m of d.mentions) {
        if (focus && m.end > focus.start && m.start < focus.end) continue;
        marks.push({ start: m.start, end: m.end, kind: m.kind, cls: `m-${m.kind}`, title: `${m.kind}: ${m.resolved_name || "unresolved"}${m.resolved_id ? " [" + m.resolved_id + "]" : ""} — ${m.reason}` });
      }
      root.replaceChildren(el("h2", { text: d.title || d.id }), meta, el("h3", { text: "Raw text" }), legend, highlighted(d.text, d.segments, marks));
      const target = root.querySelector("mark.focus");
      if (target) { target.id = "focus"; target.tabIndex = -1; target.scrollIntoView({ block: "center" }); }
      R.ready("1");
    } catch (err) { R.showError(root, err); R.ready("error"); }
  }

  window.Rashomon.documentPage = documentPage;
})();
