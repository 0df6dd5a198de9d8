"""``annotator train``: a suggester trained on the labels; and ``detect PATHS --model``, which
runs it on documents (``detect_with_model`` is called by ``annotator detect``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from annotator.cli.app import app, emit_json, reports_errors
from annotator.cli.export_commands import SourceOpt, echo_progress
from annotator.codebook import default_codebook
from annotator.export import Source
from annotator.store import Project
from annotator.training import TrainOptions, train_model


@app.command()
@reports_errors
def train(
    project: Annotated[Path, typer.Argument(help="The project file (.sqlite).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The model folder to make.")],
    source: SourceOpt = "gold",
    layer: Annotated[str, typer.Option(help="The span layer the spancat learns.")] = "loaded",
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
    name: Annotated[str, typer.Option(help="The model's name (its suggestions' mark).")] = (
        "suggester"
    ),
    version: Annotated[str, typer.Option("--model-version", help="The model's version.")] = (
        "0.1.0"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace a model folder.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Train a suggester on the CPU: a spaCy spancat for one span layer (loaded language) and a
    textcat for one scheme (the primary frame), from the gold labels unless --source says
    otherwise. Prints the evaluation on the dev split (split by story).

    The folder is a spaCy pipeline; use it with 'annotator detect --model FOLDER' or choose it
    as the suggester in the app. FOLDER/training keeps the config and the data it came from.

    Example: annotator train study.sqlite -o models/loaded-v1 --max-steps 1000
    """
    options = TrainOptions(
        source=Source.parse(source),
        layer=layer,
        scheme=scheme,
        dev_fraction=dev_fraction,
        seed=seed,
        max_steps=max_steps,
        eval_frequency=eval_frequency,
        patience=patience,
        width=width,
        name=name,
        version=version,
        force=force,
    )
    with Project.open(project, readonly=True) as opened:
        result = train_model(opened, output, options, echo_progress(as_json))
    if as_json:
        emit_json(
            {
                "model": str(result.path),
                "name": result.name,
                "version": result.version,
                "steps": result.steps,
                "export": result.export.to_dict(),
                "scores": result.scores,
            }
        )
    else:
        typer.echo("\n".join(result.lines()))


def detect_with_model(model: Path, documents: list[tuple[str, str]], jsonl: bool) -> None:
    """``annotator detect PATHS --model``: the suggestions of a trained pipeline, printed.
    (A project is filled by ``annotator detect --project``, with the project's suggester.)"""
    from annotator.training.suggester import load_model, model_detector, model_suggestions

    nlp = load_model(model)
    name, model_version = model_detector(nlp)
    typer.echo(f"detector: {name} {model_version}", err=True)
    texts = [text for _, text in documents]
    found = model_suggestions(nlp, texts, default_codebook())
    for (ident, text), spans in zip(documents, found, strict=True):
        if jsonl:
            record = {"id": ident, "text": text, "spans": spans, "detector": name}
            record["version"] = model_version
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        typer.echo(f"== {ident} ({len(spans)} spans)")
        for span in spans:
            words = text[span["start"] : span["end"]].replace("\n", " ")[:70]
            typer.echo(
                f"   {span['start']:>6}-{span['end']:<6} {span['layer']:<15} "
                f"{span['label']:<16} {span['score'] or '':<6} {words}"
            )
