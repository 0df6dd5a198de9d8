"""Parser-tier refinements of the attribution rules: dependencies decide where they can.

A verb with a clausal complement (``ccomp``) reports content; one with only an object is at most
a weak cue ("admitted the losses", "claimed responsibility"). The source is the cue's subject
(``nsubj``, a relative pronoun included: "who said"), climbing from a participle or a conjoined
verb to the verb it hangs on, or the agent of a passive cue ("was criticized by X"); a passive
with no agent and "seem" have no source, their subject is the content's first part; the content
is the complement's subtree, or for a cue with an object ("called him a liar", "accused Ankara
of lying") its objects and complements. Each function returns False (or the surface cue) when the
parse gives no better answer, so the surface rules of attribution.py still apply.
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
    if cue.rule == "parenthetical" and token.dep_ == "ROOT" and _reports_after(token, end):
        # "In another email, the foundation appeared to push ...", "..., said he supports it":
        # the comma ends an opening phrase, not what was said; the parse finds source and content
        cue.content_before, cue.content_start, cue.source = False, end, None
    return cue


def _reports_after(token, end: int) -> bool:
    """A main verb with no reported clause before it and an object or complement after it."""
    if any(c.dep_ in ("ccomp", "parataxis") and c.i < token.i for c in token.children):
        return False
    return _objects(token, end) is not None


# From a participle, a conjoined verb, a complement or a predicate adjective ("is critical of")
# up to the word whose subject is the source.
_CLIMB = frozenset("conj advcl xcomp pcomp acl acomp".split())


def _holder(token):
    """Whose criticism, support or question a noun cue is: "his criticism", "Trump's support",
    "criticism from X", or the subject of the verb the noun is the object of."""
    for child in token.children:
        if child.dep_ == "poss":
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if token.dep_ in ("dobj", "attr") and token.head.pos_ in ("VERB", "AUX"):
        return _subject(token.head)
    return None


def _subject(token):
    for _ in range(3):
        for child in token.children:
            if child.dep_ == "nsubj" and child.lower_ not in ("what", "whatever"):
                return child
            if child.dep_ == "agent":  # "was criticized by X"
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if any(c.dep_ == "nsubjpass" for c in token.children):
            return None
        if token.dep_ in _CLIMB and token.head.i != token.i:
            token = token.head
        else:
            return None
    return None


def source(doc: Doc, cue: Cue, w_start: int, w_end: int) -> bool:
    if cue.entry is None or cue.rule in ("according-to", "as-noted-by"):
        return False
    token = doc[cue.start]
    said_of = _said_of(token, cue.entry.term)
    if said_of is not None:  # "he is expected to run", "Trump seemed to imply": no source
        if cue.entry.content == "addressee" or cue.entry.term in _ADDRESSED:
            return True  # "he was told", "was asked about": the one addressed
        start = max(said_of.left_edge.i, w_start)
        start, end = trim(doc, start, min(said_of.right_edge.i + 1, w_end))
        if start < end and end <= cue.start:
            cue.content_first = (start, end)
            cue.extra["first_rule"] = "dependency_reported_subject"
        return True
    subject = _holder(token) if token.pos_ in ("NOUN", "PROPN") else _subject(token)
    if subject is None:
        return False
    start, end = subject.left_edge.i, subject.right_edge.i + 1
    if subject.dep_ == "poss" and doc[end - 1].tag_ == "POS":
        end -= 1  # "Trump's" -> "Trump"
    for child in subject.children:
        description = child.dep_ == "appos" and child.pos_ != "PROPN"
        if (child.dep_ in _DROP_FROM_SOURCE or description) and child.i > subject.i:
            end = min(end, child.left_edge.i)
    start, end = trim(doc, max(start, w_start), min(end, w_end))
    if start >= end or start <= cue.start < end or end - start > 16:
        return False
    if any(doc[i].is_quote and doc[i].dep_ != "case" for i in range(start, end)):
        return False  # a quotation is not a source (a possessive's apostrophe is fine)
    cue.source = (start, end)
    cue.extra["source_rule"] = "dependency_subject"
    for ent in doc.ents:
        if ent.start < end and start < ent.end:
            cue.extra["entity"] = ent.label_
            break
    return True


# Verbs whose subject is what is reported, not who reports it ("Trump seemed to imply")
_RAISING = frozenset({"seem", "appear"})
# explicit-object verbs whose passive subject is the one addressed ("was asked about")
_ADDRESSED = frozenset({"ask", "assure"})


def _said_of(token, term: str):
    """The subject a cue reports about rather than the one reporting: of a passive with no
    agent ("he is expected to run", "is listed as") or of "seem" and "appear". PolNeAR marks it
    as part of the content (the one addressed, "he was told", as nothing); the source is left
    unsaid."""
    if term in _RAISING:
        return next((c for c in token.children if c.dep_ == "nsubj"), None)
    passive = None
    for child in token.children:
        if child.dep_ == "agent":
            return None
        if child.dep_ == "nsubjpass":
            passive = child
    return passive


# Dependents after a cue that hold what it reports (its objects and complements), and those
# that, when they come after an object, mean the object was the addressee ("told reporters that").
_OBJECTS = frozenset("ccomp xcomp dobj oprd attr acomp prep dative pcomp advcl pobj acl".split())
_AFTER_ADDRESSEE = frozenset("ccomp xcomp".split())


def content(doc: Doc, cue: Cue, w_start: int, w_end: int) -> bool:
    if cue.entry is None or cue.rule in ("according-to", "as-noted-by", "mark_before_quotation"):
        return False
    token = doc[cue.start]
    complement = next((c for c in token.children if c.dep_ == "ccomp"), None)
    if complement is not None:
        start, end = complement.left_edge.i, complement.right_edge.i + 1
    else:
        last = doc[cue.end - 1]
        if last.i > token.i and last.pos_ == "ADP":  # "criticism of X", "called for X"
            found = _objects(last, cue.end)
        else:
            found = _objects(token, cue.end)
        if found is None:
            return False
        start, end = found
    if start <= cue.start < end:
        return False
    start, end = max(start, w_start), min(end, w_end)
    # a semicolon ends what one cue reports ("60 percent said X; 30 percent said Y")
    end = next((i for i in range(start, end) if doc[i].text == ";"), end)
    while start < end and doc[start].dep_ == "mark" and doc[start].lower_ in ("that", "whether"):
        start += 1
    start, end = trim(doc, start, end)
    if start >= end:
        return False
    cue.content = (start, end)
    cue.extra["content_rule"] = "dependency_complement" if complement else "dependency_object"
    return True


def _objects(token, after: int) -> tuple[int, int] | None:
    """From the first to the last object or complement of ``token`` after token ``after``."""
    kids = [c for c in token.children if c.i >= after and c.dep_ in _OBJECTS]
    if any(c.dep_ in _AFTER_ADDRESSEE for c in kids):
        kids = [c for c in kids if c.dep_ not in ("dobj", "dative")]
    kids = [c for c in kids if not (c.dep_ == "prep" and _is_when(c))]
    if not kids:
        return None
    return min(c.left_edge.i for c in kids), max(c.right_edge.i for c in kids) + 1


def _is_when(prep) -> bool:
    """A prepositional phrase that says when: "on Tuesday", "in 2015"."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in prep.subtree)
