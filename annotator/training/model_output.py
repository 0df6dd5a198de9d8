"""A trained model's spans as detector output, and merged with the rules' (plain dicts; no spaCy).

- Layers: a model predicts codebook labels (``cue``, ``source``, ``content`` of the layer
  ``attribution``; the labels of ``loaded``); its output uses the detect layers
  (``attribution_cue``, ``source``, ``quote``, ``loaded``), as ``annotator detect`` prints
  them, so both are scored the same way. The mapping is ``codebook_target`` read backwards.
- Links: a model tags roles, not relations. A source or content is linked (``explanation.cue``)
  to the nearest predicted cue on the same line, so accepting both in the app links them.
- Merged with the rules (``merge_with_rules``): the model's spans, and the rules' spans that
  overlap none of the model's spans in their codebook layer (so in a layer the model did not
  learn, all of the rules'). Where both found a thing, the model's span is the one suggested,
  so the coder is not asked twice; what only the rules found is added. On PolNeAR this union
  beat the model alone in cue, source and content F1, first on the model's own dev articles,
  then on held-aside ones (docs/detection.md, "Merged with the rules").
  A rules' source or content whose cue gave way to the model's is linked to the model's cue.
"""

from __future__ import annotations

import functools
from typing import Any

from annotator.detect.explanations import LAYERS, codebook_target

ROLE_PARTS = ("source", "quote")  # linked to a cue
LINKS = (("cue", "attribution_cue"), ("source", "source"))  # explanation key, its layer
_MISSING = "\x00"


@functools.cache
def _detect_layers() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(codebook layer, label) -> detect layer for the attribution roles, and codebook layer
    -> detect layer for layers that keep their labels (loaded)."""
    roles, same_labels = {}, {}
    for layer in LAYERS:
        target = codebook_target(layer, _MISSING)
        if target["label"] == _MISSING:
            same_labels[target["layer"]] = layer
        else:
            roles[(target["layer"], target["label"])] = layer
    return roles, same_labels


def detect_layer(layer: str, label: str) -> str:
    """The detect layer of a codebook (layer, label); a layer without one keeps its name."""
    roles, same_labels = _detect_layers()
    return roles.get((layer, label)) or same_labels.get(layer) or layer


def link_to_cues(spans: list[dict[str, Any]], text: str) -> None:
    """Give each source and quote without a cue the nearest cue on its line, if there is one."""
    cues = [s for s in spans if s["layer"] == "attribution_cue"]
    if not cues:
        return
    for span in spans:
        explanation = span["explanation"]
        if span["layer"] not in ROLE_PARTS or explanation.get("cue"):
            continue
        line_start = text.rfind("\n", 0, span["start"]) + 1
        line_end = text.find("\n", span["end"])
        line_end = len(text) if line_end == -1 else line_end
        near = [c for c in cues if c["start"] >= line_start and c["end"] <= line_end]
        if near:
            cue = min(near, key=lambda c: _gap(c, span))
            explanation["cue"] = [cue["start"], cue["end"]]


def _gap(a: dict[str, Any], b: dict[str, Any]) -> int:
    return max(a["start"] - b["end"], b["start"] - a["end"], 0)


def codebook_layer(layer: str) -> str:
    """The codebook layer of a detect layer (attribution for cue, source and quote); a model's
    layer that is no detect layer is a codebook layer already."""
    return str(codebook_target(layer, _MISSING)["layer"]) if layer in LAYERS else layer


def merge_with_rules(
    model: list[dict[str, Any]], rules: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The model's spans and the rules' spans kept beside them (``rules_beside``), in order."""
    out = [*model, *rules_beside(model, rules)]
    out.sort(key=lambda s: (s["start"], s["end"], _order(s["layer"])))
    return out


def rules_beside(model: list[dict[str, Any]], rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules' spans that overlap none of the model's spans in their codebook layer; a kept
    span's link to a rules' cue or source that was not kept moves to the model's span of that
    layer over it (or goes, if there is none)."""
    by_layer: dict[str, list[dict[str, Any]]] = {}
    for span in model:
        by_layer.setdefault(codebook_layer(span["layer"]), []).append(span)
    kept: list[dict[str, Any]] = []
    gone: list[dict[str, Any]] = []
    for span in rules:
        rivals = by_layer.get(codebook_layer(span["layer"]), ())
        (gone if any(_overlap(span, other) for other in rivals) else kept).append(span)
    if not gone or not kept:
        return kept
    moved = {}  # (layer, start, end) of a rules' span not kept -> the model's span over it
    for span in gone:
        over = [m for m in model if m["layer"] == span["layer"] and _overlap(span, m)]
        moved[(span["layer"], span["start"], span["end"])] = (
            [over[0]["start"], over[0]["end"]] if over else None
        )
    return [_relinked(span, moved) for span in kept]


def _relinked(span: dict[str, Any], moved: dict[tuple[str, int, int], Any]) -> dict[str, Any]:
    explanation = dict(span.get("explanation") or {})
    relinked = False
    for key, layer in LINKS:
        at = explanation.get(key)
        if at and (layer, at[0], at[1]) in moved:
            relinked = True
            explanation[key] = moved[(layer, at[0], at[1])]
            if explanation[key] is None:
                del explanation[key]
    return {**span, "explanation": explanation} if relinked else span


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _order(layer: str) -> int:
    return LAYERS.index(layer) if layer in LAYERS else len(LAYERS)
