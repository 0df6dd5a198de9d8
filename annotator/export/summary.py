"""What an export wrote: files and sizes, labels by layer and scheme, and what was changed on
the way (spans snapped to tokens, duplicates merged, the train/dev split)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ExportSummary:
    format: str
    source: str
    path: Path
    files: list[Path] = field(default_factory=list)
    articles: int = 0
    spans: int = 0
    answers: int = 0
    relations: int = 0
    by_layer: Counter = field(default_factory=Counter)
    by_scheme: Counter = field(default_factory=Counter)
    # spaCy only
    docs: dict[str, int] = field(default_factory=dict)  # "train"/"dev" -> documents
    stories: dict[str, int] = field(default_factory=dict)  # "train"/"dev" -> story groups
    snapped: int = 0  # spans widened to token boundaries
    unaligned: list[str] = field(default_factory=list)  # spans no token covers (reported)
    duplicates: int = 0  # identical spans written once
    overlaps: int = 0  # spans overlapping another of their span group (kept)
    notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # gold articles left out, and why
    examples: list[str] = field(default_factory=list)  # a few snapped spans, before -> after

    def count(self, article: Any) -> None:
        self.articles += 1
        self.spans += len(article.spans)
        self.answers += len(article.answers)
        self.relations += len(article.relations)
        self.by_layer.update(span.layer for span in article.spans)
        self.by_scheme.update(answer.scheme for answer in article.answers)

    def lines(self) -> list[str]:
        """The summary for people, one fact a line."""
        out = [
            f"Wrote {self.format} from {self.source} to {self.path}: {self.articles} article(s), "
            f"{self.spans} span(s), {self.answers} document label(s), "
            f"{self.relations} relation(s)"
        ]
        if self.by_layer:
            layers = sorted(self.by_layer.items())
            out.append("  spans: " + ", ".join(f"{k} {v}" for k, v in layers))
        if self.by_scheme:
            out.append(
                "  document labels: "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.by_scheme.items()))
            )
        if self.docs:
            out.append(
                f"  split: train {self.docs.get('train', 0)} doc(s) from "
                f"{self.stories.get('train', 0)} story group(s), dev {self.docs.get('dev', 0)} "
                f"doc(s) from {self.stories.get('dev', 0)}"
            )
            out.append(
                f"  spans snapped to token boundaries: {self.snapped}; duplicates merged: "
                f"{self.duplicates}; overlapping spans kept: {self.overlaps}"
            )
        for example in self.examples:
            out.append(f"    snapped {example}")
        if self.unaligned:
            out.append(f"  spans that cover no token (not in the DocBin): {len(self.unaligned)}")
            out.extend(f"    {item}" for item in self.unaligned[:10])
        out.extend(f"  note: {note}" for note in self.notes)
        if self.left_out:
            out.append(
                f"  left out {len(self.left_out)} partly adjudicated article(s): their undecided "
                "units would be missing labels (to export them anyway: --include-partial, or "
                "'Include partly adjudicated articles' in the app)"
            )
            out.extend(f"    {why}" for why in self.left_out[:10])
            if len(self.left_out) > 10:
                out.append(f"    … and {len(self.left_out) - 10} more")
        for path in self.files:
            size = path.stat().st_size if path.exists() else 0
            out.append(f"  {path} ({_size(size)})")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "source": self.source,
            "path": str(self.path),
            "files": [
                {"path": str(p), "bytes": p.stat().st_size if p.exists() else 0} for p in self.files
            ],
            "articles": self.articles,
            "spans": self.spans,
            "doc_labels": self.answers,
            "relations": self.relations,
            "by_layer": dict(self.by_layer),
            "by_scheme": dict(self.by_scheme),
            "docs": self.docs,
            "stories": self.stories,
            "snapped": self.snapped,
            "unaligned": self.unaligned,
            "duplicates": self.duplicates,
            "overlaps": self.overlaps,
            "notes": self.notes,
            "left_out": self.left_out,
        }


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"
