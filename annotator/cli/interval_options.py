"""Command-line options shared by ``agree`` and ``agree-matrix``: bootstrap intervals and
the reliability report file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from annotator.agreement.project_result import ProjectAgreement
from annotator.agreement.reliability import AgreementDataError
from annotator.agreement.reliability_report import report_html, report_markdown
from annotator.agreement.report_intervals import IntervalSettings

REPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


class BootstrapMethod(StrEnum):
    units = "units"
    kalpha = "kalpha"


def interval_settings(
    samples: int, seed: int, method: BootstrapMethod | str
) -> IntervalSettings | None:
    """None without --bootstrap; a clear error for a negative count."""
    if samples < 0:
        raise AgreementDataError("--bootstrap needs a number of resamples of 0 or more")
    if samples == 0:
        return None
    return IntervalSettings(samples, seed, str(method))


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


def write_report(result: ProjectAgreement, path: Path, kind: str | None) -> None:
    text = report_html(result) if kind == "html" else report_markdown(result)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AgreementDataError(f"{path}: cannot write the report ({exc.strerror})") from None
