"""Position-level ("token-level") alpha on spans: every character (or token) is a unit.

Each coder who coded a document gives every position of it a value: for one label, "inside
a span of this label" or not; over all labels, the set of labels whose spans cover it ("none"
when no span does), compared nominally. Coders who did not code a document are missing
there. Then Krippendorff's nominal alpha over all positions of all documents.

By default the positions are characters (so the unlabelled text between spans counts as
agreement on "none"). With ``unit="token"`` each document's ``tokens`` are the units, and a
token carries a label when any of its characters does. Runs of characters that every coder
treats alike are counted once with a weight, so long texts cost no more than their spans.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np

from annotator.agreement.alpha import alpha_from_counts
from annotator.agreement.reliability import MISSING, AgreementDataError
from annotator.agreement.result import ONE_CODER, Coefficient, no_value
from annotator.agreement.spans import (
    SpanCorpus,
    SpanDocument,
    as_corpus,
    distinct,
    merge_intervals,
)

Unit = Literal["character", "token"]


def position_alpha(
    documents: Sequence[SpanDocument] | SpanCorpus,
    label: str | None = None,
    unit: Unit = "character",
) -> Coefficient:
    """Nominal alpha over positions, for one label (binary) or all labels (sets of labels)."""
    corpus = as_corpus(documents)
    if unit not in ("character", "token"):
        raise AgreementDataError(f"unknown position unit {unit!r}; use character or token")
    level = f"{unit}s" + (f", label {label!r}" if label is not None else "")
    if len(corpus.coders) < 2:
        return no_value("position_alpha", ONE_CODER, coders=len(corpus.coders), level=level)
    labels = corpus.labels if label is None else (label,)
    if len(labels) > 62:
        raise AgreementDataError("position alpha over all labels handles at most 62 labels")
    starts, ends, weights = _positions(corpus, unit)
    document_of = np.searchsorted(corpus.offsets, starts, side="right") - 1
    codes = np.zeros((len(corpus.coders), starts.size), dtype=np.int64)
    for row, coder in enumerate(corpus.coders):
        for bit, name in enumerate(labels):
            if name not in corpus.labels:
                continue
            spans = corpus.select(coder, np.ones(len(corpus.documents), bool), _code(corpus, name))
            covered = _covered(starts, ends, spans.starts, spans.ends)
            codes[row] |= covered.astype(np.int64) << bit
        codes[row][~corpus.coded[document_of, row]] = MISSING
    return alpha_of_codes(codes, weights, labels, level)


def alpha_of_codes(
    codes: np.ndarray, weights: np.ndarray, labels: Sequence[str], level: str
) -> Coefficient:
    """Nominal alpha over positions: ``codes`` is coders x positions (label bit masks, or
    MISSING where a coder did not code the document), ``weights`` each position's length."""
    present = codes >= 0
    values, counts = _value_counts(codes, present)
    names = [_value_name(int(v), labels) for v in values]
    per_run = present.sum(axis=0)  # the values on each run: the counts' row sums
    pairable = per_run >= 2
    result = alpha_from_counts(
        counts,
        "nominal",
        names,
        weights=weights,
        coders=int(np.count_nonzero((present & pairable).any(axis=1))),
        name="position_alpha",
        per_unit=per_run,
    )
    return Coefficient(
        result.name,
        result.value,
        result.reason,
        units=int(weights[pairable].sum()),
        coders=result.coders,
        pairable=result.pairable,
        level=level,
        details=result.details,
    )


def position_alpha_by_label(
    documents: Sequence[SpanDocument] | SpanCorpus,
    labels: Sequence[str] | None = None,
    unit: Unit = "character",
) -> dict[str, Coefficient]:
    corpus = as_corpus(documents)
    return {
        name: position_alpha(corpus, name, unit)
        for name in (labels if labels is not None else corpus.labels)
    }


