"""The unitized alpha family (Krippendorff, Mathet, Bouvry & Widlöcher 2016): a case worked
by hand, a character-by-character transcription of the definitions on random corpora, the
cases with no value, and the bootstrap over documents.

The paper's own worked examples (its figures and tables) were not available where this was
written, so they are not reproduced here; the definitions follow the paper as restated in
Krippendorff's Content Analysis, 4th ed. (2019), section 12.6, and the docstring of
annotator.agreement.unitized_family.
"""

from __future__ import annotations

import random
from itertools import pairwise, permutations

import numpy as np
import pytest

from annotator.agreement.report_intervals import IntervalSettings
from annotator.agreement.spans import SpanDocument, merge_intervals
from annotator.agreement.unitized_family_figures import family_intervals, unitized_family


def test_two_coders_worked_by_hand():
    """L = 10; A marks x on [0, 4), B on [2, 6).

    Observed (both directions, m - 1 = 1): l_xx = 4, l_x∅ = l_∅x = 4, l_∅∅ = 8, l.. = 20.
    S_x = 4² + 4² = 32; S_∅ = 6 (A's gap) + 2 + 4 (B's gaps) = 12; l.. - S / l.. = 17.8.
    e_x∅ = 8 · 12 / 17.8, so uα = |uα = 1 - 8 / (2 · 96 / 17.8) = 1 - 8 · 17.8 / 192.
    The valued matter is all x: Cuα and cuα have no variation (no value).
    """
    figures = unitized_family([SpanDocument(10, {"A": [(0, 4, "x")], "B": [(2, 6, "x")]})])
    expected = 1 - 8 * 17.8 / 192
    assert figures.overall["u_alpha"].value == pytest.approx(expected, abs=1e-12)
    assert figures.overall["binary_u_alpha"].value == pytest.approx(expected, abs=1e-12)
    assert figures.per_label["x"]["binary_u_alpha"].value == pytest.approx(expected, abs=1e-12)
    assert figures.overall["Cu_alpha"].value is None
    assert "no variation" in figures.overall["Cu_alpha"].reason
    assert figures.overall["u_alpha"].level == "uα"
    assert figures.per_label["x"]["cu_alpha"].level == "cuα, label 'x'"
    assert figures.per_label["x"]["cu_alpha"].details["coverage"] == pytest.approx(0.5)


def test_identical_coders_agree_perfectly():
    spans = [(0, 3, "a"), (5, 9, "b"), (12, 14, "a")]
    figures = unitized_family([SpanDocument(20, {"A": spans, "B": spans, "C": spans})])
    for key in ("u_alpha", "binary_u_alpha", "Cu_alpha"):
        assert figures.overall[key].value == pytest.approx(1.0)
    for label in "ab":
        assert figures.per_label[label]["cu_alpha"].value == pytest.approx(1.0)


def segments(spans, length):
    """One coder's partition: merged same-label spans, cut at every boundary of the coder;
    each piece valued with the labels covering it ("" = gap)."""
    merged = {}
    for label in sorted({s[2] for s in spans}):
        starts = np.array([s for s, _, lab in spans if lab == label])
        ends = np.array([e for _, e, lab in spans if lab == label])
        merged[label] = list(zip(*merge_intervals(starts, ends), strict=True))
    points = sorted(
        {0, length, *(p for pieces in merged.values() for s, e in pieces for p in (s, e))}
    )
    pieces = []
    for left, right in pairwise(points):
        value = "+".join(
            label
            for label, found in merged.items()
            if any(s <= left and right <= e for s, e in found)
        )
        pieces.append((left, right, value))
    return pieces


