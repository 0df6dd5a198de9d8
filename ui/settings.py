"""Preferences and window state, kept in an INI file in the config folder (ANNOTATOR_HOME)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from annotator.paths import config_dir

MAX_RECENT = 8


class Preferences:
    """Typed access to the app's QSettings; every setter writes through at once."""

    def __init__(self) -> None:
        self.store = QSettings(str(config_dir() / "ui.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default, kind=str):
        value = self.store.value(key, default)
        try:
            if kind is bool:
                return value in (True, "true", "1", 1)
            return kind(value)
        except (TypeError, ValueError):
            return default

    def _set(self, key: str, value) -> None:
        self.store.setValue(key, value)
        self.store.sync()

    @property
    def font_size(self) -> int:
        return max(8, min(32, self._get("view/font_size", 13, int)))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._set("view/font_size", max(8, min(32, int(value))))

    @property
    def theme(self) -> str:
        value = self._get("view/theme", "light")
        return value if value in ("light", "dark") else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("view/theme", value)

    @property
    def advance_after_decision(self) -> bool:
        """After accept or reject, the next suggestion becomes current."""
        return self._get("coding/advance", False, bool)

    @advance_after_decision.setter
    def advance_after_decision(self, value: bool) -> None:
        self._set("coding/advance", bool(value))

    @property
    def last_folder(self) -> str:
        """The folder of the file last chosen in a file dialog (opening, importing, saving)."""
        return str(self.last_folder_or(Path.home()))

    def last_folder_or(self, default: Path) -> Path:
        """The last folder chosen, or ``default`` before any choice (or if it is gone)."""
        value = self._get("files/last_folder", "")
        return Path(value) if value and Path(value).is_dir() else default

    def remember_folder(self, chosen: str | Path) -> None:
        path = Path(chosen)
        self._set("files/last_folder", str(path if path.is_dir() else path.parent))

    def layer_visible(self, key: str) -> bool:
        return self._get(f"layers/{key}", True, bool)

    def set_layer_visible(self, key: str, visible: bool) -> None:
        self._set(f"layers/{key}", visible)

    @property
    def geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @property
    def window_state(self) -> QByteArray | None:
        value = self.store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)
        self.store.sync()

    @property
    def recent_projects(self) -> list[str]:
        value = self.store.value("projects/recent", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if isinstance(v, str)]

    def add_recent(self, path: Path) -> None:
        entry = str(Path(path).resolve())
        recent = [entry, *(p for p in self.recent_projects if p != entry)][:MAX_RECENT]
        self._set("projects/recent", recent)

    @property
    def last_project(self) -> str | None:
        recent = self.recent_projects
        return recent[0] if recent else None
