"""Detection of loaded language and attribution with spaCy (see docs/detection.md).

What the app and the CLI call:

- ``build_pipeline(tier="auto" | "parser" | "blank")`` / ``shared_pipeline(tier)``: the pipeline;
  ``pipeline_tier(nlp)`` and ``describe_pipeline(nlp)`` say which tier it is (status bar).
- ``detect_text(text, nlp)`` / ``detect_texts(texts, nlp)``: suggestions for texts.
- ``detect_article(project, article_id, nlp)``: detect and store one article's suggestions.
- ``detect_project(project, nlp, progress=...)``: the whole project, in batches, with progress.
"""

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
