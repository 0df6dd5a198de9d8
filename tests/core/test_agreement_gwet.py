"""Gwet's AC1/AC2, Brennan-Prediger and Holsti: published worked examples, the irrCAC package
as an oracle on random matrices, and the cases with no value.

The worked examples are the rating datasets documented with irrCAC (Gwet's R package, and
its Python port by A. Fergadis), taken from Gwet, K. L. (2014) Handbook of Inter-Rater
Reliability, 4th ed.: ``cac.raw4raters`` (4 raters x 12 subjects, 5 categories; the same data
as Krippendorff 2011's reliability data), ``cac.raw5obser`` (5 observers x 15 units, scores
0-3), ``cac.raw.g1g2`` (4 raters x 14 units, a-e), ``cac.raw.gender`` (4 raters x 15 units,
a-c) and ``cac.ben.gerry`` (2 raters x 12 units, a-e). The expected figures are those
documented with the package (irrCAC's vignettes; the Python port's test suite,
test/unit/irrCAC/raw/test_gwet.py and test_bp.py), to the three decimals published.

irrCAC is GPL-3: it is only a test oracle here (``pip install --no-deps irrcac``; its pinned
scipy does not matter for the functions used), never imported by the annotator package.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import ReliabilityData
from annotator.agreement.chance_corrected import agreement_weights, brennan_prediger, gwet_ac
from annotator.agreement.distributions import t_cdf, t_quantile
from annotator.agreement.holsti import holsti, holsti_pair

N = None
RAW_4RATERS = [  # Gwet (2014) / irrCAC cac.raw4raters: raters x units
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, N],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
RAW_5OBSERVERS = [  # cac.raw5obser
    [1, 1, 2, N, 0, 0, 1, 1, 2, 2, N, 0, 1, 3, 1],
    [1, 1, 3, 0, 0, 0, 0, N, 2, 1, 1, 0, 2, 3, 1],
    [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1],
    [N, 1, 3, N, N, N, N, 0, N, 1, 0, 0, 2, 2, N],
    [2, N, N, 0, 0, 0, 1, N, 2, N, N, N, N, 3, 1],
]
RAW_G1G2 = [  # cac.raw.g1g2
    [*"abccbadab", N, N, N, "b", "b"],
    [*"abccbbdabe", N, N, "b", "a"],
    [N, *"cccbcdbbeacc", "c"],
    [*"abccbddabea", N, "b", "b"],
]
RAW_GENDER = [
    list(row)
    for row in (  # cac.raw.gender
        "aaaaabbbcaaaaab",
        "aaaababccaaaaba",
        "abbcaabbcabbcaa",
        "ccccaabbcccccaa",
    )
]
RAW_BEN_GERRY = [  # cac.ben.gerry
    list("aabbdcccedda"),
    ["b", "a", "b", "b", "b", "c", "c", "c", "e", N, "d", "d"],
]

# (data, weights) -> (pa, pe, coefficient, se, ci lower, ci upper), as published
GWET = {
    ("4raters", "identity"): (0.818, 0.190, 0.775, 0.143, 0.461, 1),
    ("4raters", "bipolar"): (0.968, 0.682, 0.900, 0.106, 0.667, 1),
    ("4raters", "circular"): (0.902, 0.426, 0.830, 0.133, 0.538, 1),
    ("4raters", "linear"): (0.939, 0.571, 0.859, 0.117, 0.600, 1),
    ("4raters", "ordinal"): (0.968, 0.685, 0.899, 0.107, 0.664, 1),
    ("4raters", "quadratic"): (0.975, 0.714, 0.914, 0.104, 0.685, 1),
    ("4raters", "radical"): (0.897, 0.430, 0.820, 0.128, 0.537, 1),
    ("4raters", "ratio"): (0.954, 0.678, 0.857, 0.122, 0.589, 1),
    ("5observers", "identity"): (0.616, 0.236, 0.497, 0.122, 0.235, 0.758),
    ("g1g2", "identity"): (0.744, 0.187, 0.685, 0.134, 0.396, 0.973),
    ("gender", "identity"): (0.456, 0.312, 0.208, 0.091, 0.014, 0.403),
    ("ben_gerry", "identity"): (0.727, 0.194, 0.661, 0.184, 0.257, 1),
}
BRENNAN_PREDIGER = {
    ("4raters", "identity"): (0.818, 0.200, 0.773, 0.145, 0.454, 1),
    ("4raters", "bipolar"): (0.968, 0.717, 0.888, 0.112, 0.641, 1),
    ("4raters", "circular"): (0.902, 0.447, 0.824, 0.137, 0.522, 1),
    ("4raters", "linear"): (0.939, 0.600, 0.848, 0.123, 0.577, 1),
    ("4raters", "ordinal"): (0.968, 0.720, 0.886, 0.114, 0.636, 1),
    ("4raters", "quadratic"): (0.975, 0.750, 0.902, 0.111, 0.657, 1),
    ("4raters", "radical"): (0.897, 0.452, 0.813, 0.133, 0.520, 1),
    ("4raters", "ratio"): (0.954, 0.713, 0.840, 0.132, 0.549, 1),
    ("5observers", "identity"): (0.616, 0.250, 0.487, 0.121, 0.228, 0.747),
    ("g1g2", "identity"): (0.744, 0.200, 0.679, 0.136, 0.385, 0.974),
    ("gender", "identity"): (0.456, 0.333, 0.183, 0.102, -0.035, 0.402),
    ("ben_gerry", "identity"): (0.727, 0.200, 0.659, 0.185, 0.251, 1),
}
CUSTOM = [  # irrCAC's test of user weights (not symmetric on purpose)
    [1.00, 0.75, 0.50, 0.25, 0.00],
    [0.00, 1.00, 0.75, 0.50, 0.25],
    [0.25, 0.00, 1.00, 0.75, 0.50],
    [0.50, 0.25, 0.00, 1.00, 0.75],
    [0.75, 0.50, 0.25, 0.00, 1.00],
]
DATA = {
    "4raters": RAW_4RATERS,
    "5observers": RAW_5OBSERVERS,
    "g1g2": RAW_G1G2,
    "gender": RAW_GENDER,
    "ben_gerry": RAW_BEN_GERRY,
}


def check(result, expected):
    """To the three decimals published (0.3125 is printed .312: half a unit, plus a hair)."""
    pa, pe, value, se, lower, upper = expected
    assert result.details["Pa"] == pytest.approx(pa, abs=5.1e-4)
    assert result.details["Pe"] == pytest.approx(pe, abs=5.1e-4)
    assert result.value == pytest.approx(value, abs=5.1e-4)
    assert result.interval.standard_error == pytest.approx(se, abs=5.1e-4)
    assert result.interval.lower == pytest.approx(lower, abs=5.1e-4)
    assert result.interval.upper == pytest.approx(upper, abs=5.1e-4)


def test_the_datasets_are_as_documented():
    assert [len(row) for row in RAW_G1G2] == [14] * 4
    assert [len(row) for row in RAW_GENDER] == [15] * 4
    assert [len(row) for row in RAW_5OBSERVERS] == [15] * 5


@pytest.mark.parametrize("case", sorted(GWET))
def test_gwet_reproduces_the_irrcac_examples(case):
    data = ReliabilityData.from_rows(DATA[case[0]])
    result = gwet_ac(data, case[1])
    assert result.name == ("gwet_ac1" if case[1] == "identity" else "gwet_ac2")
    check(result, GWET[case])


@pytest.mark.parametrize("case", sorted(BRENNAN_PREDIGER))
def test_brennan_prediger_reproduces_the_irrcac_examples(case):
    check(
        brennan_prediger(ReliabilityData.from_rows(DATA[case[0]]), case[1]), BRENNAN_PREDIGER[case]
    )


def test_brennan_prediger_with_user_weights():
    result = brennan_prediger(ReliabilityData.from_rows(RAW_4RATERS), CUSTOM)
    check(result, (0.886, 0.500, 0.773, 0.145, 0.454, 1))


def test_levels_choose_gwets_weights():
    data = ReliabilityData.from_rows(RAW_4RATERS)
    assert gwet_ac(data, "interval").value == gwet_ac(data, "quadratic").value
    assert gwet_ac(data, "ordinal").level == "ordinal"
    assert gwet_ac(data, "nominal").name == "gwet_ac1"


def rows_frame(rows):
    columns = {f"r{i}": [np.nan if v is None else v for v in row] for i, row in enumerate(rows)}
    return pd.DataFrame(columns)


@st.composite
def matrices(draw):
    coders = draw(st.integers(2, 6))
    units = draw(st.integers(2, 25))
    categories = draw(st.integers(2, 6))
    missing = draw(st.floats(0.0, 0.5))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    values = rng.integers(1, categories + 1, size=(coders, units)).astype(object)
    values[rng.random((coders, units)) < missing] = None
    return values.tolist()


WEIGHT_NAMES = ("identity", "linear", "quadratic", "ordinal", "radical", "ratio", "circular")


@settings(max_examples=150, deadline=None)
@given(matrices(), st.sampled_from((*WEIGHT_NAMES, "bipolar")))
def test_equal_to_irrcac_on_random_matrices(rows, weights):
    from irrCAC.raw import CAC

    data = ReliabilityData.from_rows(rows)
    frame = rows_frame(rows)
    if data.n_units == 0 or frame.dropna(how="all").shape[0] < 2:
        return
    # irrCAC 0.4.4 with pandas >= 2.1 counts NaN as a category unless told the categories.
    categories = list(data.categories)
    if len(categories) < 2 or (frame.notna().sum(axis=1) >= 2).sum() == 0:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = {
            "gwet": CAC(frame.copy(), weights=weights, categories=categories, digits=15).gwet(),
            "bp": CAC(frame.copy(), weights=weights, categories=categories, digits=15).bp(),
        }
    for ours, key in ((gwet_ac(data, weights), "gwet"), (brennan_prediger(data, weights), "bp")):
        est = theirs[key]["est"]
        if not math.isfinite(est["coefficient_value"]) or ours.value is None:
            assert ours.value is None or not math.isfinite(est["coefficient_value"])
            continue
        assert ours.value == pytest.approx(est["coefficient_value"], abs=1e-9)
        assert ours.details["Pa"] == pytest.approx(est["pa"], abs=1e-9)
        assert ours.details["Pe"] == pytest.approx(est["pe"], abs=1e-9)
        if est["se"] > 1e-12:
            assert ours.interval.standard_error == pytest.approx(est["se"], abs=1e-9)
            assert ours.interval.lower == pytest.approx(est["confidence_interval"][0], abs=1e-9)
            assert ours.interval.upper == pytest.approx(est["confidence_interval"][1], abs=1e-9)


def test_weights_match_irrcac():
    from irrCAC.weights import Weights

    for categories in ([1, 2, 3, 4, 5], [0, 1, 2, 3], [2, 5, 9], ["a", "b", "c", "d"]):
        for name in (*WEIGHT_NAMES, "bipolar"):
            if name == "ratio" and 0 in categories:
                continue
            ours = agreement_weights(name, categories)
            assert ours == pytest.approx(np.asarray(Weights(categories)[name]), abs=1e-12)


def test_no_value_cases_say_why():
    assert gwet_ac([[1, 2, 3]]).reason == "there is only one coder; agreement needs two or more"
    assert gwet_ac([[None, None], [None, None]]).reason == "every value is missing"
    nothing = gwet_ac([[1, None], [None, 2]])
    assert "nothing is pairable" in nothing.reason and nothing.value is None
    one = brennan_prediger(ReliabilityData.from_rows([["a", "a"], ["a", "a"]]))
    assert one.reason == "the scale has only one category"
    single_unit = gwet_ac([[1, 2], [1, None]], "identity")
    assert single_unit.value is not None and single_unit.units == 1


def test_student_t_against_scipy():
    from scipy import stats

    for df in (1, 2, 3, 7, 11, 14, 40, 500):
        for p in (0.5, 0.6, 0.9, 0.975, 0.995, 0.025):
            assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), abs=1e-9)
        for value in (-4.0, -0.3, 0.0, 1.1, 2.5, 60.0):
            assert t_cdf(value, df) == pytest.approx(stats.t.cdf(value, df), abs=1e-12)


def test_holsti_by_hand():
    # A rates 10 units, B 8 of them; they agree on 6: CR = 2 * 6 / (10 + 8).
    a = [1, 1, 2, 2, 3, 3, 1, 2, 3, 1]
    b = [1, 1, 2, 2, 3, 3, 2, 1, None, None]
    result = holsti([a, b])
    assert result.value == pytest.approx(12 / 18)
    assert result.details == {"M": 6.0, "N1": 10.0, "N2": 8.0}
    three = holsti([a, b, a])
    expected = (12 / 18 + 1.0 + 12 / 18) / 3
    assert three.value == pytest.approx(expected) and three.details["pairs"] == 3
    assert holsti_pair([[None], [None]], 0, 1).reason == "neither coder rated any unit"
    assert holsti([[1, 2]]).value is None
    # Both coders rate every unit: CR is the percent agreement.
    assert holsti([[1, 2, 3, 1], [1, 2, 1, 1]]).value == pytest.approx(0.75)
