"""``export_project``: one call that checks the options and the output path, reads the selected
labels, writes one format, and returns the summary. Nothing is left behind on an error, a
cancel, or when there is nothing to export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.export.label_rows import ArticleExport, read_articles
from annotator.export.output import check_output, staged_output
from annotator.export.selection import ExportError, Selection, labeled_articles
from annotator.export.summary import ExportSummary
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store.export_rows import label_totals

FORMATS = ("jsonl", "spacy", "csv", "parquet")
SUFFIXES = {"jsonl": ".jsonl", "spacy": "", "csv": "", "parquet": ""}


@dataclass(frozen=True)
class ExportOptions:
    format: str = "jsonl"
    selection: Selection = field(default_factory=Selection)
    force: bool = False
    # spaCy only
    dev_fraction: float = 0.2
    seed: int = 0
    span_key: str | None = "sc"  # None: one span group per layer, named after it
    cats: str | None = None  # the scheme for doc.cats; None: the first single-choice one


def output_names(options: ExportOptions, layers: list[str]) -> list[str]:
    """The files a folder format writes (empty for jsonl, which writes one file)."""
    if options.format == "spacy":
        from annotator.export.docbin import docbin_names

        return docbin_names()
    if options.format == "csv":
        from annotator.export.tables import csv_names

        return csv_names(layers)
    if options.format == "parquet":
        from annotator.export.tables import parquet_names

        return parquet_names()
    return []


def existing_outputs(path: str | Path, options: ExportOptions, layers: list[str]) -> list[Path]:
    """The files an export to ``path`` would replace (the app asks before it does)."""
    path = Path(path)
    if options.format == "jsonl":
        return [path] if path.is_file() else []
    return [path / name for name in output_names(options, layers) if (path / name).exists()]


def export_project(
    project: Project,
    path: str | Path,
    options: ExportOptions | None = None,
    progress: ProgressCallback = no_progress,
) -> ExportSummary:
    """Write the selected labels of ``project`` to ``path`` in ``options.format``.

    Raises ExportError before writing anything when the options, the path or the labels do
    not allow the export (no labels: nothing is written). A progress callback that raises
    ``Cancelled`` stops the export and removes what it had written.
    """
    options = options or ExportOptions()
    if options.format not in FORMATS:
        raise ExportError(f"unknown format '{options.format}'; choose {', '.join(FORMATS)}")
    path = Path(path)
    selection = options.selection
    book = project.codebook
    layers = list(selection.layers or [layer.name for layer in book.layers])
    folder = options.format != "jsonl"
    check_output(path, folder, output_names(options, layers), options.force)
    if options.format == "parquet":
        from annotator.export.tables import require_pyarrow

        require_pyarrow()
    progress(0, None, "Finding the labels to export")
    labeled = labeled_articles(project, selection)
    if not labeled:
        raise ExportError(_nothing_message(project, selection))
    summary = ExportSummary(options.format, str(selection.source), path)
    total = len(labeled)

    def counted() -> Iterator[ArticleExport]:
        for article in read_articles(project, selection, details=options.format != "spacy"):
            summary.count(article)
            if summary.articles % 50 == 1 or summary.articles == total:
                progress(summary.articles, total, f"Exported {summary.articles} of {total}")
            yield article

    writer = _writer(options.format)
    with staged_output(path, folder) as staging:
        writer(
            counted(),
            staging,
            summary,
            labeled=labeled,
            codebook=book,
            layers=layers,
            schemes=selection.schemes,
            dev_fraction=options.dev_fraction,
            seed=options.seed,
            span_key=options.span_key,
            cats=options.cats,
            per_coder=selection.source.kind == "all-coders",
        )
        progress(total, total, "Saving the files")
    summary.files = sorted(staging.parts)
    return summary


def _writer(fmt: str):
    if fmt == "jsonl":
        from annotator.export.jsonl import write_jsonl

        return write_jsonl
    if fmt == "spacy":
        from annotator.export.docbin import write_docbin

        return write_docbin
    from annotator.export.tables import write_csv, write_parquet

    return write_csv if fmt == "csv" else write_parquet


def _nothing_message(project: Project, selection: Selection) -> str:
    filters = []
    if selection.layers:
        filters.append(f"layers {', '.join(selection.layers)}")
    if selection.schemes:
        filters.append(f"schemes {', '.join(selection.schemes)}")
    if selection.status:
        filters.append(f"status {selection.status}")
    where = f" ({'; '.join(filters)})" if filters else ""
    message = f"{project.path.name} has no labels from {selection.source}{where}; nothing written"
    if selection.source.kind == "gold":
        gold, coders = label_totals(project)
        if coders and not gold:
            message += (
                f". It has {coders} coder label(s) but no gold yet: adjudicate with "
                "'annotator gold', or export --source all-coders or coder:NAME"
            )
    return message
