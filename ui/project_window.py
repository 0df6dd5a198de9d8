"""What operations, the supervisor's menu and the file actions may use of the main window: a
declared interface (MainWindow implements it), instead of free functions that reach into the
window's attributes."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from annotator.model import Coder
from annotator.store import Project


@runtime_checkable
class ProjectWindow(Protocol):
    @property
    def project(self) -> Project:
        """The open project (the window's own connection, on the UI thread)."""
        ...

    @property
    def coder(self) -> Coder:
        """The coder labeling in this window."""
        ...

    @property
    def detection(self) -> str:
        """What made the suggestions shown, as the status bar says it."""
        ...

    def widget(self) -> QWidget:
        """The parent of dialogs, message boxes and progress dialogs."""
        ...

    def open_article(self, article_id: int) -> None:
        """Show this article for coding (from the dashboard's article list, for one)."""
        ...

    def refresh_list(self) -> None:
        """Read the article list and the open article again (after an import, a merge…)."""
        ...

    def show_status(self, text: str) -> None:
        """A passing message in the status bar."""
        ...

    def show_detection(self, text: str) -> None:
        """Say in the status bar what detection is doing or what made the suggestions."""
        ...

    def set_coder(self, coder: Coder) -> None:
        """The coder labeling from now on (after a rename)."""
        ...

    def switch_project(self, path: Path) -> None:
        """Close this project and open ``path`` in its place."""
        ...

    def release_project(self) -> None:
        """Save what is pending (texts being typed, time) and close the project, so its file
        may be moved (a restore); the window opens the file again with ``switch_project``."""
        ...
