"""``annotator train``: a suggester trained on the labels; and ``detect PATHS --model``, which
runs it on documents (``detect_with_model`` is called by ``annotator detect``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.cli.app import app, emit_json, reports_errors
from annotator.cli.export_commands import SourceOpt
from annotator.cli.options import JsonOpt, ProjectArg
from annotator.cli.progress_bar import progress_bar


@app.command()
@reports_errors
def train(
    project: ProjectArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="The model folder to make.")],
    source: SourceOpt = "gold",
    layer: Annotated[str, typer.Option(help="The span layer the model learns.")] = "loaded",
    component: Annotated[
        str,
        typer.Option(
            help="What learns the spans: spancat (short, may overlap), ner (one role per "
            "token: long spans that never overlap), or auto (chosen from the spans)."
        ),
    ] = "auto",
    scheme: Annotated[
        str, typer.Option(help="The choice scheme the textcat learns.")
    ] = "primary_frame",
    dev_fraction: Annotated[float, typer.Option(help="Share of documents for dev.")] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of the split and the training.")] = 0,
    max_steps: Annotated[int, typer.Option(min=1, help="Training steps at most.")] = 2000,
    eval_frequency: Annotated[int, typer.Option(min=1, help="Evaluate every N steps.")] = 100,
    patience: Annotated[int, typer.Option(help="Stop after N steps without a better score.")] = 600,
    width: Annotated[
        int, typer.Option(min=8, help="Width of the token vectors; smaller trains faster.")
    ] = 96,
    tok2vec: Annotated[
        str,
        typer.Option(
            help="Token vectors: own (learned from scratch), pipeline (start from the installed "
            "en_core_web_sm's), or auto (pipeline when installed, unless --width differs)."
        ),
    ] = "auto",
    name: Annotated[str, typer.Option(help="The model's name (its suggestions' mark).")] = (
        "suggester"
    ),
    version: Annotated[str, typer.Option("--model-version", help="The model's version.")] = (
        "0.1.0"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace a model folder.")] = False,
    include_partial: Annotated[
        bool,
        typer.Option(
            "--include-partial",
            help="gold: also learn from articles with undecided units (left out by default).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Train a suggester on the CPU: for one span layer a spaCy spancat (short spans that may
    overlap: loaded language) or an ner (one role per token: long spans such as attribution's
    cue, source and content), and a textcat for one scheme (the primary frame), from the gold
    labels unless --source says otherwise. Prints the evaluation on the dev split (split by
    story) and the minutes it took.

    The folder is a spaCy pipeline; use it with 'annotator detect --model FOLDER' or choose it
    as the suggester in the app. FOLDER/training keeps the config and the data it came from.

    \b
    Example:
      annotator train study.sqlite -o models/loaded-v1 --max-steps 1000
    """
    from annotator.adjudication import without_unfinished_gold
    from annotator.export import Selection, Source
    from annotator.store import Project
    from annotator.training import TrainOptions, train_model

    options = TrainOptions(
        source=Source.parse(source),
        layer=layer,
        component=component,
        scheme=scheme,
        dev_fraction=dev_fraction,
        seed=seed,
        max_steps=max_steps,
        eval_frequency=eval_frequency,
        patience=patience,
        width=width,
        tok2vec=tok2vec,
        name=name,
        version=version,
        force=force,
    )
    with Project.open(project, readonly=True) as opened, progress_bar("Training") as progress:
        if not include_partial:
            left = without_unfinished_gold(opened, Selection(options.source)).left_out
            options = replace(options, left_out=left)
        result = train_model(opened, output, options, progress)
    if as_json:
        emit_json(
            {
                "model": str(result.path),
                "name": result.name,
                "version": result.version,
                "steps": result.steps,
                "component": result.component,
                "spans": result.shape,
                "minutes": round(result.minutes, 2),
                "cpu_minutes": round(result.cpu_minutes, 2),
                "export": result.export.to_dict(),
                "scores": result.scores,
            }
        )
    else:
        typer.echo("\n".join(result.lines()))


def detect_with_model(
    model: Path,
    documents: list[tuple[str, str]],
    jsonl: bool,
    rules_tier: str | None = None,
    batch_size: int = 32,
    as_json: bool = False,
    scores: Mapping[str, float] | None = None,
    nested: bool = False,
) -> None:
    """``annotator detect PATHS --model``: the suggestions of a trained pipeline, printed; with
    ``rules_tier`` (``--tier``) merged with the rules of that tier that pass ``scores``
    (``--sensitivity``, ``--min-score``): the model's spans, and the rules' that overlap none of
    them in their layer. (A project is filled by ``annotator detect
    --project``, with the project's suggester.)"""
    from annotator.codebook import default_codebook
    from annotator.detect import build_pipeline, describe_pipeline, detector_version
    from annotator.training.suggester import load_model, model_detector, suggest_texts

    nlp = load_model(model)
    rules = build_pipeline(rules_tier, nested) if rules_tier else None  # type: ignore[arg-type]
    name, model_version = model_detector(nlp)
    merged = ""
    if rules is not None:
        merged = f" merged with the rules ({describe_pipeline(rules)}, {detector_version(rules)})"
    typer.echo(f"detector: {name} {model_version}{merged}", err=True)
    texts = [text for _, text in documents]
    records = []
    with progress_bar("Detecting", streams_stdout=not as_json) as progress:
        progress(0, len(documents), "Detecting")
        found = suggest_texts(nlp, texts, rules, default_codebook(), batch_size, scores, nested)
        for done, ((ident, text), spans) in enumerate(zip(documents, found, strict=True)):
            progress(done + 1, len(documents), "Detecting")
            if as_json:
                records.append({"id": ident, "text": text, "spans": spans})
            elif jsonl:
                record = {"id": ident, "text": text, "spans": spans, "detector": name}
                record["version"] = model_version
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                _print_model_spans(ident, text, spans)
    if as_json:
        emit_json({"detector": name, "version": model_version, "documents": records})


def _print_model_spans(ident: str, text: str, spans: list[dict[str, Any]]) -> None:
    typer.echo(f"== {ident} ({len(spans)} spans)")
    for span in spans:
        words = text[span["start"] : span["end"]].replace("\n", " ")[:70]
        typer.echo(
            f"   {span['start']:>6}-{span['end']:<6} {span['layer']:<15} "
            f"{span['label']:<16} {span['score'] or '':<6} {words}"
        )
