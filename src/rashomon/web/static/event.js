// The event page: the ACLED row, every account (one column per originating outlet) with
// its evidence highlighted, its claim and its provenance chain, the independence figure
// in a sentence, the contradictions side by side, and how the accounts were merged.
"use strict";
(function () {
  const R = window.Rashomon, { el } = R;

  // The ACLED columns shown when the API gives no `acled` object (an older server).
  const ACLED_FALLBACK = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "inter2", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "source", "notes", "fatalities"];

  const docs = {};
  function documentOf(id) { return docs[id] || (docs[id] = R.api("/api/documents/" + encodeURIComponent(id))); }

  function acledTable(body, e) {
    const row = body.acled && Object.keys(body.acled).length ? body.acled
      : Object.fromEntries(ACLED_FALLBACK.filter((k) => k in e).map((k) => [k, e[k]]));
    const cells = Object.entries(row), table = el("table", { class: "acled", id: "acled" });
    table.append(el("caption", { class: "visually-hidden", text: "The event as an ACLED row (ACLED's column names)" }));
    for (let i = 0; i < cells.length; i += 3) {
      table.append(el("tr", {}, ...cells.slice(i, i + 3).flatMap(([k, v]) =>
        [el("th", { scope: "row", text: k }), el("td", { text: v === "" || v == null ? "—" : String(v) })])));
    }
    return table;
  }

  function independence(e) {
    const groups = (e.owner_groups || []).map((g) => el("li", {}, el("strong", { text: g.name }), g.reason ? ` — ${g.reason}` : ""));
    return el("section", { class: "independence", "aria-labelledby": "indep-title" },
      el("h3", { id: "indep-title", text: "How independent are the sources?" }),
      el("p", { class: "indep-sentence", id: "independence", text: R.independenceSentence(e) }),
      e.independence_text ? el("p", { class: "small muted", text: e.independence_text }) : null,
      groups.length ? el("ul", { class: "small" }, groups) : null,
      el("p", { class: "small muted", text: "Independence is min(distinct primary sources, distinct owner groups): outlets that repeat one source, or belong to one owner, are not independent witnesses." }));
  }

  function claimLine(c) {
    if (!c) return el("p", { class: "claim small", text: "In the outlet's own voice (no attributed source)." });
    const bits = [el("strong", { text: c.speaker || "an unnamed source" }), ` ${c.verb || "says"}`];
    if (c.channel) bits.push(` ${c.channel}`);
    if (c.via && c.via.length) bits.push(` (via ${c.via.join(", ")})`);
    return el("p", { class: "claim small", "data-stance": c.stance || "" }, "Claim: ", ...bits,
      c.stance ? el("span", { class: `stance stance-${c.stance}`, text: c.stance }) : null);
  }

  async function accountCard(a) {
    const d = await documentOf(a.document_id), ev = a.evidence || { start: 0, end: 0 };
    const [s, t] = R.around(d.text, ev.start, ev.end, 220);
    const marks = [{ start: ev.start, end: ev.end, cls: "evidence", kind: "evidence", title: "the evidence for this account" }];
    const killed = a.fatalities_low == null && a.fatalities_high == null ? null : `killed ${R.fatalitiesText(a.fatalities_low, a.fatalities_high)}`;
    const when = a.date_start ? (a.date_end && a.date_end !== a.date_start ? `${a.date_start} to ${a.date_end}` : a.date_start) : "undated";
    return el("article", { class: "account", "data-account": a.mention_id || `${a.document_id}:${a.seq}`, "data-document": a.document_id },
      el("h5", {}, el("a", { href: `/documents/${encodeURIComponent(a.document_id)}`, text: a.title || a.document_id })),
      el("p", { class: "small muted", text: [a.outlet + (a.original_outlet ? ` (republishing ${a.original_outlet})` : ""), a.reference_date ? `story of ${a.reference_date}` : "story date unknown", `${a.sub_event_type || a.event_type || ""}`, a.modality, when, killed, a.ambiguous ? "ambiguous: also fits another event" : null].filter(Boolean).join(" · ") }),
      claimLine(a.claim),
      el("blockquote", { class: "context" }, s > 0 ? "…" : "", ...R.markedNodes(d.text.slice(s, t), marks, s), t < d.text.length ? "…" : ""),
      el("p", { class: "small" }, R.docLink(a.document_id, ev.start, ev.end, `open in the document at ${ev.start}–${ev.end}`)),
      a.chain && a.chain.length ? R.chainFlow(a.chain, `provenance of this account: ${a.chain_text || ""}`, a.primary_source) : null,
      a.attribution ? el("p", { class: "small muted", text: `attribution: ${a.attribution}` }) : null);
  }

  async function accountsSection(accounts) {
    // One column per originating outlet; a syndicated copy sits under the outlet it republished.
    const cols = new Map();
    for (const a of accounts) {
      const key = a.original_outlet || a.outlet || "?";
      if (!cols.has(key)) cols.set(key, { name: key, republishers: new Set(), accounts: [] });
      const c = cols.get(key); c.accounts.push(a); if (a.original_outlet) c.republishers.add(a.outlet);
    }
    const grid = el("div", { class: "accounts", id: "accounts" });
    for (const c of cols.values()) {
      const cards = await Promise.all(c.accounts.map(accountCard));
      grid.append(el("section", { class: "outlet-col", "data-outlet": c.name, "aria-label": `accounts by ${c.name}` },
        el("h4", {}, c.name, c.republishers.size ? el("span", { class: "republisher", text: ` republished by ${[...c.republishers].join(", ")}` }) : null,
          el("span", { class: "small muted", text: ` · ${R.plural(c.accounts.length, "account")}` })),
        cards));
    }
    return grid;
  }

  function figures(e) {
    const fs = e.figures || [];
    if (!fs.length) return null;
    return el("section", {}, el("h3", { text: "Fatality figures, as each source gave them" }),
      el("table", { class: "meta figures" }, el("tr", {}, ...["outlet", "speaker", "words", "range"].map((h) => el("th", { scope: "col", text: h }))),
        fs.map((f) => el("tr", {}, el("td", { text: f.outlet || "" }), el("td", { text: f.speaker || "the outlet" }),
          el("td", {}, el("q", { text: f.text || "" }), " ", R.docLink(f.document_id, null, null, "document")), el("td", { text: R.fatalitiesText(f.low, f.high) })))));
  }

  const SIDE_SAYS = { control: ["says the place was taken", "says the place held"], denial: ["asserts", "denies"] };
  async function contradictionBlock(c, sources) {
    const side = async (s, i) => {
      const name = (id) => (sources[id] && sources[id].name) || id;
      const outlet = s.original_outlet_id ? `${name(s.original_outlet_id)} (via ${name(s.outlet_id)})` : name(s.outlet_id);
      let quote = [el("mark", { class: "contra", text: s.text })];
      try {
        const d = await documentOf(s.document_id), [a, b] = R.around(d.text, s.start, s.end, 160);
        quote = [a > 0 ? "…" : "", ...R.markedNodes(d.text.slice(a, b), [{ start: s.start, end: s.end, cls: "contra", kind: "contradiction" }], a), b < d.text.length ? "…" : ""];
      } catch (_) { /* the quoted text alone */ }
      return el("div", { class: "side", "data-side": i ? "b" : "a", "data-document": s.document_id },
        el("p", {}, el("strong", { class: "speaker", text: s.speaker || "an unnamed source" }), " ",
          el("span", { class: "says", text: (SIDE_SAYS[c.kind] || ["says", "says"])[i] })),
        el("p", { class: "small muted", text: `reported by ${outlet} · ${s.kind || ""}` }),
        el("blockquote", { class: "context" }, ...quote),
        el("p", { class: "small" }, R.docLink(s.document_id, s.start, s.end)));
    };
    return el("article", { class: "contradiction", "data-kind": c.kind, id: `cx-${c.id}` },
      el("h4", {}, el("span", { class: "contested", text: c.kind }), " ", c.kind === "control" ? "who holds the place?" : c.kind === "fatalities" ? "how many were killed?" : c.kind === "injuries" ? "how many were injured?" : "one denies the other"),
      el("div", { class: "sides" }, await side(c.a, 0), el("div", { class: "versus", "aria-hidden": "true", text: "vs" }), await side(c.b, 1)),
      el("p", { class: "reason small", text: c.reason || "" }));
  }

  function merges(e) {
    const rs = e.merge_reasons || [];
    if (!rs.length) return null;
    return el("details", { class: "merges" }, el("summary", { text: `How the ${R.plural(e.mentions || rs.length + 1, "account")} were merged (${R.plural(rs.length, "link")})` }),
      el("ul", { class: "small" }, rs.map((m) => el("li", {}, `${(m.a || []).join(":")} + ${(m.b || []).join(":")} (score ${m.score}): `,
        (m.reasons || []).map((r) => `${r.feature} ${r.detail ? "(" + r.detail + ")" : ""}`).join(", ")))));
  }

  async function eventPage() {
    const root = document.getElementById("event"), id = R.lastPathPart();
    try {
      const [body, sources] = await Promise.all([R.api("/api/events/" + encodeURIComponent(id)), R.sourcesById()]);
      const e = body.event, type = R.eventType(e);
      document.title = `rashomon — ${type} at ${e.location || "?"}, ${R.eventDate(e) || "undated"}`;
      const place = [e.location, e.admin1, e.country_name || e.country].filter(Boolean).join(", ") || "place unknown";
      const actors = [e.actor1, e.assoc_actor_1 ? `with ${e.assoc_actor_1}` : null, e.actor2 ? `against ${e.actor2}` : null].filter(Boolean).join(" ");
      const stories = (e.story_ids || []).map((s) => R.storyLink(s, `the story ${s}`));
      const accounts = body.accounts || [];
      const contradictions = body.contradictions || e.contradictions || [];
      const head = [
        el("h2", {}, el("i", { class: "swatch", style: `background:${R.colour(type)}`, "aria-hidden": "true" }), `${type}${e.sub_event_type ? " — " + e.sub_event_type : ""}, ${place}`,
          R.contested(e) ? el("span", { class: "contested", text: "contested" }) : null),
        el("p", { class: "lede" }, `${R.eventDate(e) || "date unknown"}${e.date_reason ? "" : ""} · ${actors || "actors unknown"} · killed ${R.eventFatalities(e)} · ${R.plural(e.mentions || accounts.length, "account")} from ${R.outletLabels(e).join("; ") || "?"}`),
        e.date_reason ? el("p", { class: "small muted", text: `date: ${e.date_reason}` }) : null,
        stories.length ? el("p", { class: "small" }, "Part of ", ...stories.flatMap((s, i) => i ? [", ", s] : [s]), ": every outlet's version, side by side.") : null,
      ];
      const parts = [...head, independence(e), el("h3", { text: "ACLED row" }), acledTable(body, e)];
      parts.push(el("h3", { text: `Accounts (${accounts.length}), by originating outlet` }));
      parts.push(accounts.length ? await accountsSection(accounts) : el("p", { class: "notice", text: "The API gave no accounts for this event (an older server?)." }));
      parts.push(figures(e));
      parts.push(el("h3", { id: "contradictions-title", text: `Where the accounts disagree (${contradictions.length})` }));
      parts.push(contradictions.length
        ? el("div", { id: "contradictions" }, await Promise.all(contradictions.map((c) => contradictionBlock(c, sources))))
        : el("p", { class: "muted", text: "No contradiction was found between the accounts of this event." }));
      parts.push(merges(e));
      root.replaceChildren(...parts.filter(Boolean));
      R.ready("1");
    } catch (err) { R.showError(root, err); R.ready("error"); }
  }

  window.Rashomon.eventPage = eventPage;
  window.Rashomon.contradictionBlock = contradictionBlock;
})();
