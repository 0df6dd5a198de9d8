"""Errors a user can cause. Each carries a message fit to show as it is, naming the file."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` safe to print and store as UTF-8: bytes of a file name that is not UTF-8 (which
    Python keeps as lone surrogates) shown as ``\\xe9``, other lone surrogates as ``\\ud800``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


class AnnotatorError(Exception):
    """Base of every error the CLI and the UI show as a clear message instead of a traceback."""

    def __str__(self) -> str:
        return printable(super().__str__())


class ProjectError(AnnotatorError):
    """The project file cannot be used: not a project, too new, read-only, corrupt."""


class ProjectLockedError(ProjectError):
    """Another process has the project open for writing."""


class BackupError(ProjectError):
    """A backup could not be written (disk or backup folder full, folder not writable)."""


class DataFolderError(AnnotatorError):
    """The app's data, settings or log folder cannot be made or written."""


class CodebookError(AnnotatorError):
    """A codebook that cannot be parsed or does not validate; the message names the key."""


class LabelError(AnnotatorError):
    """A label that does not fit its article's text or the project's codebook."""


class IngestError(AnnotatorError):
    """A file that cannot be imported; the message names the file and the line where it applies."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None):
        path = printable(path)
        where = path + (f" line {line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.reason = message


class Cancelled(AnnotatorError):
    """Raised from a progress callback to stop long work; the step is rolled back."""
