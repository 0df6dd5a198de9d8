"""Span agreement: pairwise F1, position-level alpha, and Krippendorff's unitized alpha.

The unitizing examples come from the ``agreement_vectors`` fixture (the published reference
file; see conftest.py). Position alpha and alpha_u are also checked against plain,
position-by-position and pair-by-pair computations written from the formulas.
"""

from __future__ import annotations

from itertools import combinations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import (
    AgreementDataError,
    SpanDocument,
    position_alpha,
    position_alpha_by_document,
    position_alpha_by_label,
    span_f1,
    unitized_alpha,
    unitized_alpha_by_label,
)
from annotator.agreement.unitized import segment_distance

# -- Krippendorff (2004) p. 254 and (1995) p. 57 -----------------------------------------------


def document_from_units(units, begin, length, keep=None):
    """Vector rows (begin, length, observer, category) as one document on [0, length)."""
    spans: dict[str, list] = {}
    for start, size, observer, category in units:
        if keep is None or category in keep:
            spans.setdefault(str(observer), []).append(
                (start - begin, start - begin + size, category)
            )
    for observer in {str(row[2]) for row in units}:
        spans.setdefault(observer, [])
    return SpanDocument(length, spans)


def test_krippendorff_2004_unitizing(agreement_vectors):
    vector = agreement_vectors["by_id"]["krippendorff2004_p254_unitizing"]
    data = vector["data"]
    doc = document_from_units(
        data["units_begin_length_observer_category"],
        data["continuum_begin"],
        data["continuum_length"],
    )
    overall = unitized_alpha([doc])
    published = vector["expected"]
    assert overall.value == pytest.approx(
        published["alpha_u"]["value"], abs=published["alpha_u"]["tol"]
    )
    assert overall.value == pytest.approx(
        vector["computed"]["python_port_of_dkpro_formulas"]["alpha_u"], abs=1e-6
    )
    assert (overall.units, overall.coders, overall.pairable) == (1, 2, 9)
    by_label = unitized_alpha_by_label([doc])
    for label in ("c", "k"):
        for key in ("Do", "De"):
            assert by_label[label].details[key] == pytest.approx(published[label][key], abs=1e-4)
        assert by_label[label].value == pytest.approx(published[label]["alpha"], abs=1e-4)


def test_krippendorff_2004_distances(agreement_vectors):
    checks = agreement_vectors["by_id"]["krippendorff2004_p254_unitizing"]["expected"]
    checks = checks["distance_checks"]
    assert segment_distance(225, 70, True, 220, 80, True) == checks["delta((225,70,c),(220,80,c))"]
    assert segment_distance(370, 30, True, 355, 20, True) == checks["delta((370,30,c),(355,20,c))"]
    assert (
        segment_distance(400, 50, False, 400, 20, True) == checks["delta((400,50,gap),(400,20,c))"]
    )
    # A unit only partly inside a gap, two gaps, and segments that do not meet: distance 0.
    assert segment_distance(395, 30, True, 400, 50, False) == 0
    assert segment_distance(0, 10, False, 5, 10, False) == 0
    assert segment_distance(0, 10, True, 10, 10, True) == 0


