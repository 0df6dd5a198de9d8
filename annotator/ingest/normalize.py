"""Text as it is stored: NFC, ``\\n`` newlines, no control characters; and its title.

The stored text is never edited afterwards, so every span offset refers to this form.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and C1 controls (left behind by mis-decoding).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_WORD = re.compile(r"\w+")

_FURNITURE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # single navigation or widget words
        r"^(home|menu|search|share|tweet|print|email|subscribe|sign in|log ?in|register|clear|"
        r"close|skip to (main )?content|advertisement|ad|sponsored|read more|related|"
        r"related (articles|news|stories)|most (read|popular)|trending|newsletter|comments?|"
        r"follow us|top stories|latest( news)?|news|world|politics|opinion|video|photos?)$",
        r"^(read|see also|related|photo|image|video|watch|listen|source|credit|caption)\s*:",
        r"\S\s+[/|>»›]\s+\S.*\s+[/|>»›]\s+\S",  # breadcrumbs: Home / News / Story
        r"^[\W\d_]*$",  # no letters at all
        r"\bsince (1[6-9]|20)\d\d\.?$",  # taglines: "Trusted news since 1851"
        r"^(by|written by|reporting by|posted by)\s",
        r"^[^|]{1,60}\s\|\s[\d./ :-]+$",  # byline | date
        r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}",
        r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b",
        r"^(updated|published|last updated)\b",
        r"(©|\(c\)|copyright|all rights reserved)",
    )
]

_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the this to was "
    "were will with after over says said".split()
)


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` newlines, control characters removed, outer whitespace trimmed."""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return text.strip().lstrip("\ufeff").strip()


def is_furniture(line: str) -> bool:
    """A line of page furniture: menus, breadcrumbs, bylines, dates, taglines, captions."""
    line = line.strip()
    return any(pattern.search(line) for pattern in _FURNITURE)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and len(w) > 2}


def guess_title(text: str, max_words: int = 30) -> str:
    """The first line near the top that is not page furniture and reads like a headline.

    A headline is 3 to ``max_words`` words and shares content words with the rest of the text
    (a tagline or a menu does not). Falls back to the opening of the first real line.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    head = lines[:15]
    candidates = [
        (i, line)
        for i, line in enumerate(head)
        if len(line) <= 300
        and 3 <= len(line.split()) <= max_words
        and not _reads_like_sentence(line)
        and not is_furniture(line)
    ]
    for i, line in candidates:
        words = _content_words(line)
        rest = _content_words(" ".join(lines[i + 1 : i + 60]))
        if words and len(words & rest) >= min(2, len(words)):
            return line
    if candidates:
        return candidates[0][1]
    for line in head:
        if not is_furniture(line):
            return _shorten(line)
    return _shorten(lines[0]) if lines else ""


def _reads_like_sentence(line: str) -> bool:
    """Body sentences end in a full stop; headlines almost never do."""
    return len(line.split()) > 10 and line.rstrip("\"'”’ ").endswith(".")


def _shorten(line: str, limit: int = 120) -> str:
    sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-–— ") + "…"
