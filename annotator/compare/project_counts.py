"""Counting a project: which articles a source has coded, their labels, answers and words.

An article counts when the source has coded it: for suggestions, when it has at least one
suggestion of the detector (an article without any looks undetected); for gold, any gold row;
for a coder, any label, answer or decision, or the status done. With all coders pooled, an
article counts once for each coder who coded it (its words too: ``coded_words``).
"""

from __future__ import annotations

import itertools
import json
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy

from annotator.compare.counts import (
    ATTRIBUTE_NAMES,
    CODED_WORDS,
    WORDS,
    CountTable,
    add_term_groups,
    answer_columns,
    label_column,
    sentence_table,
)
from annotator.compare.selection import CompareError, GroupBy, LabelSource
from annotator.compare.wording import TermMatcher
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store import compare_rows as rows


@dataclass
class UnitCounts:
    """Everything the figures are computed from."""

    groups: list[str]  # group names, in the order shown
    group_rows: list[numpy.ndarray]  # each group's article rows in ``table``
    table: CountTable  # one row per article
    article_ids: list[int]  # row -> article id
    sentences: dict[int, CountTable] = field(default_factory=dict)  # lone group -> its sentences
    forms: Counter = field(default_factory=Counter)  # (group, term, form) -> occurrences
    left_out: int = 0  # articles of the selection the source has not coded
    coders: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0))  # per article row


def count_project(
    project: Project,
    source: LabelSource,
    by: GroupBy,
    matcher: TermMatcher,
    story: str | None = None,
    progress: ProgressCallback = no_progress,
) -> UnitCounts:
    """Count every article of the selection that ``source`` (resolved) has coded."""
    db = project.db
    values = rows.article_field_values(db, by.field, story)
    if not values:
        known = [s for s, _ in rows.story_counts(db) if s]
        where = f" of the story '{story}'" if story is not None else ""
        hint = f"; stories: {', '.join(known[:20])}" if story is not None and known else ""
        raise CompareError(f"{project.path.name} has no articles{where}{hint}")
    label_rows = rows.label_counts(db, source.rows, source.who, ATTRIBUTE_NAMES, story)
    answers = rows.answer_rows(db, source.rows, source.who, story)
    coders: Counter = Counter()
    if source.rows == "suggestions":
        coders.update({article_id: 1 for article_id, *_ in label_rows})
    else:
        coders.update(a for a, _ in rows.coded_units(db, source.rows, source.who, story))
    kept = [(a, v) for a, v in values if coders[a]]
    if not kept:
        raise CompareError(f"{source} has no labels on the articles compared")
    article_ids = [a for a, _ in kept]
    row_of = numpy.full(max(article_ids) + 1, -1)
    row_of[article_ids] = numpy.arange(len(article_ids))
    table = CountTable(len(article_ids))
    coder_counts = numpy.array([coders[a] for a in article_ids], dtype=float)
    _add_labels(table, label_rows, row_of)
    _add_answers(table, answers, row_of)
    group_names = [by.group_name(v) for _, v in kept]
    units = UnitCounts([], [], table, article_ids, left_out=len(values) - len(kept))
    units.coders = coder_counts
    _add_texts(project, units, matcher, group_names, coder_counts, progress)
    order = sorted(set(group_names), key=lambda g: (g.startswith("(no "), g.casefold()))
    members = defaultdict(list)
    for row, name in enumerate(group_names):
        members[name].append(row)
    units.groups = order
    units.group_rows = [numpy.array(members[name]) for name in order]
    add_term_groups(table, matcher)
    table.add_totals()
    _add_sentences(project, units, source, matcher, coder_counts)
    return units


def _add_labels(table: CountTable, label_rows: list[tuple], row_of: numpy.ndarray) -> None:
    """Label counts, a column at a time (the store sorts the rows by what they count)."""
    for key, found in itertools.groupby(label_rows, operator.itemgetter(slice(2, -1))):
        column = label_column(key[0], key[1], key[2:])
        if column is None:
            continue
        found = list(found)
        ids = numpy.fromiter(map(operator.itemgetter(0), found), dtype=numpy.int64)
        counts = numpy.fromiter(map(operator.itemgetter(-1), found), dtype=float)
        inside = ids < len(row_of)
        article_rows = row_of[ids[inside]]
        keep = article_rows >= 0
        table.add(column, article_rows[keep], counts[inside][keep])


def _add_answers(table: CountTable, answers: list[tuple], row_of: numpy.ndarray) -> None:
    for article_id, _coder, scheme, value in answers:
        row = row_of[article_id] if article_id < len(row_of) else -1
        if row < 0:
            continue
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError):
            continue  # a damaged answer counts as none
        for column in answer_columns(scheme, parsed):
            table.add(column, row)


def _add_texts(
    project: Project,
    units: UnitCounts,
    matcher: TermMatcher,
    group_names: list[str],
    coders: numpy.ndarray,
    progress: ProgressCallback,
) -> None:
    """Words and word-choice terms of every article, read a batch at a time."""
    total = len(units.article_ids)
    words = numpy.zeros(total)
    term_rows: dict[int, list[int]] = defaultdict(list)
    term_counts: dict[int, list[int]] = defaultdict(list)
    forms: Counter = Counter()
    progress(0, total, "counting words")
    texts = rows.article_texts(project.db, units.article_ids)
    for row, (_, text) in enumerate(texts):
        words[row], hits = matcher.count(text)
        if hits:
            per_term: Counter = Counter()
            for (term, form), n in hits.items():
                per_term[term] += n
                forms[(group_names[row], term, form)] += n
            for term, n in per_term.items():
                term_rows[term].append(row)
                term_counts[term].append(n)
        if row % 2000 == 1999:
            progress(row + 1, total, "counting words")
    units.table.put(WORDS, words)
    units.table.put(CODED_WORDS, words * coders)
    for term, found in term_rows.items():
        units.table.add(f"term:{term}", numpy.array(found), numpy.array(term_counts[term]))
    units.forms = forms
    progress(total, total, "counting words")


def _add_sentences(
    project: Project,
    units: UnitCounts,
    source: LabelSource,
    matcher: TermMatcher,
    coders: numpy.ndarray,
) -> None:
    """Sentence counts for every group of one article: its units for the intervals."""
    lone = {g: int(r[0]) for g, r in enumerate(units.group_rows) if len(r) == 1}
    if not lone:
        return
    ids = [units.article_ids[row] for row in lone.values()]
    labels = defaultdict(list)
    for article_id, _coder, layer, label, start, _end, *values in rows.article_labels(
        project.db, source.rows, source.who, ATTRIBUTE_NAMES, ids
    ):
        labels[article_id].append((layer, label, start, values))
    texts = project.articles.texts(ids)
    for group, row in lone.items():
        article_id = units.article_ids[row]
        table, _ = sentence_table(texts[article_id], matcher, labels[article_id], coders[row])
        units.sentences[group] = table
