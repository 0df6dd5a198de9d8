"""The quick paths of span and answer reading give what the plain rules give.

``SpanCorpus.build`` reads the usual spans (tuples of two ints and a str) as columns and
leaves the rest (numpy integers, lists) to a span-by-span path; position alpha counts the
label masks with a lookup table when they are small and by sorting when not; the project's
answers are parsed once per distinct text; ``distinct`` and ``distinct_rows`` stand in for
``np.unique``. Each is checked here against the other path or the plain computation.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import AgreementDataError, SpanDocument
from annotator.agreement.alpha import coincidence_matrix
from annotator.agreement.positions import _value_counts
from annotator.agreement.reliability import MISSING
from annotator.agreement.spans import SpanCorpus, distinct, distinct_rows
from annotator.model import ArticleDraft
from annotator.store.live_labels import live_answers


@st.composite
def documents(draw):
    found = []
    for _ in range(draw(st.integers(0, 4))):
        length = draw(st.integers(0, 25))
        spans = {}
        for coder in draw(st.lists(st.sampled_from("abcd"), unique=True, max_size=4)):
            marked = []
            for _ in range(draw(st.integers(0, 4)) if length else 0):
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
                marked.append((start, end, draw(st.sampled_from("xyz"))))
            spans[coder] = marked + marked[:1]  # a span marked twice counts once
        found.append(SpanDocument(length, spans))
    return found


def unusual(document: SpanDocument) -> SpanDocument:
    """The same spans as lists with numpy integer offsets (the span-by-span path)."""
    spans = {
        coder: [[np.int64(s), np.int64(e), label] for s, e, label in marked]
        for coder, marked in document.spans.items()
    }
    return SpanDocument(document.length, spans)


def arrays(corpus: SpanCorpus) -> list:
    rows = [corpus.coders, corpus.labels, corpus.offsets, corpus.lengths, corpus.coded]
    for coder in corpus.coders:
        spans = corpus.spans[coder]
        rows += [spans.starts, spans.ends, spans.labels, spans.documents]
    return [(a.dtype, a.tolist()) if isinstance(a, np.ndarray) else a for a in rows]


@settings(max_examples=150, deadline=None)
@given(documents())
def test_usual_and_unusual_spans_build_the_same_corpus(docs):
    assert arrays(SpanCorpus.build(docs)) == arrays(SpanCorpus.build([unusual(d) for d in docs]))


def test_the_first_wrong_span_or_length_is_the_one_named():
    bad_span = SpanDocument(10, {"a": [(3, 12, "x")]}, id="one")
    bad_length = SpanDocument(-1, {"a": []}, id="two")
    with pytest.raises(AgreementDataError, match=r"document 'one', coder a: span"):
        SpanCorpus.build([bad_span, bad_length])
    with pytest.raises(AgreementDataError, match=r"document 'two': length"):
        SpanCorpus.build([bad_length, bad_span])
    accepted = SpanCorpus.build([SpanDocument(5, {"a": [(True, 2, "x")], "b": [(1, 2, "x")]})])
    assert accepted.spans["a"].starts.tolist() == accepted.spans["b"].starts.tolist() == [1]


@pytest.mark.parametrize("bits", [3, 20])  # the lookup table, and sorting
def test_value_counts_count_each_runs_masks(bits):
    rng = np.random.default_rng(bits)
    codes = rng.integers(0, 1 << bits, size=(4, 60))
    codes[:, ::3] = rng.integers(0, 3, size=(4, 20))  # some masks repeat
    codes[rng.random(codes.shape) < 0.3] = MISSING
    values, counts = _value_counts(codes, codes >= 0)
    assert values.tolist() == sorted(set(codes[codes >= 0].tolist()))
    plain = [[int((codes[:, run] == value).sum()) for value in values] for run in range(60)]
    assert counts.tolist() == plain


def test_answers_parsed_once_give_each_row_its_own_value(project):
    project.articles.add(ArticleDraft(text=t, title=t, outlet="O") for t in ("One.", "Two."))
    ids = project.articles.ids()
    coders = [project.coders.add(name).uuid for name in ("Ann", "Bob")]
    for coder in coders:
        for article in ids:
            project.doc_labels.set(article, coder, "secondary_frames", ["political", "economic"])
            project.doc_labels.set(article, coder, "primary_frame", "political")
    rows = list(live_answers(project))
    stored = project.db.execute(
        "select coder_uuid, article_id, scheme, value, uuid from doc_labels where deleted = 0"
    ).fetchall()
    assert rows == [(c, a, s, json.loads(v), u) for c, a, s, v, u in stored]
    lists = [value for _, _, scheme, value, _ in rows if scheme == "secondary_frames"]
    assert len(lists) == 4 and len({id(value) for value in lists}) == 4


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-5, 40), max_size=60), st.integers(1, 4))
def test_distinct_values_and_rows_are_numpys_unique(values, width):
    flat = np.array(values, dtype=np.int64)
    assert distinct(flat).tolist() == np.unique(flat).tolist()
    table = flat[: len(flat) // width * width].reshape(-1, width)
    assert distinct_rows(table).tolist() == np.unique(table, axis=0).tolist()
    assert distinct(flat).dtype == distinct_rows(table).dtype == np.int64


def test_coincidences_the_same_with_every_unit_pairable_or_not():
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 3, size=(200, 4))
    counts[counts.sum(axis=1) < 2, 0] = 2  # every unit pairable: the path without copying
    weights = rng.random(200) * 7
    lone = np.zeros((1, 4), dtype=np.int64)
    lone[0, 1] = 1  # one value: never pairable, changes nothing
    mixed = coincidence_matrix(np.vstack([counts, lone]), np.append(weights, 3.0))
    assert np.array_equal(coincidence_matrix(counts, weights), mixed)
