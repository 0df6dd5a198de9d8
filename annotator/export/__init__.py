"""Export labels as training data (JSONL, spaCy DocBin, CSV, Parquet), and read labeled JSONL
back in (ours, Prodigy's and doccano's). See docs/export.md.

- ``export_project(project, path, ExportOptions(...), progress=...) -> ExportSummary``
- ``Selection(source=Source.parse("gold" | "coder:NAME" | "all-coders"), layers, schemes,
  status)``: which labels.

Importing this package is cheap: spaCy and pyarrow load only when their format is written.
"""

from annotator.export.label_rows import ArticleExport, read_articles
from annotator.export.project_export import FORMATS, ExportOptions, export_project
from annotator.export.selection import ExportError, Selection, Source, labeled_articles
from annotator.export.summary import ExportSummary

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
