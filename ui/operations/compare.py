"""Supervisor › Compare outlets: ``compare_project`` on the task runner (progress, Cancel), and
the sentences behind a word-choice cell.

The project is opened for writing so that the comparison keeps each text's word counts in it
(annotator/store/compare_counts.py): the next comparison reads them instead of the texts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.compare import Comparison, compare_project
from annotator.compare.term_sentences import TermSentence, term_sentences
from ui.tasks import Task, runner


def compare_outlets(
    parent: QWidget,
    project_path: Path,
    source: str,
    by: str,
    story: str | None,
    on_done: Callable[[Comparison], None],
    on_failed: Callable[[str], None],
    on_cancelled: Callable[[], None],
) -> Task:
    def work(project, progress) -> Comparison:
        return compare_project(project, source, by, story=story, progress=progress)

    return runner().run(
        parent,
        "Comparing outlets",
        work,
        on_done,
        on_failed,
        on_cancelled,
        project=project_path,
        write=True,
    )


def find_term_sentences(
    parent: QWidget,
    project_path: Path,
    comparison: Comparison,
    group: str,
    word_group: str,
    term: str,
    on_done: Callable[[list[TermSentence]], None],
    on_failed: Callable[[str], None],
) -> Task:
    """The sentences behind one word-choice cell (a click in the table)."""

    def work(project, progress) -> list[TermSentence]:
        progress(0, None, f"finding “{term}”")
        return term_sentences(project, comparison, group, word_group, term)

    return runner().run(parent, "Finding sentences", work, on_done, on_failed, project=project_path)
