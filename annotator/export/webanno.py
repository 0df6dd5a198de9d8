"""WebAnno TSV 3.3, INCEpTION's exchange format: a .tsv per article and coder.

The header declares a span layer per codebook layer, ``webanno.custom.LAYER`` (``Loaded``,
``Attribution``) with the features ``label`` and one per attribute of the layer, and a
relation layer per span layer that has relations, ``webanno.custom.LAYERRelation`` with the
feature ``kind`` over its span layer (``BT_``). Then the text, a sentence at a time: the
``#Text=`` lines (a line each for the sentence's lines; sentences tile the text, so it comes
back exactly), and a row per token: ``SENTENCE-TOKEN``, ``START-END`` in UTF-16 code units (as
Java counts), the token, and a cell per column: ``_`` when empty; stacked annotations joined
by ``|``; every span annotation carries its id in brackets (``pejorative_label[3]``), so
multi-token and stacked spans and relations are unambiguous; a relation sits on the first
token of its tail span, its base column the head's first token and both ids
(``1-7[4_3]``). Tokens are split at label boundaries (``annotator.export.tokens``), so no
label needs sub-token rows. Text and values escape ``\\ [ ] | _ -> ; * \\t \\n`` with a
backslash. Gold and one coder's labels go in the folder; ``--source all-coders`` writes a
subfolder per coder. Not held by the format: document labels, relations between spans of
two layers, relation attributes, label ids and timestamps.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from annotator.codebook import Codebook
from annotator.export.brat import by_coder, document_name
from annotator.export.label_rows import ArticleExport
from annotator.export.output import Staging
from annotator.export.summary import ExportSummary
from annotator.export.tokens import sentences, tokens

FORMAT_LINE = "#FORMAT=WebAnno TSV 3.3"
SPAN_PREFIX = "webanno.custom."
_ESCAPES = [("\\", "\\\\"), ("[", "\\["), ("]", "\\]"), ("|", "\\|"), ("_", "\\_")]
_ESCAPES += [("->", "\\->"), (";", "\\;"), ("*", "\\*"), ("\t", "\\t"), ("\n", "\\n")]
_UNESCAPE = re.compile(r"\\(\\|\[|\]|\||_|->|;|\*|t|n)")


def escape(text: str) -> str:
    for plain, escaped in _ESCAPES:
        text = text.replace(plain, escaped)
    return text


def unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: {"t": "\t", "n": "\n"}.get(m.group(1), m.group(1)), text)


def layer_type(layer: str) -> str:
    """``attribution`` -> ``webanno.custom.Attribution`` (``media_frame`` -> ``MediaFrame``)."""
    return SPAN_PREFIX + "".join(part.capitalize() for part in layer.split("_"))


def utf16_offsets(text: str) -> list[int]:
    """UTF-16 offset of every code point offset of ``text`` (one more than its length)."""
    found = [0]
    for char in text:
        found.append(found[-1] + (2 if ord(char) > 0xFFFF else 1))
    return found


def tsv_document(article: ArticleExport, book: Codebook) -> str:
    """The TSV of an article's spans and relations (of one coder)."""
    text = article.text
    layers = [layer for layer in book.layers if any(s.layer == layer.name for s in article.spans)]
    features = {layer.name: ["label", *(a.name for a in layer.attributes)] for layer in layers}
    spans = {span.id: span for span in article.spans}
    related = {
        spans[r.head].layer
        for r in article.relations
        if r.head in spans and r.tail in spans and spans[r.head].layer == spans[r.tail].layer
    }
    header = [FORMAT_LINE]
    header += [f"#T_SP={layer_type(x.name)}|{'|'.join(features[x.name])}" for x in layers]
    header += [
        f"#T_RL={layer_type(x.name)}Relation|kind|BT_{layer_type(x.name)}"
        for x in layers
        if x.name in related
    ]
    cuts = [offset for span in article.spans for offset in (span.start, span.end)]
    token_spans = tokens(text, cuts)
    ids = {span.id: n for n, span in enumerate(article.spans, start=1)}
    units = utf16_offsets(text)
    address: dict[int, str] = {}  # token start -> "S-T"
    rows_of: list[list[tuple[int, int]]] = []
    for number, (start, end) in enumerate(_tiled(text, cuts), start=1):
        inside = [(s, e) for s, e in token_spans if start <= s and e <= end]
        for position, (s, _) in enumerate(inside, start=1):
            address[s] = f"{number}-{position}"
        rows_of.append(inside)
    starts = sorted(address)
    first = {span.id: starts[bisect.bisect_left(starts, span.start)] for span in article.spans}
    lines = [*header, ""]
    for (start, end), inside in zip(_tiled(text, cuts), rows_of, strict=True):
        lines.append("")
        lines += [f"#Text={escape(part)}" for part in text[start:end].split("\n")]
        for s, e in inside:
            row = [address[s], f"{units[s]}-{units[e]}", escape(text[s:e])]
            for layer in layers:
                row += _span_cells(article, layer.name, features[layer.name], s, e, ids)
                if layer.name in related:
                    row += _relation_cells(article, layer.name, spans, s, ids, address, first)
            lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def _tiled(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Sentences that together cover the whole text: each takes the space after it."""
    found = sentences(text, cuts)
    tiled = []
    for n, (start, _) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(text)
        tiled.append((0 if n == 0 else start, end))
    return tiled or [(0, len(text))]


def _span_cells(article, layer: str, names: list[str], s: int, e: int, ids) -> list[str]:
    covering = [x for x in article.spans if x.layer == layer and x.start <= s and e <= x.end]
    if not covering:
        return ["_"] * len(names)
    cells = []
    for name in names:
        values = []
        for span in covering:
            value = span.label if name == "label" else span.attrs.get(name)
            shown = "*" if value is None or value == "" else escape(str(value))
            values.append(f"{shown}[{ids[span.id]}]")
        cells.append("|".join(values))
    return cells


def _relation_cells(article, layer: str, spans, s: int, ids, address, first) -> list[str]:
    kinds, sources = [], []
    for relation in article.relations:
        head, tail = spans.get(relation.head), spans.get(relation.tail)
        if head is None or tail is None or head.layer != layer or tail.layer != layer:
            continue
        if first[tail.id] != s:
            continue
        kinds.append(escape(relation.kind))
        head_at = address[first[head.id]]
        sources.append(f"{head_at}[{ids[head.id]}_{ids[tail.id]}]")
    return ["|".join(kinds), "|".join(sources)] if kinds else ["_", "_"]


def write_webanno(
    articles: Iterable[ArticleExport],
    staging: Staging,
    summary: ExportSummary,
    *,
    codebook: Codebook,
    per_coder: bool = False,
    **_: Any,
) -> None:
    unwritten: dict[str, int] = defaultdict(int)
    for article in articles:
        for folder, part in by_coder(article, per_coder):
            spans = {span.id: span for span in part.spans}
            for relation in part.relations:
                head, tail = spans.get(relation.head), spans.get(relation.tail)
                if head is None or tail is None or head.layer != tail.layer:
                    unwritten["relations between layers"] += 1
                elif relation.attrs:
                    unwritten["relation attributes"] += 1
            path = staging.file(f"{folder}{document_name(article)}.tsv")
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(tsv_document(part, codebook))
    if summary.answers:
        unwritten["document labels"] += summary.answers
    for what, count in sorted(unwritten.items()):
        summary.notes.append(f"{count} {what} not written: WebAnno TSV cannot hold them")
