"""A trained model's spans as detector output, and merged with the rules' (plain dicts; no spaCy).

- Layers: a model predicts codebook labels (``cue``, ``source``, ``content`` of the layer
  ``attribution``; the labels of ``loaded``); its output uses the detect layers
  (``attribution_cue``, ``source``, ``quote``, ``loaded``), as ``annotator detect`` prints
  them, so both are scored the same way. The mapping is ``codebook_target`` read backwards.
- Links: a model tags roles, not relations. A source or content is linked (``explanation.cue``)
  to the nearest predicted cue on the same line, so accepting both in the app links them.
- Merged with the rules (``merge_with_rules``): the model's spans for the layers it learned,
  the rules' spans for every other layer. For a learned layer the model alone decides what is
  suggested: adding the rules' spans there would bring back the errors the model was trained
  away from, and two suggesters' spans for one thing would ask the coder twice.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from annotator.detect.explanations import LAYERS, codebook_target

ROLE_PARTS = ("source", "quote")  # linked to a cue
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


def learned_layers(spans_labels: Iterable[tuple[str, str]]) -> set[str]:
    """The detect layers of a model's (codebook layer, label) pairs."""
    return {detect_layer(layer, label) for layer, label in spans_labels}


def without_layers(spans: list[dict[str, Any]], layers: set[str]) -> list[dict[str, Any]]:
    """The spans in none of ``layers``."""
    return [s for s in spans if s["layer"] not in layers]


def merge_with_rules(
    model: list[dict[str, Any]], rules: list[dict[str, Any]], learned: set[str]
) -> list[dict[str, Any]]:
    """The model's spans in the layers it learned, the rules' spans in the others, in order."""
    out = [*model, *without_layers(rules, learned)]
    out.sort(key=lambda s: (s["start"], s["end"], _order(s["layer"])))
    return out


def _order(layer: str) -> int:
    return LAYERS.index(layer) if layer in LAYERS else len(LAYERS)
