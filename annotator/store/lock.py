"""One writer per project file, across processes.

The writer holds an OS lock on ``<project>.lock`` beside the file and writes who it is into it.
The OS drops the lock when the process dies, so a crash never leaves a stale lock behind. A
second process that tries to write gets ``ProjectLockedError`` naming the holder. Connections
within one process share the lock.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from annotator.errors import ProjectLockedError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

_held: dict[Path, tuple[IO[str], int]] = {}
_guard = threading.Lock()


def lock_path(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


def _try_lock(handle: IO[str]) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _describe_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return (
            f"{info.get('user', '?')} on {info.get('host', '?')} "
            f"(process {info.get('pid', '?')}, since {info.get('since', '?')})"
        )
    except (OSError, ValueError):
        return "another program"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown user"


def acquire(project: Path) -> None:
    """Take the write lock for ``project`` or raise ProjectLockedError naming who holds it."""
    key = project.resolve()
    with _guard:
        if key in _held:
            handle, count = _held[key]
            _held[key] = (handle, count + 1)
            return
        path = lock_path(key)
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while locked
        if not _try_lock(handle):
            handle.close()
            raise ProjectLockedError(
                f"{project} is already open by {_describe_holder(path)}. Close it there first, "
                "or open a copy."
            )
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "user": _user(),
                    "host": socket.gethostname(),
                    "pid": os.getpid(),
                    "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                }
            )
        )
        handle.flush()
        _held[key] = (handle, 1)


def release(project: Path) -> None:
    key = project.resolve()
    with _guard:
        if key not in _held:
            return
        handle, count = _held[key]
        if count > 1:
            _held[key] = (handle, count - 1)
            return
        del _held[key]
        handle.close()  # closing the descriptor drops the OS lock
