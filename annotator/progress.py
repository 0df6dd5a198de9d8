"""How long core work reports progress: a plain callback, turned into Qt signals by the UI.

The callback gets ``(done, total, note)``; ``total`` is None when unknown. To cancel, the
callback raises ``annotator.errors.Cancelled``; the work rolls back its current step.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, "int | None", str], None]


def no_progress(done: int, total: int | None, note: str) -> None:
    """The default callback: reports nothing, never cancels."""
