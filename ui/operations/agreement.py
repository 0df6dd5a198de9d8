"""Supervisor › Agreement dashboard: the project's agreement figures, computed off the UI
thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.agreement.project import project_agreement
from annotator.agreement.project_result import ProjectAgreement
from annotator.agreement.report_intervals import IntervalSettings
from annotator.study.progress import StudyProgress, study_progress
from ui.tasks import Task, runner


def compute_agreement(
    parent: QWidget,
    project_path: Path,
    coders: Sequence[str] | None,
    on_done: Callable[[ProjectAgreement], None],
    on_failed: Callable[[str], None],
    on_cancelled: Callable[[], None],
    intervals: IntervalSettings | None = None,
) -> Task:
    return runner().run(
        parent,
        "Computing agreement",
        lambda project, progress: project_agreement(
            project, coders=coders, progress=progress, intervals=intervals
        ),
        on_done,
        on_failed,
        on_cancelled,
        project=project_path,
    )


def compute_progress(
    parent: QWidget,
    project_path: Path,
    on_done: Callable[[StudyProgress], None],
    on_failed: Callable[[str], None],
) -> Task:
    """Each coder's progress against the study plan (annotator.study.progress)."""
    return runner().run(
        parent,
        "Reading the coders' progress",
        lambda project, progress: study_progress(project),
        on_done,
        on_failed,
        lambda: None,
        project=project_path,
    )
