"""Arguments and options that many commands share: the project file and ``--json``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ProjectArg = Annotated[Path, typer.Argument(help="The project file (.sqlite).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
