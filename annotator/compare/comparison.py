"""A whole comparison of a project: ``compare_project`` and the ``Comparison`` it returns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.codebook import Codebook
from annotator.compare.alignment import AlignedFact, ArticleText, Mark, align
from annotator.compare.counts import LOADED_LAYER, WORDS
from annotator.compare.figures import Chart, Figures, WordChoice, build_figures
from annotator.compare.intervals import BootstrapSettings
from annotator.compare.project_counts import UnitCounts, count_project, label_marks
from annotator.compare.selection import CompareError, GroupBy, LabelSource
from annotator.compare.wording import TermMatcher, word_groups
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store import compare_rows as rows

# Aligning sentences compares every pair within a story: beyond this many articles, choose one.
MAX_ALIGNED_ARTICLES = 200


@dataclass(frozen=True)
class GroupSummary:
    name: str
    articles: int  # articles the source coded
    codings: int  # articles x the coders who coded each (= articles, but for all coders pooled)
    words: int
    interval_unit: str  # "articles", "sentences" (one article) or "none"
    article_ids: tuple = ()  # the articles counted (for the sentences behind a figure)


@dataclass(frozen=True)
class Comparison:
    project: str
    source: str  # as asked: "gold", "coder:Amira", "all-coders", "suggestions"
    source_description: str  # what the labels are, stated in every output
    by: str
    story: str | None
    groups: tuple[GroupSummary, ...]
    loaded: Chart | None
    attribution: tuple[Chart, ...]
    word_choice: tuple[WordChoice, ...]
    answers: tuple[Chart, ...]
    aligned: tuple[AlignedFact, ...]
    aligned_note: str  # how facts were aligned, or why they were not
    notes: tuple[str, ...] = ()
    settings: BootstrapSettings = field(default_factory=BootstrapSettings)

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart: loaded language, attribution, word choice, answers."""
        loaded = (self.loaded,) if self.loaded else ()
        words = tuple(w.chart for w in self.word_choice)
        return (*loaded, *self.attribution, *words, *self.answers)


def compare_project(
    project: Project,
    source: str | LabelSource = "suggestions",
    by: str | GroupBy = "outlet",
    story: str | None = None,
    codebook: Codebook | None = None,
    settings: BootstrapSettings | None = None,
    align_facts: bool = True,
    progress: ProgressCallback = no_progress,
    processes: int | None = None,
) -> Comparison:
    """Compare the groups of a project's articles (by outlet unless ``by`` says otherwise).

    ``codebook`` supplies the word-choice groups (default: the project's own codebook); the
    labels are always read with the project's codebook. ``processes``: how many processes
    count the articles (default: one below 20,000 articles, else up to four).
    """
    label_source = LabelSource.parse(source) if isinstance(source, str) else source
    group_by = GroupBy.parse(by) if isinstance(by, str) else by
    _check_story(project, story)
    label_source = label_source.resolve(project)
    settings = settings or BootstrapSettings()
    progress(0, None, "reading the word-choice groups")
    matcher = TermMatcher(word_groups(codebook or project.codebook))
    units = count_project(project, label_source, group_by, matcher, story, progress, processes)
    if label_source.kind == "suggestions":
        description = LabelSource.suggestions_of(label_source.who or "", units.versions)
        label_source = replace(label_source, description=description)
    aligned: list[Any] = []
    aligned_note = "not asked for"
    comparison = comparison_of(
        project.meta.name, label_source, group_by, story, units, project.codebook, matcher, settings
    )
    if align_facts:
        progress(0, None, "aligning sentences")
        aligned, aligned_note = _aligned_facts(
            project, units, label_source, matcher, comparison.word_choice
        )
    return replace(comparison, aligned=tuple(aligned), aligned_note=aligned_note)


