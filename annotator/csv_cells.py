"""CSV cells safe to open in a spreadsheet: every CSV the annotator writes goes through here.

A text cell that a spreadsheet could run as a formula gets a leading apostrophe, which
spreadsheets show as text and hide. A cell counts as a formula when, after any leading white
space, line breaks, byte-order marks or zero-width characters (which spreadsheets skip or
show as nothing), it starts with ``= + - @`` or one of their fullwidth or small forms
(``＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫``, which some spreadsheets fold to the ASCII ones), or when it starts
with a tab or a carriage return. Nothing else is changed: a title that starts with an
apostrophe keeps exactly its one apostrophe. The one exception keeps escaping reversible: a
cell that starts with apostrophes and then a formula (``'=1``) gets one more, so
``unescape_cell`` gives back exactly what was written.
"""

from __future__ import annotations

import unicodedata
from typing import Any

FORMULA_SIGNS = frozenset("=+-@")


def _invisible(char: str) -> bool:
    """White space, line breaks and format characters (BOM, zero-width space and joiners, soft
    hyphen): what a spreadsheet skips, or shows as nothing, in front of a formula sign."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def is_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (see the module docstring)."""
    if text[:1] in ("\t", "\r"):
        return True
    for char in text:
        if _invisible(char):
            continue
        return char in FORMULA_SIGNS or unicodedata.normalize("NFKC", char) in FORMULA_SIGNS
    return False


def _needs_escape(text: str) -> bool:
    """A formula, or apostrophes in front of one (so that unescaping stays exact)."""
    first = text[:1]
    verdict = _BY_FIRST.get(first)
    if verdict is None:
        verdict = is_formula(text.lstrip("'"))
        if first != "'" and not _invisible(first) and len(_BY_FIRST) < _KEPT:
            _BY_FIRST[first] = verdict  # a visible first character decides alone
    return verdict


# first character -> whether the cell needs escaping, for the characters that decide it alone
# (neither invisible nor an apostrophe): a 500,000-span export checks millions of cells
_BY_FIRST: dict[str, bool] = {"": False}
_KEPT = 4096  # at most so many characters remembered, whatever the text


def escape_cell(value: Any) -> Any:
    """A text cell made safe from spreadsheet formula injection; other values as they are."""
    if isinstance(value, str) and _needs_escape(value):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The text ``escape_cell`` was given."""
    if text.startswith("'") and _needs_escape(text[1:]):
        return text[1:]
    return text
