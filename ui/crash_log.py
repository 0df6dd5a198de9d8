"""Unexpected errors: written to the log folder with their traceback, and shown as a dialog,
so a bug is reported instead of lost (saved labels are already on disk)."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.paths import log_dir

log = logging.getLogger("annotator.ui")


def log_file() -> Path:
    return log_dir() / "annotator.log"


def install() -> None:
    handler = RotatingFileHandler(log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("annotator")
    for old in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        root.removeHandler(old)  # one log file: the current home's
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    sys.excepthook = report


def report(kind, value, tb) -> None:
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("unexpected error\n%s", details)
    sys.__stderr__.write(details)
    if QApplication.instance() is not None:
        QMessageBox.critical(
            QApplication.activeWindow(),
            "Unexpected error",
            f"Something went wrong that should not have: {value}\n\n"
            f"Your saved labels are safe. The details were written to {log_file()}; "
            "please send that file with a note of what you were doing.",
        )
