"""What a model folder is, read from its files without loading spaCy: for the app's suggester
choice and for clear errors when a folder is not a trained suggester."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError

_SPANCAT = re.compile(r'^factory\s*=\s*"spancat(_singlelabel)?"\s*$', re.MULTILINE)
_NER = re.compile(r'^factory\s*=\s*"ner"\s*$', re.MULTILINE)


class ModelError(AnnotatorError):
    """A model folder that cannot be used as the suggester."""


@dataclass(frozen=True)
class ModelFolder:
    path: Path
    name: str
    version: str
    components: tuple[str, ...]
    span_labels: tuple[str, ...]
    cats_labels: tuple[str, ...]
    trained: str | None  # when annotator train made it
    project_name: str | None

    def describe(self) -> str:
        made = f", trained {self.trained[:16].replace('T', ' ')}" if self.trained else ""
        source = f" on {self.project_name}" if self.project_name else ""
        labels = ", ".join(self.span_labels) or "none"
        return f"{self.name} {self.version}{made}{source}; span labels: {labels}"


def inspect_model_folder(path: str | Path) -> ModelFolder:
    """The folder's name, version and labels; ModelError if it is not a span suggester."""
    path = Path(path)
    if not path.exists():
        raise ModelError(f"{path} does not exist")
    config = path / "config.cfg"
    if not path.is_dir() or not config.is_file():
        raise ModelError(
            f"{path} is not a spaCy pipeline (no config.cfg); train one with 'annotator train'"
        )
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        config_text = config.read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ModelError(f"{path} is not a usable spaCy pipeline (meta.json: {reason})") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{path} is not a usable spaCy pipeline (meta.json is not an object)")
    components = tuple(str(c) for c in meta.get("pipeline") or ())
    annotator = meta.get("annotator") or {}
    if not isinstance(annotator, dict):
        annotator = {}
    # an entity recognizer suggests codebook spans only when 'annotator train' taught it roles
    roles = annotator.get("component") == "ner" and _NER.search(config_text)
    if not _SPANCAT.search(config_text) and not roles:
        raise ModelError(
            f"{path} is a spaCy pipeline without a span categorizer (spancat) or a role "
            "tagger (ner) trained by 'annotator train', so it cannot suggest codebook spans; "
            f"its components: {', '.join(components) or 'none'}"
        )
    labels = meta.get("labels") or {}
    return ModelFolder(
        path,
        str(meta.get("name", "pipeline")),
        str(meta.get("version", "0")),
        components,
        tuple(
            labels.get("spancat")
            or labels.get("spancat_singlelabel")
            or (labels.get("ner") if roles else None)
            or ()
        ),
        tuple(labels.get("textcat") or labels.get("textcat_multilabel") or ()),
        annotator.get("trained"),
        annotator.get("project_name"),
    )
