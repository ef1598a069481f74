// The story page: outlets as columns, events and claims as rows -- who reported what,
// who stayed silent (an empty, greyed cell), who contradicted whom (the row marked and
// both cells highlighted), then the contradictions side by side.
"use strict";
(function () {
  const R = window.Rashomon, { el } = R;

  function clip(text, n) { const t = (text || "").replace(/\s+/g, " ").trim(); return t.length > n ? t.slice(0, n - 1) + "…" : t; }

  // Which contradictions does this cell take part in? A side matches an account of the
  // same document whose span overlaps the side's span.
  function cellContradictions(cell, contradictions) {
    const out = [];
    if (!cell) return out;
    for (const c of contradictions) {
      for (const [name, s] of [["a", c.a], ["b", c.b]]) {
        if (cell.accounts.some((a) => a.document_id === s.document_id && a.start < s.end && s.start < a.end)) out.push({ c, side: name });
      }
    }
    return out;
  }

  function accountBits(a, contra) {
    const killed = a.fatalities_low == null && a.fatalities_high == null ? null : `killed ${R.fatalitiesText(a.fatalities_low, a.fatalities_high)}`;
    const hit = contra.some((x) => { const sd = x.c[x.side]; return a.document_id === sd.document_id && a.start < sd.end && sd.start < a.end; });
    return el("div", { class: hit ? "cell-account contra-account" : "cell-account" },
      el("div", { class: "small" }, el("strong", { text: a.speaker || "the outlet" }), a.stance ? el("span", { class: `stance stance-${a.stance}`, text: a.stance }) : null, killed ? ` · ${killed}` : ""),
      el("div", { class: "quote" }, `“${clip(a.text, 220)}” `, R.docLink(a.document_id, a.start, a.end, "→")));
  }

  function matrixTable(story) {
    const m = story.matrix, cons = story.contradictions || [];
    const eventCons = new Map((story.event_rows || []).map((e) => [R.eventId(e), e.contradictions || []]));
    const table = el("table", { class: "matrix", id: "matrix" });
    table.append(el("caption", { class: "small muted", text: "Each column is an originating outlet (a syndicated copy is shown under the outlet it republished); each row an event or a claim no event is attributed to. A grey cell: the outlet said nothing about it. Red: the cell contradicts another." }));
    table.append(el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "event or claim" }),
      m.columns.map((c) => el("th", { scope: "col", class: "outlet", "data-outlet": c.id },
        el("span", { text: c.name }),
        c.republished_by && c.republished_by.length ? el("span", { class: "republisher small", text: ` republished by ${c.republished_by.join(", ")}` }) : null,
        el("span", { class: "small muted", text: ` · ${R.plural((c.documents || []).length, "document")}` }))))));
    const body = el("tbody");
    for (const row of m.rows) {
      const perCell = m.columns.map((c) => cellContradictions(row.cells[c.id], cons));
      const rowCons = new Map();
      for (const list of perCell) for (const x of list) rowCons.set(x.c.id, x.c);
      for (const c of eventCons.get(row.id) || []) rowCons.set(c.id, c);
      const head = el("th", { scope: "row" },
        row.kind === "event" ? el("a", { href: `/events/${encodeURIComponent(row.id)}`, text: row.label }) : el("span", { text: row.label }),
        el("div", { class: "small muted", text: `${row.kind}${row.event_date ? " · " + row.event_date : ""}` }),
        [...rowCons.values()].map((c) => el("a", { class: "contested", href: `#cx-${c.id}`, title: c.reason || "", text: `contradiction: ${c.kind}` })));
      const tr = el("tr", { "data-kind": row.kind, "data-row": row.id, class: rowCons.size ? "contested-row" : null }, head);
      m.columns.forEach((c, i) => {
        const cell = row.cells[c.id];
        if (!cell) { tr.append(el("td", { class: "silent", "data-outlet": c.id, "aria-label": `${c.name}: nothing on this`, text: "silent" })); return; }
        const contra = perCell[i];
        tr.append(el("td", { class: contra.length ? "said contra-cell" : "said", "data-outlet": c.id, "data-contradiction": contra.map((x) => `${x.c.id}:${x.side}`).join(" ") || null },
          cell.accounts.map((a) => accountBits(a, contra))));
      });
      body.append(tr);
    }
    table.append(body);
    return table;
  }

  async function storyPage() {
    const root = document.getElementById("story"), id = R.lastPathPart();
    try {
      const [s, sources] = await Promise.all([R.api("/api/stories/" + encodeURIComponent(id)), R.sourcesById()]);
      const docs = s.documents || [], title = (docs.find((d) => d.title) || {}).title || s.story_id;
      document.title = `rashomon — story: ${title}`;
      const span = s.first_date ? (s.last_date && s.last_date !== s.first_date ? `${s.first_date} to ${s.last_date}` : s.first_date) : "dates unknown";
      const parts = [
        el("h2", {}, `Story: ${title}`),
        el("p", { class: "lede", text: `${span} · ${R.plural(docs.length, "document")} · ${R.plural(s.event_count != null ? s.event_count : (s.events || []).length, "event")} · ${R.plural(s.contradiction_count != null ? s.contradiction_count : (s.contradictions || []).length, "contradiction")}` }),
        (s.places || []).length ? el("p", { class: "small", text: `Places: ${s.places.map((p) => p.name).join(", ")}` }) : null,
        (s.actors || []).length ? el("p", { class: "small", text: `Actors: ${s.actors.join(", ")}` }) : null,
        el("h3", { text: "Documents" }),
        el("ul", { class: "docs" }, docs.map((d) => el("li", {},
          el("strong", { text: d.original_outlet ? `${d.original_outlet} (via ${d.outlet})` : d.outlet || "?" }), " · ",
          el("a", { href: `/documents/${encodeURIComponent(d.id)}`, text: d.title || d.id }),
          el("span", { class: "small muted", text: ` · ${d.reference_date || "date unknown"}${(d.reasons || []).length ? " · joined on " + d.reasons.filter((r) => r.weight > 0).map((r) => r.feature).join(", ") : ""}` })))),
        el("h3", { text: "Who reported what" }),
      ];
      parts.push(s.matrix && s.matrix.columns ? el("div", { class: "matrix-wrap" }, matrixTable(s))
        : el("p", { class: "notice", text: "The API gave no outlet matrix for this story (an older server?)." }));
      const cons = s.contradictions || [];
      parts.push(el("h3", { text: `Contradictions (${cons.length})` }));
      parts.push(cons.length ? el("div", { id: "contradictions" }, await Promise.all(cons.map((c) => R.contradictionBlock(c, sources))))
        : el("p", { class: "muted", text: "No contradiction was found in this story." }));
      root.replaceChildren(...parts.filter(Boolean));
      R.ready("1");
    } catch (err) { R.showError(root, err); R.ready("error"); }
  }

  window.Rashomon.storyPage = storyPage;
})();
