"""Detection for the app: spaCy loads in the background after the window is up.

Detection writes through its own connection to the project (SQLite connections stay in the
thread that made them); the window redraws when it is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.progress import ProgressCallback
from annotator.store import Project


def expected_tier() -> str:
    """The tier detection will use, known without loading spaCy's models."""
    from annotator.detect.pipeline import available_tier

    return available_tier()


def detect_in_project(
    path: Path,
    article_ids: list[int] | None,
    progress: ProgressCallback,
    model: Path | None = None,
) -> dict[str, Any]:
    """Run in a worker thread: detect (all or some articles) and store the suggestions.

    Suggestions are computed for every article first and stored in one transaction at the
    end, so a Cancel leaves the project exactly as it was. ``model``: a trained model folder
    to suggest with; by default the suggester chosen in the app (ui/suggester.py). Either
    way, the articles keep only this suggester's suggestions.
    """
    from ui.suggester import chosen_model

    model = model or chosen_model()
    if model is not None:
        return _detect_with_model(path, article_ids, progress, model)
    from annotator.detect import describe_pipeline, detect_project, shared_pipeline
    from annotator.training.suggester import keep_only_detector

    progress(0, None, "Loading the language pipeline…")
    nlp = shared_pipeline()
    with Project.open(path, backup=False) as project, project.transaction():
        report = detect_project(project, nlp, article_ids=article_ids, progress=progress)
        ids = article_ids if article_ids is not None else project.articles.ids()
        keep_only_detector(project, report.detector, ids)
    return {
        "description": describe_pipeline(nlp),
        "articles": report.articles,
        "suggestions": sum(report.suggestions.values()),
        "tier": report.tier,
    }


def _detect_with_model(path, article_ids, progress, model: Path) -> dict[str, Any]:
    from annotator.training.model_folder import ModelError
    from annotator.training.suggester import detect_project_with_model, shared_model

    progress(0, None, f"Loading the model {model.name}…")
    try:
        nlp = shared_model(str(model))
    except ModelError as exc:
        message = f"{exc}. Choose the suggester again (the rules or another model)."
        raise ModelError(message) from None
    with Project.open(path, backup=False) as project, project.transaction():
        report = detect_project_with_model(project, nlp, article_ids=article_ids, progress=progress)
    return {
        "description": f"{report.detector} {report.version}",
        "articles": report.articles,
        "suggestions": sum(report.suggestions.values()),
        "tier": report.tier,
    }
