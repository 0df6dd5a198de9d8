"""One writer per project file, across processes, whatever name the file is reached by.

SQLite keeps a database's journal (``-wal``, ``-shm``) beside the name it was opened by, and it
follows symbolic links to the real file. So the lock follows them too: the writer holds an OS
lock (portalocker: ``flock`` on Unix, a byte-range lock at the start of the file on Windows) on
``<real file>.lock``, and a file with a second name on disk (a hard link) is refused for
writing, since two writers through two names would each keep their own journal and corrupt it.
Within one process, connections share the lock, keyed by the file's identity (device, inode).

The OS drops the lock when the process dies, so a crash never leaves a stale lock behind. A
second writer gets ``ProjectLockedError`` naming the holder, which the writer records in the
lock file (on Windows the locked bytes cannot be read by others, so the holder may show as
"another program").
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import portalocker

from annotator.errors import ProjectError, ProjectLockedError


@dataclass
class _Held:
    handle: IO[str]
    count: int


_EXCLUSIVE_NOW = portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
_held: dict[tuple[int, int], _Held] = {}
_guard = threading.Lock()


def lock_path(project: Path) -> Path:
    """The lock file of ``project``: beside the real file, symbolic links followed."""
    real = Path(os.path.realpath(project))
    return real.with_name(real.name + ".lock")


def file_identity(project: Path) -> tuple[int, int]:
    """(device, inode): the same for every name of one file."""
    status = os.stat(project)
    return status.st_dev, status.st_ino


def refuse_second_names(project: Path) -> None:
    """Refuse a file that has more than one name on disk (hard links)."""
    links = os.stat(project).st_nlink
    if links > 1:
        raise ProjectError(
            f"{project} has {links} names on disk (hard links), and a writer through each name "
            "would keep its own journal and corrupt the file. Open it read-only, or work on a "
            "copy (annotator backup, or copy the file while it is closed)."
        )


def acquire(project: Path) -> None:
    """Take the write lock for ``project`` or raise a ProjectError saying why not."""
    refuse_second_names(project)
    key = file_identity(project)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return
        path = lock_path(project)
        handle = _open_lock_file(path)
        try:
            portalocker.lock(handle, _EXCLUSIVE_NOW)
        except (portalocker.exceptions.LockException, OSError):
            handle.close()
            raise ProjectLockedError(_locked_message(project, path)) from None
        _write_holder(handle)
        _held[key] = _Held(handle, 1)


def release(project: Path) -> None:
    """Let go of one hold on ``project``'s lock (the last one drops the OS lock)."""
    with _guard:
        key = _held_key(project)
        if key is None:
            return
        held = _held[key]
        if held.count > 1:
            held.count -= 1
            return
        del _held[key]
        held.handle.close()  # closing the descriptor drops the OS lock


def _held_key(project: Path) -> tuple[int, int] | None:
    """The key of the lock held on ``project``: by identity, else (the file was moved aside by
    a restore, or deleted) by the name of its lock file."""
    try:
        key = file_identity(project)
        if key in _held:
            return key
    except OSError:
        pass
    name = str(lock_path(project))
    return next((key for key, held in _held.items() if held.handle.name == name), None)


def _open_lock_file(path: Path) -> IO[str]:
    try:
        return open(path, "a+", encoding="utf-8")  # kept open while locked
    except IsADirectoryError:
        raise ProjectError(
            f"{path} is a folder, but that name is where the project's lock file goes. "
            "Move or rename that folder, then open the project again."
        ) from None
    except PermissionError:
        pass
    try:
        # Another user's lock file: reading is enough to hold a lock; the holder is not written.
        return open(path, encoding="utf-8")  # kept open while locked
    except OSError as exc:
        raise ProjectError(
            f"{path} (the project's lock file) cannot be opened: {exc.strerror}. It may belong "
            f"to another user ({_owner(path)}); ask them to close the project and remove it, "
            "or work on a copy of the project."
        ) from None


def _owner(path: Path) -> str:
    try:
        uid = path.stat().st_uid
    except OSError:
        return "unknown"
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user id {uid}"


def _locked_message(project: Path, path: Path) -> str:
    holder = _describe_holder(path)
    real = Path(os.path.realpath(project))
    if real != Path(os.path.abspath(project)):
        return (
            f"{project} is a link to {real}, which is already open by {holder}. Close it there "
            "first, or open a copy."
        )
    return f"{project} is already open by {holder}. Close it there first, or open a copy."


def _write_holder(handle: IO[str]) -> None:
    if not handle.writable():
        return
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


def _describe_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return (
            f"{info.get('user', '?')} on {info.get('host', '?')} "
            f"(process {info.get('pid', '?')}, since {info.get('since', '?')})"
        )
    except (OSError, ValueError, AttributeError):
        return "another program"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown user"
