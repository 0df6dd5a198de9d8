"""How sure a suggestion must be to be shown: a minimum score per layer.

Every suggestion carries a ``score`` in 0..1 (for attribution cues: the share of such matches
that PolNeAR's annotators marked, see resources/lexicons/README.md). A sensitivity is a minimum
score per layer: ``high_recall`` shows nearly everything the rules find, ``high_precision`` only
what is usually right, ``balanced`` (the default) sits between. ``--min-score LAYER=X`` in the
CLI, and the app's control, override single layers.

Attributions nested inside another attribution's quoted content (PolNeAR does not mark them)
carry ``"nested_in"`` in their explanation and are left out unless ``nested=True``.

The app calls ``min_scores(name, overrides)`` and passes the result to ``detect_project`` (or
filters already detected spans with ``keep_passing``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from annotator.detect_layers import DETECT_LAYERS as LAYERS
from annotator.errors import AnnotatorError

# Minimum scores per layer. Attribution values were chosen on the tuning part of PolNeAR train
# (docs/detection.md). The balanced cue value: with the rates counted on four fifths of that
# part and scored on the fifth left out (each fifth in turn), the most recall at the precision
# the earlier value (0.5, before the parser tier counted by role) had there. Loaded values from
# the PTC dev tuning part (docs/detection.md): the loaded_language component itself drops what
# scores under 0.2 (its DEFAULT_MIN_SCORE, the balanced setting), so high_recall shows no more
# than balanced there; 0.5 keeps strong words, emphasis and pejorative verbs (precision about .65).
SENSITIVITIES: dict[str, dict[str, float]] = {
    "high_recall": {"loaded": 0.2, "attribution_cue": 0.35, "source": 0.35, "quote": 0.35},
    "balanced": {"loaded": 0.2, "attribution_cue": 0.44, "source": 0.4, "quote": 0.4},
    "high_precision": {"loaded": 0.5, "attribution_cue": 0.8, "source": 0.7, "quote": 0.7},
}
DEFAULT_SENSITIVITY = "balanced"


def min_scores(
    sensitivity: str = DEFAULT_SENSITIVITY, overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """The minimum score of each layer for a named sensitivity, with per-layer overrides."""
    if sensitivity not in SENSITIVITIES:
        names = ", ".join(SENSITIVITIES)
        raise AnnotatorError(f"unknown sensitivity '{sensitivity}'; choose one of {names}")
    found = dict(SENSITIVITIES[sensitivity])
    for layer, value in (overrides or {}).items():
        _check(layer, value, f"{layer}={value}")
        found[layer] = float(value)
    return found


def parse_min_scores(items: Iterable[str]) -> dict[str, float]:
    """``["attribution_cue=0.7", "loaded=0.3"]`` -> overrides; ``all=X`` sets every layer."""
    found: dict[str, float] = {}
    for item in items:
        layer, sep, value = item.partition("=")
        layer = layer.strip()
        try:
            number = float(value)
        except ValueError:
            number = None
        if not sep or number is None:
            raise AnnotatorError(f"--min-score {item!r}: write LAYER=NUMBER, e.g. loaded=0.6")
        for one in LAYERS if layer == "all" else (layer,):
            _check(one, number, item)
            found[one] = number
    return found


def _check(layer: str, value: float, item: str) -> None:
    if layer not in LAYERS:
        raise AnnotatorError(f"--min-score {item!r}: the layer must be one of {', '.join(LAYERS)}")
    if not 0.0 <= value <= 1.0:
        raise AnnotatorError(f"--min-score {item!r}: a score is between 0 and 1")


def passes(span: Mapping[str, Any], scores: Mapping[str, float], nested: bool = False) -> bool:
    """One suggestion is shown at these minimum scores (a span without a score always is)."""
    if not nested and (span.get("explanation") or {}).get("nested_in"):
        return False
    score = span.get("score")
    return score is None or score >= scores.get(span["layer"], 0.0)


def keep_passing(
    spans: Iterable[dict[str, Any]], scores: Mapping[str, float], nested: bool = False
) -> list[dict[str, Any]]:
    """The suggestions shown at these minimum scores. A source or quote whose cue is not shown
    goes with it, so an accepted attribution never lacks its cue."""
    spans = list(spans)
    kept = [s for s in spans if passes(s, scores, nested)]
    shown_cues = {(s["start"], s["end"]) for s in kept if s["layer"] == "attribution_cue"}
    all_cues = {(s["start"], s["end"]) for s in spans if s["layer"] == "attribution_cue"}
    out = []
    for span in kept:
        cue = (span.get("explanation") or {}).get("cue")
        if span["layer"] in ("source", "quote") and cue:
            at = tuple(cue)
            if at in all_cues and at not in shown_cues:
                continue
        out.append(span)
    return out
