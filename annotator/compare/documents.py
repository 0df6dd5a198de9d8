"""Comparing documents outside a project: the records ``annotator detect --jsonl`` prints (with
grouping fields added), counted a partition at a time, then compared from the counts.

Counting is independent per document, so a corpus too large for one machine is counted in
partitions anywhere (docs/scale.md shows Dask) and only the counts travel:

    matcher = word_choice_matcher()                        # once; send it to the workers
    counts = [count_documents(part, matcher) for part in partitions]   # anywhere, in parallel
    comparison = compare_counts(counts, matcher)           # here

The figures are those of ``compare_project`` on suggestions, with two differences stated in
the output: a group of one document has no interval (its sentences are not counted), and
there are no aligned facts (they need the texts side by side: compare one story in a
project for them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from annotator.codebook import Codebook, default_codebook
from annotator.compare.comparison import Comparison, comparison_of
from annotator.compare.counts import ATTRIBUTE_NAMES
from annotator.compare.intervals import BootstrapSettings
from annotator.compare.project_counts import ChunkCounts, units_from_chunks
from annotator.compare.selection import GroupBy, LabelSource
from annotator.compare.wording import TermMatcher, word_groups


def word_choice_matcher(codebook: Codebook | None = None) -> TermMatcher:
    """The word-choice matcher of a codebook (default: the bundled one). Picklable."""
    return TermMatcher(word_groups(codebook or default_codebook()))


def count_documents(
    records: Iterable[dict[str, Any]], matcher: TermMatcher, by: str = "outlet"
) -> ChunkCounts:
    """Count detected documents: ``{"id", "text", "spans", <grouping field>}`` each, as
    ``annotator detect --jsonl`` prints them plus the field to group by (``outlet``, or
    ``meta.KEY`` read from ``record["meta"]``). A document without spans counts as
    undetected, as in a project."""
    group_by = GroupBy.parse(by)
    field = group_by.field
    out = ChunkCounts([], [], [], {}, defaultdict(list), [], {}, Counter())
    labels: dict[tuple, tuple[list[int], list[float]]] = {}
    for record in records:
        spans = record.get("spans") or []
        if not spans:
            out.left_out += 1
            continue
        row = len(out.article_ids)
        value = (
            (record.get("meta") or {}).get(field[5:])
            if field.startswith("meta.")
            else record.get(field)
        )
        out.article_ids.append(record.get("id", row))
        out.groups.append(group_by.group_name(value))
        out.coders.append(1)
        for key, n in Counter(_key(span) for span in spans).items():
            found = labels.setdefault(key, ([], []))
            found[0].append(row)
            found[1].append(n)
        words, hits = matcher.count(record["text"])
        out.words.append(words)
        for (term, form), n in hits.items():
            term_rows = out.terms.setdefault(term, ([], []))
            term_rows[0].append(row)
            term_rows[1].append(n)
            out.forms[(out.groups[row], term, form)] += n
    out.labels = labels
    out.answers = {}
    return out


def _key(span: dict[str, Any]) -> tuple:
    """The label key of a detected span, as the store gives it for a suggestion."""
    attributes = (span.get("explanation") or {}).get("codebook", {}).get("attributes", {})
    source_type = attributes.get("source_type") if span["layer"] == "source" else None
    values = [source_type if name == "source_type" else None for name in ATTRIBUTE_NAMES]
    return (span["layer"], span["label"], *values)


def compare_counts(
    counts: Sequence[ChunkCounts],
    matcher: TermMatcher,
    by: str = "outlet",
    codebook: Codebook | None = None,
    detector: str = "annotator.detect",
    name: str = "detected documents",
    settings: BootstrapSettings | None = None,
) -> Comparison:
    """The comparison of counted documents (``count_documents`` on each partition)."""
    source = LabelSource(
        "suggestions",
        who=detector,
        description=f"suggestions of {detector} (the detector's, not a coder's), counted "
        "from detect --jsonl output",
    )
    units = units_from_chunks(counts, source, matcher)
    comparison = comparison_of(
        name,
        source,
        GroupBy.parse(by),
        None,
        units,
        codebook or default_codebook(),
        matcher,
        settings or BootstrapSettings(),
    )
    note = "a group of one document has no interval: its sentences are not counted"
    return replace(comparison, notes=(*comparison.notes, note))
