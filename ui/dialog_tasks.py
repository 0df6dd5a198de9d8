"""Background work owned by a dialog: stopped when the dialog closes, let go when it ends."""

from __future__ import annotations

from ui.workers import Task


def release(task: Task | None) -> None:
    """A finished Task, let go. Its thread emits ``finished`` just before it ends, and the
    Task owns the thread: wait for the end, or dropping the Task destroys a running thread."""
    if task is not None:
        task.wait(10_000)


def stop_task(task: Task | None) -> None:
    """Closing a window while its work runs: cancel the work and let its thread end."""
    if task is not None and task.running:
        task.cancel()
        task.wait(30_000)
