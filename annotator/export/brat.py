"""brat standoff: a NAME.txt and NAME.ann per article, and an annotation.conf for brat.

One coder per document, as brat has it: gold or one coder's labels go in the folder itself;
``--source all-coders`` writes a subfolder per coder. NAME is the title's first words and the
start of the article's uuid. What each label becomes (the reverse of
``annotator.ingest.brat``):
- a span: a ``T`` line of its label (``LAYER.label`` when two layers of the codebook share
  the label name); spans linked by ``fragment_of`` relations: one discontinuous ``T`` line;
- ``ROLE_of`` relations to a cue (the attribution layer's ``source_of``, ``content_of``): an
  ``Attribution`` event per cue (a trigger ``T`` on the cue's words, ``Cue``, ``Source``,
  ``Content``, ``Content2``... arguments), as PolNeAR writes them; other relations: ``R``;
- attributes: ``A`` lines (``true`` as a binary attribute), ``note`` as ``AnnotatorNotes``,
  ``normalizations`` as ``N`` lines. brat attribute values are single words: a value with
  white space, a number or a list cannot be written and is counted in the summary.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from annotator.attribution_records import FRAGMENT_OF
from annotator.codebook import Codebook
from annotator.export.label_rows import ArticleExport, ExportRelation, ExportSpan
from annotator.export.output import Staging
from annotator.export.summary import ExportSummary

EVENT_TYPE = "Attribution"
_WORD = re.compile(r"[^\W_]+")
_SINGLE_WORD = re.compile(r"^[^\s]+$")


def brat_type(layer: str, label: str, book: Codebook) -> str:
    """The brat type of a codebook label: its name, or ``layer.label`` when it is not unique."""
    owners = [x.name for x in book.layers if any(y.name == label for y in x.labels)]
    return label if owners == [layer] else f"{layer}.{label}"


def document_name(article: ArticleExport) -> str:
    words = _WORD.findall((article.title or "").lower())[:6]
    return "-".join([*words, article.uuid[:8]])


class _Document:
    """The lines of one .ann file, numbered as brat numbers them."""

    def __init__(self, book: Codebook, unwritten: Counter):
        self.book = book
        self.unwritten = unwritten
        self.lines: list[str] = []
        self.next = Counter[str]()
        self.types: dict[str, set[str]] = defaultdict(set)  # entity, relation, event
        self.values: dict[str, set[str]] = defaultdict(set)  # attribute -> its values

    def ident(self, prefix: str) -> str:
        self.next[prefix] += 1
        return f"{prefix}{self.next[prefix]}"

    def textbound(self, kind: str, ranges: list[tuple[int, int]], text: str) -> str:
        ident = self.ident("T")
        offsets = ";".join(f"{s} {e}" for s, e in ranges)
        words = " ".join(text[s:e] for s, e in ranges)
        self.lines.append(f"{ident}\t{kind} {offsets}\t{words}")
        return ident

    def attributes(self, target: str, attrs: dict[str, Any]) -> None:
        for name, value in attrs.items():
            if name == "note" and isinstance(value, str) and "\n" not in value:
                self.lines.append(f"{self.ident('#')}\tAnnotatorNotes {target}\t{value}")
            elif name == "normalizations" and isinstance(value, list):
                for ref in value:
                    self.lines.append(f"{self.ident('N')}\tReference {target} {ref}\t")
            elif value is True:
                self.lines.append(f"{self.ident('A')}\t{name} {target}")
                self.values[name]
            elif isinstance(value, str) and _SINGLE_WORD.match(value) and _SINGLE_WORD.match(name):
                self.lines.append(f"{self.ident('A')}\t{name} {target} {value}")
                self.values[name].add(value)
            elif value not in (None, "", False):
                self.unwritten[name] += 1


def ann_lines(article: ArticleExport, book: Codebook, unwritten: Counter) -> _Document:
    """The .ann lines of the article's labels (of one coder)."""
    doc = _Document(book, unwritten)
    text = article.text
    spans = {span.id: span for span in article.spans}
    first_of: dict[str, str] = {}  # a later fragment -> the first fragment
    for relation in article.relations:
        if relation.kind == FRAGMENT_OF and relation.head in spans and relation.tail in spans:
            first_of[relation.head] = relation.tail
    fragments: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in article.spans:
        root = first_of.get(span.id, span.id)
        fragments[root].append((span.start, span.end))
    ids: dict[str, str] = {}
    for span in article.spans:
        if span.id in first_of:
            continue
        kind = brat_type(span.layer, span.label, book)
        ids[span.id] = doc.textbound(kind, sorted(fragments[span.id]), text)
        doc.types["entity"].add(kind)
        doc.attributes(ids[span.id], span.attrs)
    for span in article.spans:
        if span.id in first_of:
            ids[span.id] = ids[first_of[span.id]]
    events: dict[str, list] = defaultdict(list)
    for relation in article.relations:
        if relation.kind == FRAGMENT_OF or relation.head not in ids or relation.tail not in ids:
            continue
        tail = spans[relation.tail]
        if relation.kind.endswith("_of") and tail.label == "cue" and not relation.attrs:
            events[relation.tail].append(relation)
            continue
        ident = doc.ident("R")
        doc.lines.append(
            f"{ident}\t{relation.kind} Arg1:{ids[relation.head]} Arg2:{ids[relation.tail]}"
        )
        doc.types["relation"].add(relation.kind)
        doc.attributes(ident, relation.attrs)
    for cue_id, relations in events.items():
        trigger = doc.textbound(EVENT_TYPE, sorted(fragments[cue_id]), text)
        arguments = [f"{EVENT_TYPE}:{trigger}", f"Cue:{ids[cue_id]}"]
        seen: Counter[str] = Counter()
        for relation in relations:
            role = relation.kind[: -len("_of")].capitalize()
            seen[role] += 1
            number = str(seen[role]) if seen[role] > 1 else ""
            arguments.append(f"{role}{number}:{ids[relation.head]}")
        doc.lines.append(f"{doc.ident('E')}\t{' '.join(arguments)}")
        doc.types["event"].add(EVENT_TYPE)
    return doc


