"""The eval harness's pure metrics, on cases worked out by hand from the literature."""

from __future__ import annotations

import datetime as dt

import pytest

from rashomon.errors import EvalError
from rashomon.eval import metrics as m
from rashomon.eval.gva import (
    GoldIncident,
    city_found,
    gold_place_names,
    in_split,
    normalise_place,
    parse_split,
)
from rashomon.eval.predict import PlaceGuess


def partition(*clusters: str) -> dict[str, int]:
    """``partition("abc", "defg")`` -> each letter mapped to its cluster number."""
    return {mention: i for i, c in enumerate(clusters) for mention in c}


# Pradhan et al. (2014), section 3: key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}
# (h and i are spurious response mentions, e is missing from the response).
PRADHAN_KEY = partition("abc", "defg")
PRADHAN_RESPONSE = partition("ab", "cd", "fghi")


def test_muc_pradhan_example() -> None:
    # recall: ((3-2) + (4-3)) / ((3-1) + (4-1)) = 2/5;  e counts as its own part.
    # precision: ((2-1) + (2-2) + (4-3)) / ((2-1) + (2-1) + (4-1)) = 2/5.
    score = m.muc(PRADHAN_KEY, PRADHAN_RESPONSE)
    assert score.recall == pytest.approx(2 / 5)
    assert score.precision == pytest.approx(2 / 5)
    assert score.f1 == pytest.approx(2 / 5)


def test_bcubed_pradhan_example() -> None:
    # recall: (2^2/3 + 1^2/3 + 1^2/4 + 2^2/4) / 7 = (35/12) / 7 = 5/12
    # precision: (2^2/2 + 1^2/2 + 1^2/2 + 2^2/4) / 8 = 4/8
    score = m.bcubed(PRADHAN_KEY, PRADHAN_RESPONSE)
    assert score.recall == pytest.approx(5 / 12)
    assert score.precision == pytest.approx(1 / 2)
    assert score.f1 == pytest.approx(2 * (1 / 2) * (5 / 12) / (1 / 2 + 5 / 12))


def test_ceafe_pradhan_example() -> None:
    # phi4: {abc}-{ab} = 4/5, {abc}-{cd} = 2/5, {defg}-{cd} = 2/6, {defg}-{fghi} = 4/8.
    # Best alignment {abc}-{ab}, {defg}-{fghi}: 0.8 + 0.5 = 1.3; R = 1.3/2, P = 1.3/3.
    score = m.ceafe(PRADHAN_KEY, PRADHAN_RESPONSE)
    assert score.recall == pytest.approx(0.65)
    assert score.precision == pytest.approx(1.3 / 3)


def test_conll_is_the_mean_of_the_three_f1() -> None:
    scores = m.link_scores(PRADHAN_KEY, PRADHAN_RESPONSE)
    expected = (scores.muc.f1 + scores.bcubed.f1 + scores.ceafe.f1) / 3
    assert scores.conll_f1 == pytest.approx(expected)
    assert scores.conll_f1 == pytest.approx((0.4 + 5 / 11 + 0.52) / 3)


def test_muc_vilain_example() -> None:
    # Vilain et al. (1995): key {A B C D}, response {A B} {C D}: one link missing.
    score = m.muc(partition("ABCD"), partition("AB", "CD"))
    assert score.recall == pytest.approx(2 / 3)
    assert score.precision == pytest.approx(1.0)


# Bagga and Baldwin (1998), figure 5: key {1..5} {6 7} {8..12}; two responses that
# MUC cannot tell apart, (a) joins {6 7} with {8..12}, (b) joins {1..5} with {8..12}.
BB_KEY = partition("12345", "67", "89ABC")
BB_A = partition("12345", "6789ABC")
BB_B = partition("1234589ABC", "67")


def test_muc_cannot_tell_bagga_baldwin_responses_apart() -> None:
    a, b = m.muc(BB_KEY, BB_A), m.muc(BB_KEY, BB_B)
    assert a.precision == pytest.approx(0.9)
    assert b.precision == pytest.approx(0.9)
    assert a.recall == b.recall == pytest.approx(1.0)


