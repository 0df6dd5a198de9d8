"""The command-line app: one Typer instance, clear one-line errors, human or JSON output."""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from annotator.errors import AnnotatorError
from annotator.store.file_access import database_failure

app = typer.Typer(
    name="annotator",
    help="Annotate loaded language, attribution and framing in news articles. "
    "Run with no command to open the desktop app.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


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
            raise fail(database_failure(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted; the step in progress was rolled back", 130) from None

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
