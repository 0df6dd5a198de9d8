"""The project store: one SQLite file per project or coder copy. See docs/schema.md."""

import sys

_OPTIONAL = ("pandas", "numpy")


def _import_sqlite_utils() -> None:
    """sqlite-utils imports pandas and numpy whenever they are installed, only to map their
    scalar types to column types; the store never writes such values. Those two imports
    cost a third of a second of the app's start-up, so they are skipped here; both stay
    importable for everything else."""
    skipped = [name for name in _OPTIONAL if name not in sys.modules]
    for name in skipped:
        sys.modules[name] = None  # type: ignore[assignment]  # "import name" now fails
    try:
        import sqlite_utils  # noqa: F401 - imported once, here
    finally:
        for name in skipped:
            del sys.modules[name]


_import_sqlite_utils()

from annotator.store.project import Project, ProjectMeta  # noqa: E402

__all__ = ["Project", "ProjectMeta"]