def test_bcubed_bagga_baldwin_prefers_the_smaller_error() -> None:
    # (a): (5*1 + 2*(2/7) + 5*(5/7)) / 12 = 16/21 ~ 0.76; (b): (10*(5/10) + 2*1) / 12 = 7/12.
    a, b = m.bcubed(BB_KEY, BB_A), m.bcubed(BB_KEY, BB_B)
    assert a.precision == pytest.approx(16 / 21)
    assert b.precision == pytest.approx(7 / 12)
    assert a.recall == b.recall == pytest.approx(1.0)


def test_ceafe_luo_style_example() -> None:
    # Response (a) of the Bagga-Baldwin key: {1..5}-{1..5} = 1, {8..C}-{6..C} = 10/12;
    # S = 11/6; R = S/3, P = S/2.
    score = m.ceafe(BB_KEY, BB_A)
    assert score.recall == pytest.approx(11 / 18)
    assert score.precision == pytest.approx(11 / 12)


def test_perfect_response_scores_one_everywhere() -> None:
    scores = m.link_scores(PRADHAN_KEY, dict(PRADHAN_KEY))
    for prf in (scores.muc, scores.bcubed, scores.ceafe):
        assert (prf.precision, prf.recall, prf.f1) == pytest.approx((1.0, 1.0, 1.0))


def test_baselines() -> None:
    key = partition("abc", "de", "f")
    mentions = list(key)
    alone = m.link_scores(key, m.singletons_partition(mentions))
    # B3 singletons: P = 1, R = (3*(1/3) + 2*(1/2) + 1) / 6 = 1/2.
    assert alone.bcubed.precision == pytest.approx(1.0)
    assert alone.bcubed.recall == pytest.approx(0.5)
    # MUC has no links to score in singletons: precision and recall 0.
    assert alone.muc.f1 == 0.0
    # CEAF-e singletons: only {f} aligns perfectly; the others give 2/4 and 2/3.
    assert alone.ceafe.recall == pytest.approx((1 + 0.5 + 2 / 3) / 3)
    one = m.link_scores(key, m.one_cluster_partition(mentions))
    # B3 one cluster: R = 1, P = (9 + 4 + 1) / 36.
    assert one.bcubed.recall == pytest.approx(1.0)
    assert one.bcubed.precision == pytest.approx(14 / 36)
    # MUC one cluster: recall 1, precision (6-3)/(6-1).
    assert one.muc.recall == pytest.approx(1.0)
    assert one.muc.precision == pytest.approx(3 / 5)


def test_ceafe_solves_independent_components_like_one_assignment() -> None:
    # Two disjoint worlds; the per-component solution must equal the sum of each.
    key = {**partition("abc", "de"), **{k.upper(): v + 10 for k, v in partition("abc").items()}}
    response = {**partition("ab", "cde"), **{k.upper(): 99 for k in "abc"}}
    score = m.ceafe(key, response)
    # phi4: {abc}-{ab}=0.8, {de}-{cde}=0.8, {ABC}-{ABC}=1 -> S = 2.6 over 3 and 3.
    assert score.recall == pytest.approx(2.6 / 3)
    assert score.precision == pytest.approx(2.6 / 3)


def test_empty_partitions_score_zero_not_error() -> None:
    assert m.bcubed({}, {}).f1 == 0.0
    assert m.ceafe({}, {}).f1 == 0.0
    assert m.muc({}, {}).f1 == 0.0


# -- distances ---------------------------------------------------------------------------


def test_haversine_paris_london() -> None:
    # Paris (48.8566 N, 2.3522 E) to London (51.5074 N, 0.1278 W): about 343.5 km.
    assert m.haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)


def test_haversine_known_cases() -> None:
    assert m.haversine_km(40.0, -75.0, 40.0, -75.0) == 0.0
    # One degree of latitude is ~111.2 km on the mean sphere.
    assert m.haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.195, abs=0.01)
    # Antipodes: half the circumference, without a domain error from rounding.
    assert m.haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(m.EARTH_RADIUS_KM * 3.14159265, rel=1e-6)
    # Symmetric.
    assert m.haversine_km(36.17, -86.78, 38.63, -90.2) == pytest.approx(
        m.haversine_km(38.63, -90.2, 36.17, -86.78)
    )


