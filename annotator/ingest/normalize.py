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
    """The article's headline, by the conventions headlines follow.

    A text usually opens with its headline on a line of its own: the first line that is not
    page furniture (menus, bylines, dates, taglines) is the headline when it has a headline's
    shape (``_headline_shaped``: a short line, mostly one sentence, in title case or without a
    closing full stop or short, that does not end in a colon). Otherwise the
    first line near the top with that shape which shares content words with the text below
    it (a tagline or a menu does not); else the opening sentence of the first real line. A
    headline line that ends in a semicolon goes on in the next line (a deck), and takes it.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    head = [(i, line) for i, line in enumerate(lines[:15]) if not is_furniture(line)]
    if head and len(lines) > 1 and _headline_shaped(head[0][1], max_words):
        first, following = head[0][1], lines[head[0][0] + 1]
        # "White House schmoozing season; / Holiday party photo lines bring awkward moments"
        if first.endswith(";") and len(following.split()) <= max_words and len(following) <= 300:
            return f"{first} {following}"
        return first
    candidates = [
        (i, line)
        for i, line in head
        if 3 <= len(line.split()) <= max_words
        and len(_sentences(line)) == 1
        and not line.endswith(":")
        and not _reads_like_sentence(line)
    ]
    for i, line in candidates:
        words = _content_words(line)
        rest = _content_words(" ".join(lines[i + 1 : i + 60]))
        if words and len(words & rest) >= min(2, len(words)):
            return line
    if candidates:
        return candidates[0][1]
    if head:
        return _shorten(head[0][1])
    return _shorten(lines[0]) if lines else ""


# Abbreviations whose full stop ends no sentence ("Dr. Ben Carson", "U.S. to lead").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gov sen rep gen col lt sgt capt st jr sr vs no mt ft rev pres "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def _sentences(line: str) -> list[str]:
    """The line split into sentences, not after abbreviations or initials (``U.S.``)."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        before = line[start : match.start()].rsplit(None, 1)
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or (len(last) <= 3 and "." in last) or len(last) == 1:
            continue
        parts.append(line[start : match.start() + 1])
        start = match.end()
    parts.append(line[start:])
    return [part for part in parts if part.strip()]


def _headline_shaped(line: str, max_words: int) -> bool:
    """2 to ``max_words`` words, not a lead-in to a list or quote (":"): one sentence in title
    case, or without a closing full stop, or short (20 words or fewer); or two or three
    sentences in title case or short ("Game over. Will Sanders come down off the pique?")."""
    words = line.split()
    if not 2 <= len(words) <= max_words or len(line) > 300 or line.endswith(":"):
        return False
    sentences = len(_sentences(line))
    if sentences == 1:
        return _title_cased(words) or not line.rstrip("\"'”’ ").endswith(".") or len(words) <= 20
    # "Game over. Will Sanders come down?": a headline of two or three short sentences
    return sentences <= 3 and (_title_cased(words) or len(words) <= 20)


def _title_cased(words: list[str]) -> bool:
    """Most words that are not short function words start with a capital letter."""
    long_words = [w.strip("\"'“”‘’(") for w in words if len(w.strip("\"'“”‘’(")) > 3]
    capitals = [w for w in long_words if w[:1].isupper()]
    return bool(long_words) and len(capitals) >= 0.7 * len(long_words)


def _reads_like_sentence(line: str) -> bool:
    """Body sentences end in a full stop; headlines almost never do."""
    return len(line.split()) > 10 and line.rstrip("\"'”’ ").endswith(".")


def _shorten(line: str, limit: int = 120) -> str:
    sentence = _sentences(line)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-–— ") + "…"
