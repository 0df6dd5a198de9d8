"""What merging coder files finds and does, file by file: the report shown before anything is
kept, and the problems that stop a merge unless it is forced. docs/agreement.md lists the rules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.errors import AnnotatorError

MERGED_TABLES = ("spans", "doc_labels", "relations", "decisions", "progress")


@dataclass(frozen=True)
class ArticleIssue:
    """An article of the coder file that cannot take labels into the project."""

    uuid: str
    title: str
    labels: int  # live and tombstoned labels the file has on it


@dataclass(frozen=True)
class CoderClash:
    name: str
    file_uuid: str
    project_uuid: str
    project_name: str = ""
    project_has_labels: bool = False  # the project's coder of that name has labels already


@dataclass
class TableCounts:
    """Rows of one table: new to the project, updated (the file's were newer), unchanged,
    kept (the project's version is as new or newer and differs), skipped (see the report)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    skipped: int = 0


@dataclass
class CodebookCheck:
    project: str  # "name vVERSION (hash12)"
    file: str
    same: bool
    # labels the file made under a codebook other than the project's current one, by hash
    other_codebooks: dict[str, int] = field(default_factory=dict)
    # "spans loaded/foo (3)": live labels the project's codebook has no place for
    unknown: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str
    blocking: bool


@dataclass
class FileReport:
    path: str
    project_name: str
    same_project: bool
    coders: list[str]
    articles_in_file: int
    articles_matched: int = 0
    missing_in_project: list[ArticleIssue] = field(default_factory=list)
    missing_in_file: int = 0
    text_mismatches: list[ArticleIssue] = field(default_factory=list)
    codebook: CodebookCheck | None = None
    same_name_coders: list[CoderClash] = field(default_factory=list)
    renamed_coders: list[CoderClash] = field(default_factory=list)
    new_coders: list[str] = field(default_factory=list)
    tables: dict[str, TableCounts] = field(
        default_factory=lambda: {name: TableCounts() for name in MERGED_TABLES}
    )
    doc_label_collisions: int = 0  # same coder, article and scheme under another uuid
    dangling: int = 0  # relations or decisions whose span is not in the project
    bad_rows: list[str] = field(default_factory=list)  # rows that do not hold; never merged

    @property
    def problems(self) -> list[Problem]:
        found = []
        if not self.same_project:
            found.append(
                Problem(
                    "other_project",
                    f"{self.path} is not a copy of this project (it is '{self.project_name}')",
                    True,
                )
            )
        lost = [a for a in self.missing_in_project if a.labels]
        if lost:
            found.append(
                Problem(
                    "labels_without_article",
                    f"{sum(a.labels for a in lost)} labels are on {len(lost)} article(s) the "
                    f"project does not have (e.g. '{lost[0].title}'); they would be skipped",
                    True,
                )
            )
        quiet = len(self.missing_in_project) - len(lost)
        if quiet:
            found.append(
                Problem(
                    "missing_in_project",
                    f"{quiet} article(s) of the file are not in the project (no labels on them)",
                    False,
                )
            )
        if self.missing_in_file:
            found.append(
                Problem(
                    "missing_in_file",
                    f"{self.missing_in_file} article(s) of the project are not in the file",
                    False,
                )
            )
        mismatched = [a for a in self.text_mismatches if a.labels]
        if self.text_mismatches:
            found.append(
                Problem(
                    "text_mismatch",
                    f"{len(self.text_mismatches)} article(s) have the same id but a different "
                    f"text (e.g. '{self.text_mismatches[0].title}'); their "
                    f"{sum(a.labels for a in mismatched)} labels would be skipped",
                    bool(mismatched),
                )
            )
        if self.codebook is not None and not self.codebook.same:
            found.append(
                Problem(
                    "codebook_differs",
                    f"the file's codebook is {self.codebook.file}, the project's is "
                    f"{self.codebook.project}",
                    False,
                )
            )
        if self.codebook is not None and self.codebook.unknown:
            found.append(
                Problem(
                    "labels_outside_codebook",
                    "labels the project's codebook has no place for: "
                    + "; ".join(self.codebook.unknown[:6])
                    + (" …" if len(self.codebook.unknown) > 6 else ""),
                    True,
                )
            )
        for clash in self.same_name_coders:
            labelled = "has labels and " if clash.project_has_labels else ""
            found.append(
                Problem(
                    "same_name_coders",
                    f"coder '{clash.name}' has id {clash.file_uuid[:8]} in the file, but the "
                    f"project's '{clash.project_name}' {labelled}has id {clash.project_uuid[:8]};"
                    " they would count as two coders",
                    clash.project_has_labels,
                )
            )
        for clash in self.renamed_coders:
            found.append(
                Problem(
                    "renamed_coder",
                    f"coder {clash.file_uuid} is '{clash.name}' in the file and "
                    f"'{clash.project_name}' in the project; the project's name is kept",
                    False,
                )
            )
        if self.bad_rows:
            found.append(
                Problem(
                    "bad_rows",
                    f"{len(self.bad_rows)} row(s) of the file do not hold and would be skipped: "
                    + "; ".join(self.bad_rows[:3])
                    + (" …" if len(self.bad_rows) > 3 else ""),
                    True,
                )
            )
        if self.dangling:
            found.append(
                Problem(
                    "dangling_links",
                    f"{self.dangling} relation(s) or decision(s) point at spans that are not "
                    "merged; they are skipped",
                    False,
                )
            )
        return found

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data


@dataclass
class MergeReport:
    files: list[FileReport]
    committed: bool = False

    @property
    def blocking(self) -> list[Problem]:
        return [p for report in self.files for p in report.problems if p.blocking]

    def totals(self) -> dict[str, TableCounts]:
        result = {name: TableCounts() for name in MERGED_TABLES}
        for report in self.files:
            for name, counts in report.tables.items():
                for key, value in asdict(counts).items():
                    setattr(result[name], key, getattr(result[name], key) + value)
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "blocking": [asdict(p) for p in self.blocking],
            "totals": {name: asdict(counts) for name, counts in self.totals().items()},
            "files": [report.to_dict() for report in self.files],
        }


class MergeBlocked(AnnotatorError):
    """The report found problems that stop the merge; nothing was written."""

    def __init__(self, report: MergeReport):
        problems = report.blocking
        super().__init__(
            f"merge stopped, nothing was written: {problems[0].message}"
            + (f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else "")
        )
        self.report = report
