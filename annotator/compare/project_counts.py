"""Counting a project: which articles a source has coded, their labels, answers and words.

An article counts when the source has coded it: for suggestions, when it has at least one
suggestion of the detector (an article without any looks undetected); for gold, any gold row;
for a coder, any label, answer or decision, or the status done. With all coders pooled, an
article counts once for each coder who coded it (its words too: ``coded_words``).

Articles are counted in chunks of consecutive ids (``count_chunk``), each independent of the
others, so a large project is counted by several processes at once (``processes``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

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

CHUNK_ARTICLES = 2_000
PARALLEL_FROM = 20_000  # articles; below this, one process is quicker than starting others


@dataclass
class UnitCounts:
    """Everything the figures are computed from."""

    groups: list[str]  # group names, in the order shown
    group_rows: list[numpy.ndarray]  # each group's article rows in ``table``
    table: CountTable  # one row per article
    article_ids: list[int]  # row -> article id
    coders: numpy.ndarray  # row -> coders who coded the article (1 but for all coders)
    sentences: dict[int, CountTable] = field(default_factory=dict)  # lone group -> its sentences
    forms: Counter = field(default_factory=Counter)  # (group, term, form) -> occurrences
    left_out: int = 0  # articles of the selection the source has not coded
    versions: list[str] = field(default_factory=list)  # detector versions met (suggestions)


@dataclass
class ChunkCounts:
    """The counts of a chunk of articles, before the label keys become columns."""

    article_ids: list  # ints in a project; any ids for documents (annotator.compare.documents)
    groups: list[str]
    coders: list[int]
    labels: dict[tuple, tuple[list[int], list[float]]]  # (layer, label, *values) -> rows, counts
    answers: dict[str, list[int]]  # column -> rows (one per answer)
    words: list[int]
    terms: dict[int, tuple[list[int], list[int]]]  # term -> (rows, counts)
    forms: Counter
    left_out: int = 0
    versions: set[str] = field(default_factory=set)  # detector versions met (suggestions)


def count_project(
    project: Project,
    source: LabelSource,
    by: GroupBy,
    matcher: TermMatcher,
    story: str | None = None,
    progress: ProgressCallback = no_progress,
    processes: int | None = None,
) -> UnitCounts:
    """Count every article of the selection that ``source`` (resolved) has coded."""
    values = rows.article_field_values(project, by.field, story)
    if not values:
        raise CompareError(f"{project.path.name} has no articles to compare")
    selection = [(article_id, by.group_name(value)) for article_id, value in values]
    chunks = [selection[i : i + CHUNK_ARTICLES] for i in range(0, len(selection), CHUNK_ARTICLES)]
    if processes is None:
        processes = auto_processes(len(selection))
    progress(0, len(selection), "counting articles")
    done, counted = 0, []
    for chunk in _count_chunks(project, source, matcher, chunks, processes):
        counted.append(chunk)
        done += len(chunk.article_ids) + chunk.left_out
        progress(done, len(selection), "counting articles")
    units = units_from_chunks(counted, source, matcher)
    units.versions = sorted({v for chunk in counted for v in chunk.versions})
    _add_sentences(project, units, source, matcher)
    return units


def units_from_chunks(
    chunks: Sequence[ChunkCounts], source: LabelSource, matcher: TermMatcher
) -> UnitCounts:
    """One table of every chunk's articles, with the total columns."""
    units = _merge(list(chunks), source)
    if not units.article_ids:
        raise CompareError(f"{source} has no labels on the articles compared")
    add_term_groups(units.table, matcher)
    units.table.add_totals()
    return units


def auto_processes(articles: int) -> int:
    """How many processes count ``articles`` by default: one below ``PARALLEL_FROM``, else
    up to four; always one in a frozen desktop bundle, whose executable is the app."""
    if getattr(sys, "frozen", False) or articles < PARALLEL_FROM:
        return 1
    return min(os.cpu_count() or 1, 4)


def _count_chunks(project, source, matcher, chunks, processes):
    if processes <= 1 or len(chunks) < 2:
        for chunk in chunks:
            yield count_chunk(project, source, matcher, chunk)
        return
    context = multiprocessing.get_context("spawn")  # safe beside threads (the app), everywhere
    with context.Pool(processes, _start_worker, (str(project.path), source, matcher)) as pool:
        yield from pool.imap(_worker_chunk, chunks)


_worker: dict = {}


def _start_worker(path: str, source: LabelSource, matcher: TermMatcher) -> None:
    _worker.update(project=Project.open(Path(path), readonly=True), source=source, matcher=matcher)


def _worker_chunk(chunk: list[tuple[int, str]]) -> ChunkCounts:
    return count_chunk(_worker["project"], _worker["source"], _worker["matcher"], chunk)


