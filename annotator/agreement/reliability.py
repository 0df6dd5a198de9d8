"""Reliability data: coders x units, each cell a category or missing, held as integer codes.

Every coefficient of document labels starts from a ``ReliabilityData``. Build one from rows
(a list per coder, None or NaN for missing), from a numpy array, from (coder, unit, value)
ratings as a project stores them, or from a two-coder contingency table.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.errors import AnnotatorError

MISSING = -1


class AgreementDataError(AnnotatorError, ValueError):
    """Data that no coefficient can be computed on: ragged rows, a value not on the scale."""


def is_missing(value: Any) -> bool:
    """None and NaN are missing; every other value is a category (including "" and 0)."""
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real)


def category_sort_key(value: Any) -> tuple[int, Any]:
    """Numbers in numeric order first, then everything else by its text."""
    return (0, value) if _is_number(value) else (1, str(value))


@dataclass(frozen=True, eq=False)
class ReliabilityData:
    """``codes[i, u]`` is the index into ``categories`` of coder i's value for unit u, or -1."""

    codes: np.ndarray
    categories: tuple[Any, ...]
    coders: tuple[str, ...]
    units: Sequence[Hashable]

    def __post_init__(self) -> None:
        codes = np.asarray(self.codes, dtype=np.int64)
        if codes.ndim != 2:
            raise AgreementDataError("reliability data must be a coders x units table")
        if codes.size and (codes.min() < MISSING or codes.max() >= len(self.categories)):
            raise AgreementDataError("a code is outside the category list")
        if len(self.coders) != codes.shape[0] or len(self.units) != codes.shape[1]:
            raise AgreementDataError("coder or unit names do not match the table's shape")
        if len(set(self.coders)) != len(self.coders):
            raise AgreementDataError("two coders have the same name")
        object.__setattr__(self, "codes", codes)

    # -- constructors -------------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        rows: Sequence[Sequence[Any]],
        *,
        coders: Sequence[str] | None = None,
        units: Sequence[Hashable] | None = None,
        categories: Sequence[Any] | None = None,
    ) -> ReliabilityData:
        """One row per coder, one column per unit; None or NaN is missing."""
        rows = [list(row) for row in rows]
        width = len(rows[0]) if rows else 0
        for number, row in enumerate(rows, start=1):
            if len(row) != width:
                raise AgreementDataError(f"row {number} has {len(row)} values, row 1 has {width}")
        flat = [value for row in rows for value in row]
        present = [value for value in flat if not is_missing(value)]
        if all(_is_number(v) and not isinstance(v, bool) for v in present):
            array = np.array([np.nan if is_missing(v) else v for v in flat], dtype=float)
            return cls.from_array(
                array.reshape(len(rows), width), coders=coders, units=units, categories=categories
            )
        ordered = _category_order(present, categories)
        index = {value: code for code, value in enumerate(ordered)}
        codes = np.array(
            [MISSING if is_missing(v) else index[v] for v in flat], dtype=np.int64
        ).reshape(len(rows), width)
        return cls._named(codes, tuple(ordered), coders, units)

    @classmethod
    def from_array(
        cls,
        array: Any,
        *,
        coders: Sequence[str] | None = None,
        units: Sequence[Hashable] | None = None,
        categories: Sequence[Any] | None = None,
    ) -> ReliabilityData:
        """A numeric coders x units array with NaN for missing (the layout of ``krippendorff``)."""
        values = np.asarray(array, dtype=float)
        if values.ndim != 2:
            raise AgreementDataError("reliability data must be a coders x units table")
        present = ~np.isnan(values)
        codes = np.full(values.shape, MISSING, dtype=np.int64)
        found = values[present]
        if categories is not None:
            ordered = tuple(categories)
            try:
                domain = np.array(ordered, dtype=float)
            except (TypeError, ValueError):
                raise AgreementDataError("the categories of a numeric table are numbers") from None
            order = np.argsort(domain, kind="stable")
            position = np.searchsorted(domain[order], found)
            position = np.minimum(position, len(domain) - 1)
            if found.size and not np.array_equal(domain[order][position], found):
                stray = found[domain[order][position] != found][0]
                raise AgreementDataError(f"value {stray:g} is not among the categories")
            codes[present] = order[position]
            return cls._named(codes, ordered, coders, units)
        integral = found.size > 0 and bool(np.all(found == np.floor(found)))
        low = found.min() if found.size else 0.0
        span = found.max() - low if found.size else 0.0
        if integral and span < 1_000_000:
            # Small integer scales (the usual case) map through a table instead of a sort.
            offsets = (found - low).astype(np.int64)
            used = np.flatnonzero(np.bincount(offsets))
            lookup = np.zeros(int(span) + 1, dtype=np.int64)
            lookup[used] = np.arange(used.size)
            codes[present] = lookup[offsets]
            ordered = tuple(int(v + low) for v in used)
        else:
            domain, inverse = np.unique(found, return_inverse=True)
            codes[present] = inverse
            ordered = tuple(int(v) if integral else float(v) for v in domain)
        return cls._named(codes, ordered, coders, units)

    @classmethod
    def from_ratings(
        cls,
        ratings: Iterable[tuple[str, Hashable, Any]],
        *,
        categories: Sequence[Any] | None = None,
    ) -> ReliabilityData:
        """(coder, unit, value) triples, e.g. one per stored document label; absent = missing.

        A coder rating the same unit twice is an error: merge or pick the label first.
        """
        coder_index: dict[str, int] = {}
        unit_index: dict[Hashable, int] = {}
        cells: dict[tuple[int, int], Any] = {}
        for coder, unit, value in ratings:
            key = (
                coder_index.setdefault(coder, len(coder_index)),
                unit_index.setdefault(unit, len(unit_index)),
            )
            if key in cells:
                raise AgreementDataError(f"coder {coder} rated unit {unit} twice")
            if not is_missing(value):
                cells[key] = value
        rows: list[list[Any]] = [[None] * len(unit_index) for _ in coder_index]
        for (coder_at, unit_at), value in cells.items():
            rows[coder_at][unit_at] = value
        return cls.from_rows(
            rows, coders=list(coder_index), units=list(unit_index), categories=categories
        )

    @classmethod
    def from_contingency(
        cls,
        table: Any,
        categories: Sequence[Any] | None = None,
        coders: Sequence[str] = ("coder 1", "coder 2"),
    ) -> ReliabilityData:
        """``table[i][j]`` units that coder 1 put in category i and coder 2 in category j."""
        counts = np.asarray(table, dtype=np.int64)
        if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or (counts < 0).any():
            raise AgreementDataError("a contingency table is square with counts >= 0")
        size = counts.shape[0]
        first, second = np.divmod(np.repeat(np.arange(size * size), counts.ravel()), size)
        ordered = tuple(categories) if categories is not None else tuple(range(size))
        if len(ordered) != size:
            raise AgreementDataError("the table and the category list differ in size")
        return cls(np.vstack([first, second]), ordered, tuple(coders), range(first.size))

    @classmethod
    def _named(
        cls,
        codes: np.ndarray,
        categories: tuple[Any, ...],
        coders: Sequence[str] | None,
        units: Sequence[Hashable] | None,
    ) -> ReliabilityData:
        coder_names = (
            tuple(coders)
            if coders is not None
            else tuple(f"coder {i}" for i in range(1, codes.shape[0] + 1))
        )
        unit_names = list(units) if units is not None else range(codes.shape[1])
        return cls(codes, categories, coder_names, unit_names)

    # -- views --------------------------------------------------------------------------

    @property
    def n_coders(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_units(self) -> int:
        return int(self.codes.shape[1])

    def value_counts(self) -> np.ndarray:
        """Units x categories: how many coders put each unit in each category."""
        size = len(self.categories)
        units = np.broadcast_to(np.arange(self.n_units), self.codes.shape)
        present = self.codes >= 0
        flat = units[present] * size + self.codes[present]
        counts = np.bincount(flat, minlength=self.n_units * size)
        return counts.reshape(self.n_units, size)

    def select(self, coders: Sequence[int] | None = None, units: Any = None) -> ReliabilityData:
        """The same data restricted to some coders (indices) and units (indices or a mask)."""
        codes = self.codes
        coder_names = self.coders
        if coders is not None:
            codes = codes[list(coders)]
            coder_names = tuple(self.coders[i] for i in coders)
        unit_names: Sequence[Hashable] = self.units
        if units is not None:
            picked = np.arange(self.n_units)[units]
            codes = codes[:, picked]
            unit_names = [self.units[i] for i in picked]
        return ReliabilityData(codes, self.categories, coder_names, unit_names)


def _category_order(present: list[Any], categories: Sequence[Any] | None) -> list[Any]:
    distinct = set(present)
    if categories is None:
        return sorted(distinct, key=category_sort_key)
    ordered = list(categories)
    stray = distinct.difference(ordered)
    if stray:
        raise AgreementDataError(
            f"value {sorted(stray, key=category_sort_key)[0]!r} is not among the categories"
        )
    return ordered


def as_reliability_data(data: ReliabilityData | Any) -> ReliabilityData:
    """Accept a ``ReliabilityData``, a numpy array, or rows of values (None/NaN missing)."""
    if isinstance(data, ReliabilityData):
        return data
    if isinstance(data, np.ndarray) and data.dtype.kind in "fiub":
        return ReliabilityData.from_array(data)
    return ReliabilityData.from_rows(data)
