"""Command-line options shared by ``agree`` and ``agree-matrix``: bootstrap intervals. The
reliability report file is written by annotator.agreement.report_files, which the commands
import when they run."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

# the agreement code (numpy) loads when a command runs, not when the command line starts
if TYPE_CHECKING:
    from annotator.agreement.report_intervals import IntervalSettings


class BootstrapMethod(StrEnum):
    units = "units"
    kalpha = "kalpha"


def interval_settings(
    samples: int, seed: int, method: BootstrapMethod | str
) -> IntervalSettings | None:
    """None without --bootstrap; a clear error for a negative count."""
    from annotator.agreement.reliability import AgreementDataError
    from annotator.agreement.report_intervals import IntervalSettings

    if samples < 0:
        raise AgreementDataError("--bootstrap needs a number of resamples of 0 or more")
    if samples == 0:
        return None
    return IntervalSettings(samples, seed, str(method))
