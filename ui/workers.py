"""Long work off the UI thread: a progress dialog that appears only after half a second, and a
Cancel that raises annotator.errors.Cancelled inside the work (which then rolls back its step).

The work function receives a progress callback in the core's convention
``progress(done, total, note)`` and must open its own project connection (SQLite connections
are not shared between threads).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.errors import AnnotatorError, Cancelled
from annotator.progress import ProgressCallback

DIALOG_DELAY_MS = 500


class _Thread(QThread):
    progressed = Signal(int, int, str)  # done, total (-1: unknown), note
    succeeded = Signal(object)
    failed = Signal(str)
    was_cancelled = Signal()

    def __init__(self, work: Callable[[ProgressCallback], Any]):
        super().__init__()
        self.work = work
        self.cancel_event = threading.Event()

    def progress(self, done: int, total: int | None, note: str) -> None:
        if self.cancel_event.is_set():
            raise Cancelled("cancelled")
        self.progressed.emit(done, -1 if total is None else total, note)

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.was_cancelled.emit()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception:  # a bug: show it rather than lose it silently
            self.failed.emit("Unexpected error:\n" + traceback.format_exc(limit=6))
        else:
            self.succeeded.emit(result)


class Task(QObject):
    """One piece of background work; keep a reference until ``finished`` fires."""

    finished = Signal()
    progressed = Signal(int, int, str)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[ProgressCallback], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        show_dialog: bool = True,
    ):
        super().__init__(parent)
        self.thread = _Thread(work)
        self.dialog: QProgressDialog | None = None
        self.title = title
        self.parent_widget = parent
        self.on_success, self.on_error, self.on_cancel = on_success, on_error, on_cancel
        self.thread.progressed.connect(self._progress)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)
        self.thread.was_cancelled.connect(self._cancelled)
        self.thread.finished.connect(self._cleanup)
        self.last = (0, -1, title)
        if show_dialog:
            QTimer.singleShot(DIALOG_DELAY_MS, self._show_dialog)
        self.thread.start()

    @property
    def running(self) -> bool:
        return self.thread.isRunning()

    def cancel(self) -> None:
        self.thread.cancel_event.set()

    def wait(self, ms: int = 30_000) -> bool:
        return self.thread.wait(ms)

    def _show_dialog(self) -> None:
        if not self.thread.isRunning() or self.dialog is not None:
            return
        dialog = QProgressDialog(self.title, "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._progress(*self.last)
        dialog.show()

    def _progress(self, done: int, total: int, note: str) -> None:
        self.last = (done, total, note)
        self.progressed.emit(done, total, note)
        if self.dialog is not None:
            self.dialog.setLabelText(note)
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(done if total > 0 else 0)

    def _succeeded(self, result: Any) -> None:
        self._close_dialog()
        self.on_success(result)

    def _failed(self, message: str) -> None:
        self._close_dialog()
        if self.on_error:
            self.on_error(message)

    def _cancelled(self) -> None:
        self._close_dialog()
        if self.on_cancel:
            self.on_cancel()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _cleanup(self) -> None:
        # QThread.finished is emitted from the thread just before it ends; wait for the end,
        # so dropping the last reference to this task can never destroy a running thread.
        self.thread.wait()
        self.finished.emit()
        self.deleteLater()