K1995_UNITS = [
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"),
    (5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B"),
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"),
    (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
    (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]  # fmt: skip
"""Krippendorff (1995) p. 57, cases A-D as four categories on one 24-position continuum.

The vectors file refers to this data without listing it; it is the published figure, as
DKPro Statistics encodes it (Krippendorff1995Test.createExample): begin, length, observer,
category. Stretching multiplies every position, truncating to whole numbers as DKPro does.
"""


def k1995(stretch: float, keep=None) -> SpanDocument:
    units = [
        (int(b * stretch), int(size * stretch), observer, category)
        for b, size, observer, category in K1995_UNITS
    ]
    return document_from_units(units, 0, int(24 * stretch), keep)


def test_krippendorff_1995_observed_disagreement(agreement_vectors):
    published = agreement_vectors["by_id"]["krippendorff1995_p57_unitizing"]["expected"]
    by_label = unitized_alpha_by_label([k1995(1)])
    for label, value in published["Do_stretch1"].items():
        assert by_label[label].details["Do"] == pytest.approx(value, abs=1e-5), label


def test_krippendorff_1995_expected_disagreement_small_stretch(agreement_vectors):
    published = agreement_vectors["by_id"]["krippendorff1995_p57_unitizing"]["expected"]
    # At stretch 0.5 some units of the other cases shrink to nothing; C's do not.
    result = unitized_alpha([k1995(0.5, keep={"C"})], "C")
    entry = published["De_C_stretch0.5"]
    assert result.details["De"] == pytest.approx(entry["value"], abs=entry["tol"])


def test_krippendorff_1995_alpha_at_large_stretch(agreement_vectors):
    vector = agreement_vectors["by_id"]["krippendorff1995_p57_unitizing"]
    published = vector["expected"]["alpha_large_stretch"]
    computed = vector["computed"]["stretch50000"]
    doc = k1995(1_200_000 / 24)
    by_label = unitized_alpha_by_label([doc])
    for label in "ABCD":
        assert by_label[label].value == pytest.approx(published[label], abs=published["tol"])
        for key in ("Do", "De", "alpha"):
            mine = by_label[label].value if key == "alpha" else by_label[label].details[key]
            assert mine == pytest.approx(computed["per_category"][label][key], abs=1e-6)
    assert unitized_alpha([doc]).value == pytest.approx(computed["alpha_u"], abs=1e-6)


# -- alpha_u against a direct, pair-by-pair reading of the formulas ------------------------------


def direct_alpha_u(length: int, spans: dict[str, list], label: str) -> tuple[float, float]:
    """(Do, De) for one label on one document, every segment pair visited explicitly."""

    def segments(coder_spans):
        units = sorted((s, e) for s, e, lab in coder_spans if lab == label)
        merged: list[list[int]] = []
        for s, e in units:  # merge overlapping (not touching) units of one coder
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        result, position = [], 0
        for s, e in merged:
            if s > position:
                result.append((position, s - position, False))
            result.append((s, e - s, True))
            position = e
        if position < length:
            result.append((position, length - position, False))
        return result

    parts = [segments(spans[coder]) for coder in spans]
    m = len(parts)
    observed = 0.0
    for first, second in combinations(parts, 2):
        for g in first:
            for h in second:
                observed += segment_distance(*g, *h)
    observed = 2 * observed / (m * (m - 1) * length**2)
    units = [size for part in parts for _, size, is_unit in part if is_unit]
    gaps = [size for part in parts for _, size, is_unit in part if not is_unit]
    total = 0.0
    for size in units:
        total += (len(units) - 1) * (2 * size**3 - 3 * size**2 + size) / 3
        total += size**2 * sum(gap - size + 1 for gap in gaps if gap >= size)
    scale = m * length * (m * length - 1) - sum(size * (size - 1) for size in units)
    return observed, 2 / length * total / scale


@st.composite
def span_documents(draw, max_coders=4, max_length=40, labels=("x", "y")):
    length = draw(st.integers(1, max_length))
    coders = draw(st.integers(2, max_coders))
    spans = {}
    for coder in range(coders):
        chosen = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, length - 1))
            end = draw(st.integers(start + 1, length))
            chosen.append((start, end, draw(st.sampled_from(labels))))
        spans[f"c{coder}"] = chosen
    return SpanDocument(length, spans)


@settings(max_examples=60, deadline=None)
@given(span_documents())
def test_unitized_alpha_matches_a_direct_computation(doc):
    for label in ("x", "y"):
        result = unitized_alpha([doc], label)
        observed, expected = direct_alpha_u(doc.length, dict(doc.spans), label)
        if not any(lab == label for spans in doc.spans.values() for *_, lab in spans):
            assert result.value is None and "no coder marked" in result.reason
            continue
        assert result.details["Do"] == pytest.approx(observed, rel=1e-9, abs=1e-12)
        assert result.details["De"] == pytest.approx(expected, rel=1e-9, abs=1e-12)
        if expected > 0:
            assert result.value == pytest.approx(1 - observed / expected, rel=1e-9, abs=1e-12)


def test_unitized_alpha_keeps_gaps_within_documents():
    """Two documents back to back: the same observed disagreement as one document twice as
    long, but no chance placement of a unit across the boundary."""
    spans = {"a": [(2, 5, "x")], "b": [(3, 5, "x")]}
    joined = SpanDocument(
        20, {"a": [(2, 5, "x"), (12, 15, "x")], "b": [(3, 5, "x"), (13, 15, "x")]}
    )
    two = unitized_alpha([SpanDocument(10, spans), SpanDocument(10, spans)], "x")
    one = unitized_alpha([joined], "x")
    assert two.details["Do"] == pytest.approx(one.details["Do"])
    assert two.details["De"] < one.details["De"]
    assert two.units == 2 and one.units == 1


def test_unitized_alpha_leaves_out_documents_not_coded_by_everyone():
    docs = [
        SpanDocument(10, {"a": [(0, 4, "x")], "b": [(0, 4, "x")]}),
        SpanDocument(10, {"a": [(0, 4, "x")]}),
    ]
    result = unitized_alpha(docs, "x")
    assert result.value == 1.0 and result.units == 1
    assert result.details["documents_left_out"] == 1
    alone = unitized_alpha(docs[1:], "x")
    assert alone.value is None and "only one coder" in alone.reason
    nobody = unitized_alpha([docs[0], SpanDocument(5, {"c": []})], coders=["a", "c"])
    assert nobody.value is None and "no document was coded by all of a, c" in nobody.reason


# -- position-level alpha against position-by-position reliability matrices ------------------


SET_CODES = {(): 0, ("x",): 1, ("y",): 2, ("x", "y"): 3}


def explicit_matrix(documents, label=None, tokens=False):
    """Coders x positions, each cell the set of labels covering the position, as a code."""
    coders = sorted({c for doc in documents for c in doc.spans})
    rows = {c: [] for c in coders}
    for doc in documents:
        positions = doc.tokens if tokens else [(i, i + 1) for i in range(doc.length)]
        for coder in coders:
            for start, end in positions:
                if coder not in doc.spans:
                    rows[coder].append(None)
                    continue
                found = {lab for s, e, lab in doc.spans[coder] if s < end and start < e} & (
                    {label} if label else {"x", "y"}
                )
                rows[coder].append(SET_CODES[tuple(sorted(found))])
    return np.array([[np.nan if v is None else v for v in rows[c]] for c in coders])


def reference_alpha(matrix):
    try:
        return krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    except ValueError:
        return None


@settings(max_examples=40, deadline=None)
@given(st.lists(span_documents(max_length=30), min_size=1, max_size=3), st.booleans())
def test_position_alpha_equals_alpha_on_every_character(documents, drop_coder):
    if drop_coder and len(documents[0].spans) > 2:
        first = documents[0]
        documents[0] = SpanDocument(first.length, dict(list(first.spans.items())[1:]))
    for label in (None, "x"):
        mine = position_alpha(documents, label)
        reference = reference_alpha(explicit_matrix(documents, label))
        if mine.value is None:
            assert reference is None or np.isnan(reference)
        else:
            assert mine.value == pytest.approx(reference, abs=1e-9)


def test_position_alpha_on_tokens():
    tokens = [(0, 3), (4, 9), (10, 12), (13, 20)]
    docs = [
        SpanDocument(
            20, {"a": [(4, 12, "x")], "b": [(5, 9, "x")], "c": [(13, 20, "x")]}, tokens=tokens
        )
    ]
    result = position_alpha(docs, unit="token")
    reference = reference_alpha(explicit_matrix(docs, tokens=True))
    assert result.value == pytest.approx(reference, abs=1e-12)
    assert result.units == 4 and result.level == "tokens"
    with pytest.raises(AgreementDataError, match="has no tokens"):
        position_alpha([SpanDocument(5, {"a": [], "b": []}, id="d1")], unit="token")


def test_position_alpha_breakdowns_and_no_value():
    docs = [
        SpanDocument(10, {"a": [(0, 5, "x")], "b": [(0, 5, "x")]}, id="one"),
        SpanDocument(10, {"a": [(0, 5, "x")], "b": [(0, 6, "y")]}, id="two"),
    ]
    by_doc = position_alpha_by_document(docs)
    assert by_doc["one"].value == 1.0 and by_doc["two"].value < 0.5
    by_label = position_alpha_by_label(docs, labels=["x", "y", "z"])
    assert by_label["z"].value is None and "'not z'" in by_label["z"].reason
    empty = position_alpha([SpanDocument(10, {"a": [], "b": []})])
    assert empty.value is None and "no variation" in empty.reason
    assert empty.units == 10 and empty.pairable == 20


# -- pairwise F1 ----------------------------------------------------------------------------------


def test_span_f1_exact_and_overlap():
    docs = [
        SpanDocument(
            50,
            {
                "a": [(0, 5, "x"), (10, 20, "y"), (10, 20, "y")],  # a duplicate counts once
                "b": [(0, 5, "x"), (12, 22, "y"), (30, 35, "x")],
                "c": [],
            },
        ),
        SpanDocument(30, {"a": [(3, 9, "x")], "b": [(3, 9, "x")]}),
    ]
    exact = {(p.coder_a, p.coder_b): p for p in span_f1(docs, "exact")}
    overlap = {(p.coder_a, p.coder_b): p for p in span_f1(docs, "overlap")}
    ab = exact[("a", "b")]
    # a: 3 distinct spans, b: 4; exact matches: (0,5,x) and (3,9,x).
    assert ab.overall.value == pytest.approx(2 * 2 / (3 + 4))
    assert ab.per_label["x"].value == pytest.approx(2 * 2 / (2 + 3))
    assert ab.per_label["y"].value == 0.0
    assert (ab.overall.units, ab.overall.pairable) == (2, 7)
    lenient = overlap[("a", "b")]
    assert lenient.per_label["y"].value == 1.0
    assert lenient.overall.details["recall"] == 1.0
    assert lenient.overall.details["precision"] == pytest.approx(3 / 4)
    # c coded only the first document and marked nothing there.
    ac = exact[("a", "c")]
    assert ac.overall.value == 0.0 and ac.overall.units == 1
    bc_y = overlap[("b", "c")].per_label["y"]
    assert bc_y.value == 0.0
    none = span_f1([SpanDocument(5, {"a": [], "b": []})])[0].overall
    assert none.value is None and "neither coder marked a span" in none.reason
    apart = span_f1([SpanDocument(5, {"a": []}), SpanDocument(5, {"b": []})])[0].overall
    assert apart.value is None and "no document in common" in apart.reason


def test_overlap_needs_a_shared_character():
    docs = [SpanDocument(10, {"a": [(0, 5, "x")], "b": [(5, 10, "x")]})]
    assert span_f1(docs, "overlap")[0].overall.value == 0.0
    docs = [SpanDocument(10, {"a": [(0, 5, "x")], "b": [(4, 10, "x")]})]
    assert span_f1(docs, "overlap")[0].overall.value == 1.0


def test_bad_spans_name_the_document_and_coder():
    with pytest.raises(AgreementDataError, match=r"document 'n1', coder b: span \(3, 12, 'x'\)"):
        span_f1([SpanDocument(10, {"a": [], "b": [(3, 12, "x")]}, id="n1")])
    with pytest.raises(AgreementDataError, match="needs 0 <= start < end <= 10"):
        unitized_alpha([SpanDocument(10, {"a": [(4, 4, "x")]})])
    with pytest.raises(AgreementDataError, match="unknown span match"):
        span_f1([], "fuzzy")
