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
    path: Path, article_ids: list[int] | None, progress: ProgressCallback
) -> dict[str, Any]:
    """Run in a worker thread: detect (all or some articles) and store the suggestions.

    Suggestions are computed for every article first and stored in one transaction at the
    end, so a Cancel leaves the project exactly as it was.
    """
    from annotator.detect import describe_pipeline, detect_project, shared_pipeline

    progress(0, None, "Loading the language pipeline…")
    nlp = shared_pipeline()
    with Project.open(path, backup=False) as project, project.transaction():
        report = detect_project(project, nlp, article_ids=article_ids, progress=progress)
    return {
        "description": describe_pipeline(nlp),
        "articles": report.articles,
        "suggestions": sum(report.suggestions.values()),
        "tier": report.tier,
    }
