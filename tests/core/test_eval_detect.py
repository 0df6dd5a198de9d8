"""`annotator eval-detect` counts as ../shared/corpora/score_spans.py counts (the scorer the
held-out figures come from), on small made-up gold and predictions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.detect.evaluate import evaluate, parse_label_map
from annotator.errors import AnnotatorError

REPO = Path(__file__).resolve().parents[2]
SCORER = REPO.parent / "shared" / "corpora" / "score_spans.py"
MAP = {"Cue": "attribution_cue", "Source": "source", "Content": "quote"}
TEXT = "Ann said the vote was fair. Bob said no."


def at(words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return start, start + len(words)


def span(words, label, nth=0, key="label"):
    start, end = at(words, nth)
    return {"start": start, "end": end, key: label}


GOLD = {
    "id": "a",
    "text": TEXT,
    "spans": [
        span("Ann", "Source"),
        span("said", "Cue"),
        span("the vote was fair", "Content"),
        span("Bob", "Source"),
        span("said", "Cue", 1),
    ],
}
PREDICTED = {
    "id": "a",
    "text": TEXT,
    "spans": [
        span("said", "attribution_cue", key="layer"),
        span("vote", "attribution_cue", key="layer"),
        span("Ann said", "source", key="layer"),
        span("the vote", "quote", key="layer"),
        span("no", "quote", key="layer"),
    ],
}


def by_layer(gold=GOLD, predicted=PREDICTED):
    return {s.layer: s for s in evaluate([gold], [predicted], MAP)}


def test_span_overlap_and_word_counts_by_hand():
    scores = by_layer()
    assert set(scores) == {"attribution_cue", "source", "quote"}  # only the mapped layers
    cue, source, quote = scores["attribution_cue"], scores["source"], scores["quote"]
    # cues: "said" (1st) right, "vote" wrong; the second "said" missed
    assert (cue.overlap.precision, cue.overlap.recall) == (0.5, 0.5)
    assert (cue.words.precision, cue.words.recall) == (0.5, 0.5)
    # source: "Ann said" overlaps "Ann" (span right); its word "said" is not a source word
    assert (source.overlap.precision, source.overlap.recall) == (1.0, 0.5)
    assert (source.words.precision, source.words.recall) == (0.5, 0.5)
    # content: "the vote" overlaps the gold content, "no" does not; 2 of its 4 words found
    assert (quote.overlap.precision, quote.overlap.recall) == (0.5, 1.0)
    assert quote.words.precision == pytest.approx(2 / 3)
    assert quote.words.recall == 0.5
    assert quote.exact.matched == 0
    assert cue.missed == [("said", 1)] and cue.false == [("vote", 1)]
    assert source.missed == [("bob", 1)] and quote.false == [("no", 1)]


def test_one_long_prediction_finds_two_gold_spans_as_the_judge_counts():
    gold = {**GOLD, "spans": [span("Ann", "Source"), span("Bob", "Source")]}
    predicted = {**PREDICTED, "spans": [{"start": 0, "end": len(TEXT), "layer": "source"}]}
    source = by_layer(gold, predicted)["source"]
    assert (source.overlap.precision, source.overlap.recall) == (1.0, 1.0)
    assert source.words.precision == pytest.approx(2 / 9)


def test_predictions_on_a_different_text_are_mapped_onto_the_gold_text():
    shifted = {
        "id": "a",
        "text": "Headline.\n" + TEXT,
        "spans": [
            {**s, "start": s["start"] + 10, "end": s["end"] + 10} for s in PREDICTED["spans"]
        ],
    }
    assert {k: v.as_dict() for k, v in by_layer(predicted=shifted).items()} == {
        k: v.as_dict() for k, v in by_layer().items()
    }


def test_label_map_keeps_commas_in_a_label_and_rejects_unknown_layers():
    assert parse_label_map(["Name_Calling,Labeling=loaded"]) == {"Name_Calling,Labeling": "loaded"}
    with pytest.raises(AnnotatorError, match="layer must be one of"):
        parse_label_map(["Cue=cues"])
    with pytest.raises(AnnotatorError, match="GOLD_LABEL=LAYER"):
        parse_label_map(["Cue"])


def write(tmp_path: Path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    other = {"id": "b", "text": "Nobody spoke.", "spans": []}
    gold.write_text("\n".join(json.dumps(r) for r in (GOLD, other)) + "\n")
    pred.write_text(json.dumps(PREDICTED) + "\n")  # "b" has no prediction: nothing found there
    return gold, pred


def test_the_judges_scorer_counts_the_same(tmp_path):
    """Runs ../shared/corpora/score_spans.py itself as the oracle: that script is what the
    held-out figures come from. CI has ../shared beside the clone; without it this must fail."""
    assert SCORER.exists(), f"{SCORER} is missing: clone ../shared beside the project"
    gold, pred = write(tmp_path)
    ours = {s.layer: s for s in evaluate(*_read(gold, pred), MAP)}
    for label, layer in MAP.items():
        command = [sys.executable, str(SCORER), str(gold), str(pred), "--gold-labels", label]
        command += ["--pred-layer", layer]
        summary = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        words_part, span_part = summary.splitlines()[-1].split(" span ")
        mine = ours[layer]
        words = {"P": mine.words.precision, "R": mine.words.recall, "F1": mine.words.f1}
        spans = {"P": mine.overlap.precision, "R": mine.overlap.recall, "F1": mine.overlap.f1}
        assert _numbers(words_part) == pytest.approx(words, abs=5e-4)
        assert _numbers(span_part) == pytest.approx(spans, abs=5e-4)


def _numbers(part: str) -> dict[str, float]:
    return {k: float(v) for k, v in (x.split("=") for x in part.split() if "=" in x)}


def _read(gold: Path, pred: Path):
    golds = [json.loads(line) for line in gold.read_text().splitlines()]
    preds = {json.loads(line)["id"]: json.loads(line) for line in pred.read_text().splitlines()}
    return golds, [preds.get(g["id"], {"spans": []}) for g in golds]


def test_cli_scores_a_predictions_file_with_a_label_map(tmp_path):
    gold, pred = write(tmp_path)
    args = ["eval-detect", str(gold), "--predictions", str(pred), "--sensitivity", "high_recall"]
    args += [f"--map={label}={layer}" for label, layer in MAP.items()]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    layers = {row["layer"]: row for row in data["layers"]}
    assert data["documents"] == 2 and data["map"] == MAP
    assert layers["attribution_cue"]["overlap"]["precision"] == 0.5
    assert layers["quote"]["words"]["recall"] == 0.5
    assert layers["attribution_cue"]["missed"] == [{"text": "said", "count": 1}]
    table = CliRunner().invoke(app, args).stdout
    assert "overlap P" in table and "words P" in table and "attribution_cue missed" in table


def test_cli_min_score_applies_to_predictions(tmp_path):
    gold, pred = write(tmp_path)
    record = json.loads(pred.read_text())
    for s in record["spans"]:
        s["score"] = 0.9 if s["start"] == at("said")[0] else 0.2
    pred.write_text(json.dumps(record) + "\n")
    args = [
        "eval-detect",
        str(gold),
        "--predictions",
        str(pred),
        "--json",
        "--map=Cue=attribution_cue",
    ]
    data = json.loads(CliRunner().invoke(app, [*args, "--min-score", "attribution_cue=0.5"]).stdout)
    (cue,) = data["layers"]
    assert cue["overlap"]["predicted"] == 1 and cue["overlap"]["precision"] == 1.0


@pytest.mark.parametrize(
    "option, message",
    [
        (["--map", "Cue=cues"], "layer must be one of"),
        (["--min-score", "cue=0.5"], "layer must be one of"),
        (["--min-score", "quote=high"], "LAYER=NUMBER"),
        (["--min-score", "quote=1.5"], "between 0 and 1"),
        (["--sensitivity", "paranoid"], "unknown sensitivity"),
    ],
)
def test_cli_bad_options_are_clear_errors(tmp_path, option, message):
    gold, pred = write(tmp_path)
    result = CliRunner().invoke(
        app, ["eval-detect", str(gold), "--predictions", str(pred), *option]
    )
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.output
