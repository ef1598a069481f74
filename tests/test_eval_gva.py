"""`rashomon eval gva` end to end on the synthetic gva-mini fixture (real pipeline)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.eval.cli import eval_group
from rashomon.eval.gva import GoldCorpus, Selection, load_corpus, raw_document
from rashomon.eval.predict import CAPABILITIES, Capability, DocPrediction, PlaceGuess
from rashomon.eval.report import BEGIN, END
from rashomon.eval.run import METRIC_KEYS, evaluate, summarise
from rashomon.model import RawDocument

MINI = Path(__file__).parent / "fixtures" / "gva-mini"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("eval") / "mini.json"
    result = CliRunner().invoke(
        eval_group, ["gva", str(MINI), "--out", str(out), "--errors", "2", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    # the terminal table says "not built" exactly when some stage is missing
    assert ("not built" in result.output) == bool(data["not_built"])
    return data


def test_json_has_every_metric_and_the_version(report: dict[str, object]) -> None:
    metrics = report["metrics"]
    assert isinstance(metrics, dict)
    assert set(metrics) == set(METRIC_KEYS)
    assert isinstance(report["version"], str) and report["version"]
    assert report["documents"] == {
        "in_corpus": 9, "selected": 9, "distinct_texts": 7, "with_incident": 8,
        "without_incident": 1, "rejected": report["documents"]["rejected"],  # type: ignore[index]
    }
    assert report["incidents"]["selected"] == 6  # type: ignore[index]
    assert report["incidents"]["missing_record"] == 1  # type: ignore[index]


#: Which metrics each pipeline capability unlocks.
UNLOCKS = {
    "events": ("event_found",),
    "casualties": ("killed_exact", "injured_exact"),
    "event_date": ("date_exact", "date_within_1"),
    "places": ("city_found",),
    "location": ("location_within_25km", "location_median_km"),
    "linking": ("bcubed_f1", "muc_f1", "ceafe_f1", "conll_f1"),
}


def test_built_stages_are_scored_and_unbuilt_stages_are_null(report: dict[str, object]) -> None:
    from rashomon.pipeline import capabilities

    metrics = report["metrics"]
    assert isinstance(metrics, dict)
    ref = metrics["reference_date_match"]
    assert isinstance(ref, float) and 0.0 <= ref <= 1.0
    built = set(capabilities())
    for cap, keys in UNLOCKS.items():
        for key in keys:
            if cap in built:
                assert isinstance(metrics[key], float), key
                if not key.endswith("_km"):
                    assert 0.0 <= metrics[key] <= 1.0, key
            else:
                # a stage that does not exist yet must never read as a 0
                assert metrics[key] is None, key
                assert cap in report["not_built"]  # type: ignore[operator]
    assert metrics["docs_per_s"] > 0
    assert metrics["peak_mb"] > 10


def test_baselines_are_printed_beside_the_system(report: dict[str, object]) -> None:
    linking = report["details"]["linking"]  # type: ignore[index]
    system = linking["system"]
    if "linking" in report["not_built"]:  # type: ignore[operator]
        assert system is None
    else:
        # the system's own clustering is scored with every measure, in 0..1
        for measure in ("bcubed", "muc", "ceafe"):
            assert 0.0 <= system[measure]["f1"] <= 1.0
    # One line per gold row: the article tied to two incidents counts twice.
    assert linking["mentions"] == 8
    # Gold clusters of sizes 3, 1, 1, 2, 1: B3 recall 5/8, precision 1, F1 10/13.
    assert linking["all_singletons"]["bcubed"]["f1"] == pytest.approx(10 / 13)
    assert linking["one_cluster"]["bcubed"]["recall"] == pytest.approx(1.0)
    assert linking["all_singletons"]["muc"]["f1"] == 0.0


def test_errors_list_evidence(report: dict[str, object]) -> None:
    errors = report.get("errors", {})
    assert isinstance(errors, dict)
    for rows in errors.values():
        assert 1 <= len(rows) <= 2
        for row in rows:
            assert row["doc_id"].startswith("f000")
            assert row["gold"]


def test_the_system_never_sees_the_gold() -> None:
    corpus = load_corpus(MINI)
    for doc in corpus.documents:
        raw = raw_document(doc, MINI)
        # the dct is a publication date, given as ingest gives a record's dct field
        assert raw.published == (doc.dct.isoformat() if doc.dct else None)
        assert raw.extra == ()
        assert doc.incident_id not in repr(raw)
        withheld = raw_document(doc, MINI, with_dct=False)
        assert withheld.published is None
        assert withheld.content_id == raw.content_id


def test_no_dct_is_passed_through_the_corpus() -> None:
    assert load_corpus(MINI).dct_as_input
    assert not load_corpus(MINI, Selection(dct_as_input=False)).dct_as_input


def test_selection_limit_seed_and_split() -> None:
    assert len(load_corpus(MINI, Selection(limit=3)).documents) == 3
    a = load_corpus(MINI, Selection(seed=7)).documents
    b = load_corpus(MINI, Selection(seed=7)).documents
    assert [d.doc_id for d in a] == [d.doc_id for d in b]
    parts = [load_corpus(MINI, Selection(split=(k, 3))).documents for k in range(3)]
    assert sum(len(p) for p in parts) == 9
    for part in parts:  # a split never cuts an incident in two
        for doc in part:
            assert all(d.incident_id != doc.incident_id for q in parts if q is not part for d in q)


def test_bad_corpus_path_is_a_coded_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(eval_group, ["gva", str(tmp_path), "--no-progress"])
    assert result.exit_code != 0
    assert "R401" in result.output


def test_update_doc_keeps_prose(tmp_path: Path) -> None:
    doc = tmp_path / "ACCURACY.md"
    doc.write_text(f"# Accuracy\n\nHand-written notes.\n\n{BEGIN}\nold figures\n{END}\n\n## After\n")
    result = CliRunner().invoke(
        eval_group, ["gva", str(MINI), "--limit", "4", "--update-doc", str(doc), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    text = doc.read_text()
    assert "Hand-written notes." in text and "## After" in text
    assert "old figures" not in text
    assert "`reference_date_match`" in text
    assert "rashomon eval gva" in text and "--limit 4" in text


class OraclePredictor:
    """A second implementation of the Predictor protocol that answers from the gold.

    Not a stand-in for a pipeline component: it checks that a predictor declaring
    every stage gets every figure scored, and that perfect answers score 1.
    """

    def __init__(self, corpus: GoldCorpus) -> None:
        self._gold = {raw_document(d, MINI).content_id: d for d in corpus.documents}
        self._corpus = corpus

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset(CAPABILITIES)

    @property
    def description(self) -> str:
        return "oracle"

    def predict(self, raw: RawDocument) -> DocPrediction:
        doc = self._gold[raw.content_id]
        inc = self._corpus.incident_of(doc)
        if inc is None:
            return DocPrediction(document_id=raw.content_id, reference_date=doc.dct)
        where = None if inc.lat is None or inc.lon is None else (inc.lat + 0.01, inc.lon)
        return DocPrediction(
            document_id=raw.content_id,
            reference_date=doc.dct,
            event_found=True,
            event_type="Violence against civilians",
            event_date=(inc.date, inc.date),
            killed=inc.num_killed,
            injured=inc.num_injured,
            places=(PlaceGuess(name=inc.city_or_county.split(" (")[0], admin1=inc.state),),
            location=where,
            evidence={"event": "oracle"},
        )

    def link(self) -> Mapping[str, str]:
        return {cid: d.incident_id for cid, d in self._gold.items()}

    def after_link(self) -> Mapping[str, Mapping[str, object]]:
        return {}

    def close(self) -> None:
        pass


def test_a_predictor_with_every_stage_gets_every_figure() -> None:
    corpus = load_corpus(MINI)
    run = evaluate(corpus, lambda: OraclePredictor(corpus))
    report = summarise(run, command="test")
    metrics = report["metrics"]
    for key in METRIC_KEYS:
        assert metrics[key] is not None, key
    for key in ("reference_date_match", "event_found", "killed_exact", "injured_exact",
                "date_exact", "date_within_1", "city_found", "location_within_25km"):
        assert metrics[key] == pytest.approx(1.0), key
    # One article reports two incidents but is one document, so even a perfect linker
    # puts both gold rows in one cluster: B3 recall 1, precision (6 + 2 * 1/2) / 8.
    assert metrics["bcubed_f1"] == pytest.approx(14 / 15)
    # MUC: recall 1, precision (2 + 1 + 0) / (2 + 1 + 1) = 3/4, so F1 6/7.
    assert metrics["muc_f1"] == pytest.approx(6 / 7)
    # CEAF-e: three exact clusters plus phi4({b1#3}, {b1#3, b1#4}) = 2/3 -> S = 11/3,
    # recall S/5, precision S/4.
    ceaf_r, ceaf_p = 11 / 15, 11 / 12
    assert metrics["ceafe_f1"] == pytest.approx(2 * ceaf_p * ceaf_r / (ceaf_p + ceaf_r))
    assert len(run.scores) == 9
    # 0.01 degree of latitude is ~1.1 km.
    assert metrics["location_median_km"] == pytest.approx(1.11, abs=0.01)
    assert report["not_built"] == []
