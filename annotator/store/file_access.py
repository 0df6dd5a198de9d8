"""What a project file and its folder allow, and what a failed write means, in plain words.

A project needs to write its file and, beside it, its journal (``-wal``, ``-shm``). Read-only
files, read-only folders and read-only file systems are told apart here, so that a healthy
project that cannot be written is opened read-only with a notice instead of being called
damaged; and a full disk is called full.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF)
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 3, 8, 10, 13, 14
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def why_not_writable(path: Path) -> str | None:
    """Why ``path`` (an existing project file) cannot be written, or None when it can."""
    folder = path.resolve().parent
    if _read_only_file_system(folder):
        return f"it is on a read-only disk or share ({folder})"
    # Mode bits too: an administrator's account may write anywhere, but a file marked
    # read-only was marked so on purpose.
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
        return "the file is read-only"
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is read-only, and a project writes its journal beside the file"
    return None


def _read_only_file_system(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # Windows: os.access tells read-only media apart
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in _FULL_ERRNOS
    return sqlite_code(exc) == _SQLITE_FULL


def is_read_only_failure(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in _READ_ONLY_ERRNOS
    return sqlite_code(exc) in (_SQLITE_PERM, _SQLITE_READONLY)


def cannot_open_read_only(exc: sqlite3.Error) -> bool:
    """SQLite's refusal to read a WAL database whose folder it may not create ``-shm`` in."""
    return sqlite_code(exc) in (_SQLITE_READONLY, _SQLITE_CANTOPEN)


def has_pending_journal(path: Path) -> bool:
    """True when ``path``'s ``-wal`` holds changes not yet written into the file itself."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def describe_write_failure(exc: BaseException, what: str, where: Path) -> str:
    """A sentence for a failed write of ``what`` into ``where`` (a file or a folder)."""
    if is_disk_full(exc):
        return f"{what} could not be written: the disk holding {where} is full. Free some space."
    if is_read_only_failure(exc):
        return f"{what} could not be written: {where} is read-only for you."
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"{what} could not be written to {where}: {detail}"


def database_failure(exc: sqlite3.Error) -> str:
    """What a database error that ended a command means; the step was rolled back."""
    if is_disk_full(exc):
        return "the disk is full; nothing of the step in progress was saved. Free some space."
    if is_read_only_failure(exc):
        return f"the project cannot be written ({exc}); nothing of the step was saved."
    if isinstance(exc, sqlite3.IntegrityError):
        from annotator.store.constraint_words import constraint_words

        return f"{constraint_words(exc)}; nothing of the step was saved."
    return f"the project database could not be used: {exc}"
