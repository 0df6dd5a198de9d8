"""Run a test's step as a user without the right to write where the test says.

Read-only files and folders mean nothing to root, and CI runs as root. So, as root, the step
runs in a forked child that has dropped to the ``nobody`` account (the interpreter and every
module the step needs are already loaded; no new program starts); as anyone else it runs in
the test's own process, where ``chmod`` already takes the right away.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

NOBODY = 65534


def shared_folder() -> Path:
    """A new folder the unprivileged step can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-unprivileged-"))
    folder.chmod(0o755)
    return folder


def run_unprivileged(step: Callable[[], Any]) -> Any:
    """``step()``'s result, or its exception raised again here."""
    if os.geteuid() != 0:
        return step()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome: tuple[str, Any] = ("ok", step())
        except BaseException as exc:
            outcome = ("error", _picklable(exc))
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(child, 0)
    kind, value = pickle.loads(data)
    if kind == "error":
        raise value
    return value


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.dumps(exc)
        return exc
    except Exception:
        return RuntimeError("".join(traceback.format_exception(exc)))
