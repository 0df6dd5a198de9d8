"""Property tests: on random reliability matrices our coefficients equal the reference
packages' (test-only dependencies: ``krippendorff`` is GPL and never imported by annotator),
and alpha does not move under changes that must not move it."""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance, interval_distance
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.agreement import (
    ReliabilityData,
    cohens_kappa,
    confusion_matrix,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    scotts_pi,
    weighted_kappa,
)

EXAMPLES = settings(max_examples=100, deadline=None)


@st.composite
def matrices(draw, complete: bool = False, positive: bool = False):
    """(coders x units float array with NaN for missing): 2-10 coders, 2-20 categories whose
    values are distinct numbers (positive ones for the ratio level)."""
    coders = draw(st.integers(2, 10))
    units = draw(st.integers(1, 25))
    size = draw(st.integers(2, 20))
    missing = 0.0 if complete else draw(st.sampled_from([0.0, 0.1, 0.3, 0.6]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    low = 1 if positive else -40
    values = rng.choice(np.arange(low, 60), size=size, replace=False).astype(float)
    if draw(st.booleans()):
        values = values / 4.0  # non-integer categories too
    # Few categories in use now and then, so "no variation" cases come up.
    used = draw(st.integers(1, size))
    matrix = values[rng.integers(0, used, size=(coders, units))]
    matrix[rng.random((coders, units)) < missing] = np.nan
    return matrix


def reference_krippendorff(matrix, level):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
    except ValueError:
        return None
    return None if np.isnan(value) else value


def reference_nltk(matrix, distance):
    triples = [
        (str(coder), str(unit), matrix[coder, unit])
        for coder in range(matrix.shape[0])
        for unit in range(matrix.shape[1])
        if not np.isnan(matrix[coder, unit])
    ]
    try:
        return AnnotationTask(data=triples, distance=distance).alpha()
    except (ValueError, ZeroDivisionError):
        return None


def check_against(mine, reference):
    """Equal to 1e-9; where ours has no value the reference fails or gives NaN, and ours
    says why."""
    event("defined" if mine.value is not None else "no value")
    if mine.value is None:
        assert mine.reason and reference is None
        return
    assert reference is not None, mine
    assert mine.value == pytest.approx(reference, abs=1e-9)


@EXAMPLES
@given(matrices())
def test_alpha_nominal_and_interval_equal_krippendorff_and_nltk(matrix):
    for level, distance in (("nominal", binary_distance), ("interval", interval_distance)):
        mine = krippendorff_alpha(matrix, level)
        check_against(mine, reference_krippendorff(matrix, level))
        nltk_value = reference_nltk(matrix, distance)
        if mine.value is None:
            # NLTK answers 1.0 when there is one value, or fails: it never disagrees silently
            # with a real value of ours.
            assert nltk_value in (None, 1.0)
        else:
            assert mine.value == pytest.approx(nltk_value, abs=1e-9)


@EXAMPLES
@given(matrices(positive=True))
def test_alpha_ordinal_and_ratio_equal_krippendorff(matrix):
    for level in ("ordinal", "ratio"):
        check_against(krippendorff_alpha(matrix, level), reference_krippendorff(matrix, level))


@EXAMPLES
@given(matrices())
def test_undefined_exactly_when_nothing_pairable_or_no_variation(matrix):
    mine = krippendorff_alpha(matrix)
    counts = (~np.isnan(matrix)).sum(axis=0)
    pairable = matrix[:, counts >= 2]
    distinct = np.unique(pairable[~np.isnan(pairable)])
    assert (mine.value is None) == (distinct.size < 2)
    assert mine.units == int((counts >= 2).sum())
    assert mine.pairable == int(counts[counts >= 2].sum())


@EXAMPLES
@given(matrices(complete=True))
def test_fleiss_equals_statsmodels_on_complete_data(matrix):
    mine = fleiss_kappa(matrix)
    table, _ = aggregate_raters(matrix.T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = statsmodels_fleiss(table, method="fleiss")
    if mine.value is None:
        assert np.isnan(reference) and "no variation" in mine.reason
    else:
        assert mine.value == pytest.approx(reference, abs=1e-9)
        # Two coders: Fleiss' kappa is Scott's pi.
        if matrix.shape[0] == 2:
            data = ReliabilityData.from_array(matrix)
            assert scotts_pi(confusion_matrix(data, 0, 1)).value == pytest.approx(mine.value)


@EXAMPLES
@given(matrices())
def test_cohen_and_weighted_kappa_equal_scikit_learn(matrix):
    data = ReliabilityData.from_array(matrix)
    table = confusion_matrix(data, 0, 1)
    both = ~np.isnan(matrix[0]) & ~np.isnan(matrix[1])
    # scikit-learn wants class labels, not floats: give it the category positions.
    first, second = data.codes[0, both], data.codes[1, both]
    for weights in (None, "linear", "quadratic"):
        mine = cohens_kappa(table) if weights is None else weighted_kappa(table, weights)
        if not both.any():
            assert mine.value is None and "no unit in common" in mine.reason
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = cohen_kappa_score(
                first, second, labels=list(range(len(data.categories))), weights=weights
            )
        if mine.value is None:
            assert np.isnan(reference)
        else:
            assert mine.value == pytest.approx(reference, abs=1e-9)


@EXAMPLES
@given(matrices())
def test_percent_agreement_is_the_mean_share_of_agreeing_pairs(matrix):
    shares = []
    for unit in matrix.T:
        values = unit[~np.isnan(unit)]
        if values.size >= 2:
            pairs = [(a, b) for i, a in enumerate(values) for b in values[i + 1 :]]
            shares.append(sum(a == b for a, b in pairs) / len(pairs))
    mine = percent_agreement(matrix)
    if not shares:
        assert mine.value is None
    else:
        assert mine.value == pytest.approx(np.mean(shares), abs=1e-12)


# -- invariances ----------------------------------------------------------------------------


def same(first, second):
    assert (first.value is None) == (second.value is None)
    if first.value is not None:
        assert first.value == pytest.approx(second.value, abs=1e-12)


@EXAMPLES
@given(matrices(), st.integers(0, 2**32 - 1))
def test_relabelling_categories_changes_no_nominal_alpha(matrix, seed):
    rng = np.random.default_rng(seed)
    values = np.unique(matrix[~np.isnan(matrix)])
    names = [f"label {i}" for i in rng.permutation(values.size)]
    mapping = dict(zip(values.tolist(), names, strict=True))
    relabelled = [[None if np.isnan(v) else mapping[v] for v in row] for row in matrix]
    same(krippendorff_alpha(matrix), krippendorff_alpha(relabelled))


@EXAMPLES
@given(matrices(), st.integers(0, 2**32 - 1))
def test_order_of_coders_and_units_changes_nothing(matrix, seed):
    rng = np.random.default_rng(seed)
    shuffled = matrix[rng.permutation(matrix.shape[0])][:, rng.permutation(matrix.shape[1])]
    for level in ("nominal", "ordinal", "interval"):
        same(krippendorff_alpha(matrix, level), krippendorff_alpha(shuffled, level))


@EXAMPLES
@given(matrices(), st.integers(0, 2**32 - 1), st.integers(1, 10))
def test_units_only_one_coder_rated_change_nothing(matrix, seed, extra):
    rng = np.random.default_rng(seed)
    added = np.full((matrix.shape[0], extra), np.nan)
    # Any value, new categories included, each from a single coder.
    added[rng.integers(0, matrix.shape[0], size=extra), np.arange(extra)] = rng.integers(
        -100, 100, size=extra
    )
    grown = np.hstack([matrix, added])
    for level in ("nominal", "ordinal", "interval"):
        before, after = krippendorff_alpha(matrix, level), krippendorff_alpha(grown, level)
        same(before, after)
        assert (before.units, before.pairable) == (after.units, after.pairable)


@EXAMPLES
@given(matrices())
def test_ratings_rows_and_arrays_give_the_same_alpha(matrix):
    rows = [[None if np.isnan(v) else float(v) for v in row] for row in matrix]
    ratings = [
        (f"c{coder}", f"u{unit}", value)
        for coder, row in enumerate(rows)
        for unit, value in enumerate(row)
    ]
    for level in ("nominal", "interval"):
        expected = krippendorff_alpha(matrix, level)
        same(expected, krippendorff_alpha(rows, level))
        same(expected, krippendorff_alpha(ReliabilityData.from_ratings(ratings), level))