def count_chunk(
    project: Project, source: LabelSource, matcher: TermMatcher, chunk: Sequence[tuple[int, str]]
) -> ChunkCounts:
    """Count a chunk of articles (``(id, group)`` in id order): labels, answers and text."""
    ids = [article_id for article_id, _ in chunk]
    group_of = dict(chunk)
    label_rows = rows.label_keys(project, source.rows, source.who, ATTRIBUTE_NAMES, ids)
    coders: Counter = Counter()
    if source.rows == "suggestions":
        coders.update({row[0]: 1 for row in label_rows})
    else:
        coders.update(a for a, _ in rows.coded_units(project, source.rows, source.who, ids))
    kept = [a for a, _ in chunk if coders[a]]
    row_of = {a: r for r, a in enumerate(kept)}
    out = ChunkCounts(
        kept,
        [group_of[a] for a in kept],
        [coders[a] for a in kept],
        {},
        defaultdict(list),
        [],
        {},
        Counter(),
        left_out=len(chunk) - len(kept),
    )
    labels: dict[str, tuple[list[int], list[float]]] = {}
    for article_id, _coder, keys, versions in label_rows:
        if versions:
            out.versions.update(versions.split(","))
        row = row_of.get(article_id)
        if row is None or not keys:
            continue
        for key, n in Counter(keys.split(rows.KEY_END)).items():
            found = labels.setdefault(key, ([], []))
            found[0].append(row)
            found[1].append(n)
    out.labels = {tuple(key.split(rows.KEY_PARTS)): found for key, found in labels.items()}
    for article_id, _coder, scheme, value in rows.answer_rows(
        project, source.rows, source.who, ids
    ):
        row = row_of.get(article_id)
        if row is None:
            continue
        try:
            parsed = json.loads(value)
        except (TypeError, ValueError):
            continue  # a damaged answer counts as none
        for column in answer_columns(scheme, parsed):
            out.answers[column].append(row)
    terms: dict[int, tuple[list[int], list[int]]] = {}
    for row, (_, text) in enumerate(rows.article_texts(project, kept)):
        words, hits = matcher.count(text)
        out.words.append(words)
        for (term, form), n in hits.items():
            term_rows = terms.setdefault(term, ([], []))
            if term_rows[0] and term_rows[0][-1] == row:
                term_rows[1][-1] += n
            else:
                term_rows[0].append(row)
                term_rows[1].append(n)
            out.forms[(out.groups[row], term, form)] += n
    out.terms = terms
    out.answers = dict(out.answers)
    return out


def _merge(chunks: list[ChunkCounts], source: LabelSource) -> UnitCounts:
    """One table of every chunk's articles; label keys become columns here (``_column``)."""
    article_ids = [a for c in chunks for a in c.article_ids]
    table = CountTable(len(article_ids))
    coders = numpy.array([n for c in chunks for n in c.coders], dtype=float)
    words = numpy.array([n for c in chunks for n in c.words], dtype=float)
    table.put(WORDS, words)
    table.put(CODED_WORDS, words * coders)
    columns: dict[tuple, str | None] = {}
    forms: Counter = Counter()
    offset = 0
    for chunk in chunks:
        for key, (found, counts) in chunk.labels.items():
            if key not in columns:
                columns[key] = _column(source, key)
            column = columns[key]
            if column:
                table.add(column, numpy.array(found) + offset, numpy.array(counts))
        for column, found in chunk.answers.items():
            table.add(column, numpy.array(found) + offset)
        for term, (rows_of_term, uses) in chunk.terms.items():
            table.add(f"term:{term}", numpy.array(rows_of_term) + offset, numpy.array(uses))
        forms.update(chunk.forms)
        offset += len(chunk.article_ids)
    names = [g for c in chunks for g in c.groups]
    order = sorted(set(names), key=lambda g: (g.startswith("(no "), g.casefold()))
    members = defaultdict(list)
    for row, name in enumerate(names):
        members[name].append(row)
    return UnitCounts(
        order,
        [numpy.array(members[name]) for name in order],
        table,
        article_ids,
        coders,
        forms=forms,
        left_out=sum(c.left_out for c in chunks),
    )


def _column(source: LabelSource, key: tuple) -> str | None:
    """The column of a label key ``(layer, label, *attribute values)``. Suggestions carry the
    detector's layer and label: the detector's own rule maps them onto the codebook."""
    layer, label, *values = (part or None for part in key)
    if source.rows == "suggestions":
        from annotator.detect.explanations import codebook_target

        attributes = dict(zip(ATTRIBUTE_NAMES, values, strict=True))
        try:
            target = codebook_target(cast(str, layer), cast(str, label), attributes)
        except ValueError:  # a trained model's suggestions are in codebook terms already
            target = {"layer": layer, "label": label, "attributes": attributes}
        layer, label = target["layer"], target["label"]
        values = [target["attributes"].get(name) for name in ATTRIBUTE_NAMES]
    return label_column(cast(str, layer), cast(str, label), values)


def label_marks(
    project: Project, source: LabelSource, article_ids: Sequence[int]
) -> dict[int, list[tuple[str, int, int]]]:
    """``(column, start, end)`` of every label (of a figure) in a few articles, by article."""
    found = rows.article_labels(project, source.rows, source.who, ATTRIBUTE_NAMES, article_ids)
    marks = defaultdict(list)
    for article_id, _coder, layer, label, start, end, *values in found:
        column = _column(source, (layer, label, *values))
        if column:
            marks[article_id].append((column, start, end))
    return marks


def _add_sentences(
    project: Project, units: UnitCounts, source: LabelSource, matcher: TermMatcher
) -> None:
    """Sentence counts for every group of one article: its units for the intervals."""
    lone = {g: int(r[0]) for g, r in enumerate(units.group_rows) if len(r) == 1}
    if not lone:
        return
    ids = [units.article_ids[row] for row in lone.values()]
    marks = label_marks(project, source, ids)
    texts = project.articles.texts(ids)
    for group, row in lone.items():
        article_id = units.article_ids[row]
        labels = [(column, start) for column, start, _ in marks[article_id]]
        table, _ = sentence_table(texts[article_id], matcher, labels, int(units.coders[row]))
        units.sentences[group] = table
