"""Span annotations as plain data, and pairwise span F1 (exact and overlap).

A ``SpanDocument`` is one text: its length in characters and, for each coder who coded it,
the list of ``(start, end, label)`` spans, ``[start, end)`` character offsets. A coder with an
empty list coded the document and marked nothing; a coder absent from ``spans`` did not code
it. All span coefficients work on a list of documents, placed end to end on one continuum
(``SpanCorpus``), so every computation is a handful of numpy operations however many
documents there are.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

import numpy as np

from annotator.agreement.reliability import AgreementDataError
from annotator.agreement.result import Coefficient, no_value

Span = tuple[int, int, str]
Mode = Literal["exact", "overlap"]


@dataclass(frozen=True)
class SpanDocument:
    """One text and each coder's spans on it. ``tokens`` (optional ``(start, end)`` offsets)
    let position alpha count tokens instead of characters."""

    length: int
    spans: Mapping[str, Sequence[Span]]
    id: Hashable = None
    tokens: Sequence[tuple[int, int]] | None = None


@dataclass(frozen=True, eq=False)
class CoderSpans:
    """One coder's spans over the corpus: global offsets, label codes, document indices."""

    starts: np.ndarray
    ends: np.ndarray
    labels: np.ndarray
    documents: np.ndarray


@dataclass(frozen=True, eq=False)
class SpanCorpus:
    """Documents end to end: document d covers ``[offsets[d], offsets[d] + lengths[d])``."""

    documents: tuple[SpanDocument, ...]
    coders: tuple[str, ...]
    labels: tuple[str, ...]
    offsets: np.ndarray
    lengths: np.ndarray
    coded: np.ndarray  # documents x coders: did the coder code the document
    spans: dict[str, CoderSpans] = field(default_factory=dict)

    @classmethod
    def build(cls, documents: Sequence[SpanDocument]) -> SpanCorpus:
        documents = tuple(documents)
        coders: dict[str, None] = {}
        for number, doc in enumerate(documents):
            if not isinstance(doc.length, int | np.integer) or doc.length < 0:
                _check_spans(documents[:number])  # a wrong span before it is said first
                where = _where(doc, number)
                raise AgreementDataError(f"{where}: length must be a whole number >= 0")
            for coder in doc.spans:
                coders.setdefault(coder, None)
        lengths = np.array([doc.length for doc in documents], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        names = tuple(coders)
        columns = {}
        for coder in names:
            found = _span_columns(documents, coder, lengths)
            if found is None:
                _check_spans(documents)  # says what is wrong, if anything is
                found = _any_columns(documents, coder)
            columns[coder] = found
        labels: set[str] = set()
        for found in columns.values():
            labels.update(found[2])
        label_names = tuple(sorted(labels))
        label_code = {label: code for code, label in enumerate(label_names)}
        coded = np.array(
            [[coder in doc.spans for coder in names] for doc in documents], dtype=bool
        ).reshape(len(documents), len(names))
        per_coder = {}
        for coder in names:
            starts, ends, marked, docs = columns[coder]
            codes = np.array([label_code[label] for label in marked], dtype=np.int64)
            table = np.stack([starts + offsets[docs], ends + offsets[docs], codes, docs], axis=1)
            # A span marked twice by one coder counts once.
            table = distinct_rows(table.reshape(len(marked), 4))
            per_coder[coder] = CoderSpans(table[:, 0], table[:, 1], table[:, 2], table[:, 3])
        return cls(documents, names, label_names, offsets, lengths, coded, per_coder)

    def both_coded(self, first: str, second: str) -> np.ndarray:
        return self.coded[:, self.coders.index(first)] & self.coded[:, self.coders.index(second)]

    def select(self, coder: str, documents: np.ndarray, label: int | None = None) -> CoderSpans:
        """A coder's spans in the chosen documents (a boolean mask), optionally one label."""
        spans = self.spans[coder]
        keep = documents[spans.documents]
        if label is not None:
            keep &= spans.labels == label
        return CoderSpans(
            spans.starts[keep], spans.ends[keep], spans.labels[keep], spans.documents[keep]
        )


def as_corpus(documents: Sequence[SpanDocument] | SpanCorpus) -> SpanCorpus:
    return documents if isinstance(documents, SpanCorpus) else SpanCorpus.build(documents)


@dataclass(frozen=True)
class SpanPairAgreement:
    """Two coders' span F1 over the documents both coded, overall and per label.

    Precision counts coder_b's spans that match one of coder_a's, recall the reverse; F1 is
    symmetric in the two coders.
    """

    coder_a: str
    coder_b: str
    mode: str
    overall: Coefficient
    per_label: dict[str, Coefficient]


def span_f1(
    documents: Sequence[SpanDocument] | SpanCorpus, mode: Mode = "exact"
) -> list[SpanPairAgreement]:
    """Pairwise F1 for every pair of coders. "exact": same start, end and label;
    "overlap": at least one character in common and the same label."""
    if mode not in ("exact", "overlap"):
        raise AgreementDataError(f"unknown span match {mode!r}; use exact or overlap")
    corpus = as_corpus(documents)
    results = []
    for first, second in combinations(corpus.coders, 2):
        shared = corpus.both_coded(first, second)
        totals = np.zeros(4, dtype=np.int64)  # spans_a, spans_b, matched_a, matched_b
        per_label = {}
        for code, label in enumerate(corpus.labels):
            a = corpus.select(first, shared, code)
            b = corpus.select(second, shared, code)
            matched = _matches(a, b, mode, int(corpus.lengths.sum()))
            counts = np.array([a.starts.size, b.starts.size, *matched], dtype=np.int64)
            totals += counts
            per_label[label] = _f1(mode, counts, int(shared.sum()), f"label {label!r}")
        overall = _f1(mode, totals, int(shared.sum()), "any label")
        results.append(SpanPairAgreement(first, second, mode, overall, per_label))
    return results


def _matches(a: CoderSpans, b: CoderSpans, mode: str, total: int) -> tuple[int, int]:
    if mode == "exact":
        # One integer per (start, end); the label is already the same on both sides.
        if total >= 2**31:
            raise AgreementDataError("span F1 handles corpora of up to 2**31 characters")
        keys_a = a.starts * (total + 1) + a.ends
        keys_b = b.starts * (total + 1) + b.ends
        common = np.intersect1d(keys_a, keys_b, assume_unique=True).size
        return common, common
    return _overlapping(a, b), _overlapping(b, a)


def _f1(mode: str, counts: np.ndarray, documents: int, what: str) -> Coefficient:
    spans_a, spans_b, matched_a, matched_b = (int(x) for x in counts)
    name = f"span_f1_{mode}"
    shared: dict[str, Any] = {"units": documents, "coders": 2, "pairable": spans_a + spans_b}
    if documents == 0:
        return no_value(name, "the two coders coded no document in common", coders=2)
    details: dict[str, float] = {
        "spans_a": spans_a,
        "spans_b": spans_b,
        "matched_a": matched_a,
        "matched_b": matched_b,
    }
    if spans_a + spans_b == 0:
        reason = f"neither coder marked a span ({what}) in the {documents} documents both coded"
        return no_value(name, reason, details=details, **shared)
    recall = matched_a / spans_a if spans_a else 0.0
    precision = matched_b / spans_b if spans_b else 0.0
    details.update(precision=precision, recall=recall)
    value = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return Coefficient(name, value, details=details, **shared)


def _overlapping(spans: CoderSpans, other: CoderSpans) -> int:
    """How many of ``spans`` share at least one character with some span of ``other``."""
    starts, ends = merge_intervals(other.starts, other.ends)
    if starts.size == 0:
        return 0
    before = np.searchsorted(starts, spans.ends, side="left") - 1
    hit = (before >= 0) & (ends[np.maximum(before, 0)] > spans.starts)
    return int(np.count_nonzero(hit))


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted: ``np.unique`` by sorting (numpy's
    hash table is many times slower on the long, mostly sorted arrays of span edges)."""
    ordered = np.sort(values, axis=None)
    keep = np.ones(ordered.size, dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def distinct_rows(table: np.ndarray) -> np.ndarray:
    """``np.unique(table, axis=0)`` of a 2-d integer table: its distinct rows, sorted."""
    ordered = table[np.lexsort(table.T[::-1])]
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    return ordered[keep]


def merge_intervals(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The union of ``[start, end)`` intervals as sorted, disjoint intervals (touching ones
    stay apart)."""
    if starts.size == 0:
        return starts.copy(), ends.copy()
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new = np.ones(starts.size, dtype=bool)
    new[1:] = starts[1:] >= reach[:-1]
    groups = np.cumsum(new) - 1
    merged_ends = np.zeros(int(groups[-1]) + 1, dtype=ends.dtype)
    np.maximum.at(merged_ends, groups, ends)
    return starts[new], merged_ends


# One coder's spans over the corpus: starts, ends (in their document), labels, documents.
_Columns = tuple[np.ndarray, np.ndarray, tuple[str, ...], np.ndarray]


def _span_columns(
    documents: tuple[SpanDocument, ...], coder: str, lengths: np.ndarray
) -> _Columns | None:
    """One coder's spans as columns, when all are the usual kind: tuples of two ints and a
    str with 0 <= start < end <= length. Else None, and ``_check_spans`` says what is wrong
    (it also accepts numpy integers and lists)."""
    lists = [(d, doc.spans.get(coder, ())) for d, doc in enumerate(documents)]
    spans = [span for _, marked in lists for span in marked]
    if not spans:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, (), empty
    if set(map(type, spans)) != {tuple} or set(map(len, spans)) != {3}:
        return None
    starts, ends, labels = zip(*spans, strict=True)
    if set(map(type, starts)) != {int} or set(map(type, ends)) != {int}:
        return None
    if set(map(type, labels)) != {str}:
        return None
    where = np.repeat(
        np.arange(len(documents), dtype=np.int64), [len(marked) for _, marked in lists]
    )
    try:
        first, last = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    except OverflowError:
        return None
    if not ((first >= 0) & (first < last) & (last <= lengths[where])).all():
        return None
    return first, last, labels, where


def _any_columns(documents: tuple[SpanDocument, ...], coder: str) -> _Columns:
    """``_span_columns`` for spans ``_check_span`` accepts (numpy integers, lists)."""
    spans = [(d, span) for d, doc in enumerate(documents) for span in doc.spans.get(coder, ())]
    starts = np.array([int(span[0]) for _, span in spans], dtype=np.int64)
    ends = np.array([int(span[1]) for _, span in spans], dtype=np.int64)
    where = np.array([d for d, _ in spans], dtype=np.int64)
    return starts, ends, tuple(span[2] for _, span in spans), where


def _check_spans(documents: tuple[SpanDocument, ...]) -> None:
    for number, doc in enumerate(documents):
        for coder, spans in doc.spans.items():
            for span in spans:
                _check_span(span, doc.length, f"{_where(doc, number)}, coder {coder}")


def _check_span(span: object, length: int, where: str) -> None:
    if not isinstance(span, tuple | list) or len(span) != 3:
        raise AgreementDataError(f"{where}: a span is (start, end, label), not {span!r}")
    start, end, label = span
    if not isinstance(start, int | np.integer) or not isinstance(end, int | np.integer):
        raise AgreementDataError(f"{where}: span offsets must be whole numbers, not {span!r}")
    if not 0 <= start < end <= length:
        raise AgreementDataError(f"{where}: span {span!r} needs 0 <= start < end <= {length}")
    if not isinstance(label, str):
        raise AgreementDataError(f"{where}: a span label is text, not {label!r}")


def _where(doc: SpanDocument, number: int) -> str:
    return f"document {doc.id!r}" if doc.id is not None else f"document {number + 1}"
