"""Bootstrap intervals: the vectorised resampling against the plain loop over resamples, the
Hayes & Krippendorff (KALPHA) algorithm against a direct transcription of its steps,
reproducibility, "no value" handling, and coverage for coders of known reliability."""

from __future__ import annotations

import json
import random
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from annotator.agreement import (
    ReliabilityData,
    coding_report,
    confusion_matrix,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from annotator.agreement.alpha import coincidence_matrix
from annotator.agreement.alpha_intervals import alpha_bootstrap, alpha_resamples, kalpha_bootstrap
from annotator.agreement.breakdown import pair_coefficients
from annotator.agreement.chance_corrected import brennan_prediger, gwet_ac
from annotator.agreement.coefficient_intervals import (
    chance_corrected_resamples,
    fleiss_resamples,
    holsti_resamples,
    pair_figures_from_tables,
    pair_table_resamples,
    percent_agreement_resamples,
)
from annotator.agreement.holsti import holsti
from annotator.agreement.layer_tables import PositionTable
from annotator.agreement.metrics import distance_matrix
from annotator.agreement.positions import position_alpha
from annotator.agreement.report_intervals import IntervalSettings, with_intervals
from annotator.agreement.resampling import order_statistics, percentile_interval
from annotator.agreement.span_intervals import document_statistics, position_alpha_interval
from annotator.agreement.spans import SpanCorpus, SpanDocument
from annotator.agreement.unitized_family import member_values, totals
from annotator.agreement.unitized_family_figures import unitized_family

VECTORS = Path(__file__).resolve().parents[2].parent / "shared/reference/agreement-vectors.json"


def reliable_coders(units, coders, reliability, categories, rng, missing=0.0):
    """Each coder copies the unit's true category with probability ``reliability``, else
    draws one from the same distribution: nominal alpha tends to reliability squared."""
    shares = np.linspace(1.0, 2.0, categories)
    shares /= shares.sum()
    truth = rng.choice(categories, size=units, p=shares)
    copy = rng.random((coders, units)) < reliability
    guess = rng.choice(categories, size=(coders, units), p=shares)
    values = np.where(copy, truth, guess).astype(float)
    values[rng.random((coders, units)) < missing] = np.nan
    return values


def looped(data, coefficient, samples, seed):
    """The peer: resample the units with numpy and recompute with the existing function."""
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(samples):
        picked = rng.integers(0, data.n_units, data.n_units)
        sample = data.select(units=picked)
        sample = ReliabilityData(sample.codes, data.categories, sample.coders, range(len(picked)))
        result = coefficient(sample)
        values.append(np.nan if result.value is None else result.value)
    return np.array(values)


def same_distribution(ours, theirs, tolerance=0.035):
    ours, theirs = ours[np.isfinite(ours)], theirs[np.isfinite(theirs)]
    for q in (5, 25, 50, 75, 95):
        assert np.percentile(ours, q) == pytest.approx(np.percentile(theirs, q), abs=tolerance)
    assert ours.std() == pytest.approx(theirs.std(), rel=0.12)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(20240601)
    return ReliabilityData.from_array(reliable_coders(50, 4, 0.8, 4, rng, missing=0.15))


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_resamples_match_the_plain_loop(data, level):
    ours = alpha_resamples(data.value_counts(), level, data.categories, samples=2000, seed=1)
    theirs = looped(data, lambda d: krippendorff_alpha(d, level), 2000, 2)
    same_distribution(ours, theirs)


def test_other_coefficients_match_the_plain_loop(data):
    rng = np.random.default_rng
    same_distribution(
        percent_agreement_resamples(data, 1000, rng(1)), looped(data, percent_agreement, 1000, 2)
    )
    same_distribution(holsti_resamples(data, 1000, rng(1)), looped(data, holsti, 1000, 2))
    for kind, function in (("gwet", gwet_ac), ("bp", brennan_prediger)):
        ours = chance_corrected_resamples(data, "identity", kind, 1000, rng(1))
        same_distribution(ours, looped(data, function, 1000, 2))
    complete = ReliabilityData.from_array(reliable_coders(50, 3, 0.8, 3, np.random.default_rng(5)))
    same_distribution(
        fleiss_resamples(complete, 1000, rng(1)), looped(complete, fleiss_kappa, 1000, 2)
    )


def test_pair_figures_match_the_plain_loop(data):
    pair = data.select(coders=[0, 1])
    table = confusion_matrix(pair, 0, 1)
    shared = pair.select(units=(pair.codes >= 0).all(axis=0))
    tables = pair_table_resamples(table, 1000, np.random.default_rng(1))
    ours = pair_figures_from_tables(tables, table.categories, "ordinal")
    for key in ("cohen_kappa", "scott_pi", "bennett_s", "weighted_kappa_quadratic"):
        theirs = looped(
            shared,
            lambda d, key=key: pair_coefficients(confusion_matrix(d, 0, 1), "ordinal")[key],
            1000,
            2,
        )
        same_distribution(ours[key], theirs, tolerance=0.06)  # ~27 units: steps of .04
    # Each resampled table's figures are exactly pair_coefficients of that table.
    for at in range(5):
        counts = tables[at].round().astype(int)
        direct = pair_coefficients(type(table)("a", "b", table.categories, counts), "ordinal")
        for key, values in ours.items():
            if direct[key].value is None:
                assert np.isnan(values[at])
            else:
                assert values[at] == pytest.approx(direct[key].value, abs=1e-12)


def test_same_seed_same_intervals_and_another_seed_differs(data):
    report = coding_report(data, "ordinal")
    first = with_intervals(report, 300, seed=11)
    again = with_intervals(report, 300, seed=11)
    other = with_intervals(report, 300, seed=12)
    dump = json.dumps(first.to_dict(), sort_keys=True)
    assert dump == json.dumps(again.to_dict(), sort_keys=True)
    assert dump != json.dumps(other.to_dict(), sort_keys=True)
    alpha = first.overall["krippendorff_alpha"]
    assert alpha.interval.samples == 300 and alpha.interval.seed == 11
    assert alpha.interval.lower < alpha.value < alpha.interval.upper
    assert set(alpha.interval.q) == {0.667, 0.8}
    assert all(p.coefficients["cohen_kappa"].interval is not None for p in first.pairs)
    assert all(r.interval is not None for r in first.per_category.values() if r.defined)


def test_figures_without_a_value_get_no_interval_and_resamples_without_one_are_counted():
    constant = coding_report([[1, 1, 1], [1, 1, 1]], "nominal")
    result = with_intervals(constant, 200, seed=1).overall["krippendorff_alpha"]
    assert result.value is None and result.interval is None
    # One disagreement in 8 units: some resamples miss it and have no variation.
    rare = ReliabilityData.from_rows([[1, 1, 1, 1, 1, 1, 1, 2], [1, 1, 1, 1, 1, 1, 1, 1]])
    interval = alpha_bootstrap(rare.value_counts(), samples=500, seed=3)
    assert 0 < interval.undefined < 500 and interval.samples == 500
    assert percentile_interval(np.full(10, np.nan)) is None


def test_order_statistics_are_kalphas():
    values = np.arange(1, 1001, dtype=float)
    # KALPHA: the 25th smallest and the 976th of 1,000.
    assert order_statistics(values, 0.95) == (25.0, 976.0)
    assert order_statistics(np.array([0.5]), 0.95) == (0.5, 0.5)


def kalpha_by_hand(coincidences, delta, expected, coders, samples, rng):
    """KALPHA's steps as the SPSS macro writes them: uniform draws through the cumulative
    probabilities of the lower triangle (o_cc / n, 2 o_ck / n)."""
    size = coincidences.shape[0]
    total = coincidences.sum()
    cells = [(c, k) for c in range(size) for k in range(c, size)]
    p = np.array([coincidences[c, k] * (1 if c == k else 2) / total for c, k in cells])
    cumulative = np.cumsum(p)
    draws = int(min(25 * np.count_nonzero(coincidences > 0), round(total * (coders - 1) / 2)))
    values = []
    for _ in range(samples):
        picked = np.searchsorted(cumulative, rng.random(draws) * cumulative[-1], side="right")
        deltas = np.array([delta[cells[i]] for i in picked])
        values.append(max(-1.0, 1.0 - deltas.sum() / (draws * expected)))
    return np.array(values), draws


def test_kalpha_matches_its_steps_on_hayes_and_krippendorff_2007():
    vector = next(
        v
        for v in json.loads(VECTORS.read_text())["vectors"]
        if v["id"] == "hayes_krippendorff2007_5x40"
    )
    data = ReliabilityData.from_rows(vector["data"])
    counts = data.value_counts()
    alpha = krippendorff_alpha(data, "ordinal")
    assert alpha.value == pytest.approx(0.7598, abs=1e-4)  # H&K (2007), p. 84
    matrix = coincidence_matrix(counts)
    delta = distance_matrix(
        "ordinal", len(data.categories), np.array(data.categories, float), matrix.sum(axis=1)
    )
    ours = kalpha_bootstrap(matrix, delta, alpha.details["De"], data.n_coders, samples=4000, seed=1)
    theirs, draws = kalpha_by_hand(
        matrix, delta, alpha.details["De"], data.n_coders, 4000, np.random.default_rng(2)
    )
    assert draws == min(25 * np.count_nonzero(matrix > 0), round(alpha.details["n"] * 2))
    reference = percentile_interval(theirs)
    assert ours.lower == pytest.approx(reference.lower, abs=0.02)
    assert ours.upper == pytest.approx(reference.upper, abs=0.02)
    for threshold in (0.667, 0.8):
        assert ours.q[threshold] == pytest.approx(reference.q[threshold], abs=0.03)
    assert ours.method == "Hayes & Krippendorff (2007) bootstrap"


def test_kalpha_treats_an_all_agreement_resample_as_no_reliability():
    # One category used on the diagonal only: every resample is all agreements, alpha* = 1,
    # which Krippendorff's step four sets to 0 (no variation).
    matrix = np.array([[10.0, 1.0], [1.0, 0.0]])
    delta = 1.0 - np.eye(2)
    interval = kalpha_bootstrap(matrix, delta, 0.2, 2, samples=200, seed=1)
    assert interval is not None and interval.lower >= -1.0 and interval.upper <= 1.0


@pytest.mark.parametrize("reliability", [0.6, 0.9])
def test_unit_bootstrap_coverage_for_coders_of_known_reliability(reliability):
    """200 studies of 100 units by 3 coders, each coder copying the truth with probability
    r (population nominal alpha r^2, up to O(1/N)): the 95% intervals cover it about 95% of
    the time. Binomial sd of the estimate is 1.5 points."""
    rng = np.random.default_rng(7)
    target = reliability**2
    big = ReliabilityData.from_array(reliable_coders(200_000, 3, reliability, 4, rng))
    population = krippendorff_alpha(big).value
    assert population == pytest.approx(target, abs=0.01)
    covered = 0
    studies = 200
    for study in range(studies):
        sample = ReliabilityData.from_array(reliable_coders(100, 3, reliability, 4, rng))
        interval = alpha_bootstrap(sample.value_counts(), samples=500, seed=study)
        covered += interval.lower <= population <= interval.upper
    assert 0.90 <= covered / studies <= 0.985, covered / studies


def test_every_pair_of_a_three_coder_report_gets_intervals(data):
    report = with_intervals(coding_report(data.select(coders=[0, 1, 2]), "nominal"), 100, seed=4)
    assert len(report.pairs) == len(list(combinations(range(3), 2)))
    for pair in report.pairs:
        for result in pair.coefficients.values():
            assert result.value is None or result.interval is not None


def span_corpus(seed):
    rng = random.Random(seed)
    documents = []
    for number in range(12):
        length, spans = rng.randint(20, 60), {}
        for coder in rng.sample("ABCD", rng.randint(2, 4)):
            starts = sorted(rng.sample(range(length - 10), 3))
            spans[coder] = [(s, s + rng.randint(1, 8), rng.choice("xy")) for s in starts]
        documents.append(SpanDocument(length, spans, id=number))
    return documents


@pytest.mark.parametrize("label", [None, "x", "y"])
def test_document_resamples_are_the_figures_of_the_resampled_corpus(label):
    """Counting document 0 twice and leaving document 1 out gives exactly position alpha and
    the unitized family of that corpus: the bootstrap over documents is exact."""
    documents = span_corpus(3)
    table = PositionTable(SpanCorpus.build(documents))
    stats = document_statistics(table, label=label)
    weights = np.ones(len(documents))
    weights[0], weights[1] = 2, 0
    frequencies, observed = weights @ stats[:, :-1], weights @ stats[:, -1]
    total = frequencies.sum()
    resampled = 1 - observed * (total - 1) / (total**2 - (frequencies**2).sum())
    redone = [documents[0], documents[0], *documents[2:]]
    assert resampled == pytest.approx(position_alpha(redone, label).value, abs=1e-12)
    figures = unitized_family(documents)
    values = member_values(totals(figures.statistics, weights))
    again = unitized_family(redone)
    for key, value in values.items():
        expected = again.overall[key].value
        assert (expected is None and np.isnan(value)) or value == pytest.approx(expected, abs=1e-12)


def test_position_alpha_gets_an_interval_over_documents():
    table = PositionTable(SpanCorpus.build(span_corpus(4)))
    result = position_alpha_interval(table, table.alpha(), IntervalSettings(300, seed=2))
    assert result.interval.samples == 300 and result.interval.lower <= result.value