def comparison_of(
    name: str,
    source: LabelSource,
    by: GroupBy,
    story: str | None,
    units: UnitCounts,
    codebook: Codebook,
    matcher: TermMatcher,
    settings: BootstrapSettings,
) -> Comparison:
    """The figures of counted units (without aligned facts, which need the texts)."""
    figures = build_figures(units, codebook, matcher, settings)
    return _comparison(name, source, by, story, units, figures, settings)


def _comparison(
    project_name: str,
    source: LabelSource,
    by: GroupBy,
    story: str | None,
    units: UnitCounts,
    figures: Figures,
    settings: BootstrapSettings,
) -> Comparison:
    table = units.table
    groups = []
    for g, name in enumerate(units.groups):
        members = units.group_rows[g]
        kind = "articles" if len(members) > 1 else "sentences" if g in units.sentences else "none"
        codings = int(units.coders[members].sum())
        ids = tuple(units.article_ids[row] for row in members)
        words = int(table.total(WORDS, members))
        groups.append(GroupSummary(name, len(members), codings, words, kind, ids))
    notes = []
    if units.left_out:
        why = "no suggestion at all (undetected?)" if source.kind == "suggestions" else "uncoded"
        notes.append(f"{units.left_out} article(s) of the selection are left out: {why}")
    if source.kind == "suggestions":
        notes.append("Suggestions have no answers to document schemes (frames): none are shown.")
    return Comparison(
        project=project_name,
        source=str(source) if source.kind != "suggestions" else "suggestions",
        source_description=source.description,
        by=str(by),
        story=story,
        groups=tuple(groups),
        loaded=figures.loaded,
        attribution=figures.attribution,
        word_choice=figures.word_choice,
        answers=figures.answers if source.kind != "suggestions" else (),
        aligned=(),
        aligned_note="not aligned: sentences are aligned on a project's texts",
        notes=tuple(notes),
        settings=settings,
    )


def _aligned_facts(
    project: Project,
    units: UnitCounts,
    source: LabelSource,
    matcher: TermMatcher,
    word_choice: tuple[WordChoice, ...],
) -> tuple[list[AlignedFact], str]:
    """Aligned facts, marked with the source's loaded words and cues and the terms of the
    word groups a report shows (``WordChoice.used``)."""
    ids = units.article_ids
    shown = {w.word_group.name for w in word_choice if w.used}
    if len(units.groups) < 2:
        return [], "only one group: nothing to align"
    if len(ids) > MAX_ALIGNED_ARTICLES:
        return [], (
            f"not aligned: {len(ids):,} articles; aligning sentences is for one story of at "
            f"most {MAX_ALIGNED_ARTICLES} articles (choose one with --story)"
        )
    group_of = {}
    for g, members in enumerate(units.group_rows):
        for row in members:
            group_of[ids[row]] = units.groups[g]
    marks = defaultdict(set)
    for article_id, found in label_marks(project, source, ids).items():
        for column, start, end in found:
            kind, label = column.split(":", 1)
            if kind in (LOADED_LAYER, "cue"):
                marks[article_id].add(Mark(start, end, kind, label))
    texts = project.articles.texts(ids)
    articles = []
    for article_id in ids:
        text = texts[article_id]
        for term, _form, start, end in matcher.find(text):
            group = matcher.groups[matcher.terms[term][0]]
            if group.name in shown:
                marks[article_id].add(Mark(start, end, "term", group.name))
        title = project.articles.summary(article_id).title
        ordered = tuple(sorted(marks[article_id], key=lambda m: (m.start, m.end, m.kind)))
        articles.append(ArticleText(article_id, group_of[article_id], title, text, ordered))
    facts = align(articles, units.groups)
    return facts, (
        "sentences of different groups that share numbers, names and wording (weighted Dice "
        "coefficient of their features, at least 0.3; see docs/compare.md)"
    )


def _check_story(project: Project, story: str | None) -> None:
    if story is not None and not any(s == story for s, _ in rows.story_counts(project)):
        known = [s for s, _ in rows.story_counts(project) if s]
        raise CompareError(
            f"no story '{story}' in {project.path.name}; stories: {', '.join(known) or 'none'}"
        )
