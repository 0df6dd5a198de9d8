"""File dialogs that start in the folder of the file last chosen (in any of them) and remember
the folder of each new choice (Preferences.last_folder), instead of the data folder each time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui.settings import Preferences


def _start(name: str = "") -> str:
    folder = Path(Preferences().last_folder)
    return str(folder / name) if name else str(folder)


def _remember(chosen: str) -> str:
    if chosen:
        Preferences().remember_folder(chosen)
    return chosen


def open_file(parent: QWidget | None, title: str, filters: str) -> str:
    """One existing file, or "" if cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, _start(), filters)
    return _remember(chosen)


def open_files(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Several existing files, or [] if cancelled."""
    chosen, _ = QFileDialog.getOpenFileNames(parent, title, _start(), filters)
    if chosen:
        _remember(chosen[0])
    return chosen


def save_file(parent: QWidget | None, title: str, name: str, filters: str) -> str:
    """A file to write, offered as ``name`` in the last folder; "" if cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, _start(name), filters)
    return _remember(chosen)


def folder(parent: QWidget | None, title: str, start: str = "") -> str:
    """A folder, starting at ``start`` if given, else the last folder; "" if cancelled."""
    return _remember(QFileDialog.getExistingDirectory(parent, title, start or _start()))
