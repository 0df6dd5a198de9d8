"""The alpha family for unitized continua: uα, |uα, Cuα and cuα.

Krippendorff, Mathet, Bouvry & Widlöcher (2016) On the reliability of unitizing textual
continua: further developments, Quality & Quantity 50:2347-2364; Krippendorff, Content
Analysis, 4th ed. (2019), section 12.6. (The 1995/2004 alpha_u is ``unitized.py``.)

Each coder partitions every document into segments: units valued with a label, and the gaps
between them (value ∅). With m coders on a document, the observed coincidences are the
lengths of the intersections of two coders' segments, l_ck = sum over ordered coder pairs
i != j of |g ∩ h| (g of i valued c, h of j valued k) / (m - 1): a length-weighted
coincidence matrix, so l_c. is the matter coded c. Expected coincidences exclude pairing a
unit with itself (a unit is indivisible; a gap is not):

    e_ck = (l_c. l_k. - [c = k] S_c) / (l.. - S / l..),   S_c = sum over segments of c of
           l_g^2 for units and l_g for gaps, S = sum_c S_c

- uα (``u_alpha``): 1 - (l.. - sum_c l_cc) / (e.. - sum_c e_cc), nominal, gaps included:
  unitizing and coding together.
- |uα (``binary_u_alpha``): the same on the 2 x 2 collapse ∅ against all valued units:
  where the relevant matter is, whatever its label. Per label: the label's units against
  everything else.
- Cuα (``Cu_alpha``): the coding of the valued matter that coders' units share: l_ck for
  c, k != ∅ only (cl), with e*_ck = (cl_c. cl_k. - [c = k] S*_c) / (cl.. - S* / cl..), where
  a unit's pairable length a_g = sum over other coders of |g ∩ their units| / (m - 1) and
  S*_c = sum of a_g^2 over units of c (this reduces to |g ∩ other's units|^2 for two
  coders, as in the paper). ``details["coverage"]`` is cl.. / (valued matter).
- cuα (``cu_alpha``) for one label k: 1 - (e*_k. / cl_k.) (cl_k. - cl_kk) / (e*_k. - e*_kk).

Documents are separate continua laid end to end; a document counts when two or more of the
chosen coders coded it, with its own m. A coder's overlapping spans of one label are merged;
where spans of different labels overlap, the overlap is one segment valued with both labels
("a+b"), a value of its own. All sums are over documents, so ``family_statistics`` per
document makes the bootstrap over documents exact (``unitized_family_intervals``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Any

import numpy as np

from annotator.agreement.positions import _covered, _positions, _value_name
from annotator.agreement.reliability import MISSING, AgreementDataError
from annotator.agreement.spans import SpanCorpus, SpanDocument, as_corpus, merge_intervals
from annotator.agreement.spans import distinct as sorted_distinct

MEMBERS = {
    "u_alpha": "uα",
    "binary_u_alpha": "|uα",
    "Cu_alpha": "Cuα",
    "cu_alpha": "cuα",
}


@dataclass(frozen=True)
class FamilyStatistics:
    """Per document: observed coincidences (values x values, value 0 the gap), S_c, S*_c,
    and the per-label binary tables (label x [l_cc, l_c., S_c])."""

    values: tuple[str, ...]  # value names; values[0] is "∅"
    observed: np.ndarray  # documents x V x V
    squares: np.ndarray  # documents x V
    pairable_squares: np.ndarray  # documents x V (0 for the gap)
    labels: tuple[str, ...]
    binary: np.ndarray  # documents x labels x 3
    documents: np.ndarray  # indices of the documents that count


def family_statistics(
    documents: Sequence[SpanDocument] | SpanCorpus, coders: Sequence[str] | None = None
) -> FamilyStatistics:
    corpus = as_corpus(documents)
    chosen = list(corpus.coders) if coders is None else list(coders)
    for coder in chosen:
        if coder not in corpus.coders:
            raise AgreementDataError(f"there is no coder named {coder!r}")
    if len(corpus.labels) > 62:
        raise AgreementDataError("the unitized alpha family handles at most 62 labels")
    columns = [corpus.coders.index(c) for c in chosen]
    coded = corpus.coded[:, columns] if columns else np.zeros((len(corpus.documents), 0), bool)
    used = np.flatnonzero(coded.sum(axis=1) >= 2)
    starts, ends, lengths = _positions(corpus, "character")
    document_of = np.searchsorted(corpus.offsets, starts, side="right") - 1
    everywhere = np.ones(len(corpus.documents), bool)
    masks = np.zeros((len(chosen), starts.size), dtype=np.int64)
    edges = []
    for row, coder in enumerate(chosen):
        own: list[Any] = []
        for bit in range(len(corpus.labels)):
            spans = corpus.select(coder, everywhere, bit)
            masks[row] |= _covered(starts, ends, spans.starts, spans.ends).astype(np.int64) << bit
            own += merge_intervals(spans.starts, spans.ends)
        # A coder's segment ends where one of their (merged) units starts or ends.
        edges.append(np.concatenate(own) if own else np.zeros(0, np.int64))
        masks[row][~coded[document_of, row]] = MISSING
    keep = np.isin(document_of, used)
    masks, starts, lengths, document_of = (
        masks[:, keep],
        starts[keep],
        lengths[keep],
        document_of[keep],
    )
    distinct = sorted_distinct(np.concatenate([[0], masks[masks >= 0]]))
    names = ("∅", *(_value_name(int(v), corpus.labels) for v in distinct[1:]))
    codes = np.where(masks >= 0, np.searchsorted(distinct, masks), MISSING)
    size = distinct.size
    slot = np.searchsorted(used, document_of)
    squares = np.zeros((used.size, size))
    pairable = np.zeros((used.size, size))
    raters = (codes >= 0).sum(axis=0).astype(float)
    scale = lengths / np.maximum(raters - 1.0, 1.0) * (raters >= 2)
    # Coincidences pair by pair of coders: a few bincounts over the runs, whatever the values.
    flat = np.zeros(used.size * size * size)
    for first, second in permutations(range(len(chosen)), 2):
        both = (codes[first] >= 0) & (codes[second] >= 0)
        key = (slot[both] * size + codes[first][both]) * size + codes[second][both]
        flat += np.bincount(key, scale[both], minlength=flat.size)
    observed = flat.reshape(used.size, size, size)
    valued = (codes > 0).astype(float)
    for row in range(len(chosen)):
        present = codes[row] >= 0
        segment = _segments(codes[row], starts, document_of, edges[row])
        others = (valued.sum(axis=0) - valued[row]) / np.maximum(raters - 1.0, 1.0)
        for values, weights, target in (
            (lengths, lengths, squares),
            (lengths * others, None, pairable),
        ):
            seg_sum = np.bincount(segment[present], weights=values[present])
            seg_code = np.zeros(seg_sum.size, dtype=np.int64)
            seg_code[segment[present]] = codes[row][present]
            seg_doc = np.zeros(seg_sum.size, dtype=np.int64)
            seg_doc[segment[present]] = slot[present]
            term = np.where(seg_code > 0, seg_sum**2, seg_sum if weights is not None else 0.0)
            np.add.at(target, (seg_doc, seg_code), term)
    binary = _binary_tables(corpus, chosen, masks, lengths, slot, used, raters)
    return FamilyStatistics(names, observed, squares, pairable, corpus.labels, binary, used)


def _segments(
    codes: np.ndarray, starts: np.ndarray, document_of: np.ndarray, edges: np.ndarray
) -> np.ndarray:
    """A coder's segment number for each run: a new one at a change of value, document or
    one of the coder's own span boundaries."""
    new = np.ones(codes.size, dtype=bool)
    new[1:] = (codes[1:] != codes[:-1]) | (document_of[1:] != document_of[:-1])
    new |= np.isin(starts, edges)
    return np.cumsum(new) - 1


