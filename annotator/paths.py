"""Where the app keeps its files.

platformdirs decides by default; the one environment variable ``ANNOTATOR_HOME`` moves all of
them under one folder, so tests and scripts never touch a user's real profile.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

import platformdirs

from annotator.errors import DataFolderError

APP_NAME = "media-bias-annotator"
HOME_VARIABLE = "ANNOTATOR_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value).expanduser() if value else None


def _ensure(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderError(
            f"the app's folder {path} cannot be made ({exc.strerror or exc}). Make it writable, "
            f"or set {HOME_VARIABLE} to a folder you can write."
        ) from None
    if not path.is_dir():
        raise DataFolderError(
            f"{path} should be a folder for the app's files, but it is a file. Move it, or set "
            f"{HOME_VARIABLE} to a folder you can write."
        )
    return path


def data_dir() -> Path:
    """Projects the app creates itself (the sample project) and other user data."""
    home = _home()
    return _ensure(home / "data" if home else platformdirs.user_data_path(APP_NAME, False))


def config_dir() -> Path:
    """Preferences and the coder profile."""
    home = _home()
    return _ensure(home / "config" if home else platformdirs.user_config_path(APP_NAME, False))


def log_dir() -> Path:
    home = _home()
    return _ensure(home / "logs" if home else platformdirs.user_log_path(APP_NAME, False))


def backup_dir() -> Path:
    """Rotating backups of every project opened for writing."""
    return _ensure(data_dir() / "backups")


@functools.cache
def _resource_root() -> Path:
    """resources/ as installed (annotator/resources in a wheel or a bundle) or in a checkout
    (the repository's resources/, which an editable install maps to annotator.resources)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "codebooks").is_dir():
            return candidate
    return Path(str(resources.files("annotator.resources")))


def resource_path(*parts: str) -> Path:
    """A file shipped in resources/ (installed as the package annotator.resources)."""
    return _resource_root().joinpath(*parts)


def sample_project_path() -> Path:
    return data_dir() / "samples" / "idlib-2020.sqlite"
