"""Writing a reliability report file (.md or .html) for ``agree``, ``agree-matrix`` and the
agreement dashboard: the format from the file's suffix, checked before any work is done."""

from __future__ import annotations

from pathlib import Path

from annotator.agreement.project_result import ProjectAgreement
from annotator.agreement.reliability import AgreementDataError
from annotator.agreement.reliability_report import report_html, report_markdown

REPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def check_report_path(path: Path | None) -> str | None:
    """The report's format from its suffix; refused before any work is done."""
    if path is None:
        return None
    kind = REPORT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise AgreementDataError(f"{path}: a report is .md or .html")
    if path.exists() and path.is_dir():
        raise AgreementDataError(f"{path}: is a folder, not a file")
    if not path.parent.exists():
        raise AgreementDataError(f"{path}: the folder {path.parent} does not exist")
    return kind


def write_report(result: ProjectAgreement, path: Path, kind: str | None = None) -> None:
    """Write the report; ``kind`` (markdown or html) defaults to the one the suffix names."""
    kind = kind or check_report_path(path)
    text = report_html(result) if kind == "html" else report_markdown(result)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AgreementDataError(f"{path}: cannot write the report ({exc.strerror})") from None
