"""Words and sentences as a comparison counts them.

A **word** is a run of letters and digits: A-Z, a-z, 0-9 and the letters of other scripts
(U+00C0 to U+1FFF and U+3000 to U+FFFF). Everything else separates words: spaces, ASCII
punctuation, hyphens and apostrophes ("anti-government" is two words, "Turkey's" is "Turkey"
and "s"), the Latin-1 punctuation block (U+0080 to U+00BF: no-break space, guillemets), the
general punctuation and symbol blocks (U+2000 to U+2FFF: curly quotes, dashes, ellipsis) and
emoji. Case is ignored for A-Z. It is the rule ``grep -oE '[[:alnum:]]+'`` follows on English
text, so a count can be checked by hand.

The rule has two implementations: ``word_keys`` (bytes, no positions: fast enough for a
corpus of 100,000 articles) and ``find_words`` (a regular expression, with positions: for
sentences and highlights). A test checks that they agree on arbitrary text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

WORD = re.compile("[0-9A-Za-z\u00c0-\u1fff\u3000-\uffff]+")

# bytes.translate tables for word_keys: UTF-8 continuation bytes are dropped, so a character
# outside ASCII is its lead byte alone; the lead bytes of the separator blocks above (0xC2:
# U+0080-U+00BF, 0xE2: U+2000-U+2FFF, 0xF0-0xF4: beyond U+FFFF) become spaces, as does every
# ASCII byte that is not a letter or digit.
_CONTINUATION = bytes(range(0x80, 0xC0))
_TABLE = bytes(
    b if (chr(b).isascii() and chr(b).isalnum()) or (0xC3 <= b <= 0xEF and b != 0xE2) else 0x20
    for b in range(256)
)


def word_keys(text: str | bytes) -> list[bytes]:
    """The words of ``text`` (a str, or its UTF-8 bytes) in order, each as its comparison key
    (see ``word_key``)."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    return text.lower().translate(_TABLE, _CONTINUATION).split()


def word_key(word: str) -> bytes:
    """How a word is compared: A-Z lower-cased; outside ASCII, each character's first byte
    in UTF-8 (so letters with different accents can compare equal: a rough edge, rare in
    English text, accepted for speed)."""
    return word.encode("utf-8", "surrogatepass").lower().translate(None, _CONTINUATION)


def find_words(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
    """The words of ``text[start:end]`` with their positions (code points into ``text``)."""
    return WORD.finditer(text, start, len(text) if end is None else end)


def count_words(text: str) -> int:
    return len(word_keys(text))


# -- sentences -------------------------------------------------------------------------------

# A sentence ends at . ! or ? (with any closing quotes or brackets after it) followed by space
# and a capital letter, a digit or an opening quote; and at every line break. Not after a
# common abbreviation or an initial ("Gen.", "Jan.", "U.S.", "J. Smith").
_END = re.compile("[.!?]+[\"'\u201d\u2019)\\]]*\\s+(?=[\"'\u201c\u2018(\\[]?[A-Z0-9])")
_LINE = re.compile(r"\n")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen maj col lt sgt capt cpl adm gov sen rep st no vs etc jan feb mar apr "
    "jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun inc ltd co corp dept est approx "
    "e.g i.e u.s u.k u.n a.m p.m".split()
)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every sentence, whitespace trimmed, in order; blank lines skipped."""
    bounds = []
    line_start = 0
    for line_end in [m.start() for m in _LINE.finditer(text)] + [len(text)]:
        start = line_start
        for match in _END.finditer(text, line_start, line_end):
            before = text[start : match.start()].rsplit(None, 1)
            last = before[-1].lower().strip("(\"'\u201c\u2018") if before else ""
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            bounds.append(_trimmed(text, start, match.end()))
            start = match.end()
        bounds.append(_trimmed(text, start, line_end))
        line_start = line_end + 1
    return [(s, e) for s, e in bounds if e > s]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_of(starts: list[int], position: int) -> int:
    """Index of the sentence (by their sorted ``starts``) that holds ``position``, or the one
    before it when ``position`` falls in the gap between two."""
    return max(0, bisect.bisect_right(starts, position) - 1)
