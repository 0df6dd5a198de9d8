"""Importers: text, Markdown, HTML, JSON Lines, CSV, folders and manifests."""

from annotator.ingest.importer import ImportOptions, ImportReport, import_paths, read_file

__all__ = ["ImportOptions", "ImportReport", "import_paths", "read_file"]
