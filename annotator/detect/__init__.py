"""Detection of loaded language and attribution with spaCy (see docs/detection.md).

What the app and the CLI call:

- ``build_pipeline(tier="auto" | "parser" | "blank")`` / ``shared_pipeline(tier)``: the pipeline;
  ``pipeline_tier(nlp)`` and ``describe_pipeline(nlp)`` say which tier it is (status bar).
- ``detect_text(text, nlp)`` / ``detect_texts(texts, nlp)``: suggestions for texts.
- ``detect_article(project, article_id, nlp)``: detect and store one article's suggestions.
- ``detect_project(project, nlp, progress=...)``: the whole project, in batches, with progress.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.detect.explanations import LAYERS, codebook_target
    from annotator.detect.lexicons import DetectionError, lexicons_hash
    from annotator.detect.pipeline import (
        TIERS,
        available_tier,
        build_pipeline,
        describe_pipeline,
        installed_parser_model,
        pipeline_tier,
        shared_pipeline,
    )
    from annotator.detect.run import (
        DETECTOR_NAME,
        DetectionResult,
        ProjectDetection,
        detect_article,
        detect_project,
        detect_text,
        detect_texts,
        detector_version,
    )

# Each name is imported when first used, so that importing a module of this package (the
# lexicons, for a comparison of outlets) does not load spaCy with the pipeline.
_HOMES = {
    "LAYERS": "explanations",
    "codebook_target": "explanations",
    "DetectionError": "lexicons",
    "lexicons_hash": "lexicons",
    **dict.fromkeys(
        (
            "TIERS",
            "available_tier",
            "build_pipeline",
            "describe_pipeline",
            "installed_parser_model",
            "pipeline_tier",
            "shared_pipeline",
        ),
        "pipeline",
    ),
    **dict.fromkeys(
        (
            "DETECTOR_NAME",
            "DetectionResult",
            "ProjectDetection",
            "detect_article",
            "detect_project",
            "detect_text",
            "detect_texts",
            "detector_version",
        ),
        "run",
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "DETECTOR_NAME",
    "LAYERS",
    "TIERS",
    "DetectionError",
    "DetectionResult",
    "ProjectDetection",
    "available_tier",
    "build_pipeline",
    "codebook_target",
    "describe_pipeline",
    "detect_article",
    "detect_project",
    "detect_text",
    "detect_texts",
    "detector_version",
    "installed_parser_model",
    "lexicons_hash",
    "pipeline_tier",
    "shared_pipeline",
]
