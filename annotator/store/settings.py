"""Project settings: named choices stored in the project file, so every machine and every tool
(the app, the CLI, a script) that opens the project makes the same choice.

A file opened read-only at an older schema version has no settings table yet: it reads as
having no settings.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


class ProjectSettings:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        try:
            row = self.db.execute("select value from settings where key = ?", [key]).fetchone()
        except sqlite3.OperationalError:
            if "settings" in self.db.table_names():
                raise
            return default  # schema version 1, opened read-only (not migrated)
        return default if row is None else row[0]

    def set(self, values: dict[str, str]) -> None:
        """Store several settings as one change."""
        with self.db.atomic():
            self.db.conn.executemany(
                "insert into settings (key, value) values (?, ?) "
                "on conflict (key) do update set value = excluded.value",
                list(values.items()),
            )
