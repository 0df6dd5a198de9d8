"""A project's suggester: the choice stored in the project, detection with it (rules, a model,
both), batches that let other connections write, and a cancel that keeps what was detected."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator import labeling
from annotator.detect import DETECTOR_NAME, shared_pipeline
from annotator.detect.run import detect_project, fill_project, rules_suggester
from annotator.errors import AnnotatorError, Cancelled
from annotator.model import ArticleDraft
from annotator.project_detection import (
    SuggesterChoice,
    detect_with_choice,
    read_choice,
    save_choice,
    stored_detection,
)
from annotator.store import Project
from annotator.training.model_folder import ModelError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXT = 'Officials said the regime "neutralized" {n} terrorists; the ministry claimed success.'


def add_articles(project: Project, count: int) -> list[int]:
    drafts = [ArticleDraft(text=TEXT.format(n=n), title=f"Article {n}") for n in range(count)]
    return project.articles.add(drafts).added


def detectors(project: Project, article_id: int) -> set[str]:
    return {s.detector for s in project.suggestions.for_article(article_id)}


def test_the_choice_is_stored_in_the_project(project, tiny_model, tmp_path, monkeypatch):
    assert read_choice(project) == SuggesterChoice("auto", None)  # nothing chosen yet
    monkeypatch.chdir(tiny_model.parent)
    save_choice(project, SuggesterChoice("blank", Path("tiny")))  # relative to the cwd
    project.close()
    with Project.open(project.path, readonly=True) as again:
        choice = read_choice(again)
    assert choice == SuggesterChoice("blank", tiny_model.resolve()) and choice.merged
    assert "merged with the model" in choice.describe()


def test_a_bad_choice_is_refused_and_nothing_is_stored(project, tmp_path):
    with pytest.raises(AnnotatorError, match="unknown tier 'huge'"):
        SuggesterChoice("huge")
    with pytest.raises(AnnotatorError, match="the rules, a model, or both"):
        SuggesterChoice(None, None)
    with pytest.raises(ModelError, match="gone does not exist"):
        save_choice(project, SuggesterChoice(None, tmp_path / "gone"))
    assert read_choice(project) == SuggesterChoice()


def test_a_schema_1_file_opened_read_only_has_the_default_choice(tmp_path):
    path = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURES / "schema-v1.sqlite", path)
    with Project.open(path, readonly=True) as project:
        assert read_choice(project) == SuggesterChoice()


def test_the_rules_replace_any_model_but_leave_other_detectors(project):
    first, second = add_articles(project, 2)
    rule = [{"layer": "loaded", "label": "emotive", "start": 0, "end": 9}]
    for detector in ("model:old", "someone-else"):
        project.suggestions.replace(first, detector, "1", rule)
    save_choice(project, SuggesterChoice("blank"))
    report = detect_with_choice(project)
    assert report.articles == 2 and report.tier == "blank"
    assert detectors(project, first) == {DETECTOR_NAME, "someone-else"}
    assert detectors(project, second) == {DETECTOR_NAME}
    assert stored_detection(project).startswith(f"{DETECTOR_NAME}, blank tier")


def test_a_model_alone_or_merged_with_the_rules(project, tiny_model):
    (first,) = add_articles(project, 1)
    save_choice(project, SuggesterChoice(None, tiny_model))
    report = detect_with_choice(project)
    assert report.tier == "model" and report.description.startswith("model:tiny 0.0.1")
    assert detectors(project, first) == {"model:tiny"}
    save_choice(project, SuggesterChoice("blank", tiny_model))
    report = detect_with_choice(project)
    assert report.tier == "blank + model" and detectors(project, first) == {
        DETECTOR_NAME,
        "model:tiny",
    }
    assert sum(report.suggestions.values()) == len(project.suggestions.for_article(first))
    # merged: the model's suggestions, and the rules' that overlap none of them in their layer
    found = project.suggestions.for_article(first)
    by_layer = {(s.detector, s.layer) for s in found}
    assert ("model:tiny", "loaded") in by_layer and (DETECTOR_NAME, "attribution_cue") in by_layer
    models = [s for s in found if s.detector == "model:tiny"]
    for rule in (s for s in found if s.detector == DETECTOR_NAME and s.layer == "loaded"):
        assert not [m for m in models if m.start < rule.end and rule.start < m.end]


def test_a_chosen_model_that_is_gone_says_to_choose_again(project, tiny_model):
    add_articles(project, 1)
    save_choice(project, SuggesterChoice(None, tiny_model))
    shutil.rmtree(tiny_model)
    with pytest.raises(ModelError, match=r"tiny does not exist. Choose the suggester again"):
        detect_with_choice(project)


def test_stored_detection_names_the_tier_from_the_rules_version(project):
    assert stored_detection(project) is None
    (first,) = add_articles(project, 1)
    detect_project(project, shared_pipeline("blank"))
    assert stored_detection(project) == f"{DETECTOR_NAME}, blank tier"
    project.suggestions.replace(first, "model:tiny", "0.0.1", [])
    assert stored_detection(project) == f"{DETECTOR_NAME}, blank tier"  # no rows, not listed


def test_cancel_after_k_articles_keeps_exactly_those_k(project):
    ids = add_articles(project, 12)

    def progress(done, total, note):
        if done == 5:
            raise Cancelled("stop")

    suggester = rules_suggester(shared_pipeline("blank"))
    with pytest.raises(Cancelled):
        fill_project(project, [suggester], batch_size=4, progress=progress, commit_articles=3)
    filled = [i for i in ids if project.suggestions.for_article(i)]
    assert filled == ids[:5]


def test_another_connection_writes_while_detection_runs(project):
    """Detection commits in batches; a coder's actions on a second connection (each one
    transaction that reads, then writes) wait within the busy timeout and all succeed."""
    ids = add_articles(project, 300)
    nlp = shared_pipeline("blank")
    done = threading.Event()
    saved: list[str] = []
    failures: list[BaseException] = []

    def coder() -> None:
        try:
            with Project.open(project.path, backup=False) as other:
                uuid = other.coders.add("Coder").uuid
                while not done.is_set() or not saved:
                    article = ids[len(saved) % len(ids)]
                    span, _ = labeling.add_span(other, uuid, article, "loaded", "emotive", 0, 9)
                    saved.append(span.uuid)
                    time.sleep(0.02)  # a quick coder; SQLite's lock is not fair to a tight loop
        except BaseException as exc:  # the test reports it below
            failures.append(exc)

    thread = threading.Thread(target=coder, daemon=True)
    during: list[int] = []

    def progress(count, total, note):
        if count == 1:
            thread.start()
        during.append(len(saved))

    try:
        report = fill_project(
            project, [rules_suggester(nlp)], batch_size=8, progress=progress, commit_articles=16
        )
    finally:
        done.set()
        thread.join(30)
    assert not failures, failures
    assert report.articles == 300 and all(project.suggestions.for_article(i) for i in ids)
    assert during[-1] > 0, "the coder saved labels while detection was running"
    assert len(project.spans.for_article(ids[0])) >= 1


def _ctrl_c_as_in_a_terminal() -> None:
    # a shell's background job (CI started with "&", nohup) ignores SIGINT and its children
    # inherit that, so Python would install no Ctrl+C handler: give the child the default
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_in_the_cli_keeps_the_articles_detected_so_far(tmp_path):
    path = tmp_path / "big.sqlite"
    with Project.create(path) as project:
        ids = add_articles(project, 3000)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "annotator", "detect", "--project", str(path), "--tier"]
    child = subprocess.Popen(
        [*command, "blank", "--batch-size", "8"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    try:
        # stderr is not a terminal, so no progress is printed: watch the stored suggestions
        # (each of these articles gets 10) until 100 articles or more are in, then Ctrl+C
        deadline = time.monotonic() + 300
        while child.poll() is None and time.monotonic() < deadline:
            with Project.open(path, readonly=True) as watched:
                if watched.counts()["suggestions"] >= 1000:
                    break
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        rest = child.stderr.read()
        assert child.wait(60) == 130, rest
    finally:
        child.kill()
    assert "interrupted" in rest
    with Project.open(path, readonly=True) as project:
        filled = [i for i in ids if project.suggestions.for_article(i)]
    assert 100 <= len(filled) < len(ids) and filled == ids[: len(filled)]


def test_the_cli_stores_the_choice_and_fills_the_project_with_it(project_path, tiny_model):
    """``annotator detect --project`` uses the project's suggester, as the app does; --model
    or --tier choose another and store it."""
    from typer.testing import CliRunner

    from annotator.cli import app

    with Project.open(project_path) as project:
        (first,) = add_articles(project, 1)

    def detect(*options: str) -> dict:
        result = CliRunner().invoke(app, ["detect", "--project", str(project_path), *options])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert detect("--model", str(tiny_model), "--json")["detector"] == "model:tiny"
    data = detect("--json")  # nothing given: the stored choice
    assert data["detector"] == "model:tiny" and data["suggester"].startswith("the model")
    assert detect("--tier", "blank", "--model", str(tiny_model), "--json")["tier"] == (
        "blank + model"
    )
    assert detect("--tier", "blank", "--json")["detector"] == DETECTOR_NAME
    with Project.open(project_path, readonly=True) as project:
        assert read_choice(project) == SuggesterChoice("blank")
        assert detectors(project, first) == {DETECTOR_NAME}
