"""Attributions nested inside another attribution's content, which PolNeAR does not mark.

"She said the senator ⟨told donors he would run⟩": "told" reports speech inside what "said"
reports. PolNeAR marks only the outer attribution, and a coder following it would reject the
inner one, so nested cues are kept with ``nested_in`` set and shown only on request
(``sensitivity.keep_passing(..., nested=True)``). A cue is nested when it lies inside a quotation
of several words, or inside the content of a likely cue (scored at least ``NESTING_SCORE``) that
is not nested itself.
"""

from __future__ import annotations

from annotator.detect.cue_record import Cue
from annotator.detect.text_units import TextUnits

# A quotation this short ("the ‘fake news’ line") is a title or scare quote, not reported speech.
MIN_QUOTED_TOKENS = 4
# Only a cue this likely to be one claims what it reports.
NESTING_SCORE = 0.5


def quoted_in(units: TextUnits, start: int, end: int) -> tuple[int, int] | None:
    """The quotation (of several words) that tokens [start, end) are inside, if any."""
    quotation = units.enclosing(start, end)
    if quotation is not None and quotation.end - quotation.start - 2 >= MIN_QUOTED_TOKENS:
        return (quotation.start, quotation.end)
    return None


def mark_nested(cues: list[Cue], units: TextUnits, quotations_checked: bool = False) -> None:
    """Set ``nested_in`` on nested cues. ``quotations_checked``: lexicon cues inside a
    quotation were already left out (only colon and mark cues need the check)."""
    for cue in cues:
        if cue.entry is None or not quotations_checked:
            cue.nested_in = quoted_in(units, cue.start, cue.end)
    # the widest contents first, so an outer attribution claims what it reports before an inner
    outer = [c for c in cues if c.content and c.score >= NESTING_SCORE and c.nested_in is None]
    if not outer:
        return
    outer.sort(key=_widest_first)
    n = max([c.content[1] for c in outer])  # type: ignore[index]  # filtered above
    # token -> the content that claimed it first; ``taken`` marks the claimed tokens, so that a
    # content that overlaps none claimed so far is claimed with one slice assignment
    claimed: list[tuple[int, int] | None] = [None] * n
    taken = bytearray(n)
    for cue in outer:
        inside = _inside(cue, claimed)
        if inside is not None:
            cue.nested_in = inside
            continue
        content = cue.content
        assert content is not None  # filtered above
        start, end = content
        if taken.find(1, start, end) == -1:
            claimed[start:end] = [content] * (end - start)
        else:
            for i in range(start, end):
                if claimed[i] is None:
                    claimed[i] = content
        taken[start:end] = b"\x01" * (end - start)
    if taken.find(1) == -1:
        return
    for cue in cues:
        if cue.nested_in is None:
            inside = _inside(cue, claimed)
            if inside is not None and inside != cue.content:
                cue.nested_in = inside


def _widest_first(cue: Cue) -> int:
    return cue.content[0] - cue.content[1]  # type: ignore[index]  # only cues with a content


def _inside(cue: Cue, claimed: list[tuple[int, int] | None]) -> tuple[int, int] | None:
    content = claimed[cue.start] if cue.start < len(claimed) else None
    if content is not None and cue.end <= content[1]:
        return content
    return None
