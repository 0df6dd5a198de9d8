"""The array matching of attribution records (record_matching) against the rule written out
pair by pair: same parts, each part overlapping, best score first, ties to the earlier
records, one to one."""

from __future__ import annotations

from itertools import product
from typing import NamedTuple

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.record_matching import RecordTable, pair_counts
from annotator.attribution_records import AttributionRecord


class Part(NamedTuple):
    uuid: str
    layer: str
    label: str
    start: int
    end: int


def plain_matched(first: list[AttributionRecord], second: list[AttributionRecord]) -> int:
    candidates = []
    for (i, a), (j, b) in product(enumerate(first), enumerate(second)):
        score = 0
        for x, y in zip((a.cue, a.source, a.content), (b.cue, b.source, b.content), strict=True):
            if x is None and y is None:
                continue
            if x is None or y is None or min(x.end, y.end) <= max(x.start, y.start):
                break
            score += min(x.end, y.end) - max(x.start, y.start)
        else:
            candidates.append((-score, i, j))
    used_a, used_b = set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


def on_cue(records: list[AttributionRecord]) -> list[AttributionRecord]:
    """What the cue figure compares, each record keeping its number (None: left out)."""
    return [AttributionRecord(r.cue, None, None) if r.cue else None for r in records]


@st.composite
def parts(draw, label):
    if draw(st.booleans()):
        return None
    start = draw(st.integers(0, 12))
    return Part(f"{label}{start}", "attribution", label, start, start + draw(st.integers(1, 6)))


@st.composite
def records(draw):
    found = []
    for _ in range(draw(st.integers(0, 6))):
        cue, source, content = draw(parts("cue")), draw(parts("source")), draw(parts("content"))
        if cue or source or content:
            found.append(AttributionRecord(cue, source, content))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(records(), records(), st.booleans()), min_size=1, max_size=4))
def test_array_matching_is_the_pairwise_rule(articles):
    by_article = {
        number: ({"a": first, "b": second} if both else {"a": first})
        for number, (first, second, both) in enumerate(articles)
    }
    table = RecordTable.build(by_article, list(by_article), ["a", "b"])
    shared = np.array([both for *_, both in articles])
    for figure, cue_only in ((table, False), (table.on_cue(), True)):
        counts = pair_counts(figure, 0, 1, shared)
        for number, (first, second, both) in enumerate(articles):
            if not both:
                assert counts[number].tolist() == [0, 0, 0]
                continue
            if cue_only:
                first = [r for r in on_cue(first) if r is not None]
                second = [r for r in on_cue(second) if r is not None]
            expected = [len(first), len(second), plain_matched(first, second)]
            assert counts[number].tolist() == expected