def _binary_tables(
    corpus: SpanCorpus,
    coders: list[str],
    masks: np.ndarray,
    lengths: np.ndarray,
    slot: np.ndarray,
    used: np.ndarray,
    raters: np.ndarray,
) -> np.ndarray:
    """Per document and label: [l_cc, l_c., S_c] for the label's units against the rest."""
    table = np.zeros((used.size, len(corpus.labels), 3))
    scale = lengths / np.maximum(raters - 1.0, 1.0) * (raters >= 2)
    chosen = np.zeros(len(corpus.documents), bool)
    chosen[used] = True
    for code in range(len(corpus.labels)):
        inside = ((masks >= 0) & ((masks >> code) & 1 == 1)).sum(axis=0).astype(float)
        table[:, code, 0] = np.bincount(slot, inside * (inside - 1.0) * scale, used.size)
        table[:, code, 1] = np.bincount(slot, inside * lengths * (raters >= 2), used.size)
        for coder in coders:
            starts, ends = merge_intervals(*_spans(corpus, coder, chosen, code))
            where = np.searchsorted(used, np.searchsorted(corpus.offsets, starts, "right") - 1)
            square = (ends - starts).astype(float) ** 2
            table[:, code, 2] += np.bincount(where, square, used.size)
    return table


def _spans(corpus: SpanCorpus, coder: str, documents: np.ndarray, code: int):
    spans = corpus.select(coder, documents, code)
    return spans.starts, spans.ends


