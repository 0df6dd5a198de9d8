"""Supervisor › Disagreements and gold: list the units where coders differ, and accept every
agreed unit into gold at once (one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.adjudication import AcceptResult, accept_agreed
from annotator.disagreements import Unit, list_units
from ui.tasks import Task, runner


def find_disagreements(
    parent: QWidget,
    project_path: Path,
    on_done: Callable[[list[Unit]], None],
    on_failed: Callable[[str], None],
) -> Task:
    return runner().run(
        parent,
        "Finding disagreements",
        lambda project, progress: list_units(project),
        on_done,
        on_failed,
        project=project_path,
    )


def accept_agreed_units(
    parent: QWidget,
    project_path: Path,
    decider: str,
    on_done: Callable[[AcceptResult], None],
    on_failed: Callable[[str], None],
) -> Task:
    return runner().run(
        parent,
        "Accepting agreed units",
        lambda project, progress: accept_agreed(project, decider),
        on_done,
        on_failed,
        project=project_path,
        write=True,
    )
