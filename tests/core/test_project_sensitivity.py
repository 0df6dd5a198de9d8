"""A project's sensitivity: how sure a rule's suggestion must be, per layer, stored in the project
and applied when the project's suggester fills it (the app and ``detect --project`` alike)."""

from __future__ import annotations

import json

import pytest

from annotator.detect.sensitivity import SENSITIVITIES
from annotator.detect_layers import DETECT_LAYERS
from annotator.errors import AnnotatorError, ProjectError
from annotator.model import ArticleDraft
from annotator.project_detection import (
    PRESETS,
    SENSITIVITY_KEY,
    Sensitivity,
    SuggesterChoice,
    detect_with_choice,
    read_sensitivity,
    save_choice,
    save_sensitivity,
)
from annotator.store import Project

# made up: "said" is a sure cue in the blank tier (score .95); "fears" an unsure one (.38)
TEXT = "The mayor said the bridge would reopen in May. She fears the plan is flawed."


def stored_words(project: Project, article_id: int, layer: str) -> set[str]:
    found = project.suggestions.for_article(article_id)
    return {TEXT[s.start : s.end] for s in found if s.layer == layer}


def test_the_presets_are_the_detectors(project):
    assert set(PRESETS) == set(SENSITIVITIES)
    assert read_sensitivity(project) == Sensitivity()  # nothing chosen: balanced
    assert Sensitivity().min_scores() == SENSITIVITIES["balanced"]
    assert Sensitivity().describe() == "balanced"


def test_a_sensitivity_per_layer_is_stored_in_the_project(project):
    chosen = Sensitivity({"attribution_cue": "high_recall", "loaded": 0.65})
    save_sensitivity(project, chosen)
    project.close()
    with Project.open(project.path, readonly=True) as again:
        found = read_sensitivity(again)
    assert found.level("attribution_cue") == "high_recall" and found.level("loaded") == 0.65
    assert found.level("source") == "balanced"
    scores = found.min_scores()
    assert scores["attribution_cue"] == SENSITIVITIES["high_recall"]["attribution_cue"]
    assert scores["loaded"] == 0.65 and scores["quote"] == SENSITIVITIES["balanced"]["quote"]
    assert "attribution_cue high recall" in found.describe()
    assert "loaded min score 0.65" in found.describe()


def test_a_bad_sensitivity_is_refused(project):
    with pytest.raises(AnnotatorError, match="unknown sensitivity 'huge'"):
        Sensitivity({"loaded": "huge"})
    with pytest.raises(AnnotatorError, match="unknown layer 'frames'"):
        Sensitivity({"frames": "balanced"})
    with pytest.raises(AnnotatorError, match="between 0 and 1"):
        Sensitivity({"source": 1.5})
    project.settings.set({SENSITIVITY_KEY + "quote": "most"})  # e.g. written by hand
    with pytest.raises(ProjectError, match=r"project\.sqlite: the stored sensitivity"):
        read_sensitivity(project)


def test_detection_with_the_projects_choice_keeps_what_passes_its_sensitivity(project):
    (article,) = project.articles.add([ArticleDraft(text=TEXT, title="one")]).added
    save_choice(project, SuggesterChoice("blank"))
    detect_with_choice(project)  # balanced: the unsure cue is not shown, nor its source
    assert stored_words(project, article, "attribution_cue") == {"said"}
    assert "She" not in stored_words(project, article, "source")
    save_sensitivity(project, Sensitivity({"attribution_cue": "high_recall", "source": 0.35}))
    detect_with_choice(project)
    assert stored_words(project, article, "attribution_cue") == {"said", "fears"}
    assert "She" in stored_words(project, article, "source")
    scores = {s.layer: s.score for s in project.suggestions.for_article(article)}
    assert all(scores[layer] is not None for layer in scores)
    save_sensitivity(project, Sensitivity(dict.fromkeys(DETECT_LAYERS, "high_precision")))
    detect_with_choice(project)
    assert stored_words(project, article, "attribution_cue") == {"said"}


def test_the_cli_stores_the_sensitivity_it_is_given(project_path):
    from typer.testing import CliRunner

    from annotator.cli import app

    with Project.open(project_path) as project:
        project.articles.add([ArticleDraft(text=TEXT, title="one")])

    def detect(*options: str) -> dict:
        args = ["detect", "--project", str(project_path), "--tier", "blank", "--json"]
        result = CliRunner().invoke(app, [*args, *options])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    data = detect("--sensitivity", "high_recall", "--min-score", "loaded=0.45")
    assert data["sensitivity"]["attribution_cue"] == 0.35 and data["sensitivity"]["loaded"] == 0.45
    assert data["suggestions"]["attribution_cue"] == 2
    assert detect()["suggestions"]["attribution_cue"] == 2  # nothing given: the stored one
    with Project.open(project_path, readonly=True) as project:
        assert read_sensitivity(project).level("quote") == "high_recall"
        assert read_sensitivity(project).level("loaded") == 0.45
    result = CliRunner().invoke(app, ["detect", "--project", str(project_path), "--nested"])
    assert result.exit_code != 0 and "--nested works with PATHS" in result.output