@dataclass(frozen=True)
class FamilyTotals:
    """The statistics summed over the documents that count (or over a resample of them)."""

    observed: np.ndarray
    squares: np.ndarray
    pairable_squares: np.ndarray
    binary: np.ndarray


def totals(stats: FamilyStatistics, weights: np.ndarray | None = None) -> FamilyTotals:
    """Sums over documents, each counted ``weights[d]`` times (default once)."""
    w = np.ones(stats.documents.size) if weights is None else np.asarray(weights, float)
    return FamilyTotals(
        np.tensordot(w, stats.observed, axes=1),
        w @ stats.squares,
        w @ stats.pairable_squares,
        np.tensordot(w, stats.binary, axes=1),
    )


def _expected(observed: np.ndarray, squares: np.ndarray) -> np.ndarray:
    margins = observed.sum(axis=-1)
    total = margins.sum(axis=-1)
    scale = total - np.divide(
        squares.sum(axis=-1), total, where=total > 0, out=np.zeros_like(total)
    )
    outer = margins[..., :, None] * margins[..., None, :]
    diagonal = np.arange(observed.shape[-1])
    outer[..., diagonal, diagonal] -= squares
    return np.divide(
        outer, scale[..., None, None], where=scale[..., None, None] > 0, out=np.zeros_like(outer)
    )


def member_values(t: FamilyTotals) -> dict[str, np.ndarray]:
    """uα, |uα, Cuα (arrays: one value per leading index; NaN where undefined)."""
    observed, squares = t.observed, t.squares
    expected = _expected(observed, squares)
    trace = np.trace(observed, axis1=-2, axis2=-1)
    e_trace = np.trace(expected, axis1=-2, axis2=-1)
    values = {
        "u_alpha": _one_minus(
            observed.sum(axis=(-2, -1)) - trace, expected.sum(axis=(-2, -1)) - e_trace
        ),
        "binary_u_alpha": _one_minus(
            observed[..., 0, :].sum(axis=-1) - observed[..., 0, 0],
            expected[..., 0, :].sum(axis=-1) - expected[..., 0, 0],
        ),
    }
    valued = observed[..., 1:, 1:]
    valued_expected = _expected(valued, t.pairable_squares[..., 1:])
    values["Cu_alpha"] = _one_minus(
        valued.sum(axis=(-2, -1)) - np.trace(valued, axis1=-2, axis2=-1),
        valued_expected.sum(axis=(-2, -1)) - np.trace(valued_expected, axis1=-2, axis2=-1),
    )
    return values


def label_values(t: FamilyTotals, stats: FamilyStatistics) -> dict[str, dict[str, np.ndarray]]:
    """Per codebook label: |uα (its units against the rest) and cuα (its coding)."""
    valued = t.observed[..., 1:, 1:]
    valued_expected = _expected(valued, t.pairable_squares[..., 1:])
    margins = valued.sum(axis=-1)
    e_margins = valued_expected.sum(axis=-1)
    total = t.observed.sum(axis=(-2, -1))
    results = {}
    for code, label in enumerate(stats.labels):
        agree, matter, square = (t.binary[..., code, i] for i in range(3))
        rest = total - matter
        scale = total - (square + rest) / np.where(total > 0, total, 1.0)
        cross = np.where(scale > 0, matter * rest / np.where(scale > 0, scale, 1.0), 0.0)
        figures = {"binary_u_alpha": _one_minus(matter - agree, cross)}
        if label in stats.values:
            k = stats.values.index(label) - 1
            l_k, l_kk = margins[..., k], valued[..., k, k]
            e_k, e_kk = e_margins[..., k], valued_expected[..., k, k]
            ratio = np.divide(e_k, l_k, where=l_k > 0, out=np.full_like(l_k, np.nan))
            figures["cu_alpha"] = 1.0 - ratio * _safe(l_k - l_kk, e_k - e_kk)
        else:
            figures["cu_alpha"] = np.full(np.shape(total), np.nan)
        results[label] = figures
    return results


def _safe(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator, denominator = np.asarray(numerator, float), np.asarray(denominator, float)
    good = denominator > 1e-12 * np.maximum(1.0, np.abs(numerator))
    return np.divide(numerator, denominator, where=good, out=np.full(np.shape(numerator), np.nan))


def _one_minus(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return 1.0 - _safe(observed, expected)
