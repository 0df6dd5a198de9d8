"""CSV cells safe to open in a spreadsheet: every CSV the annotator writes goes through here.

A text cell that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) gets a leading apostrophe, which spreadsheets show as text and hide; a cell
that already starts with an apostrophe gets one more, so ``unescape_cell`` gives back exactly
what was written.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_cell(value: Any) -> Any:
    """A text cell made safe from spreadsheet formula injection; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The text ``escape_cell`` was given."""
    return text[1:] if text.startswith("'") else text
