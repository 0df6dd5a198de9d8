"""The detector's output layers and what each becomes in the codebook: the one mapping.

``annotator detect`` writes four layers; the default codebook (default.toml) holds them as:
``loaded`` → layer ``loaded`` with the same label; ``attribution_cue`` → ``attribution``/``cue``
with attribute ``stance`` = label; ``source`` → ``attribution``/``source`` (with
``source_type`` when one was guessed); ``quote`` → ``attribution``/``content`` with
``quote_type`` = label. The detectors store that target in each explanation (``codebook``),
accepting a suggestion uses it, and the app colours a mark by the codebook role it lands on.
No spaCy here: the app and the CLI use the mapping without loading a pipeline.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from annotator.model import Suggestion

DETECT_LAYERS = ("loaded", "attribution_cue", "source", "quote")
# Highlight groups, one colour each: loaded language and the three parts of an attribution.
HIGHLIGHT_KEYS = ("loaded", "cue", "source", "content")


def codebook_target(layer: str, label: str, attributes: dict[str, Any] | None = None) -> dict:
    """What a detected span becomes in the default codebook: ``{"layer", "label",
    "attributes"}`` (a shared dict: read only). Empty attributes are left out."""
    items = tuple(sorted((k, v) for k, v in (attributes or {}).items() if v))
    return _target(layer, label, items)


@functools.lru_cache(maxsize=4096)
def _target(layer: str, label: str, items: tuple) -> dict:
    attributes = dict(items)
    if layer == "loaded":
        return {"layer": "loaded", "label": label, "attributes": attributes}
    if layer == "attribution_cue":
        return {"layer": "attribution", "label": "cue", "attributes": {"stance": label}}
    if layer == "source":
        return {"layer": "attribution", "label": "source", "attributes": attributes}
    if layer == "quote":
        return {"layer": "attribution", "label": "content", "attributes": {"quote_type": label}}
    raise ValueError(f"unknown detect layer {layer!r}; the layers are {', '.join(DETECT_LAYERS)}")


def suggestion_target(suggestion: Suggestion) -> tuple[str, str, dict[str, Any]]:
    """The codebook layer, label and attributes a suggestion becomes when accepted.

    The target its detector stored in the explanation (``codebook``); else the mapping of its
    detect layer, with the explanation's neutral alternative or source type; a suggestion
    already in codebook terms (a trained model's) stays as it is.
    """
    explanation = suggestion.explanation or {}
    stored = explanation.get("codebook") or {}
    if stored.get("layer") and stored.get("label"):
        attrs = {k: v for k, v in (stored.get("attributes") or {}).items() if v}
        return stored["layer"], stored["label"], attrs
    if suggestion.layer not in DETECT_LAYERS:
        return suggestion.layer, suggestion.label, {}
    attributes = {
        "neutral_alternative": explanation.get("neutral_alternative"),
        "source_type": explanation.get("source_type"),
    }
    wanted = {"loaded": "neutral_alternative", "source": "source_type"}.get(suggestion.layer)
    target = codebook_target(
        suggestion.layer, suggestion.label, {wanted: attributes[wanted]} if wanted else None
    )
    return target["layer"], target["label"], dict(target["attributes"])


def highlight_key(layer: str, label: str) -> str:
    """The highlight group (one of HIGHLIGHT_KEYS) of a span (codebook layer and label) or a
    suggestion (detect layer and label): loaded language, or the attribution part it marks."""
    if layer in DETECT_LAYERS:
        target = codebook_target(layer, label)
        layer, label = target["layer"], target["label"]
    if layer == "loaded":
        return "loaded"
    if layer == "attribution" and label in ("cue", "source"):
        return label
    return "content"


# The rules' detector version: "<rules>-<tier>-lex.<lexicons hash>" (annotator.detect.run).
_RULES_VERSION = re.compile(r"^(?P<rules>[^-]+)-(?P<tier>parser|blank)-lex\.(?P<lexicons>\w+)$")


def version_tier(version: str) -> str | None:
    """The tier ("parser", "blank") a version of the rules ran on; None for another detector."""
    found = _RULES_VERSION.match(version)
    return found["tier"] if found else None


def describe_version(detector: str, version: str) -> str:
    """A detector and its version for people: "annotator.detect, parser tier (rules 1,
    lexicons 1c867cb4dedf)" for the rules, else the two as stored."""
    found = _RULES_VERSION.match(version)
    if found is None:
        return f"{detector} {version}".strip()
    return (
        f"{detector}, {found['tier']} tier (rules {found['rules']}, lexicons {found['lexicons']})"
    )
