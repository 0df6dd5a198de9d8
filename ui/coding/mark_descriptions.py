"""Tooltip text for the marks under the pointer, in words: what each is, why it was suggested
(annotator/explanations.py), the neutral alternative, the score, the coder's note."""

from __future__ import annotations

from html import escape

from annotator.codebook import Codebook
from annotator.explanations import describe_suggestion
from annotator.labeling import SPAN_NOTE
from annotator.model import Span
from ui.coding.highlighter import Mark

ORIGINS = {
    "manual": "marked by you",
    "accepted": "an accepted suggestion",
    "edited": "an accepted suggestion, edited",
    "gold": "gold",
}


def describe_marks(codebook: Codebook, marks: list[Mark]) -> str:
    parts = [
        "<br>".join(
            span_lines(codebook, m.ref) if m.kind == "span" else _suggestion_lines(codebook, m)
        )
        for m in marks
    ]
    return "<qt>" + "<hr>".join(parts) + "</qt>"


def span_lines(codebook: Codebook, span: Span) -> list[str]:
    origin = ORIGINS.get(span.origin, span.origin)
    lines = [
        f"<b>{escape(codebook.label_title(span.layer, span.label))}</b> "
        f"<i>({escape(layer_title(codebook, span.layer))}, {escape(origin)})</i>"
    ]
    try:
        titles = {a.name: a.title for a in codebook.layer(span.layer).attributes}
    except KeyError:
        titles = {}
    for name, value in sorted(span.attrs.items()):
        if value in (None, "") or name == SPAN_NOTE:
            continue
        title = titles.get(name, name.replace("_", " ").capitalize())
        shown = codebook.attribute_value_title(span.layer, name, value)
        lines.append(f"{escape(title)}: {escape(shown)}")
    if span.attrs.get(SPAN_NOTE):
        lines.append(f"Note: <i>{escape(str(span.attrs[SPAN_NOTE]))}</i>")
    lines.append("<span style='color:gray'>M note · Del delete · [ ] , . move the edges</span>")
    return lines


def _suggestion_lines(codebook: Codebook, mark: Mark) -> list[str]:
    first, *rest = describe_suggestion(codebook, mark.ref)
    lines = [f"<b>{escape(first)}</b>"]
    for line in rest:
        head, _, tail = line.partition(": ")
        if head == "Neutral alternative":
            line = f"{head}: <b>{escape(tail)}</b>"
        elif line.startswith(("Score", "Found by")):
            line = f"<span style='color:gray'>{escape(line)}</span>"
        else:
            line = escape(line)
        lines.append(line)
    lines.append("<span style='color:gray'>A accept · R reject · Tab next</span>")
    return lines


def label_title(codebook: Codebook, layer: str, label: str) -> str:
    """The title a coder sees for ``label`` of ``layer``; "unknown label" when the codebook has
    no such label or layer (merged with --force, or from an older codebook), never an error."""
    return codebook.label_title(layer, label)


def layer_title(codebook: Codebook, layer: str) -> str:
    try:
        return codebook.layer(layer).title
    except KeyError:
        return f"unknown layer ({layer})"
