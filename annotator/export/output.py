"""Where an export writes, checked before any work, and written so that a failure or a cancel
leaves nothing behind.

A ``jsonl`` export is one file; the other formats write a folder of files. Files are written
under a staging name in the same folder and renamed into place only when the whole export has
succeeded; an existing file is replaced only with ``force``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from annotator.export.selection import ExportError


def check_output(path: Path, folder: bool, names: Sequence[str], force: bool) -> None:
    """Refuse a path that exists (unless ``force``) or cannot be written, before any work.

    ``names`` are the files a folder export will write; other files in the folder are left
    alone, so only those names count as "already exists".
    """
    path = Path(path)
    if folder:
        if path.exists() and not path.is_dir():
            raise ExportError(f"{path} is a file; this format writes a folder of files")
        clashes = [path / name for name in names if (path / name).exists()]
        if clashes and not force:
            raise ExportError(
                f"{clashes[0]} already exists; choose another folder or replace it (--force)"
            )
        where = path if path.is_dir() else path.parent
    else:
        if path.is_dir():
            raise ExportError(f"{path} is a folder; this format writes one file")
        if path.exists() and not force:
            raise ExportError(f"{path} already exists; choose another name or replace it (--force)")
        where = path.parent
    if not where.exists():
        raise ExportError(f"{where} does not exist")
    try:  # a real write: permission bits alone do not tell (an administrator, a read-only disk)
        with tempfile.NamedTemporaryFile(dir=where, prefix=".export-check-"):
            pass
    except OSError as exc:
        raise ExportError(
            f"{where} is not writable ({exc.strerror or exc}); choose a folder you can write to"
        ) from None


class Staging:
    """Files written under temporary names, renamed to their real names by ``commit``."""

    def __init__(self, path: Path, folder: bool):
        self.path = Path(path)
        self.folder = folder
        self.parts: dict[Path, Path] = {}  # final path -> staged path

    def file(self, name: str | None = None) -> Path:
        """Where to write the file ``name`` (a folder export) or the export's one file."""
        final = self.path / name if self.folder and name else self.path
        staged = final.parent / f".{final.name}.partial-{os.getpid()}"
        if self.folder:  # a name may hold a subfolder ("Amira/article.ann")
            staged = self.path.parent / f".{self.path.name}.partial-{os.getpid()}" / str(name)
            staged.parent.mkdir(parents=True, exist_ok=True)
        self.parts[final] = staged
        return staged

    def commit(self) -> list[Path]:
        if self.folder:
            self.path.mkdir(exist_ok=True)
        for final, staged in self.parts.items():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        self._remove_staging_folder()
        return list(self.parts)

    def discard(self) -> None:
        for staged in self.parts.values():
            with contextlib.suppress(OSError):
                staged.unlink()
        self._remove_staging_folder()

    def _remove_staging_folder(self) -> None:
        if self.folder:
            folder = self.path.parent / f".{self.path.name}.partial-{os.getpid()}"
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def staged_output(path: Path, folder: bool) -> Iterator[Staging]:
    """Commit the staged files when the block ends normally; discard them on any error."""
    staging = Staging(path, folder)
    try:
        yield staging
        staging.commit()
    except OSError as exc:
        staging.discard()
        where = exc.filename or path
        raise ExportError(
            f"{where}: cannot write ({exc.strerror or exc}); nothing written"
        ) from None
    except BaseException:
        staging.discard()
        raise