# -- dates -------------------------------------------------------------------------------

D = dt.date(2015, 3, 15)


def r(a: int, b: int) -> tuple[dt.date, dt.date]:
    return dt.date(2015, 3, a), dt.date(2015, 3, b)


def test_date_exact_needs_a_single_day() -> None:
    assert m.date_exact(r(15, 15), D)
    assert not m.date_exact(r(14, 15), D)
    assert not m.date_exact(None, D)


def test_date_within_one_day_refuses_vague_ranges() -> None:
    assert m.date_within(r(14, 14), D, 1)
    assert m.date_within(r(14, 16), D, 1)
    assert not m.date_within(r(13, 15), D, 1)
    assert not m.date_within(r(9, 21), D, 1)  # a week that contains the day is not precise
    assert not m.date_within(r(17, 17), D, 1)
    assert not m.date_within(None, D, 1)


def test_date_contains_and_error() -> None:
    assert m.date_contains(r(9, 21), D)
    assert not m.date_contains(r(16, 21), D)
    assert m.date_error_days(r(9, 21), D) == 0
    assert m.date_error_days(r(18, 21), D) == 3
    assert m.date_error_days(r(1, 12), D) == 3
    assert m.date_error_days(None, D) is None


def test_fraction_and_median_skip_unknowns() -> None:
    assert m.fraction([True, False, None, True]) == pytest.approx(2 / 3)
    assert m.fraction([None, None]) is None
    assert m.median([3.0, None, 1.0, 10.0]) == 3.0
    assert m.median([]) is None


# -- gold place names and splits ----------------------------------------------------------


def test_place_normalisation() -> None:
    assert normalise_place("St. Louis") == normalise_place("Saint Louis")
    assert normalise_place("Miami-Dade County") == normalise_place("miami dade")
    assert normalise_place("Fort Mc Coy") == normalise_place("Ft. McCoy")
    assert normalise_place("Bruce Township") == normalise_place("Bruce")
    assert normalise_place("Kansas City") != normalise_place("Kansas")
    assert normalise_place("The Bronx") == normalise_place("Bronx")
    assert normalise_place("The Dalles") == "dalles" and normalise_place("The") == "the"


def test_gold_place_names_from_gva_spellings() -> None:
    assert gold_place_names("Cartersville (Euharlee)") == {"cartersville", "euharlee"}
    assert gold_place_names("Brown (county)") == {"brown"}
    assert gold_place_names("Washington (Northwest)") == {"washington", "northwest"}
    assert gold_place_names("Hermitage") == {"hermitage"}


def _incident(city: str, state: str) -> GoldIncident:
    return GoldIncident(incident_id="1", date=D, state=state, city_or_county=city,
                        num_killed=1, num_injured=0, lat=None, lon=None)


def test_city_found_checks_the_state_when_given() -> None:
    gold = _incident("Springfield", "Illinois")
    assert city_found([PlaceGuess(name="Springfield", admin1="IL")], gold)
    assert city_found([PlaceGuess(name="Springfield")], gold)
    assert not city_found([PlaceGuess(name="Springfield", admin1="MO")], gold)
    assert not city_found([PlaceGuess(name="Chicago", admin1="IL")], gold)
    assert not city_found([], gold)
    assert city_found([PlaceGuess(name="St. Louis", admin1="Missouri")],
                      _incident("Saint Louis (Hanley Hills)", "Missouri"))


def test_split_is_stable_and_partitions() -> None:
    ids = [str(i) for i in range(200)]
    parts = [{i for i in ids if in_split(i, (k, 5))} for k in range(5)]
    assert sum(len(p) for p in parts) == 200
    assert set().union(*parts) == set(ids)
    assert all(20 <= len(p) <= 60 for p in parts)
    assert parse_split("0/5") == (0, 5)
    with pytest.raises(EvalError):
        parse_split("5/5")
    with pytest.raises(EvalError):
        parse_split("half")
