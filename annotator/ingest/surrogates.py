"""Lone surrogates: JSON may spell them (``"\\ud800"``), but they are not characters, and no
UTF-8 file or database can hold them. A record that has one anywhere, in a value or a key, is
refused with the place named, before any of it reaches the project."""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_place(value: Any, where: str = "") -> str | None:
    """Where in ``value`` (a decoded JSON value) a lone surrogate sits, e.g. ``meta.author``;
    None when there is none."""
    if isinstance(value, str):
        return where or "the value" if _has_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and _SURROGATE.search(key):
                return f"a field name ({where or 'top level'})"
            found = surrogate_place(item, name)
            if found:
                return found
    elif isinstance(value, list):
        for number, item in enumerate(value):
            found = surrogate_place(item, f"{where}[{number}]")
            if found:
                return found
    return None


def _has_surrogate(text: str) -> bool:
    """UTF-8 encodes every code point but the surrogates (a third of a regex search's time)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def surrogate_problem(value: Any) -> str | None:
    """The sentence an import error gives for a lone surrogate in ``value``, or None."""
    place = surrogate_place(value)
    if place is None:
        return None
    return (
        f"{place} holds a lone surrogate (an escape such as \\ud800 that is half of a character "
        "pair), which is not text; fix the file that wrote it"
    )
