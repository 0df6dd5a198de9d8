"""The project's fast paths give the library's results: position alpha and alpha_u for coder
subsets and labels, set-distance alpha on many distinct sets, and per-document span units."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from annotator.agreement import (
    SpanCorpus,
    SpanDocument,
    coder_vs_others,
    percent_agreement,
    position_alpha,
    set_alpha,
    set_data,
    unit_disagreements,
    unitized_alpha,
)
from annotator.agreement.alpha import alpha_from_counts
from annotator.agreement.layer_tables import PositionTable, UnitizedTable
from annotator.agreement.multilabel import DISTANCES, masi_distance
from annotator.agreement.reliability import ReliabilityData
from annotator.agreement.result import ONE_CODER, Coefficient, no_value
from annotator.agreement.set_figures import (
    pair_agreement,
    set_disagreements,
    set_distances,
    with_others,
)
from annotator.agreement.span_units import span_units, unit_counts

CODERS = ("a", "b", "c", "d")


def random_documents(rng: random.Random, labels: str = "xyz") -> list[SpanDocument]:
    documents = []
    for number in range(rng.randint(1, 5)):
        length = rng.randint(1, 60)
        spans = {}
        for coder in CODERS[: rng.randint(2, 4)]:
            if number and rng.random() < 0.15:
                continue  # this coder did not code this document
            marked = []
            for _ in range(rng.randint(0, 5)):
                start = rng.randint(0, length - 1)
                marked.append((start, rng.randint(start + 1, length), rng.choice(labels)))
            spans[coder] = marked
        documents.append(SpanDocument(length, spans, id=number))
    return documents


def same(got, expected):
    assert (got.value is None) == (expected.value is None), (got, expected)
    if expected.value is None:
        assert got.reason == expected.reason
    else:
        assert got.value == pytest.approx(expected.value, abs=1e-10)
    assert (got.units, got.coders, got.pairable) == (
        expected.units,
        expected.coders,
        expected.pairable,
    )


def only(documents, coders):
    return [
        SpanDocument(d.length, {c: s for c, s in d.spans.items() if c in coders}, d.id)
        for d in documents
    ]


@pytest.mark.parametrize("seed", range(60))
def test_position_table_equals_position_alpha(seed):
    rng = random.Random(seed)
    documents = random_documents(rng)
    corpus = SpanCorpus.build(documents)
    table = PositionTable(corpus)
    same(table.alpha(), position_alpha(corpus))
    for label in (*corpus.labels, "unused"):
        same(table.alpha(label=label), position_alpha(corpus, label))
    for size in (2, len(corpus.coders) - 1):
        for chosen in combinations(corpus.coders, size):
            if len(chosen) >= 1:
                same(table.alpha(list(chosen)), position_alpha(only(documents, chosen)))


@pytest.mark.parametrize("seed", range(60))
def test_unitized_table_equals_unitized_alpha(seed):
    rng = random.Random(1000 + seed)
    corpus = SpanCorpus.build(random_documents(rng))
    table = UnitizedTable(corpus)
    for label in (None, *corpus.labels):
        same(table.alpha(label), unitized_alpha(corpus, label))
        for pair in combinations(corpus.coders, 2):
            same(table.alpha(label, list(pair)), unitized_alpha(corpus, label, list(pair)))


def random_sets(rng: random.Random):
    rows = []
    for _ in range(rng.randint(2, 5)):
        row = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.2:
                row.append(None)
            else:
                row.append(rng.sample("pqrstu", rng.randint(0, 3)))
        rows.append(row)
    width = min(len(r) for r in rows)
    return [r[:width] for r in rows]


def plain_set_alpha(data: ReliabilityData, distance: str) -> Coefficient:
    """Set alpha the plain way, as a reference: the units x categories value counts, and the
    distance function called on every two sets."""
    name = f"{distance}_alpha"
    if data.n_coders < 2:
        return no_value(name, ONE_CODER, coders=data.n_coders)
    sets = data.categories
    measure = DISTANCES[distance]
    matrix = np.array([[measure(a, b) for b in sets] for a in sets], dtype=float)
    counts = data.value_counts()
    coders = int(np.count_nonzero((data.codes[:, counts.sum(axis=1) >= 2] >= 0).any(axis=1)))
    shown = ["{" + ", ".join(sorted(map(str, labels))) + "}" for labels in sets]
    return alpha_from_counts(
        counts, matrix.reshape(len(sets), len(sets)), shown, coders=coders, name=name
    )


@pytest.mark.parametrize("seed", range(80))
def test_set_figures_equal_the_multilabel_functions(seed):
    rng = random.Random(2000 + seed)
    data = set_data(random_sets(rng))
    masi = set_distances(data.categories)
    expected = np.array([[masi_distance(a, b) for b in data.categories] for a in data.categories])
    assert np.array_equal(masi, expected.reshape(masi.shape))
    same(set_alpha(data, "masi"), plain_set_alpha(data, "masi"))
    assert set_alpha(data, "masi").level is None  # the name says which distance
    same(set_alpha(data, "jaccard"), plain_set_alpha(data, "jaccard"))
    for coder, reference in enumerate(coder_vs_others(data, masi)):
        got = with_others(data, masi, coder, "x")
        assert (got.value is None) == (reference.with_others.value is None)
        if got.value is not None:
            assert got.value == pytest.approx(reference.with_others.value, abs=1e-10)
        assert (got.units, got.coders) == (
            reference.with_others.units,
            reference.with_others.coders,
        )
        others = [i for i in range(data.n_coders) if i != coder]
        same(
            set_alpha(data, "masi", others),
            plain_set_alpha(data.select(coders=others), "masi"),
        )
    for first, second in combinations(range(data.n_coders), 2):
        same(
            pair_agreement(data, first, second),
            percent_agreement(data.select(coders=[first, second])),
        )
    got = [(u.unit, round(u.disagreement, 10)) for u in set_disagreements(data, masi)]
    want = [(u.unit, round(u.disagreement, 10)) for u in unit_disagreements(data, masi)]
    assert sorted(got) == sorted(want)


@pytest.mark.parametrize("seed", range(80))
def test_unit_counts_equal_span_units(seed):
    rng = random.Random(3000 + seed)
    documents = random_documents(rng, labels="xy")
    units, disputed = unit_counts(SpanCorpus.build(documents))
    for at, document in enumerate(documents):
        found = span_units(document)
        assert units[at] == len(found)
        assert disputed[at] == sum(1 for unit in found if unit.disputed)


def test_span_units_group_overlaps_and_give_each_coder_a_version():
    document = SpanDocument(
        30,
        {"a": [(0, 5, "x"), (4, 9, "y"), (20, 25, "x")], "b": [(0, 5, "x")], "c": []},
        id="doc",
    )
    first, second = span_units(document)
    assert (first.start, first.end) == (0, 9)
    assert first.versions == {"a": ((0, 5, "x"), (4, 9, "y")), "b": ((0, 5, "x"),), "c": ()}
    assert not first.agreed and first.disagreement == 1.0
    assert second.versions["b"] == () and second.disagreement == pytest.approx(2 / 3)
    agreed = span_units(SpanDocument(10, {"a": [(1, 3, "x")], "b": [(1, 3, "x")]}))
    assert agreed[0].agreed and agreed[0].disagreement == 0.0
