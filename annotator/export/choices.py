"""The words export's options take (``--format``, ``--source``), kept apart from the export
code so that the command line's help can show them without loading the store."""

from __future__ import annotations

FORMATS = ("jsonl", "spacy", "csv", "parquet")
SOURCE_HELP = "gold (default), coder:NAME, or all-coders"
