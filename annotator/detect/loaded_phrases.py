"""Loaded words grown into the phrases annotators mark: "utterly absurd", "reckless appeasement".

Most loaded spans in annotated news (PTC: 81%) are two words or more: a loaded adjective with
the noun it modifies, an intensifier with the loaded word it strengthens. The lexicon matches the
loaded word; ``extend_phrases`` then takes

- an intensifier just before it ("utterly", "so", "truly": ``INTENSIFIERS``), and
- in the parser tier, the noun an emotive adjective modifies when it follows within three words
  ("reckless foreign appeasement"); the blank tier has no parts of speech and leaves the word
  alone. A pejorative label stays the label alone ("radical", not "radical preachers"), as
  docs/guidelines.md asks.

Spans that then overlap are merged; the merged span keeps the explanation with the higher score.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

INTENSIFIERS = frozenset(
    "very so too extremely utterly absolutely totally completely really truly deeply "
    "incredibly highly downright outright increasingly thoroughly particularly".split()
)
MAX_NOUN_DISTANCE = 3
_BETWEEN = frozenset({"ADJ", "ADV", "NOUN", "PROPN", "CCONJ", "PUNCT"})
_NOUNS = frozenset({"NOUN", "PROPN"})

Found = tuple[int, int, dict[str, Any]]


def extend_phrases(doc: Doc, words: list, spans: list[Found], parsed: bool) -> list[Found]:
    """``(start, end, explanation)`` spans widened to their phrase, sorted, never overlapping.
    ``parsed``: the Doc has dependencies (its parts of speech are asked when needed)."""
    if not spans:
        return spans
    tagged = None  # whether the Doc has parts of speech, asked once an emotive word needs it
    grown = []
    for start, end, explanation in spans:
        new_start = start
        while new_start > 0 and words[new_start - 1].lower_ in INTENSIFIERS:
            new_start -= 1
        new_end = end
        if parsed and explanation.get("category") == "emotive":  # (the blank tier has no POS)
            if tagged is None:
                tagged = doc.has_annotation("POS")
            if tagged:
                new_end = _noun_end(doc, end)
        if (new_start, new_end) != (start, end):
            explanation = {**explanation, "phrase": _phrase_note(start - new_start, new_end - end)}
        grown.append((new_start, new_end, explanation))
    grown.sort(key=lambda s: (s[0], -s[1]))
    merged = [grown[0]]
    for start, end, explanation in grown[1:]:
        last_start, last_end, last_explanation = merged[-1]
        if start < last_end:  # on a tie the wider span's own explanation stays
            better = explanation if _score(explanation) > _score(last_explanation) else None
            merged[-1] = (last_start, max(end, last_end), better or last_explanation)
        else:
            merged.append((start, end, explanation))
    return merged


def _score(explanation: dict[str, Any]) -> float:
    return explanation.get("score") or 0.0


def _noun_end(doc: Doc, end: int) -> int:
    """The end of the noun that the adjective ``doc[end - 1]`` modifies, or ``end``."""
    word = doc[end - 1]
    if word.dep_ != "amod" or word.pos_ not in ("ADJ", "VERB"):
        return end
    head = word.head.i
    if not end <= head < end - 1 + MAX_NOUN_DISTANCE + 1 or doc[head].pos_ not in _NOUNS:
        return end
    if any(doc[i].pos_ not in _BETWEEN or doc[i].is_quote for i in range(end, head)):
        return end
    return head + 1


def _phrase_note(intensifiers: int, nouns: int) -> str:
    parts = []
    if intensifiers:
        parts.append("with the intensifier before it")
    if nouns:
        parts.append("with the noun it modifies")
    return " and ".join(parts)
