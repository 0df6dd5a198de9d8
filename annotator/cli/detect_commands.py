"""Commands that run and measure the detector: detect, eval-detect."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from annotator.cli.app import app, emit_json, fail, reports_errors
from annotator.cli.options import JsonOpt
from annotator.cli.progress_bar import progress_bar
from annotator.detect.sensitivity import DEFAULT_SENSITIVITY, SENSITIVITIES
from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.detect import DetectionResult
    from annotator.project_detection import Sensitivity

# spaCy loads in the commands' bodies (annotator.detect, annotator.project_detection), never
# when the command line starts (tests/core/test_cli_start.py)

TierOpt = Annotated[
    str,
    typer.Option(
        "--tier",
        help="auto (the parser tier if an English parser is installed), parser, or blank.",
    ),
]

MinScoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--min-score",
        help="LAYER=X: show only suggestions of LAYER scoring at least X (0..1); all=X for "
        "every layer. Repeat for more layers.",
    ),
]
SensitivityOpt = Annotated[
    str | None,
    typer.Option(
        help=f"Minimum scores per layer: {', '.join(SENSITIVITIES)} ({DEFAULT_SENSITIVITY} "
        "unless the project chose another); --min-score overrides.",
    ),
]
NestedOpt = Annotated[
    bool,
    typer.Option(
        "--nested",
        help="Also suggest attributions nested inside another attribution's quoted content.",
    ),
]


@app.command()
@reports_errors
def detect(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Text files (one document each), .jsonl files of {id, text}, or -."),
    ] = None,
    project: Annotated[
        Path | None, typer.Option(help="Fill this project's suggestions instead.")
    ] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per document.")] = False,
    tier: Annotated[
        str | None,
        typer.Option(
            "--tier",
            help="The rules' tier: auto (the parser tier if an English parser is installed), "
            "parser, or blank. With --project: store it as the project's suggester.",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per spaCy batch.")] = 32,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print JSON for scripts: with PATHS the detector and every document (as "
            "--jsonl prints them), with --project a summary.",
        ),
    ] = False,
    model: Annotated[
        Path | None,
        typer.Option(
            help="Suggest with a model folder made by 'annotator train' instead; with --tier "
            "too, merged with the rules (the model's spans, and the rules' that overlap none "
            "of them in their layer). With --project: store it as the project's suggester."
        ),
    ] = None,
    processes: Annotated[
        int,
        typer.Option(min=1, help="With PATHS: detect in this many processes (same output)."),
    ] = 1,
    min_score: MinScoreOpt = None,
    sensitivity: SensitivityOpt = None,
    nested: NestedOpt = False,
) -> None:
    """Suggest loaded language and attributions.

    With PATHS, prints each document's spans (layers loaded, attribution_cue, source, quote);
    offsets are code points into "text" as printed. With --project, fills the project's
    suggestions with the project's suggester, as the app does (coders' labels are never
    touched), and prints the counts. The suggester is the rules at the best tier unless
    --tier or --model chose another; that choice is stored in the project. Every rule
    suggestion has a score (0..1); --sensitivity and --min-score choose which are kept (with
    --project: stored as the project's sensitivity).

    \b
    Examples:
      annotator detect article.txt --jsonl
      annotator detect docs.jsonl --jsonl --min-score attribution_cue=0.8
      annotator detect corpus.jsonl --jsonl --processes 4 > detected.jsonl
      annotator detect --project study.sqlite
      annotator detect --project study.sqlite --model models/loaded-v1
      annotator detect --project study.sqlite --sensitivity high_precision
      annotator detect news.jsonl --jsonl --model models/roles-v1 --tier auto
    """
    if project is not None and paths:
        raise fail("give either PATHS or --project, not both")
    if project is None and not paths:
        raise fail("give PATHS to read, or --project to fill a project's suggestions")
    if processes > 1 and (project is not None or model is not None or nested):
        raise fail("--processes works with PATHS (not with --project, --model or --nested)")
    if nested and project is not None:
        raise fail("--nested works with PATHS (a project keeps the suggestions PolNeAR marks)")
    if jsonl and as_json:
        raise fail("give --jsonl (one line per document) or --json (one JSON document), not both")
    from annotator.detect.sensitivity import keep_passing, min_scores, parse_min_scores

    overrides = parse_min_scores(min_score or [])
    scores = min_scores(sensitivity or DEFAULT_SENSITIVITY, overrides)
    if project is not None:
        if jsonl:
            raise fail("--jsonl prints the documents of PATHS; with --project use --json")
        from annotator.project_detection import Sensitivity

        chosen = None
        if sensitivity is not None or overrides:
            levels: dict[str, str | float] = {}
            if sensitivity is not None:
                levels = dict.fromkeys(SENSITIVITIES[sensitivity], sensitivity)
            chosen = Sensitivity({**levels, **overrides})
        _detect_project(project, tier, model, batch_size, as_json, chosen)
        return
    if model is not None:
        from annotator.cli.train_commands import detect_with_model

        documents = list(_read_documents(paths or []))
        detect_with_model(model, documents, jsonl, tier, batch_size, as_json, scores, nested)
        return
    from annotator.detect import (
        DETECTOR_NAME,
        build_pipeline,
        describe_pipeline,
        detect_texts,
        detector_version,
        pipeline_tier,
    )

    documents = list(_read_documents(paths or []))  # a bad file fails before spaCy loads
    nlp = build_pipeline(tier or "auto", nested)  # type: ignore[arg-type]
    version = detector_version(nlp)
    typer.echo(f"detector: {describe_pipeline(nlp)}, {version}", err=True)
    if processes > 1:
        from annotator.detect.processes import detect_in_processes

        texts = [text for _, text in documents]
        results = detect_in_processes(texts, pipeline_tier(nlp), processes, batch_size)
    else:
        results = detect_texts((text for _, text in documents), nlp, batch_size)
    records = []
    with progress_bar("Detecting", streams_stdout=not as_json) as progress:
        for done, ((ident, text), result) in enumerate(zip(documents, results, strict=True)):
            progress(done + 1, len(documents), "Detecting")
            result.spans = keep_passing(result.spans, scores, nested)
            record = {
                "id": ident,
                "text": text,
                "spans": result.spans,
                "language": result.language,
                "tier": result.tier,
                "detector": DETECTOR_NAME,  # so the output imports back as suggestions
                "version": version,
            }
            if as_json:
                records.append(record)
            elif jsonl:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                _print_document(ident, text, result)
    if as_json:
        emit_json(
            {
                "detector": describe_pipeline(nlp),
                "version": detector_version(nlp),
                "documents": records,
            }
        )


def _print_document(ident: str, text: str, result: DetectionResult) -> None:
    """One document's spans as text lines."""
    typer.echo(f"== {ident} ({len(result.spans)} spans)")
    if result.language.get("warning"):
        typer.echo(f"   warning: {result.language['warning']}")
    for span in result.spans:
        words = text[span["start"] : span["end"]].replace("\n", " ")
        if len(words) > 70:
            words = words[:67] + "..."
        typer.echo(
            f"   {span['start']:>6}-{span['end']:<6} {span['layer']:<15} "
            f"{span['label']:<16} {words}"
        )


def _detect_project(
    path: Path,
    tier: str | None,
    model: Path | None,
    batch_size: int,
    as_json: bool,
    sensitivity: Sensitivity | None,
) -> None:
    from annotator.project_detection import (
        SuggesterChoice,
        detect_with_choice,
        read_choice,
        read_sensitivity,
        save_choice,
        save_sensitivity,
    )
    from annotator.store import Project

    with Project.open(path) as opened:
        if tier is not None or model is not None:
            choice = SuggesterChoice(tier if tier is not None or model is None else None, model)
            save_choice(opened, choice)
        else:
            choice = read_choice(opened)
        if sensitivity is not None:
            save_sensitivity(opened, sensitivity)
        else:
            sensitivity = read_sensitivity(opened)
        with progress_bar("Detecting") as progress:
            report = detect_with_choice(opened, batch_size=batch_size, progress=progress)
    data = {
        "project": str(path),
        "suggester": choice.describe(),
        "sensitivity": sensitivity.min_scores(),
        "tier": report.tier,
        "detector": report.detector,
        "version": report.version,
        "articles": report.articles,
        "suggestions": dict(report.suggestions),
        "not_english": report.not_english,
    }
    if as_json:
        emit_json(data)
        return
    counts = ", ".join(f"{n} {layer}" for layer, n in sorted(report.suggestions.items()))
    typer.echo(f"Detected with {report.description}; {report.detector} {report.version}")
    if choice.rules is not None:
        typer.echo(f"  sensitivity: {sensitivity.describe()}")
    typer.echo(f"  {report.articles} articles: {counts or 'no suggestions'}")
    if report.not_english:
        shown = ", ".join(str(i) for i in report.not_english[:10])
        typer.echo(f"  language looks wrong (not English) in article(s) {shown}")


def _read_documents(paths: list[str]) -> Iterator[tuple[str, str]]:
    """(id, text) pairs: a text file is one document; .jsonl and stdin hold {id, text} lines."""
    for name in paths:
        if name == "-":
            yield from _jsonl_documents(sys.stdin.read().splitlines(), "<stdin>")
            continue
        path = Path(name)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise AnnotatorError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnnotatorError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
        if path.suffix.lower() == ".jsonl":
            yield from _jsonl_documents(text.splitlines(), str(path))
        else:
            yield str(path), text


def _jsonl_documents(lines: list[str], where: str) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotatorError(f"{where} line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise AnnotatorError(f"{where} line {number}: needs an object with a string 'text'")
        yield str(record.get("id", f"{where}:{number}")), record["text"]


@app.command("eval-detect")
@reports_errors
def eval_detect(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files {id, text, spans}.")],
    label_map: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="GOLD_LABEL=LAYER: score gold spans with this label against LAYER (repeat). "
            "Without it, gold spans name their layer in 'layer'.",
        ),
    ] = None,
    tier: TierOpt = "auto",
    min_score: MinScoreOpt = None,
    sensitivity: SensitivityOpt = None,
    nested: NestedOpt = False,
    predictions: Annotated[
        Path | None,
        typer.Option(
            help="Score this 'annotator detect --jsonl' output (matched by id) instead of "
            "detecting now; --min-score still applies."
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=0, help="How many missed and false strings.")] = 15,
    as_json: JsonOpt = False,
) -> None:
    """Precision, recall and F1 of the detector per layer: span overlap, words, exact spans.

    Counted as ../shared/corpora/score_spans.py counts. Also lists the strings most often
    missed and most often suggested wrongly.

    \b
    Examples:
      annotator eval-detect tests/data/gold/heldout.jsonl --tier blank
      annotator eval-detect polnear.jsonl --map Cue=attribution_cue \\
        --map Source=source --map Content=quote
    """
    from annotator.detect import build_pipeline, describe_pipeline, detect_texts, detector_version
    from annotator.detect.evaluate import (
        evaluate,
        format_errors,
        format_table,
        parse_label_map,
        read_gold,
    )
    from annotator.detect.sensitivity import keep_passing, min_scores, parse_min_scores

    mapping = parse_label_map(label_map or [])
    scores = min_scores(sensitivity or DEFAULT_SENSITIVITY, parse_min_scores(min_score or []))
    records = [record for path in gold for record in read_gold(path)]
    if predictions is not None:
        found = _predictions_by_id(predictions)
        predicted = [found.get(str(r.get("id")), {"spans": []}) for r in records]
        described, version = f"predictions in {predictions}", ""
    else:
        nlp = build_pipeline(tier, nested)  # type: ignore[arg-type]
        texts = (r["text"] for r in records)
        predicted = [{"spans": r.spans} for r in detect_texts(texts, nlp)]
        described, version = describe_pipeline(nlp), detector_version(nlp)
    for record in predicted:
        record["spans"] = keep_passing(record["spans"], scores, nested)
    results = evaluate(records, predicted, mapping or None, top)
    if as_json:
        emit_json(
            {
                "tier": described,
                "version": version,
                "documents": len(records),
                "min_scores": scores,
                "nested": nested,
                "map": mapping,
                "layers": [s.as_dict() for s in results],
            }
        )
        return
    typer.echo(f"{len(records)} documents; {described}; {version}".rstrip("; "))
    typer.echo(format_table(results, with_labels=not mapping))
    if top:
        typer.echo(format_errors(results))


def _predictions_by_id(path: Path) -> dict[str, dict[str, Any]]:
    from annotator.detect.evaluate import read_gold

    found = {}
    for record in read_gold(path):
        found[str(record.get("id"))] = record
    return found
