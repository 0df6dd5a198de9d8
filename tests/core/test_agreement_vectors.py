"""Published worked examples and edge cases reproduced by annotator.agreement.

The data and expected values come from the ``agreement_vectors`` fixture (conftest.py): the
team's published reference file. A value given without a tolerance is checked to the
precision it was published with (half a unit in its last digit).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from annotator.agreement import (
    ConfusionMatrix,
    ReliabilityData,
    alpha_from_counts,
    bennett_s,
    cohens_kappa,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    fleiss_kappa_per_category,
    krippendorff_alpha,
    per_label_alpha,
    percent_agreement,
    scotts_pi,
    set_alpha,
    weighted_kappa,
)
from annotator.agreement.confusion import confusion_matrix


def expected(entry) -> tuple[float, float]:
    """(value, tolerance) of a published figure, with or without an explicit tolerance."""
    if isinstance(entry, dict):
        return entry["value"], entry["tol"]
    digits = len(repr(float(entry)).split(".")[1]) if "." in repr(float(entry)) else 0
    return entry, 0.5 * 10.0**-digits + 1e-12


def close(actual: float | None, entry) -> bool:
    value, tolerance = expected(entry)
    return actual is not None and abs(actual - value) <= tolerance


# -- Krippendorff's alpha on reliability matrices ------------------------------------------


def test_krippendorff_2011_all_levels_and_intermediates(agreement_vectors):
    vector = agreement_vectors["by_id"]["krippendorff2011_4x12"]
    published = vector["expected"]
    for level in ("nominal", "ordinal", "interval", "ratio"):
        result = krippendorff_alpha(vector["data"], level)
        assert close(result.value, published[f"alpha_{level}"]), (level, result)
        assert result.value == pytest.approx(
            vector["computed"][level]["krippendorff.alpha"], abs=1e-6
        )
        assert result.pairable == published["pairable_values_n"]
        # Unit 12 has one value: 11 pairable units, four coders.
        assert (result.units, result.coders) == (11, 4)
    nominal = krippendorff_alpha(vector["data"], "nominal").details
    interval = krippendorff_alpha(vector["data"], "interval").details
    assert close(nominal["Do"], published["nominal_Do"])
    assert close(nominal["De"], published["nominal_De"])
    assert close(interval["Do"], published["interval_Do"])
    assert close(interval["De"], published["interval_De"])


def test_hayes_krippendorff_2007_ordinal(agreement_vectors):
    vector = agreement_vectors["by_id"]["hayes_krippendorff2007_5x40"]
    result = krippendorff_alpha(vector["data"], "ordinal")
    assert close(result.value, vector["expected"]["alpha_ordinal"])
    for level in ("nominal", "ordinal", "interval"):
        computed = vector["computed"][level]["krippendorff.alpha"]
        assert krippendorff_alpha(vector["data"], level).value == pytest.approx(computed, abs=1e-6)


def test_dropping_a_unit_only_one_coder_rated_changes_nothing(agreement_vectors):
    data = agreement_vectors["by_id"]["krippendorff2011_4x12"]["data"]
    published = agreement_vectors["edge_cases"]["E11_drop_unpairable_unit_invariance"]
    first_eleven = [row[:11] for row in data]
    assert krippendorff_alpha(first_eleven).value == pytest.approx(
        published["krippendorff.alpha(K2011 units 1-11)"], abs=1e-6
    )
    assert krippendorff_alpha(first_eleven).value == krippendorff_alpha(data).value


# -- Fleiss' kappa ---------------------------------------------------------------------------


def test_fleiss_wikipedia_count_table(agreement_vectors):
    vector = agreement_vectors["by_id"]["fleiss_wikipedia_10x14x5"]
    result = fleiss_kappa_from_counts(vector["data"])
    assert close(result.value, vector["expected"]["fleiss_kappa"])
    assert close(result.details["P_bar"], vector["expected"]["P_bar"])
    assert close(result.details["P_e_bar"], vector["expected"]["P_e_bar"])
    assert result.value == pytest.approx(vector["computed"]["statsmodels.fleiss_kappa"], abs=1e-6)
    assert (result.units, result.pairable) == (10, 140)
    # Alpha on the same counts carries the small-sample correction: a different number.
    alpha = alpha_from_counts(vector["data"])
    assert alpha.value == pytest.approx(
        vector["computed"]["krippendorff.alpha(nominal, value_counts)"], abs=1e-6
    )


def test_fleiss_1971_diagnoses(agreement_vectors):
    vector = agreement_vectors["by_id"]["fleiss1971_30x6"]
    published = vector["expected"]
    # Published as subjects x raters; our matrices are coders x units.
    data = ReliabilityData.from_rows(np.array(vector["data"]).T.tolist())
    result = fleiss_kappa(data)
    assert close(result.value, published["fleiss_kappa"])
    assert result.value == pytest.approx(published["irr_kappam_fleiss"], abs=1e-7)
    assert close(result.details["P_bar"], published["P_bar"])
    # Fleiss worked from proportions rounded to three decimals (p_j = .144, .144, .167, .306,
    # .239), so P_e and the per-category kappas are published a little off the exact values
    # (P_e = 0.21994, not 0.2201); the cited source (DKPro's Fleiss1971Test) checks them to
    # 0.001 and 0.005, and so do we.
    assert result.details["P_e_bar"] == pytest.approx(published["P_e_bar"], abs=0.001)
    per_category = fleiss_kappa_per_category(data.value_counts(), data.categories)
    for category, value in published["kappa_per_category"].items():
        assert per_category[int(category)].value == pytest.approx(value, abs=0.005), category
    # Per-category kappas recombine into the overall kappa, weighted by p_j q_j (Fleiss eq. 13).
    shares = data.value_counts().sum(axis=0) / 180
    weights = shares * (1 - shares)
    combined = sum(w * per_category[c].value for w, c in zip(weights, data.categories, strict=True))
    assert combined / weights.sum() == pytest.approx(result.value)
    assert krippendorff_alpha(data).value == pytest.approx(
        vector["computed"]["krippendorff.alpha(nominal)"], abs=1e-6
    )


# -- Two-coder contingency tables --------------------------------------------------------------

TABLES = [
    "cohen1960_ex2_p45",
    "cohen1960_ex1_p37",
    "wikipedia_cohen_yes_no",
    "artstein_poesio2008_p558",
    "artstein_poesio2008_p568",
    "krippendorff2004_p246_a",
    "krippendorff2004_p246_b",
    "krippendorff2004_p224_binary",
    "krippendorff2004_p227",
    "krippendorff1995_A_digitised",
    "sas_table10",
]


@pytest.mark.parametrize("vector_id", TABLES)
def test_contingency_table_examples(agreement_vectors, vector_id):
    vector = agreement_vectors["by_id"][vector_id]
    categories = vector["data"]["categories"]
    table = ConfusionMatrix.from_table(vector["data"]["table"], categories)
    data = ReliabilityData.from_contingency(vector["data"]["table"], categories)
    kappa, pi, s = cohens_kappa(table), scotts_pi(table), bennett_s(table)
    alpha = krippendorff_alpha(data)
    published = vector["expected"]
    checks = {
        "cohen_kappa": kappa.value,
        "scott_pi": pi.value,
        "alpha_nominal": alpha.value,
        "S": s.value,
        "Ao": kappa.details["Ao"],
        "po": kappa.details["Ao"],
        "Ae": kappa.details["Ae"],
        "pe": kappa.details["Ae"],
        "kappa_Ae": kappa.details["Ae"],
        "pi_Ae": pi.details["Ae"],
        "kappa_max": kappa.details.get("kappa_max"),
        "Ao_max": kappa.details["Ao_max"],
        "Do": alpha.details["Do"],
        "De": alpha.details["De"],
        "weighted_kappa_linear": weighted_kappa(table, "linear").value,
    }
    checked = 0
    for key, entry in published.items():
        if key in checks:
            assert close(checks[key], entry), (key, checks[key], entry)
            checked += 1
    assert checked == len(published) - len(set(published) & LEFT_OUT), published
    # What the reference packages compute on the same table, to six decimals.
    computed = vector["computed"]
    assert kappa.value == pytest.approx(computed["sklearn.cohen_kappa_score"], abs=1e-6)
    assert pi.value == pytest.approx(computed["agreement.scotts_pi"], abs=1e-6)
    assert alpha.value == pytest.approx(computed["krippendorff.alpha(nominal)"], abs=1e-6)
    assert s.value == pytest.approx(computed["nltk.S"], abs=1e-6)
    assert kappa.details["Ao"] == pytest.approx(computed["nltk.avg_Ao"], abs=1e-6)
    # The same table, as a two-row reliability matrix, gives the same pair coefficients.
    assert cohens_kappa(confusion_matrix(data, 0, 1)).value == pytest.approx(kappa.value)
    assert percent_agreement(data).value == pytest.approx(kappa.details["Ao"])
    assert fleiss_kappa(data).value == pytest.approx(pi.value)


# Published quantities not reproduced: the asymptotic standard error of kappa (SAS ASE) and
# the custom-weight figures, which have their own test below.
LEFT_OUT = {"ASE", "alpha_weighted_Chck_0.5", "weighted_kappa_Chck_0.5"}


def test_artstein_poesio_weighted_by_a_custom_distance(agreement_vectors):
    """STAT/IReq at distance 1, Chck at 0.5 from both (A&P 2008, p. 568)."""
    vector = agreement_vectors["by_id"]["artstein_poesio2008_p568"]
    categories = vector["data"]["categories"]
    distance = np.array([[0, 1, 0.5], [1, 0, 0.5], [0.5, 0.5, 0]])
    data = ReliabilityData.from_contingency(vector["data"]["table"], categories)
    alpha = krippendorff_alpha(data, distance)
    kappa = weighted_kappa(
        ConfusionMatrix.from_table(vector["data"]["table"], categories), distance
    )
    assert close(alpha.value, vector["expected"]["alpha_weighted_Chck_0.5"])
    assert close(kappa.value, vector["expected"]["weighted_kappa_Chck_0.5"])
    assert alpha.value == pytest.approx(
        vector["computed"]["nltk.alpha(weighted, Chck=0.5)"], abs=1e-6
    )
    assert kappa.value == pytest.approx(
        vector["computed"]["nltk.weighted_kappa(Chck=0.5)"], abs=1e-6
    )
    assert alpha.level == "custom"


def test_sas_weighted_kappa_linear_matches_statsmodels(agreement_vectors):
    vector = agreement_vectors["by_id"]["sas_table10"]
    table = ConfusionMatrix.from_table(vector["data"]["table"], vector["data"]["categories"])
    assert weighted_kappa(table, "linear").value == pytest.approx(
        vector["computed"]["sklearn.cohen_kappa_score(weights='linear')"], abs=1e-6
    )


# -- Edge cases: where a coefficient is undefined there is no value, and a reason ------------


def edge(agreement_vectors, name):
    return agreement_vectors["edge_cases"][name]["data"]


def pair(data):
    return confusion_matrix(ReliabilityData.from_rows(data), 0, 1)


def assert_no_value(result, *words):
    assert result.value is None and not result.defined, result
    assert result.reason and all(word in result.reason for word in words), result.reason
    assert "no value" in str(result)


def test_e1_everyone_uses_one_category(agreement_vectors):
    data = edge(agreement_vectors, "E1_all_coders_one_category")
    assert_no_value(krippendorff_alpha(data), "no variation", "12 pairable values")
    assert_no_value(fleiss_kappa(data), "no variation")
    # Everybody agrees: percent agreement is defined, and it is 1.
    assert percent_agreement(data).value == 1.0
    assert krippendorff_alpha(data).pairable == 12


def test_e1b_two_coders_one_category(agreement_vectors):
    data = edge(agreement_vectors, "E1b_two_coders_one_category")
    assert_no_value(krippendorff_alpha(data), "no variation")
    assert_no_value(cohens_kappa(pair(data)), "all 4 shared units in 1")
    assert_no_value(scotts_pi(pair(data)), "no variation")
    assert_no_value(fleiss_kappa(data), "no variation")
    assert_no_value(weighted_kappa(pair(data)), "no variation")


def test_e2_perfect_agreement(agreement_vectors):
    data = edge(agreement_vectors, "E2_perfect_agreement_two_categories")
    assert krippendorff_alpha(data).value == 1.0
    assert fleiss_kappa(data).value == 1.0


def test_e3_one_coder_per_unit(agreement_vectors):
    data = edge(agreement_vectors, "E3_one_coder_per_unit")
    assert_no_value(krippendorff_alpha(data), "nothing is pairable")
    assert_no_value(fleiss_kappa(data), "only one rating")
    assert_no_value(cohens_kappa(pair(data)), "no unit in common")
    assert_no_value(percent_agreement(data), "nothing is pairable")


def test_e4_all_missing(agreement_vectors):
    data = edge(agreement_vectors, "E4_all_missing")
    for result in (krippendorff_alpha(data), fleiss_kappa(data)):
        assert_no_value(result, "missing")
        assert (result.units, result.pairable) == (0, 0)
    assert_no_value(cohens_kappa(pair(data)), "no unit in common")


def test_e5_one_pairable_unit(agreement_vectors):
    data = edge(agreement_vectors, "E5_one_pairable_unit_only")
    result = krippendorff_alpha(data)
    assert_no_value(result, "no variation")
    assert (result.units, result.pairable) == (1, 2)
    assert_no_value(fleiss_kappa(data), "1 to 2 ratings")
    assert_no_value(cohens_kappa(pair(data)), "no variation")


def test_e6_systematic_disagreement(agreement_vectors):
    data = edge(agreement_vectors, "E6_systematic_disagreement")
    assert krippendorff_alpha(data).value == pytest.approx(-0.75)
    assert cohens_kappa(pair(data)).value == pytest.approx(-1.0)
    assert scotts_pi(pair(data)).value == pytest.approx(-1.0)
    assert fleiss_kappa(data).value == pytest.approx(-1.0)


def test_e7_one_coder_constant(agreement_vectors):
    data = edge(agreement_vectors, "E7_one_coder_constant")
    assert krippendorff_alpha(data).value == pytest.approx(-1 / 6)
    assert cohens_kappa(pair(data)).value == pytest.approx(0.0)
    assert fleiss_kappa(data).value == pytest.approx(-1 / 3)
    assert scotts_pi(pair(data)).value == pytest.approx(-1 / 3)


def test_e8_unequal_raters(agreement_vectors):
    data = edge(agreement_vectors, "E8_unequal_raters_per_unit (K2011 matrix)")
    assert krippendorff_alpha(data).value == pytest.approx(0.743421, abs=1e-6)
    assert_no_value(fleiss_kappa(data), "1 to 4 ratings", "Krippendorff's alpha")


def test_e9_single_unit_disagreement_is_a_real_zero(agreement_vectors):
    """Observed and expected disagreement are both defined (1): alpha is 0, not undefined."""
    data = edge(agreement_vectors, "E9_single_unit_two_coders_disagree")
    result = krippendorff_alpha(data)
    assert result.value == 0.0 and (result.units, result.pairable) == (1, 2)
    assert cohens_kappa(pair(data)).value == 0.0
    assert fleiss_kappa(data).value == pytest.approx(-1.0)


def test_e10_single_unit_agreement(agreement_vectors):
    data = edge(agreement_vectors, "E10_single_unit_two_coders_agree")
    for result in (
        krippendorff_alpha(data),
        fleiss_kappa(data),
        cohens_kappa(pair(data)),
        scotts_pi(pair(data)),
    ):
        assert_no_value(result, "no variation")


def test_e12_multilabel_sets(agreement_vectors):
    case = agreement_vectors["edge_cases"]["E12_multilabel_sets_constructed"]
    assert set_alpha(case["data"]).value == pytest.approx(
        case["nltk.alpha(masi_distance)"], abs=1e-6
    )
    assert set_alpha(case["data"], "jaccard").value == pytest.approx(
        case["nltk.alpha(jaccard_distance)"], abs=1e-6
    )
    exact = set_alpha(case["data"], lambda a, b: float(a != b))
    assert exact.value == pytest.approx(case["nltk.alpha(binary: exact set match)"], abs=1e-6)
    per_label = per_label_alpha(case["data"])
    for label, value in case["per-label binary krippendorff.alpha"].items():
        assert per_label[label].value == pytest.approx(value, abs=1e-6), label


def test_no_result_is_ever_nan(agreement_vectors):
    """Every edge case, every coefficient: a finite value or no value, never NaN."""
    for name, case in agreement_vectors["edge_cases"].items():
        if "data" not in case or name.startswith("E12"):
            continue
        data = case["data"]
        results = [
            krippendorff_alpha(data, level) for level in ("nominal", "ordinal", "interval")
        ] + [fleiss_kappa(data), percent_agreement(data)]
        if len(data) == 2:
            results += [cohens_kappa(pair(data)), scotts_pi(pair(data)), bennett_s(pair(data))]
        for result in results:
            assert (result.value is None) != (result.reason is None)
            assert result.value is None or math.isfinite(result.value)
