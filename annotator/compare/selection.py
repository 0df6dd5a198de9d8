"""What a comparison compares: the label source (gold, one coder, all coders pooled, or the
detector's suggestions) and how articles are grouped (by outlet, or any article field).

Both are parsed from the words a user types (``--source``, ``--by``) and checked against the
project, so a mistake is a clear message naming what there is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from annotator.detect_layers import describe_version
from annotator.errors import AnnotatorError
from annotator.model import ARTICLE_FIELDS

if TYPE_CHECKING:  # loaded without the store: the command line's help reads this module
    from annotator.store import Project

SOURCE_HELP = "gold, coder:NAME, all-coders, suggestions or suggestions:DETECTOR"
DATE_BINS = ("year", "month", "week", "day")
BY_HELP = (
    f"outlet, {', '.join(f for f in ARTICLE_FIELDS if f != 'outlet')}, "
    f"published:{'|'.join(DATE_BINS)}, or meta.KEY"
)


class CompareError(AnnotatorError):
    """A comparison that cannot be made as asked: an unknown source, field, story or path."""


@dataclass(frozen=True)
class LabelSource:
    """Where the labels come from. ``name`` is what the user typed; ``who`` is resolved
    against the project: the detector (suggestions) or the coder's uuid (one coder)."""

    kind: str  # "gold", "coder", "all-coders" or "suggestions"
    name: str = ""  # coder name or detector, as given
    who: str | None = None
    description: str = ""

    @classmethod
    def parse(cls, text: str) -> LabelSource:
        text = text.strip()
        if text in ("gold", "all-coders", "suggestions"):
            return cls(text)
        for kind in ("coder", "suggestions"):
            if text.startswith(f"{kind}:") and text[len(kind) + 1 :].strip():
                return cls(kind, text[len(kind) + 1 :].strip())
        raise CompareError(f"unknown label source '{text}'; choose {SOURCE_HELP}")

    @property
    def rows(self) -> str:
        """The store's name for the rows this source reads (annotator.store.compare_rows)."""
        return {"gold": "gold", "suggestions": "suggestions"}.get(self.kind, "coders")

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}" if self.name else self.kind

    def resolve(self, project: Project) -> LabelSource:
        """This source with ``who`` and ``description`` filled in from the project."""
        if self.kind == "gold":
            return LabelSource("gold", description="gold: the adjudicated labels")
        if self.kind == "all-coders":
            coders = project.coders.list()
            return LabelSource(
                "all-coders",
                description=f"all coders pooled ({len(coders)} coders; each coder's coding "
                "of an article counts once)",
            )
        if self.kind == "coder":
            from annotator.export.selection import coder_uuid

            uuid = coder_uuid(project, self.name)
            coder = project.coders.get(uuid)
            name = coder.name if coder else self.name
            return LabelSource("coder", self.name, uuid, f"coder {name}")
        from annotator.store.compare_rows import detector_names

        detectors = detector_names(project)
        if not detectors:
            raise CompareError(
                f"{project.path.name} has no suggestions; run 'annotator detect --project "
                f"{project.path}' first"
            )
        if self.name:
            if self.name not in detectors:
                raise CompareError(
                    f"no suggestions from '{self.name}'; detectors: {', '.join(sorted(detectors))}"
                )
            detector = self.name
        elif len(detectors) > 1:
            raise CompareError(
                "suggestions come from more than one detector; choose one with "
                f"--source suggestions:DETECTOR ({', '.join(sorted(detectors))})"
            )
        else:
            detector = detectors[0]
        return LabelSource("suggestions", self.name, detector, self.suggestions_of(detector, []))

    @staticmethod
    def suggestions_of(detector: str, versions: list[str]) -> str:
        """How suggestions are described, with the detector versions met when counting."""
        named = "; ".join(describe_version(detector, v) for v in sorted(versions)) or detector
        return f"suggestions of {named} (the detector's, not a coder's)"


@dataclass(frozen=True)
class GroupBy:
    """An article field to group by: a column, ``meta.KEY``, or ``published:BIN``."""

    field: str
    bin: str | None = None

    @classmethod
    def parse(cls, text: str) -> GroupBy:
        text = text.strip()
        field, _, bin_ = text.partition(":")
        if field == "published" and bin_:
            if bin_ not in DATE_BINS:
                raise CompareError(f"published:{bin_}: choose published:{'|'.join(DATE_BINS)}")
            return cls(field, bin_)
        if text in ARTICLE_FIELDS or (text.startswith("meta.") and len(text) > 5):
            return cls(text)
        raise CompareError(f"cannot group by '{text}'; choose {BY_HELP}")

    def __str__(self) -> str:
        return f"{self.field}:{self.bin}" if self.bin else self.field

    def group_name(self, value: object) -> str:
        """The group an article with this field value belongs to."""
        text = "" if value is None else str(value).strip()
        if self.bin:
            try:
                day = date.fromisoformat(text[:10])
            except ValueError:
                return "(no date)"
            if self.bin == "year":
                return f"{day.year}"
            if self.bin == "month":
                return f"{day.year}-{day.month:02d}"
            if self.bin == "week":
                year, week, _ = day.isocalendar()
                return f"{year}-W{week:02d}"
            return day.isoformat()
        name = self.field.removeprefix("meta.")
        return text or f"(no {name})"
