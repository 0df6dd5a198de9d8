"""Export labels as training data (JSONL, spaCy DocBin, CSV, Parquet), and read labeled JSONL
back in (ours, Prodigy's and doccano's). See docs/export.md.

- ``export_project(project, path, ExportOptions(...), progress=...) -> ExportSummary``
- ``Selection(source=Source.parse("gold" | "coder:NAME" | "all-coders"), layers, schemes,
  status)``: which labels.

Importing the package loads none of it: each name below loads its module on first use, so
``annotator.export.choices`` (the command line's help texts) comes without the store; spaCy and
pyarrow load only when their format is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.lazy_names import lazy_names

if TYPE_CHECKING:
    from annotator.export.choices import FORMATS
    from annotator.export.label_rows import ArticleExport, read_articles
    from annotator.export.project_export import ExportOptions, export_project
    from annotator.export.selection import ExportError, Selection, Source, labeled_articles
    from annotator.export.summary import ExportSummary

_MODULES = {
    "choices": ("FORMATS",),
    "label_rows": ("ArticleExport", "read_articles"),
    "project_export": ("ExportOptions", "export_project"),
    "selection": ("ExportError", "Selection", "Source", "labeled_articles"),
    "summary": ("ExportSummary",),
}
# ``annotator.export.NAME``: imported from its module the first time it is asked for
__getattr__ = lazy_names(__name__, _MODULES, globals())


__all__ = [
    "FORMATS",
    "ArticleExport",
    "ExportError",
    "ExportOptions",
    "ExportSummary",
    "Selection",
    "Source",
    "export_project",
    "labeled_articles",
    "read_articles",
]
