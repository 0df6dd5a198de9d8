"""The agreement API on small hand-made data: the result type, building reliability data,
breakdowns, multi-label sets, and what the package may import."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from annotator.agreement import (
    AgreementDataError,
    Coefficient,
    ReliabilityData,
    alpha_by_group,
    coder_vs_others,
    coding_report,
    fleiss_kappa_from_counts,
    jaccard_distance,
    krippendorff_alpha,
    masi_distance,
    no_value,
    one_vs_rest_alpha,
    pairwise,
    per_label_alpha,
    set_alpha,
    unit_disagreements,
)

K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


# -- the result type -----------------------------------------------------------------------


def test_a_coefficient_has_a_finite_value_or_a_reason():
    with pytest.raises(ValueError):
        Coefficient("x", None)
    with pytest.raises(ValueError):
        Coefficient("x", 0.5, "and a reason")
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError, match="non-finite"):
            Coefficient("x", bad)
    empty = no_value("krippendorff_alpha", "every value is missing", coders=3)
    assert empty.to_dict() == {
        "name": "krippendorff_alpha",
        "value": None,
        "reason": "every value is missing",
        "units": 0,
        "coders": 3,
        "pairable": 0,
    }
    assert empty.formatted() == "no value" and not empty.defined


def test_to_dict_is_plain_json():
    result = krippendorff_alpha(K2011, "interval")
    data = result.to_dict()
    assert type(data["value"]) is float
    assert all(type(v) is float for v in data["details"].values())
    assert data["level"] == "interval" and "reason" not in data


# -- building reliability data ------------------------------------------------------------------


def test_rows_ratings_and_arrays_agree():
    ratings = [
        (f"c{i}", f"u{u}", value)
        for i, row in enumerate(K2011)
        for u, value in enumerate(row)
        if value is not None
    ]
    from_ratings = ReliabilityData.from_ratings(ratings)
    assert from_ratings.coders == ("c0", "c1", "c2", "c3")
    assert from_ratings.n_units == 12 and from_ratings.categories == (1, 2, 3, 4, 5)
    array = np.array([[np.nan if v is None else v for v in row] for row in K2011])
    values = {krippendorff_alpha(d).value for d in (K2011, array, from_ratings)}
    assert len(values) == 1


def test_bad_reliability_data_is_refused_with_a_reason():
    with pytest.raises(AgreementDataError, match="row 2 has 1 values, row 1 has 2"):
        ReliabilityData.from_rows([[1, 2], [1]])
    with pytest.raises(AgreementDataError, match="rated unit u1 twice"):
        ReliabilityData.from_ratings([("a", "u1", 1), ("a", "u1", 2)])
    with pytest.raises(AgreementDataError, match="not among the categories"):
        ReliabilityData.from_rows([["x", "y"], ["x", "z"]], categories=["x", "y"])
    with pytest.raises(AgreementDataError, match="not among the categories"):
        ReliabilityData.from_array(np.array([[1.0, 2.0]]), categories=[1, 3])
    with pytest.raises(AgreementDataError, match="same name"):
        ReliabilityData.from_rows([[1], [2]], coders=["a", "a"])
    with pytest.raises(AgreementDataError, match="interval level needs numbers"):
        krippendorff_alpha([["low", "high"], ["low", "low"]], "interval")
    with pytest.raises(AgreementDataError, match="unknown level"):
        krippendorff_alpha(K2011, "cardinal")


def test_ordinal_text_categories_follow_the_order_given():
    rows = [["low", "mid", "high", "mid"], ["low", "high", "high", "low"]]
    ordered = ReliabilityData.from_rows(rows, categories=["low", "mid", "high"])
    numeric = [[{"low": 1, "mid": 2, "high": 3}[v] for v in row] for row in rows]
    assert krippendorff_alpha(ordered, "ordinal").value == pytest.approx(
        krippendorff_alpha(numeric, "ordinal").value
    )


def test_zero_and_empty_text_are_categories_not_missing():
    data = ReliabilityData.from_rows([["", "a", None], ["", "b", 0]])
    assert data.categories == (0, "", "a", "b")
    assert int((data.codes >= 0).sum()) == 5


# -- breakdowns ----------------------------------------------------------------------------


def test_pairs_agree_with_alpha_on_the_two_coders():
    for pair in pairwise(K2011, "interval"):
        two = ReliabilityData.from_rows(K2011).select(
            coders=[int(pair.coder_a[-1]) - 1, int(pair.coder_b[-1]) - 1]
        )
        assert pair.coefficients["krippendorff_alpha"].value == pytest.approx(
            krippendorff_alpha(two, "interval").value
        )
        assert pair.shared_units == pair.coefficients["cohen_kappa"].units


def test_each_coder_against_the_others():
    data = ReliabilityData.from_rows(K2011, coders=["A", "B", "C", "D"])
    results = {r.coder: r for r in coder_vs_others(data)}
    # "without": alpha of the other three.
    assert results["A"].without.value == pytest.approx(
        krippendorff_alpha(data.select(coders=[1, 2, 3])).value
    )
    # "with others": alpha over A's pairs of values, as if each pair were its own unit.
    rows: list[list] = [[], []]
    for other in (1, 2, 3):
        for unit in range(12):
            if K2011[0][unit] is not None and K2011[other][unit] is not None:
                rows[0].append(K2011[0][unit])
                rows[1].append(K2011[other][unit])
    assert results["A"].with_others.value == pytest.approx(krippendorff_alpha(rows).value)
    assert results["A"].with_others.units == 9  # units A shares with at least one other
    assert results["A"].with_others.coders == 4


def test_one_vs_rest_is_alpha_on_a_binary_recoding():
    per_category = one_vs_rest_alpha(K2011)
    for category in (1, 2, 3, 4, 5):
        binary = [[None if v is None else v == category for v in row] for row in K2011]
        assert per_category[category].value == pytest.approx(krippendorff_alpha(binary).value)


def test_alpha_by_group_and_most_contested_units():
    groups = ["left"] * 6 + ["right"] * 6
    by_group = alpha_by_group(K2011, groups)
    assert set(by_group) == {"left", "right"}
    left = krippendorff_alpha([row[:6] for row in K2011])
    assert by_group["left"].value == pytest.approx(left.value)
    contested = unit_disagreements(ReliabilityData.from_rows(K2011, units=list("abcdefghijkl")))
    assert contested[0].unit == "f"  # 1, 2, 3, 4: every pair disagrees
    assert contested[0].disagreement == 1.0
    assert contested[0].values == {"coder 1": 1, "coder 2": 2, "coder 3": 3, "coder 4": 4}
    assert [u.disagreement for u in contested] == sorted(
        (u.disagreement for u in contested), reverse=True
    )
    assert "l" not in {u.unit for u in contested}  # one value: not pairable


def test_report_with_two_coders_includes_cohen_and_scott():
    report = coding_report(K2011[:2], "ordinal")
    assert {"cohen_kappa", "scott_pi", "weighted_kappa_linear"} <= set(report.overall)
    assert report.to_dict()["pairs"][0]["shared_units"] == 9


def test_fleiss_from_counts_needs_the_same_number_of_ratings():
    assert fleiss_kappa_from_counts([[2, 0], [1, 1], [0, 2]]).value == pytest.approx(1 / 3)
    uneven = fleiss_kappa_from_counts([[2, 0], [1, 2]])
    assert uneven.value is None and "2 to 3 ratings" in uneven.reason


# -- multi-label sets ---------------------------------------------------------------------------


def test_masi_and_jaccard_distances():
    assert masi_distance({1, 2}, {1, 2}) == 0.0
    assert masi_distance({1, 2}, {1, 2, 3, 4}) == pytest.approx(1 - 0.5 * 2 / 3)
    assert masi_distance({1, 2}, {2, 3}) == pytest.approx(1 - 1 / 3 * 1 / 3)
    assert masi_distance({1}, {2}) == 1.0
    assert masi_distance(set(), set()) == 0.0 and masi_distance(set(), {1}) == 1.0
    assert jaccard_distance({1, 2}, {2, 3}) == pytest.approx(2 / 3)
    assert jaccard_distance(set(), set()) == 0.0


def test_sets_with_missing_and_empty_cells():
    rows = [
        [{"war"}, set(), None, {"war", "economy"}],
        [{"war"}, set(), {"economy"}, {"war"}],
    ]
    result = set_alpha(rows)
    assert result.units == 3 and result.pairable == 6 and result.coders == 2
    per_label = per_label_alpha(rows, labels=["war", "economy", "health"])
    assert per_label["health"].value is None
    assert "'not health'" in per_label["health"].reason
    # A plain string is one label, not a set of characters.
    assert set_alpha([["war", "war"], ["war", {"war"}]]).reason.startswith("all 4 pairable")
    single = set_alpha([[{"a"}, {"b"}]])
    assert single.value is None and "only one coder" in single.reason
    with pytest.raises(AgreementDataError, match="unknown set distance"):
        set_alpha(rows, "hamming")


# -- dependencies ----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_package_imports_no_qt_and_no_reference_implementation():
    """krippendorff is GPL and the others are test-only: annotator.agreement uses none."""
    code = (
        "import sys, annotator.agreement, annotator.cli.agree_matrix_commands\n"
        "banned = {'PySide6', 'krippendorff', 'nltk', 'sklearn', 'statsmodels', 'scipy'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & banned))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"


def test_a_value_that_rounds_to_zero_is_never_printed_negative():
    from annotator.agreement.result import Coefficient, rounded

    assert rounded(-0.0001) == "0.000" and rounded(-0.0006) == "-0.001"
    tiny = Coefficient("cohen_kappa", -0.00004, units=12, coders=2, pairable=24)
    assert tiny.formatted() == "0.000"
