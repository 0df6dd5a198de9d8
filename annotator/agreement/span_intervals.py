"""Bootstrap intervals for position-level alpha, resampling documents (articles).

Positions within one text are not independent draws, so the resampling unit is the
document: each document contributes its weighted value counts n_dc (the positions' lengths
times the coders who gave them value c, over positions with two or more coders) and its
observed disagreement D_d (sum over those positions of length x (m^2 - sum_c n_c^2) / (m - 1));
nominal alpha on a resample is 1 - D (n - 1) / (n^2 - sum_c n_c^2) with the sums over the
documents drawn. The sums are what ``position_alpha`` computes on the whole corpus, so the
resampled figure is exactly position alpha of the resampled documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from annotator.agreement.layer_tables import PositionTable
from annotator.agreement.reliability import MISSING
from annotator.agreement.resampling import attach, generator, resampled_totals, safe_ratio
from annotator.agreement.result import Coefficient


def document_statistics(
    table: PositionTable, coders: Sequence[str] | None = None, label: str | None = None
) -> np.ndarray:
    """Documents x (values + 1): weighted value counts and observed disagreement."""
    corpus = table.corpus
    chosen = list(corpus.coders) if coders is None else list(coders)
    codes = table.masks[[corpus.coders.index(c) for c in chosen]]
    if label is not None:
        bit = corpus.labels.index(label) if label in corpus.labels else None
        inside = (codes >> bit) & 1 if bit is not None else np.zeros_like(codes)
        codes = np.where(codes >= 0, inside, MISSING)
    present = codes >= 0
    values, inverse = np.unique(codes[present], return_inverse=True)
    dense = np.full(codes.shape, MISSING, dtype=np.int64)
    dense[present] = inverse.ravel()
    size = max(values.size, 1)
    raters = present.sum(axis=0).astype(float)
    pairable = raters >= 2
    weights = np.where(pairable, table.weights, 0.0)
    starts = table.starts
    documents = len(corpus.documents)
    document_of = np.searchsorted(corpus.offsets, starts, side="right") - 1
    counts = np.zeros(documents * size)
    for row in range(codes.shape[0]):
        here = present[row]
        key = document_of[here] * size + dense[row][here]
        counts += np.bincount(key, weights[here], minlength=counts.size)
    # sum_c n_c^2 per position: each coder with itself, and each agreeing pair twice.
    squares = raters.copy()
    for first, second in combinations(range(codes.shape[0]), 2):
        squares += 2.0 * (present[first] & present[second] & (dense[first] == dense[second]))
    disagreement = np.divide(
        raters**2 - squares, raters - 1.0, out=np.zeros_like(raters), where=pairable
    )
    observed = np.bincount(document_of, weights * disagreement, minlength=documents)
    return np.column_stack([counts.reshape(documents, size), observed])


def position_alpha_resamples(stats: np.ndarray, samples: int, seed: int | None) -> np.ndarray:
    used = stats[stats[:, :-1].sum(axis=1) > 0]
    totals = resampled_totals(used, samples, generator(seed))
    frequencies, observed = totals[:, :-1], totals[:, -1]
    total = frequencies.sum(axis=1)
    expected = total**2 - (frequencies**2).sum(axis=1)
    return 1.0 - safe_ratio(observed * (total - 1.0), expected)


def position_alpha_interval(
    table: PositionTable,
    result: Coefficient,
    settings,
    coders: Sequence[str] | None = None,
    label: str | None = None,
) -> Coefficient:
    """``result`` (``table.alpha(coders, label)``) with its interval over documents."""
    if result.value is None:
        return result
    stats = document_statistics(table, coders, label)
    values = position_alpha_resamples(stats, settings.samples, settings.seed)
    return attach(result, settings.interval(values))
