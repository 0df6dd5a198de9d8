"""The app's one task runner: every long job (import, detection, merge, agreement, export…)
runs here, the same way.

- One background worker: jobs run one at a time, in the order they were started.
- One Project per job, opened in the worker for that job and closed after it (SQLite
  connections stay in the thread that made them); the work gets it with a progress callback in
  the core's convention ``progress(done, total, note)``.
- A progress dialog appears only when a job takes longer than ``DIALOG_DELAY_MS``, so quick
  work never flickers one; its Cancel raises annotator.errors.Cancelled inside the work at its
  next progress report (a job still waiting for the worker is simply dropped).
- The result, the error message or the cancellation comes back on the UI thread, to the
  callbacks given; none is called once the job's parent widget is gone.
"""

from __future__ import annotations

import sqlite3
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from annotator.errors import AnnotatorError, Cancelled
from annotator.progress import ProgressCallback
from annotator.store import Project
from ui.main_thread_gc import MainThreadCollector

DIALOG_DELAY_MS = 600

# work(project, progress): project is None for a job that asked for none
Work = Callable[[Project | None, ProgressCallback], Any]


class Task(QObject):
    """One job: started by ``TaskRunner.run``; ``finished`` fires after its callback ran."""

    finished = Signal()
    progressed = Signal(int, int, str)  # done, total (-1: unknown), note
    _reported = Signal(int, int, str)  # from the worker
    _ended = Signal(str, object)  # "succeeded" | "failed" | "cancelled", result or message

    def __init__(
        self,
        runner: TaskRunner,
        parent: QWidget,
        title: str,
        work: Work,
        project: tuple[Path, bool] | None,
        on_success: Callable[[Any], None],
        on_error: Callable[[str], None] | None,
        on_cancel: Callable[[], None] | None,
    ):
        super().__init__()
        self.runner, self.parent_widget, self.title = runner, parent, title
        self.work, self.project = work, project
        self.callbacks = {"succeeded": on_success, "failed": on_error, "cancelled": on_cancel}
        self.dialog: QProgressDialog | None = None
        self.last = (0, -1, title)
        self.cancel_event = threading.Event()
        self.worker_done = threading.Event()  # the worker has let go of this job
        self.started = False
        self.ended = False
        self._claim = threading.Lock()
        self._reported.connect(self._progress)
        self._ended.connect(self._end)
        parent.destroyed.connect(self._orphaned)
        self._delay = QTimer(self)  # dies with the task, so it never calls a task that is gone
        self._delay.setSingleShot(True)
        self._delay.timeout.connect(self._show_dialog)
        self._delay.start(DIALOG_DELAY_MS)

    # -- for callers --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Waiting for the worker or being worked on; ``ended``: its callback has run too."""
        return not self.worker_done.is_set()

    def cancel(self) -> None:
        """Cancel the job: a running one stops at its next progress report; a waiting one is
        dropped now (its on_cancel runs at once)."""
        self.cancel_event.set()
        with self._claim:
            waiting = not self.started
            self.started = True  # the worker will not start it any more
        if waiting:
            self.worker_done.set()
            self._end("cancelled", None)

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the worker has let go of this job (its callbacks may still be queued)."""
        return self.worker_done.wait(ms / 1000)

    # -- in the worker ------------------------------------------------------------------------

    def execute(self) -> None:
        with self._claim:
            if self.started:  # cancelled while waiting
                return
            self.started = True
        try:
            kind, payload = "succeeded", self._call()
        except Cancelled:
            kind, payload = "cancelled", None
        except AnnotatorError as exc:
            kind, payload = "failed", str(exc)
        except sqlite3.Error as exc:  # a locked or damaged file: the user's to fix, not a bug
            kind, payload = "failed", f"The project file could not be used: {exc}"
        except Exception:  # a bug: show it rather than lose it silently
            kind, payload = "failed", "Unexpected error:\n" + traceback.format_exc(limit=6)
        self.worker_done.set()
        self._ended.emit(kind, payload)

    def _call(self) -> Any:
        if self.project is None:
            return self.work(None, self.report)
        path, write = self.project
        with Project.open(path, readonly=not write, backup=False) as project:
            return self.work(project, self.report)

    def report(self, done: int, total: int | None, note: str) -> None:
        if self.cancel_event.is_set():
            raise Cancelled("cancelled")
        self._reported.emit(done, -1 if total is None else total, note)

    # -- on the UI thread ---------------------------------------------------------------------

    def _show_dialog(self) -> None:
        if self.ended or self.dialog is not None:
            return
        dialog = QProgressDialog(self.title, "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        if not self.started:
            ahead = self.runner.running_title()
            self.last = (0, -1, f"Waiting for “{ahead}” to finish…" if ahead else self.title)
        self._progress(*self.last)
        dialog.show()

    def _progress(self, done: int, total: int, note: str) -> None:
        self.last = (done, total, note)
        self.progressed.emit(done, total, note)
        if self.dialog is not None:
            self.dialog.setLabelText(note)
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(done if total > 0 else 0)

    def _end(self, kind: str, payload: object) -> None:
        if self.ended:
            return
        self.ended = True
        self._delay.stop()
        self._close_dialog()
        self.runner.forget(self)
        if self.parent_widget is not None:
            self.parent_widget.destroyed.disconnect(self._orphaned)
        callback = self.callbacks[kind]
        if callback is not None and self.parent_widget is not None:
            if kind == "cancelled":
                callback()
            else:
                callback(payload)
        self.finished.emit()

    def _orphaned(self) -> None:
        """The parent widget is gone: stop the job, call nothing of it any more."""
        self.parent_widget = None
        self.dialog = None  # it was the parent's child, gone with it
        self.cancel()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


class TaskRunner(QObject):
    """Runs Tasks one at a time on one background thread; ``runner()`` is the app's one."""

    def __init__(self) -> None:
        super().__init__()
        # while the worker runs a job, cycles are collected on this (the UI) thread only
        self.collector = MainThreadCollector(self)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-task")
        self.tasks: list[Task] = []  # started and not yet ended, in order

    def run(
        self,
        parent: QWidget,
        title: str,
        work: Work,
        on_success: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        *,
        project: Path | None = None,
        write: bool = False,
    ) -> Task:
        """Start ``work(project, progress)`` for ``parent`` (it owns the progress dialog); with
        ``project``, the work gets that project opened for it (read-only unless ``write``)."""
        opened = (Path(project), write) if project is not None else None
        task = Task(self, parent, title, work, opened, on_success, on_error, on_cancel)
        self.tasks.append(task)
        self.collector.hold()
        self.executor.submit(task.execute)
        return task

    def running_title(self) -> str | None:
        running = next((t for t in self.tasks if t.started and not t.worker_done.is_set()), None)
        return running.title if running else None

    def tasks_of(self, parent: QWidget) -> list[Task]:
        return [task for task in self.tasks if task.parent_widget is parent]

    def stop(self, parent: QWidget | None = None, ms: int = 30_000) -> None:
        """Cancel the jobs of ``parent`` (None: every job) and wait until the worker has let
        go of them: a window or dialog closing while its work runs."""
        chosen = list(self.tasks) if parent is None else self.tasks_of(parent)
        for task in chosen:
            task.cancel()
        for task in chosen:
            task.wait(ms)

    def forget(self, task: Task) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        if not self.tasks:
            self.collector.release()

    @property
    def idle(self) -> bool:
        return not self.tasks


class DialogWithTasks(QDialog):
    """A dialog whose background jobs stop when it closes (cancelled, and let go of by the
    worker before the dialog goes)."""

    def done(self, result: int) -> None:
        runner().stop(self)
        super().done(result)

    def closeEvent(self, event) -> None:
        runner().stop(self)
        super().closeEvent(event)


_runner: TaskRunner | None = None


def runner() -> TaskRunner:
    """The app's one task runner (made on first use, on the UI thread)."""
    global _runner
    if _runner is None:
        _runner = TaskRunner()
    return _runner
