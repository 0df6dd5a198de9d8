"""Tokens for the formats that need them (Prodigy, WebAnno TSV): words and punctuation marks,
split further wherever a label starts or ends, so every label covers whole tokens and its
offsets come back exactly. No spaCy: exports to these formats stay fast and light.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*|[^\w\s]", re.UNICODE)
# sentences for WebAnno TSV: after . ! ? (and closing quotes) before white space, or at a
# line break; offsets only, the text is never changed
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")


def tokens(text: str, cuts: Iterable[int] = ()) -> list[tuple[int, int]]:
    """``[start, end)`` of every token, in text order; a token is also split at each offset
    in ``cuts`` that falls inside it (label boundaries)."""
    boundaries = sorted(set(cuts))
    found: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        at = bisect.bisect_right(boundaries, start)
        while at < len(boundaries) and boundaries[at] < end:
            found.append((start, boundaries[at]))
            start = boundaries[at]
            at += 1
        found.append((start, end))
    return found


def sentences(text: str, cuts: Iterable[int] = ()) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence (white space at the ends excluded); never ends a
    sentence inside a label (``cuts`` are pairs of label starts and ends, flattened)."""
    bounds = list(cuts)
    labels = list(zip(bounds[::2], bounds[1::2], strict=False))
    found: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        if any(s < end < e for s, e in labels):
            continue  # a label goes on past this boundary: the sentence does too
        if text[start:end].strip():
            found.append(_trimmed(text, start, end))
        start = match.end()
    if text[start:].strip():
        found.append(_trimmed(text, start, len(text)))
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
