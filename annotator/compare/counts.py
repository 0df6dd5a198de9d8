"""The counts behind every figure: one row per unit, one column per thing counted.

A unit is an article (every coder's labels on it pooled, when the source is all coders), or a
sentence of an article that is alone in its group, so that the group still gets an interval.
The columns:

- ``words``: words of the text (``annotator.compare.words``); ``coded_words``: words times the
  number of coders who coded the article, the base of every label rate (equal to ``words``
  for gold, one coder and suggestions);
- ``loaded:LABEL``, and ``loaded:*`` for all of them: labels of the loaded-language layer;
- ``cue:STANCE``, ``source:TYPE``, ``content:QUOTE_TYPE`` (``-`` where the attribute is not
  given), and ``cue:*``, ``source:*``, ``content:*``: labels of the attribution layer;
- ``term:I`` (term I of the word-choice matcher) and ``terms:G`` (every term of word group G);
- ``answer:SCHEME:CHOICE`` and ``answered:SCHEME``: answers to a document scheme (article
  units only).

Figures are ratios of column sums (``annotator.compare.intervals``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy

from annotator.compare.wording import TermMatcher
from annotator.compare.words import find_words, sentence_bounds, sentence_of

LOADED_LAYER = "loaded"
ATTRIBUTION_LAYER = "attribution"
# attribution label -> the attribute a comparison reads on it (default codebook names)
ATTRIBUTES = {"cue": "stance", "source": "source_type", "content": "quote_type"}
ATTRIBUTE_NAMES = tuple(ATTRIBUTES.values())
NOT_GIVEN = "-"
WORDS, CODED_WORDS = "words", "coded_words"


class CountTable:
    """Units (rows) by counts (columns); a column is made when something is first counted."""

    def __init__(self, size: int):
        self.size = size
        self._columns: dict[str, numpy.ndarray] = {}

    @property
    def names(self) -> list[str]:
        return list(self._columns)

    def add(self, name: str, rows: Any, values: Any = 1) -> None:
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = numpy.zeros(self.size)
        numpy.add.at(column, rows, values)

    def put(self, name: str, values: numpy.ndarray) -> None:
        self._columns[name] = numpy.asarray(values, dtype=float)

    def column(self, name: str) -> numpy.ndarray:
        found = self._columns.get(name)
        return found if found is not None else numpy.zeros(self.size)

    def total(self, name: str, rows: Any = None) -> float:
        column = self.column(name)
        return float(column.sum() if rows is None else column[rows].sum())

    def matrix(self, names: Sequence[str], rows: Any = None) -> numpy.ndarray:
        """The named columns side by side (units x names), for the rows given (default all)."""
        picked = [self.column(name) for name in names]
        out = numpy.stack(picked, axis=1) if picked else numpy.zeros((self.size, 0))
        return out if rows is None else out[rows]

    def add_totals(self) -> None:
        """The ``X:*`` columns: the sum of every ``X:...`` column of a kind (loaded, cue, ...)."""
        for kind in (LOADED_LAYER, *ATTRIBUTES):
            parts = [n for n in self._columns if n.startswith(f"{kind}:") and n != f"{kind}:*"]
            if parts:
                self._columns[f"{kind}:*"] = numpy.add.reduce([self._columns[n] for n in parts])


def label_column(layer: str, label: str, values: Sequence[Any]) -> str | None:
    """The column a label counts in, from its codebook layer, label and attribute values (in
    the order of ``ATTRIBUTE_NAMES``); None for labels no figure reads."""
    if layer == LOADED_LAYER:
        return f"{LOADED_LAYER}:{label}"
    if layer == ATTRIBUTION_LAYER and label in ATTRIBUTES:
        value = values[ATTRIBUTE_NAMES.index(ATTRIBUTES[label])]
        return f"{label}:{value if isinstance(value, str) and value else NOT_GIVEN}"
    return None


def answer_columns(scheme: str, value: Any) -> list[str]:
    """Columns an answer counts in: one choice (single), each choice (multi); none for text."""
    choices = value if isinstance(value, list) else [value]
    if not all(isinstance(c, str) and c for c in choices) or not choices:
        return []
    return [f"answered:{scheme}", *(f"answer:{scheme}:{c}" for c in dict.fromkeys(choices))]


def add_terms(table: CountTable, row: int, words: int, hits: Counter, coders: int) -> None:
    """One article's (or sentence's) words and term matches (``TermMatcher.count``)."""
    table.add(WORDS, row, words)
    table.add(CODED_WORDS, row, words * coders)
    for (term, _form), n in hits.items():
        table.add(f"term:{term}", row, n)


def add_term_groups(table: CountTable, matcher: TermMatcher) -> None:
    """The ``terms:G`` columns: every term of word group G."""
    for g in range(len(matcher.groups)):
        members = [t for t, (group, _) in enumerate(matcher.terms) if group == g]
        total = numpy.zeros(table.size) + sum(table.column(f"term:{t}") for t in members)
        table.put(f"terms:{g}", total)


def sentence_table(
    text: str, matcher: TermMatcher, labels: Iterable[tuple[str | None, int]], coders: int
) -> tuple[CountTable, list[tuple[int, int]]]:
    """Counts per sentence of one article, and the sentences' bounds. ``labels`` are
    ``(column, start)``; a label counts in the sentence it starts in."""
    bounds = sentence_bounds(text) or [(0, len(text))]
    starts = [s for s, _ in bounds]
    table = CountTable(len(bounds))
    for row, (start, end) in enumerate(bounds):
        words = sum(1 for _ in find_words(text, start, end))
        hits = Counter((term, form) for term, form, _, _ in matcher.find(text, start, end))
        add_terms(table, row, words, hits, coders)
    for column, start in labels:
        if column:
            table.add(column, sentence_of(starts, start))
    add_term_groups(table, matcher)
    table.add_totals()
    return table, bounds
