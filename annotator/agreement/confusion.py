"""The confusion (contingency) matrix of two coders over the units both of them rated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.agreement.reliability import AgreementDataError, ReliabilityData


@dataclass(frozen=True, eq=False)
class ConfusionMatrix:
    """``counts[i, j]``: units coder_a put in ``categories[i]`` and coder_b in ``categories[j]``.

    Every category of the data is a row and a column, used by this pair or not, so the
    matrices of all pairs line up (and Bennett's S counts the whole scale).
    """

    coder_a: str
    coder_b: str
    categories: tuple[Any, ...]
    counts: np.ndarray

    def __post_init__(self) -> None:
        counts = np.asarray(self.counts, dtype=np.int64)
        size = len(self.categories)
        if counts.shape != (size, size) or (counts < 0).any():
            raise AgreementDataError(f"a confusion matrix has {size}x{size} counts >= 0")
        object.__setattr__(self, "counts", counts)

    @classmethod
    def from_table(
        cls,
        table: Any,
        categories: Sequence[Any] | None = None,
        coders: tuple[str, str] = ("coder 1", "coder 2"),
    ) -> ConfusionMatrix:
        counts = np.asarray(table, dtype=np.int64)
        if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
            raise AgreementDataError("a contingency table is square")
        names = tuple(categories) if categories is not None else tuple(range(counts.shape[0]))
        return cls(coders[0], coders[1], names, counts)

    @property
    def total(self) -> int:
        """The units both coders rated."""
        return int(self.counts.sum())

    def to_dict(self) -> dict[str, Any]:
        return {
            "coder_a": self.coder_a,
            "coder_b": self.coder_b,
            "categories": list(self.categories),
            "counts": self.counts.tolist(),
        }


def confusion_matrix(
    data: ReliabilityData, coder_a: str | int, coder_b: str | int
) -> ConfusionMatrix:
    """Cross-tabulate two coders (by name or row index) over the units both rated."""
    first, second = coder_index(data, coder_a), coder_index(data, coder_b)
    size = len(data.categories)
    a, b = data.codes[first], data.codes[second]
    both = (a >= 0) & (b >= 0)
    counts = np.bincount(a[both] * size + b[both], minlength=size * size).reshape(size, size)
    return ConfusionMatrix(data.coders[first], data.coders[second], data.categories, counts)


def coder_index(data: ReliabilityData, coder: str | int) -> int:
    if isinstance(coder, int | np.integer) and not isinstance(coder, bool):
        if not 0 <= coder < data.n_coders:
            raise AgreementDataError(f"there is no coder number {coder}")
        return int(coder)
    try:
        return data.coders.index(coder)
    except ValueError:
        raise AgreementDataError(f"there is no coder named {coder!r}") from None