def reference(documents):
    """The definitions, position by position (values named as the module names them)."""
    observed, squares, pairable, binary = {}, {}, {}, {}

    def add(table, key, amount):
        table[key] = table.get(key, 0.0) + amount

    labels = sorted({s[2] for d in documents for spans in d.spans.values() for s in spans})
    for doc in documents:
        coders = sorted(doc.spans)
        m = len(coders)
        if m < 2:
            continue
        parts = {c: segments(doc.spans[c], doc.length) for c in coders}
        at = {c: [v for s, e, v in parts[c] for _ in range(s, e)] for c in coders}
        for i, j in permutations(coders, 2):
            for pos in range(doc.length):
                add(observed, (at[i][pos] or "∅", at[j][pos] or "∅"), 1 / (m - 1))
        for c in coders:
            for s, e, v in parts[c]:
                add(squares, v or "∅", (e - s) ** 2 if v else (e - s))
                if v:
                    share = sum(1 for j in coders if j != c for p in range(s, e) if at[j][p]) / (
                        m - 1
                    )
                    add(pairable, v, share**2)
        for label in labels:
            inside = {
                c: [
                    any(s <= p < e for s, e, lab in doc.spans[c] if lab == label)
                    for p in range(doc.length)
                ]
                for c in coders
            }
            for i, j in permutations(coders, 2):
                add(
                    binary,
                    (label, "cc"),
                    sum(a and b for a, b in zip(inside[i], inside[j], strict=True)) / (m - 1),
                )
            for c in coders:
                add(binary, (label, "c"), sum(inside[c]))
                starts = np.array([s for s, _, lab in doc.spans[c] if lab == label])
                ends = np.array([e for _, e, lab in doc.spans[c] if lab == label])
                for s, e in zip(*merge_intervals(starts, ends), strict=True):
                    add(binary, (label, "S"), (e - s) ** 2)
    values = sorted({k for pair in observed for k in pair} - {"∅"})

    def alpha(table, square, names):
        margin = {c: sum(table.get((c, k), 0.0) for k in names) for c in names}
        total = sum(margin.values())
        scale = total - sum(square.get(c, 0.0) for c in names) / total if total else 0.0
        expected = {
            (c, k): (margin[c] * margin[k] - (square.get(c, 0.0) if c == k else 0.0)) / scale
            if scale
            else 0.0
            for c in names
            for k in names
        }
        return table, expected, margin

    names = ["∅", *values]
    table, expected, margin = alpha(observed, squares, names)
    total = sum(margin.values())
    u = 1 - (total - sum(table.get((c, c), 0) for c in names)) / (
        sum(expected.values()) - sum(expected[(c, c)] for c in names)
    )
    bar = 1 - (margin["∅"] - table.get(("∅", "∅"), 0)) / (
        sum(expected[("∅", k)] for k in names) - expected[("∅", "∅")]
    )
    ctable, cexpected, cmargin = alpha(observed, pairable, values)
    ctotal = sum(cmargin.values())
    cde = sum(cexpected.values()) - sum(cexpected[(c, c)] for c in values)
    cu = 1 - (ctotal - sum(ctable.get((c, c), 0) for c in values)) / cde if cde > 1e-9 else None
    per = {}
    for label in labels:
        agree, matter, square = (binary.get((label, k), 0.0) for k in ("cc", "c", "S"))
        rest = total - matter
        cross = matter * rest / (total - (square + rest) / total)
        entry = {"binary_u_alpha": 1 - (matter - agree) / cross if cross > 1e-9 else None}
        if label in values:
            l_k = cmargin[label]
            e_k = sum(cexpected[(label, k)] for k in values)
            de = e_k - cexpected[(label, label)]
            entry["cu_alpha"] = (
                1 - e_k / l_k * (l_k - ctable.get((label, label), 0)) / de
                if l_k > 0 and de > 1e-9
                else None
            )
        per[label] = entry
    return {"u_alpha": u, "binary_u_alpha": bar, "Cu_alpha": cu}, per


def random_corpus(rng, overlaps):
    documents = []
    for number in range(rng.randint(1, 4)):
        length = rng.randint(15, 45)
        coders = rng.sample(["A", "B", "C", "D"], rng.randint(2, 4))
        spans = {}
        for coder in coders:
            marked = []
            for _ in range(rng.randint(0, 4)):
                start = rng.randrange(length - 1)
                end = rng.randint(start + 1, min(length, start + 12))
                marked.append((start, end, rng.choice("xyz")))
            if not overlaps:
                marked.sort()
                kept, reach = [], 0
                for s, e, lab in marked:
                    if s >= reach:
                        kept.append((s, e, lab))
                        reach = e
                marked = kept
            spans[coder] = marked
        documents.append(SpanDocument(length, spans, id=number))
    return documents


@pytest.mark.parametrize("overlaps", [False, True])
def test_equal_to_the_definitions_on_random_corpora(overlaps):
    rng = random.Random(20240601 + overlaps)
    checked = 0
    for _ in range(60):
        documents = random_corpus(rng, overlaps)
        if not any(s for d in documents for s in d.spans.values()):
            continue
        overall, per_label = reference(documents)
        figures = unitized_family(documents)
        for key, value in overall.items():
            ours = figures.overall[key].value
            if value is None or ours is None:
                assert (value is None) == (ours is None) or abs(value or 0) < 1e-6, (
                    key,
                    value,
                    ours,
                )
            else:
                assert ours == pytest.approx(value, abs=1e-9), key
        for label, entry in per_label.items():
            for key, value in entry.items():
                ours = figures.per_label[label][key].value
                if value is None or ours is None:
                    continue
                assert ours == pytest.approx(value, abs=1e-9), (label, key)
                checked += 1
    assert checked > 50


def test_no_value_cases_say_why():
    one = unitized_family([SpanDocument(10, {"A": [(0, 3, "x")]})])
    assert one.overall["u_alpha"].reason == "there is only one coder; agreement needs two or more"
    nothing = unitized_family([SpanDocument(10, {"A": [], "B": []})])
    assert nothing.overall["u_alpha"].reason == "no coder marked any span"
    apart = unitized_family(
        [SpanDocument(10, {"A": [(0, 3, "x")]}), SpanDocument(10, {"B": [(0, 3, "x")]})]
    )
    assert apart.overall["u_alpha"].reason == "no document was coded by two or more of the coders"


def test_bootstrap_over_documents_is_reproducible():
    documents = random_corpus(random.Random(3), False) + random_corpus(random.Random(4), False)
    documents = [SpanDocument(d.length, d.spans, id=n) for n, d in enumerate(documents)]
    figures = unitized_family(documents)
    first = family_intervals(figures, IntervalSettings(300, seed=5))
    again = family_intervals(figures, IntervalSettings(300, seed=5))
    alpha = first.overall["u_alpha"]
    assert alpha.interval is not None and alpha.interval.samples == 300
    assert alpha.interval == again.overall["u_alpha"].interval
    # A single document resampled is always itself: the interval collapses on the value.
    single = unitized_family([documents[0]])
    if single.overall["u_alpha"].value is not None:
        collapsed = family_intervals(single, IntervalSettings(50, seed=1)).overall["u_alpha"]
        assert collapsed.interval.lower == pytest.approx(single.overall["u_alpha"].value)
