"""Difference functions (Krippendorff's delta squared) as category x category matrices.

Krippendorff, K. (2011) Computing Krippendorff's Alpha-Reliability, section "Difference
functions": nominal, ordinal (from the frequencies of the values actually coded), interval
and ratio. A caller may also give its own symmetric matrix with a zero diagonal.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from annotator.agreement.reliability import AgreementDataError

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


def level_name(level: str | np.ndarray) -> str:
    return level if isinstance(level, str) else "custom"


def check_level(level: str | np.ndarray) -> None:
    if isinstance(level, str) and level not in LEVELS:
        raise AgreementDataError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")


def distance_matrix(
    level: str | np.ndarray,
    size: int,
    values: np.ndarray | None = None,
    frequencies: np.ndarray | None = None,
) -> np.ndarray:
    """delta^2 between every two of ``size`` categories.

    ``values`` are the categories as numbers (ordinal, interval, ratio); ``frequencies`` are
    n_c, the number of pairable values in each category, which the ordinal metric uses.
    """
    check_level(level)
    if not isinstance(level, str):
        return custom_distances(level, size)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if values is None:
        raise AgreementDataError(f"the {level} level needs numeric categories")
    if level == "interval":
        return np.subtract.outer(values, values) ** 2
    if level == "ratio":
        if (values < 0).any():
            raise AgreementDataError("the ratio level needs values of 0 or more")
        total = np.add.outer(values, values)
        difference = np.subtract.outer(values, values)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(total > 0, difference / np.where(total > 0, total, 1.0), 0.0)
        return ratio**2
    # Ordinal: for c <= k, (sum of n_g for g from c to k, minus (n_c + n_k) / 2) squared,
    # which is the squared difference of the categories' mid-cumulative frequencies.
    if frequencies is None:
        raise AgreementDataError("the ordinal level needs the category frequencies")
    order = np.argsort(values, kind="stable")
    counts = np.asarray(frequencies, dtype=float)[order]
    middle = np.empty(size)
    middle[order] = np.cumsum(counts) - counts / 2.0
    return np.subtract.outer(middle, middle) ** 2


def custom_distances(matrix: np.ndarray, size: int) -> np.ndarray:
    distances = np.asarray(matrix, dtype=float)
    if distances.shape != (size, size):
        raise AgreementDataError(f"a distance matrix for {size} categories must be {size}x{size}")
    if not np.allclose(distances, distances.T) or np.any(np.diag(distances) != 0):
        raise AgreementDataError("a distance matrix must be symmetric with a zero diagonal")
    if (distances < 0).any():
        raise AgreementDataError("distances cannot be negative")
    return distances