def write_brat(
    articles: Iterable[ArticleExport],
    staging: Staging,
    summary: ExportSummary,
    *,
    codebook: Codebook,
    per_coder: bool = False,
    **_: Any,
) -> None:
    unwritten: Counter[str] = Counter()
    types: dict[str, set[str]] = defaultdict(set)
    values: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for folder, part in by_coder(article, per_coder):
            doc = ann_lines(part, codebook, unwritten)
            name = f"{folder}{document_name(article)}"
            with open(staging.file(f"{name}.txt"), "w", encoding="utf-8", newline="") as f:
                f.write(article.text)
            with open(staging.file(f"{name}.ann"), "w", encoding="utf-8", newline="\n") as f:
                f.write("".join(line + "\n" for line in doc.lines))
            for kind, names in doc.types.items():
                types[kind] |= names
            for name, found in doc.values.items():
                values[name] |= found
    with open(staging.file("annotation.conf"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(_configuration(types, values))
    if summary.answers:
        summary.notes.append(
            f"{summary.answers} document label(s) not written: brat has no document labels"
        )
    for name, count in sorted(unwritten.items()):
        summary.notes.append(
            f"{count} value(s) of attribute '{name}' not written: brat attribute values are "
            "single words"
        )


def by_coder(article: ArticleExport, per_coder: bool):
    """(subfolder, the article with one coder's labels) pairs; one pair without per_coder."""
    if not per_coder:
        yield "", article
        return
    items: list[ExportSpan | ExportRelation] = [*article.spans, *article.relations]
    coders = {item.coder_id: item.coder for item in items}
    for coder_id, coder in coders.items():
        folder = "-".join(_WORD.findall(coder)) or coder_id[:8]
        part = ArticleExport(
            **{
                **vars(article),
                "spans": [s for s in article.spans if s.coder_id == coder_id],
                "answers": [],
                "relations": [r for r in article.relations if r.coder_id == coder_id],
            }
        )
        yield f"{folder}/", part


def _configuration(types: dict[str, set[str]], values: dict[str, set[str]]) -> str:
    """annotation.conf declaring what the files use, so brat shows them."""
    lines = ["[entities]", *sorted(types["entity"]), "", "[relations]"]
    lines += [f"{kind}\tArg1:<ENTITY>, Arg2:<ENTITY>" for kind in sorted(types["relation"])]
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]"]
    if types["event"]:
        lines.append(
            f"{EVENT_TYPE}\tCue:<ENTITY>, Source?:<ENTITY>, Content*:<ENTITY>, Source*:<ENTITY>"
        )
    lines += ["", "[attributes]"]
    for name, found in sorted(values.items()):
        lines.append(f"{name}\tArg:<ANY>" + (f", Value:{'|'.join(sorted(found))}" if found else ""))
    return "\n".join(lines) + "\n"
