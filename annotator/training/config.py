"""The spaCy training config for the suggester: a CPU pipeline (tok2vec, then spancat or ner for
the spans, textcat for a scheme) from spaCy's own "efficiency" template, fitted to the export.

The token vectors (``tok2vec``) are learned from scratch, or start from those of the installed
English pipeline (``en_core_web_sm``: trained on OntoNotes tags, parses and entities; MIT), which
then go on learning. On PolNeAR attribution that start gave cue F1 .75 instead of .73 and
source F1 .70 instead of .65 from 200 articles (docs/detection.md, "Learned tier").

The written ``config.cfg`` is a plain spaCy config: ``spacy train`` and ``spacy debug data``
run it with ``--paths.train`` and ``--paths.dev`` pointing at the exported DocBin files.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.training.roles import SPANCAT_SIZES


@dataclass(frozen=True)
class TrainingPlan:
    """What to train, read from the export's ``export.json``."""

    span_key: str | None  # None: no spans to learn
    cats_labels: tuple[str, ...]  # empty: no document labels to learn
    cats_exclusive: bool
    max_steps: int = 2000
    eval_frequency: int = 100
    patience: int = 600
    seed: int = 0
    width: int = 96  # tok2vec width; tests use a small one to train in seconds
    component: str = "spancat"  # what learns the spans: "spancat" or "ner" (training.roles)
    tok2vec_from: str | None = None  # an installed pipeline whose tok2vec to start from


def plan_from_export(info: dict[str, Any], spans: int, answers: int, **settings: Any):
    """A plan for an export: spancat if it has spans, textcat if it has document labels."""
    keys = info.get("span_keys") or []
    return TrainingPlan(
        span_key=keys[0] if spans and keys else None,
        cats_labels=tuple(info.get("cats_labels") or ()) if answers else (),
        cats_exclusive=bool(info.get("cats_exclusive")),
        **settings,
    )


def training_config(plan: TrainingPlan, train: Path | None = None, dev: Path | None = None):
    """The config (a ``thinc.api.Config``) for ``plan``; paths may be left for the command line."""
    init_config = importlib.import_module("spacy.cli.init_config").init_config
    pipeline = []
    if plan.span_key:
        pipeline.append(plan.component)
    if plan.cats_labels:
        pipeline.append("textcat" if plan.cats_exclusive else "textcat_multilabel")
    config = init_config(lang="en", pipeline=pipeline, optimize="efficiency", gpu=False)
    config["paths"]["train"] = str(train) if train else None
    config["paths"]["dev"] = str(dev) if dev else None
    config["system"]["seed"] = plan.seed
    training = config["training"]
    training["max_steps"] = plan.max_steps
    training["eval_frequency"] = plan.eval_frequency
    training["patience"] = plan.patience
    training["batcher"]["size"] = {
        "@schedules": "compounding.v1",
        "start": 4,
        "stop": 64,
        "compound": 1.001,
        "t": 0.0,
    }
    training["batcher"]["@batchers"] = "spacy.batch_by_sequence.v1"
    training["batcher"].pop("discard_oversize", None)
    training["batcher"].pop("tolerance", None)
    components = config["components"]
    if "tok2vec" in components and plan.tok2vec_from:
        components["tok2vec"] = {"source": plan.tok2vec_from}
        width = pipeline_tok2vec_width(plan.tok2vec_from)
        for name in pipeline:
            listener = components[name].get("model", {}).get("tok2vec", {})
            if listener.get("@architectures", "").startswith("spacy.Tok2VecListener"):
                listener["width"] = width
    elif "tok2vec" in components:
        components["tok2vec"]["model"]["encode"]["width"] = plan.width
    if plan.span_key and plan.component == "spancat":
        components["spancat"]["spans_key"] = plan.span_key
        components["spancat"]["suggester"]["sizes"] = list(SPANCAT_SIZES)
    if plan.span_key and plan.component == "ner":
        # whole articles are long documents: batches of about 1,000 words, as spaCy's ner
        # template has them, rather than of 4 to 64 articles
        training["batcher"] = {
            "@batchers": "spacy.batch_by_words.v1",
            "discard_oversize": False,
            "tolerance": 0.2,
            "size": {
                "@schedules": "compounding.v1",
                "start": 100,
                "stop": 1000,
                "compound": 1.001,
                "t": 0.0,
            },
        }
    if plan.cats_labels:
        name = pipeline[-1]
        config["initialize"]["components"][name] = {"labels": list(plan.cats_labels)}
    return config


def pipeline_tok2vec_width(name: str) -> int:
    """The width of an installed pipeline's token vectors, read from its config."""
    from spacy.util import get_package_path, load_config

    package = get_package_path(name)
    config = next(package.glob("*/config.cfg"), None) or package / "config.cfg"
    return int(
        load_config(config, interpolate=True)["components"]["tok2vec"]["model"]["encode"]["width"]
    )
