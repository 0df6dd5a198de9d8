"""Tooltip text for the marks under the pointer: what each is, why it was suggested, and the
neutral alternative a coder may want to note. A label outside the project's codebook (merged
with --force, or from an older codebook) is named "unknown label", never an error."""

from __future__ import annotations

from html import escape

from annotator.codebook import Codebook
from annotator.detect_layers import suggestion_target
from annotator.model import Span, Suggestion
from ui.coding.highlighter import Mark


def describe_marks(codebook: Codebook, marks: list[Mark]) -> str:
    parts = [
        "<br>".join(
            _span_lines(codebook, m.ref) if m.kind == "span" else _suggestion_lines(codebook, m.ref)
        )
        for m in marks
    ]
    return "<qt>" + "<hr>".join(parts) + "</qt>"


def label_title(codebook: Codebook, layer: str, label: str) -> str:
    """The title a coder sees for ``label`` of ``layer``; "unknown label (name)" when the
    codebook has no such label or layer."""
    try:
        return codebook.layer(layer).label(label).title
    except KeyError:
        return f"unknown label ({label})"


def layer_title(codebook: Codebook, layer: str) -> str:
    try:
        return codebook.layer(layer).title
    except KeyError:
        return f"unknown layer ({layer})"


def _span_lines(codebook: Codebook, span: Span) -> list[str]:
    lines = [
        f"<b>{escape(label_title(codebook, span.layer, span.label))}</b> "
        f"<i>({escape(layer_title(codebook, span.layer))}, {escape(span.origin)})</i>"
    ]
    lines += [
        f"{escape(key.replace('_', ' '))}: {escape(str(value))}"
        for key, value in sorted(span.attrs.items())
        if value not in (None, "")
    ]
    return lines


def _suggestion_lines(codebook: Codebook, suggestion: Suggestion) -> list[str]:
    layer_name, label, _ = suggestion_target(suggestion)
    title = label_title(codebook, layer_name, label)
    why = dict(suggestion.explanation or {})
    lines = [f"<b>Suggested: {escape(title)}</b>"]
    if why.get("neutral_alternative"):
        lines.append(f"Neutral alternative: <b>{escape(str(why['neutral_alternative']))}</b>")
    reason = " · ".join(escape(str(why[k])) for k in ("rule", "entry") if why.get(k))
    if reason:
        lines.append(f"Why: {reason}")
    for key in ("note", "stance", "source_type", "entity", "category"):
        if why.get(key) and not (key == "category" and why[key] == suggestion.label):
            lines.append(f"{escape(key.replace('_', ' ').capitalize())}: {escape(str(why[key]))}")
    small = [escape(str(why[k])) for k in ("lexicon", "matched_on") if why.get(k)]
    small.append(f"{escape(suggestion.detector)} {escape(suggestion.detector_version)}")
    lines.append(f"<span style='color:gray; font-size:small'>{' · '.join(small)}</span>")
    lines.append("<span style='color:gray'>A accept · R reject · Tab next</span>")
    return lines
