"""The one mapping from the detector's layers to the codebook (and to highlight groups), used
by the detectors, by accepting a suggestion and by the app's colours."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.codebook import default_codebook
from annotator.detect_layers import (
    DETECT_LAYERS,
    HIGHLIGHT_KEYS,
    codebook_target,
    highlight_key,
    suggestion_target,
)
from annotator.model import Suggestion


def suggestion(layer: str, label: str, explanation: dict | None = None) -> Suggestion:
    return Suggestion(1, 1, "rules", "1", layer, label, 0, 4, 0.5, explanation or {})


@pytest.mark.parametrize(
    ("layer", "label", "attributes", "expected"),
    [
        (
            "loaded",
            "pejorative_label",
            {"neutral_alternative": "government"},
            "loaded/pejorative_label",
        ),
        ("attribution_cue", "distancing", None, "attribution/cue"),
        ("source", "source", {"source_type": "official"}, "attribution/source"),
        ("quote", "direct", None, "attribution/content"),
    ],
)
def test_every_detect_layer_lands_on_a_label_of_the_default_codebook(
    layer, label, attributes, expected
):
    target = codebook_target(layer, label, attributes)
    assert f"{target['layer']}/{target['label']}" == expected
    book = default_codebook()
    book.layer(target["layer"]).label(target["label"])  # raises KeyError if it is not there


def test_labels_of_cues_and_quotes_become_attributes():
    assert codebook_target("attribution_cue", "distancing")["attributes"] == {
        "stance": "distancing"
    }
    assert codebook_target("quote", "partial")["attributes"] == {"quote_type": "partial"}
    assert (
        codebook_target("loaded", "euphemism", {"neutral_alternative": None})["attributes"] == {}
    )  # empty attributes are left out


def test_an_unknown_detect_layer_is_refused():
    with pytest.raises(ValueError, match="unknown detect layer 'frames'"):
        codebook_target("frames", "x")


def test_a_suggestion_takes_the_target_its_detector_stored():
    stored = {"layer": "attribution", "label": "source", "attributes": {"source_type": "media"}}
    found = suggestion_target(suggestion("source", "source", {"codebook": stored}))
    assert found == ("attribution", "source", {"source_type": "media"})


@pytest.mark.parametrize(
    ("layer", "label", "explanation", "expected"),
    [
        (
            "loaded",
            "pejorative",
            {"neutral_alternative": "government"},
            ("loaded", "pejorative", {"neutral_alternative": "government"}),
        ),
        ("attribution_cue", "neutral", {}, ("attribution", "cue", {"stance": "neutral"})),
        (
            "source",
            "source",
            {"source_type": "official"},
            ("attribution", "source", {"source_type": "official"}),
        ),
        ("quote", "direct", {}, ("attribution", "content", {"quote_type": "direct"})),
        ("attribution", "cue", {}, ("attribution", "cue", {})),  # in codebook terms already
    ],
)
def test_without_a_stored_target_the_mapping_decides(layer, label, explanation, expected):
    assert suggestion_target(suggestion(layer, label, explanation)) == expected


@pytest.mark.parametrize(
    ("layer", "label", "key"),
    [
        ("loaded", "pejorative", "loaded"),
        ("attribution_cue", "distancing", "cue"),
        ("source", "source", "source"),
        ("quote", "direct", "content"),
        ("attribution", "cue", "cue"),
        ("attribution", "source", "source"),
        ("attribution", "content", "content"),
    ],
)
def test_a_mark_and_its_accepted_span_share_a_highlight(layer, label, key):
    assert highlight_key(layer, label) == key
    if layer in DETECT_LAYERS:
        target = codebook_target(layer, label)
        assert highlight_key(target["layer"], target["label"]) == key
    assert key in HIGHLIGHT_KEYS


def test_the_mapping_loads_no_spacy():
    code = "import sys, annotator.detect_layers; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_rules_versions_are_told_in_words_and_other_detectors_as_stored():
    from annotator.detect_layers import describe_version, version_tier

    assert version_tier("1-parser-lex.1c867cb4dedf") == "parser"
    assert version_tier("2-blank-lex.3f2a9c1b0d4e") == "blank"
    assert version_tier("spancat 0.3") is None
    assert describe_version("annotator.detect", "1-parser-lex.1c867cb4dedf") == (
        "annotator.detect, parser tier (rules 1, lexicons 1c867cb4dedf)"
    )
    assert describe_version("my-model", "v2") == "my-model v2"
