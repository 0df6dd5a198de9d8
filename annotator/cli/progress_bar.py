"""Progress bars for long commands (import, detect, export, merge, train, compare), drawn on
stderr from the core's progress callbacks (``annotator.progress``).

A bar shows only when stderr is a terminal: in a pipe, a file, CI or a script nothing is
drawn and nothing extra is printed, so stdout (text or ``--json``) stays exactly the command's
output. rich is imported only when a bar is drawn. The bar goes away when the work ends, and
the command's summary is printed after it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from annotator.progress import ProgressCallback, no_progress

if TYPE_CHECKING:
    from rich.console import Console


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a stream without a file, or a closed one
        return False


@contextmanager
def progress_bar(
    description: str, *, streams_stdout: bool = False, console: Console | None = None
) -> Iterator[ProgressCallback]:
    """A progress callback that moves a bar on stderr while the ``with`` block runs.

    ``streams_stdout``: the command prints its results while it works; when stdout is a
    terminal too, those lines are the progress and no bar is drawn over them. ``console``
    (tests): draw on this rich console whatever the streams are.
    """
    quiet = not is_terminal(sys.stderr) or (streams_stdout and is_terminal(sys.stdout))
    if console is None and quiet:
        yield no_progress
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
        # stdout is never rerouted through the bar's console (which writes to stderr)
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(description, total=None)

        def report(done: int, total: int | None, note: str) -> None:
            bar.update(task, completed=done, total=total, description=note or description)

        yield report
