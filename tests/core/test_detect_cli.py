"""`annotator detect` and `annotator eval-detect`, called in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import annotator.detect
from annotator.cli import app
from annotator.detect import available_tier, shared_pipeline
from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]
SAMPLE = sorted(REPO.glob("resources/samples/*/*.txt"))[4]
runner = CliRunner()


@pytest.fixture(autouse=True)
def reuse_pipelines(monkeypatch):
    """Build each tier once per session instead of once per command (the command imports
    build_pipeline from annotator.detect when it runs)."""
    monkeypatch.setattr(annotator.detect, "build_pipeline", shared_pipeline)


def run(*args, ok: bool = True, stdin: str | None = None):
    result = runner.invoke(app, [str(a) for a in args], input=stdin)
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def test_detect_a_text_file_as_jsonl_with_exact_offsets():
    result = run("detect", SAMPLE, "--jsonl", "--tier", "blank")
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert record["id"] == str(SAMPLE)
    assert record["text"] == SAMPLE.read_text(encoding="utf-8")
    assert record["tier"] == "blank"
    layers = {s["layer"] for s in record["spans"]}
    assert layers == {"loaded", "attribution_cue", "source", "quote"}
    for span in record["spans"]:
        assert set(span) >= {"start", "end", "layer", "label", "explanation"}
    words = {record["text"][s["start"] : s["end"]] for s in record["spans"]}
    assert {"regime", "martyred", "neutralized", "said"} <= words
    assert "blank tier" in result.stderr


def test_detect_reads_jsonl_from_stdin_with_astral_characters():
    lines = [
        {"id": "a", "text": "😀😀 The regime claimed victory, officials said."},
        {"id": "b", "text": ""},
        {"text": "\u05e9\u05dc\u05d5\u05dd \U0001f1f9\U0001f1f7 The militants fled."},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = run("detect", "-", "--jsonl", "--tier", "blank", stdin=stdin)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "<stdin>:3"]
    for record, source in zip(records, lines, strict=True):
        assert record["text"] == source["text"]
    first = records[0]
    assert {first["text"][s["start"] : s["end"]] for s in first["spans"]} >= {"regime", "claimed"}
    assert records[1]["spans"] == []
    third = records[2]
    assert [third["text"][s["start"] : s["end"]] for s in third["spans"]] == ["militants"]


def test_detect_json_prints_one_document_with_the_detector_and_every_document(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [{"id": "a", "text": "Erdogan blasted the regime."}, {"id": "b", "text": "Calm."}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    as_lines = run("detect", path, "--jsonl", "--tier", "blank").stdout
    data = json.loads(run("detect", path, "--json", "--tier", "blank").stdout)
    assert data["detector"].startswith("blank tier") and data["version"]
    assert data["documents"] == [json.loads(line) for line in as_lines.splitlines()]
    assert [d["id"] for d in data["documents"]] == ["a", "b"]


def test_detect_refuses_output_options_that_do_not_go_together(tmp_path):
    both = run("detect", SAMPLE, "--json", "--jsonl", ok=False)
    assert both.exit_code == 1 and "not both" in both.stderr and both.stdout == ""
    project = tmp_path / "p.sqlite"
    run("new", project)
    jsonl = run("detect", "--project", project, "--jsonl", ok=False)
    assert jsonl.exit_code == 1 and "with --project use --json" in jsonl.stderr


def test_detect_jsonl_file_and_human_output(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "Erdogan blasted the regime."}) + "\n")
    result = run("detect", path, "--tier", "blank")
    assert "== 7" in result.stdout
    assert "loaded" in result.stdout and "regime" in result.stdout


def test_bad_input_is_one_line_without_traceback(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": \n')
    result = run("detect", bad, "--jsonl", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"error: {bad} line 2: not JSON")
    assert "Traceback" not in result.output
    assert run("detect", tmp_path / "missing.txt", ok=False).exit_code == 1
    no_text = tmp_path / "no_text.jsonl"
    no_text.write_text('{"id": 1, "body": "x"}\n')
    assert "line 1" in run("detect", no_text, ok=False).stderr
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert "not UTF-8" in run("detect", binary, ok=False).stderr
    assert "not both" in run("detect", SAMPLE, "--project", "x.sqlite", ok=False).stderr
    assert "give PATHS" in run("detect", ok=False).stderr
    assert "unknown tier" in run("detect", SAMPLE, "--tier", "huge", ok=False).stderr


def test_detect_fills_a_project_and_prints_counts_and_tier(tmp_path):
    path = tmp_path / "study.sqlite"
    run("new", path)
    run("import", path, SAMPLE.parent)
    result = run("detect", "--project", path, "--tier", "blank")
    assert "blank tier" in result.stdout
    assert "5 articles" in result.stdout
    data = json.loads(run("detect", "--project", path, "--tier", "blank", "--json").stdout)
    assert data["tier"] == "blank" and data["articles"] == 5
    with Project.open(path, readonly=True) as project:
        assert project.suggestions.count() == sum(data["suggestions"].values())


def test_eval_detect_prints_the_table_for_a_tier(tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = "Erdogan claimed the regime fell."
    spans = [
        {"start": 0, "end": 7, "layer": "source", "label": "named"},
        {"start": 8, "end": 15, "layer": "attribution_cue", "label": "distancing"},
        {"start": 8, "end": 15, "layer": "loaded", "label": "loaded_verb"},
        {"start": 20, "end": 26, "layer": "loaded", "label": "pejorative_label"},
        {"start": 16, "end": 31, "layer": "quote", "label": "indirect"},
    ]
    gold.write_text(json.dumps({"id": "g", "text": text, "spans": spans}) + "\n")
    table = run("eval-detect", gold, "--tier", "blank").stdout
    assert "blank tier" in table
    assert "attribution_cue" in table and "overlap" in table
    data = json.loads(run("eval-detect", gold, "--tier", "blank", "--json").stdout)
    by_layer = {row["layer"]: row for row in data["layers"]}
    assert by_layer["loaded"]["exact"]["recall"] == 1.0
    assert by_layer["attribution_cue"]["exact"]["f1"] == 1.0
    assert by_layer["quote"]["overlap"]["recall"] == 1.0


def test_eval_detect_rejects_a_broken_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "g", "text": "short", "spans": [{"start": 0, "end": 99}]}\n')
    result = run("eval-detect", gold, "--tier", "blank", ok=False)
    assert "line 1" in result.stderr and "outside the text" in result.stderr


@pytest.mark.skipif(available_tier() != "parser", reason="no English parser pipeline installed")
def test_eval_detect_on_the_parser_tier():
    result = run("eval-detect", REPO / "tests/data/gold/heldout.jsonl", "--tier", "parser")
    assert "parser tier" in result.stdout
