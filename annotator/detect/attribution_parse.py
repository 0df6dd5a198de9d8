"""Parser-tier refinements of the attribution rules: dependencies decide where they can.

A verb with a clausal complement (``ccomp``) reports content; one with only an object does not
("admitted the losses", "claimed responsibility"). The source is the cue's subject (``nsubj``),
climbing from a participle or a conjoined verb to the verb it hangs on; the content is the
complement's subtree. Each function returns False (or the surface cue) when the parse gives no
better answer, so the surface rules of attribution.py still apply.
"""

from __future__ import annotations

from spacy.tokens import Doc

from annotator.detect.cue_record import Cue
from annotator.detect.lexicons import Entry
from annotator.detect.text_units import trim

_GUESSES = ("clause_after", "clause_after_addressee")
_DROP_FROM_SOURCE = ("relcl", "acl", "advcl", "prep_desc")


def check_cue(doc: Doc, cue: Cue | None, start: int, end: int, entry: Entry) -> Cue | None:
    token = doc[start]
    if token.pos_ in ("NOUN", "PROPN", "ADJ"):
        return None
    complement = any(c.dep_ in ("ccomp", "parataxis") for c in token.children) or (
        token.dep_ in ("parataxis", "ccomp") and token.head.i != token.i
    )
    if cue is None:
        if any(c.dep_ == "ccomp" for c in token.children):
            return Cue(start, end, entry, "clausal_complement")
        return None
    if cue.rule in _GUESSES and not complement:
        return None
    return cue


def _subject(token):
    for _ in range(3):
        for child in token.children:
            if child.dep_ == "nsubj" and child.tag_ not in ("WP", "WDT"):
                return child
        if token.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl") and token.head.i != token.i:
            token = token.head
        else:
            return None
    return None


def source(doc: Doc, cue: Cue, w_start: int, w_end: int) -> bool:
    if cue.entry is None or cue.rule in ("according-to", "as-noted-by"):
        return False
    subject = _subject(doc[cue.start])
    if subject is None:
        return False
    start, end = subject.left_edge.i, subject.right_edge.i + 1
    for child in subject.children:
        description = child.dep_ == "appos" and child.pos_ != "PROPN"
        if (child.dep_ in _DROP_FROM_SOURCE or description) and child.i > subject.i:
            end = min(end, child.left_edge.i)
    start, end = trim(doc, max(start, w_start), min(end, w_end))
    if start >= end or start <= cue.start < end or end - start > 16:
        return False
    if any(doc[i].is_quote for i in range(start, end)):
        return False
    cue.source = (start, end)
    cue.extra["source_rule"] = "dependency_subject"
    for ent in doc.ents:
        if ent.start < end and start < ent.end:
            cue.extra["entity"] = ent.label_
            break
    return True


def content(doc: Doc, cue: Cue, w_start: int, w_end: int) -> bool:
    if cue.entry is None or cue.rule in ("according-to", "as-noted-by", "mark_before_quotation"):
        return False
    token = doc[cue.start]
    complement = next((c for c in token.children if c.dep_ == "ccomp"), None)
    if complement is None:
        return False
    start, end = complement.left_edge.i, complement.right_edge.i + 1
    if start <= cue.start < end:
        return False
    start, end = max(start, w_start), min(end, w_end)
    while start < end and doc[start].dep_ == "mark" and doc[start].lower_ in ("that", "whether"):
        start += 1
    start, end = trim(doc, start, end)
    if start >= end:
        return False
    cue.content = (start, end)
    cue.extra["content_rule"] = "dependency_complement"
    return True
