"""The command-line app: one Typer instance, clear one-line errors, human or JSON output.

Start-up is kept short (``annotator --help`` and ``annotator info`` start faster than
``sqlite-utils --help``; tests/perf/bench_cli_start.py): this package imports only typer and
the core's light modules when it loads. A command imports what it works with (spaCy, numpy,
the agreement and export code) in its own body, so only that command pays for it;
tests/core/test_cli_start.py fails when loading the command line imports spaCy again.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from annotator import __version__
from annotator.errors import AnnotatorError

app = typer.Typer(
    name="annotator",
    add_completion=True,  # --install-completion, --show-completion (docs/cli.md)
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: "\b" keeps an example block on its lines
)

F = TypeVar("F", bound=Callable[..., Any])


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"annotator {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Annotate loaded language, attribution and framing in news articles.

    Run with no command to open the desktop app. Every command takes --help; all but app
    take --json, to print JSON for scripts.
    """


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear line to stderr; the caller raises the returned Exit."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def reports_errors(function: F) -> F:
    """Turn errors a user can cause into one line on stderr and exit status 1."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except AnnotatorError as exc:
            raise fail(str(exc)) from None
        except sqlite3.DatabaseError as exc:
            from annotator.store.file_access import database_failure  # only on a failure

            raise fail(database_failure(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted; the step in progress was rolled back", 130) from None

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    """``data`` as JSON on standard output: indented for a person at a terminal, on one line
    for a pipe or a file (the compact form is written by json's C encoder, several times
    faster on the megabytes a large project's ``agree --json`` prints)."""
    indent = 2 if _is_terminal(sys.stdout) else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
