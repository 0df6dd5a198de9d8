"""Scores and sensitivity: minimum scores per layer, what they keep, and the counts behind cue
scores (cue_rates.tsv)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import annotator.detect
from annotator.cli import app
from annotator.detect import cue_scores, lexicons, shared_pipeline
from annotator.detect.explanations import LAYERS
from annotator.detect.sensitivity import (
    DEFAULT_SENSITIVITY,
    SENSITIVITIES,
    keep_passing,
    min_scores,
    parse_min_scores,
)
from annotator.errors import AnnotatorError

CUE = {"start": 0, "end": 4, "layer": "attribution_cue", "label": "neutral", "score": 0.6}
SOURCE = {
    "start": 5,
    "end": 8,
    "layer": "source",
    "label": "named",
    "score": 0.6,
    "explanation": {"cue": [0, 4]},
}
FREE_QUOTE = {"start": 9, "end": 20, "layer": "quote", "label": "direct", "score": 0.9}


def test_presets_cover_every_layer_and_grow_stricter():
    assert DEFAULT_SENSITIVITY == "balanced"
    recall, balanced, precision = (SENSITIVITIES[n] for n in SENSITIVITIES)
    for layer in LAYERS:
        assert recall[layer] <= balanced[layer] <= precision[layer]


def test_overrides_and_all():
    assert min_scores("balanced", {"quote": 0.9})["quote"] == 0.9
    assert parse_min_scores(["all=0.3"]) == dict.fromkeys(LAYERS, 0.3)
    assert parse_min_scores(["loaded=0.4", "source=1"]) == {"loaded": 0.4, "source": 1.0}
    with pytest.raises(AnnotatorError, match="unknown sensitivity"):
        min_scores("everything")


def test_a_source_goes_with_its_cue_and_unscored_spans_stay():
    scores = dict.fromkeys(LAYERS, 0.5)
    assert keep_passing([CUE, SOURCE, FREE_QUOTE], scores) == [CUE, SOURCE, FREE_QUOTE]
    strict = {**scores, "attribution_cue": 0.7}
    assert keep_passing([CUE, SOURCE, FREE_QUOTE], strict) == [FREE_QUOTE]
    unscored = {**CUE, "score": None}
    assert keep_passing([unscored], strict) == [unscored]


def test_the_cli_shows_fewer_cues_at_a_higher_minimum(tmp_path, monkeypatch):
    # the command imports build_pipeline from the package when it runs
    monkeypatch.setattr(annotator.detect, "build_pipeline", shared_pipeline, raising=False)
    doc = tmp_path / "a.txt"
    doc.write_text(
        "Critics believe the plan is too costly. The senator called it a fantasy. "
        "“We will rebuild,” the governor said on Sunday.",
        encoding="utf-8",
    )

    def cues(*options):
        result = CliRunner().invoke(
            app, ["detect", str(doc), "--jsonl", "--tier", "blank", *options]
        )
        assert result.exit_code == 0, result.output
        spans = json.loads(result.stdout)["spans"]
        return sorted(s["score"] for s in spans if s["layer"] == "attribution_cue")

    everything = cues("--sensitivity", "high_recall")
    strict = cues("--min-score", "attribution_cue=0.9")
    assert strict and all(score >= 0.9 for score in strict)
    assert len(strict) < len(everything)
    bad = CliRunner().invoke(app, ["detect", str(doc), "--min-score", "cues=2"])
    assert bad.exit_code != 0 and "--min-score" in bad.stderr


def test_cue_scores_are_smoothed_shares_of_the_counts():
    rates = cue_scores.read_rates()
    assert rates, "cue_rates.tsv has counts"
    rate = rates[("parser", "strong:main", "say")]  # "said that" as a sentence's main verb
    marked, seen = rate.marked, rate.seen
    assert seen > 1000 and 0.9 < marked / seen < 1.0
    assert abs(cue_scores.cue_score("parser", "strong:main", "say") - marked / seen) < 0.01
    # a term never counted gets what its kind of evidence gets on average
    unseen = cue_scores.cue_score("parser", "weak:main", "no-such-term")
    assert 0.0 < unseen < 1.0


def test_a_broken_rates_file_names_its_line(tmp_path, monkeypatch):
    bad = tmp_path / "lexicons" / lexicons.CUE_RATES
    bad.parent.mkdir()
    bad.write_text(
        "tier\tevidence\tterm\tmarked\tseen\tprovenance\tlicence\n"
        "parser\tstrong\tsay\t9\t3\tPolNeAR\tMIT\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(cue_scores, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    cue_scores.read_rates.cache_clear()
    try:
        with pytest.raises(lexicons.DetectionError, match="line 2"):
            cue_scores.read_rates()
    finally:
        cue_scores.read_rates.cache_clear()


def test_every_cue_entry_has_provenance_licence_and_a_known_kind():
    kinds = {"clause", "explicit", "addressee", "phrase", "noun", "adjective"}
    for entry in lexicons.read_lexicon(lexicons.REPORTING_VERBS):
        assert entry.provenance and entry.licence, entry.term
        assert entry.content in kinds, entry.term