def position_alpha_by_document(
    documents: Sequence[SpanDocument], label: str | None = None, unit: Unit = "character"
) -> dict[Hashable, Coefficient]:
    """Per document (keyed by id, else number from 1): where do coders part ways?"""
    return {
        (doc.id if doc.id is not None else number): position_alpha([doc], label, unit)
        for number, doc in enumerate(documents, start=1)
    }


def _positions(corpus: SpanCorpus, unit: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The units as global [start, end) with a weight: character runs, or tokens."""
    if unit == "token":
        rows: list[tuple[int, int]] = []
        for number, doc in enumerate(corpus.documents):
            if doc.tokens is None:
                where = doc.id if doc.id is not None else number + 1
                raise AgreementDataError(f"document {where!r} has no tokens")
            offset = corpus.offsets[number]
            rows.extend((offset + s, offset + e) for s, e in doc.tokens)
        table = np.array(rows, dtype=np.int64).reshape(len(rows), 2)
        return table[:, 0], table[:, 1], np.ones(len(rows))
    edges = [corpus.offsets, corpus.offsets + corpus.lengths]
    edges += [corpus.spans[c].starts for c in corpus.coders]
    edges += [corpus.spans[c].ends for c in corpus.coders]
    # Every document boundary is a point, so each run lies inside one document.
    points = distinct(np.concatenate(edges))
    starts, ends = points[:-1], points[1:]
    return starts, ends, (ends - starts).astype(float)


def _covered(
    starts: np.ndarray, ends: np.ndarray, span_starts: np.ndarray, span_ends: np.ndarray
) -> np.ndarray:
    """Which units share at least one character with a span."""
    merged_starts, merged_ends = merge_intervals(span_starts, span_ends)
    if merged_starts.size == 0:
        return np.zeros(starts.size, dtype=bool)
    before = np.searchsorted(merged_starts, ends, side="left") - 1
    return (before >= 0) & (merged_ends[np.maximum(before, 0)] > starts)


def _value_counts(codes: np.ndarray, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct label masks in use, and a runs x masks table of how many coders gave each
    run each mask."""
    runs = codes.shape[1]
    if codes.size and codes.max() < 1 << 16:
        # Few labels: count with one lookup per code, MISSING going to a column dropped after.
        shifted = codes + 1
        used = np.flatnonzero(np.bincount(shifted.ravel())[1:])
        size = used.size
        column = np.full(int(codes.max()) + 2, size, dtype=np.int64)
        column[used + 1] = np.arange(size)
        keys = column[shifted] + np.arange(runs) * (size + 1)
        table = np.bincount(keys.ravel(), minlength=runs * (size + 1)).reshape(runs, size + 1)
        return used, table[:, :size]
    values, inverse = _dense(codes[present])
    dense = np.full(codes.shape, MISSING, dtype=np.int64)
    dense[present] = inverse
    size = values.size
    positions = np.broadcast_to(np.arange(runs), codes.shape)
    counts = np.bincount(positions[present] * size + dense[present], minlength=runs * size)
    return values, counts.reshape(runs, size)


def _dense(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct label masks in use, and each value's index among them."""
    if masks.size and masks.max() < 1 << 16:
        # Few labels: a lookup table is much faster than sorting millions of values.
        used = np.flatnonzero(np.bincount(masks))
        lookup = np.zeros(int(used[-1]) + 1, dtype=np.int64)
        lookup[used] = np.arange(used.size)
        return used, lookup[masks]
    values, inverse = np.unique(masks, return_inverse=True)
    return values, inverse.ravel()


def _code(corpus: SpanCorpus, label: str) -> int:
    return corpus.labels.index(label)


def _value_name(value: int, labels: Sequence[str]) -> str:
    names = [name for bit, name in enumerate(labels) if value >> bit & 1]
    if len(labels) == 1:
        return labels[0] if names else f"not {labels[0]}"
    return "+".join(names) if names else "none"
