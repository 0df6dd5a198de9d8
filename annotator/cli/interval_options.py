"""Command-line options shared by ``agree`` and ``agree-matrix``: bootstrap intervals and
the reliability report file (annotator.agreement.report_files writes it)."""

from __future__ import annotations

from enum import StrEnum

from annotator.agreement.reliability import AgreementDataError
from annotator.agreement.report_files import check_report_path, write_report
from annotator.agreement.report_intervals import IntervalSettings

__all__ = ["BootstrapMethod", "check_report_path", "interval_settings", "write_report"]


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
