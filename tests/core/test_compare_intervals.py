"""Bootstrap intervals of ratios of sums, against a plain loop over the same draws."""

from __future__ import annotations

import numpy
import pytest

from annotator.compare.intervals import BootstrapSettings, Ratio, draw, ratio_value


def test_the_interval_is_the_percentiles_of_the_resampled_ratios():
    rng = numpy.random.default_rng(5)
    units = numpy.column_stack([rng.poisson(3, 40), rng.integers(200, 900, 40)]).astype(float)
    settings = BootstrapSettings(resamples=500, seed=3)
    value = ratio_value(draw(units, settings, 7), Ratio(0, 1, 1000.0), settings)
    assert value.count == units[:, 0].sum() and value.base == units[:, 1].sum()
    assert value.value == pytest.approx(units[:, 0].sum() / units[:, 1].sum() * 1000)
    # the same draws, one at a time
    replay = numpy.random.default_rng([3, 7]).integers(0, 40, size=(500, 40))
    ratios = [units[i, 0].sum() / units[i, 1].sum() * 1000 for i in replay]
    low, high = numpy.percentile(ratios, [2.5, 97.5])
    assert (value.low, value.high) == (pytest.approx(low), pytest.approx(high))
    assert value.low < value.value < value.high and value.resamples == 500


def test_draws_without_a_base_are_left_out_and_counted():
    units = numpy.array([[1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    settings = BootstrapSettings(resamples=400)
    value = ratio_value(draw(units, settings, 0), Ratio(0, 1), settings)
    assert value.value == 1.0 and (value.low, value.high) == (1.0, 1.0)
    # a draw misses the one unit with a base with probability (3/4)^4, about 32%
    assert 200 < value.resamples < 340


def test_one_unit_or_no_base_has_no_interval():
    settings = BootstrapSettings()
    one = ratio_value(draw(numpy.array([[2.0, 10.0]]), settings, 0), Ratio(0, 1), settings)
    assert (one.value, one.low, one.high) == (0.2, None, None)
    none = ratio_value(draw(numpy.zeros((3, 2)), settings, 0), Ratio(0, 1), settings)
    assert none.value is None and none.low is None


def test_the_same_seed_gives_the_same_interval():
    units = numpy.arange(60, dtype=float).reshape(30, 2) + 1
    settings = BootstrapSettings(resamples=300, seed=9)
    first = ratio_value(draw(units, settings, 2), Ratio(0, 1), settings)
    again = ratio_value(draw(units, settings, 2), Ratio(0, 1), settings)
    assert first == again
