"""File › Detect suggestions, and detection after an import or on first opening: fill the
articles' suggestions with the project's suggester (annotator/project_detection.py), and
choosing another suggester. Detection stores its suggestions in batches, so a Cancel keeps
the articles already done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from annotator.errors import AnnotatorError
from annotator.project_detection import (
    Sensitivity,
    SuggesterChoice,
    detect_with_choice,
    save_choice,
    save_sensitivity,
)
from ui.project_window import ProjectWindow
from ui.tasks import Task, runner

if TYPE_CHECKING:  # annotator.detect imports spaCy: it loads when detection runs
    from annotator.detect import ProjectDetection


def detect(window: ProjectWindow, article_ids: list[int] | None = None) -> Task:
    """Detect in some articles (None: all) and redraw when done."""
    window.show_detection("loading…")

    def work(project, progress) -> ProjectDetection:
        return detect_with_choice(project, article_ids=article_ids, progress=progress)

    def done(report: ProjectDetection) -> None:
        window.show_detection(report.description)
        window.refresh_list()
        found = sum(report.suggestions.values())
        window.show_status(f"Detection: {found} suggestion(s) in {report.articles} article(s).")

    def failed(message: str) -> None:
        window.show_detection("failed")
        QMessageBox.warning(window.widget(), "Detection failed", message)

    def cancelled() -> None:
        window.show_detection("cancelled")
        window.refresh_list()
        window.show_status("Detection cancelled; the articles done so far keep their suggestions.")

    return runner().run(
        window.widget(),
        "Detecting loaded language and attribution",
        work,
        done,
        failed,
        cancelled,
        project=window.project.path,
        write=True,
    )


def use_suggester(
    window: ProjectWindow, choice: SuggesterChoice, sensitivity: Sensitivity | None = None
) -> Task | None:
    """Keep ``choice`` as the project's suggester (and ``sensitivity``, if given) and detect in
    every article with it; None (and a message) if it cannot be kept."""
    try:
        save_choice(window.project, choice)
        if sensitivity is not None:
            save_sensitivity(window.project, sensitivity)
    except AnnotatorError as exc:
        QMessageBox.warning(window.widget(), "Suggester not changed", str(exc))
        return None
    return detect(window)
