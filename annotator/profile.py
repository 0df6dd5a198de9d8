"""The coder profile of this computer's user: the identity that stamps their labels."""

from __future__ import annotations

import getpass
import json
import uuid as uuid_module

from annotator.errors import DataFolderError
from annotator.model import Coder
from annotator.paths import HOME_VARIABLE, config_dir
from annotator.store.rows import utc_now

PROFILE_FILE = "profile.json"


def default_coder_name() -> str:
    """The operating system's user name, as a first guess for the coder's display name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "coder"


def load_profile() -> Coder | None:
    path = config_dir() / PROFILE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Coder(str(data["uuid"]), str(data["name"]), str(data.get("created", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_profile(name: str) -> Coder:
    """Set the display name; the coder id is made once and kept, so renaming keeps identity."""
    name = name.strip() or default_coder_name()
    existing = load_profile()
    coder = Coder(
        existing.uuid if existing else str(uuid_module.uuid4()),
        name,
        existing.created if existing else utc_now(),
    )
    path = config_dir() / PROFILE_FILE
    temporary = path.with_suffix(".tmp")
    try:
        temporary.write_text(
            json.dumps(
                {"uuid": coder.uuid, "name": coder.name, "created": coder.created}, indent=2
            ),
            encoding="utf-8",
        )
        temporary.replace(path)
    except OSError as exc:
        raise DataFolderError(
            f"the coder profile cannot be saved in {path.parent} ({exc.strerror or exc}). Make "
            f"that folder writable, or set {HOME_VARIABLE} to a folder you can write."
        ) from None
    return coder


def current_coder() -> Coder:
    """The saved profile, or a new one named after the OS user."""
    return load_profile() or save_profile(default_coder_name())
