"""Coders known to a project. A coder's uuid stamps every label they make."""

from __future__ import annotations

import builtins

from sqlite_utils import Database

from annotator.errors import LabelError
from annotator.model import Coder
from annotator.store.rows import new_uuid, utc_now


class Coders:
    def __init__(self, db: Database):
        self.db = db

    def list(self) -> list[Coder]:
        rows = self.db.execute("select uuid, name, created from coders order by created, name")
        return [Coder(*row) for row in rows]

    def get(self, uuid: str) -> Coder | None:
        row = self.db.execute(
            "select uuid, name, created from coders where uuid = ?", [uuid]
        ).fetchone()
        return Coder(*row) if row else None

    def by_name(self, name: str) -> builtins.list[Coder]:
        rows = self.db.execute(
            "select uuid, name, created from coders where name = ? order by created", [name]
        )
        return [Coder(*row) for row in rows]

    def add(self, name: str, uuid: str | None = None) -> Coder:
        """A new coder. Names must be unique within a project; use ``ensure`` for a known id."""
        name = name.strip()
        if not name:
            raise LabelError("a coder needs a name")
        taken = self.by_name(name)
        if taken:
            raise LabelError(f"a coder named '{name}' already exists (id {taken[0].uuid})")
        coder = Coder(uuid or new_uuid(), name, utc_now())
        with self.db.atomic():
            self.db.table("coders").insert(
                {"uuid": coder.uuid, "name": coder.name, "created": coder.created}
            )
        return coder

    def rename(self, uuid: str, name: str) -> Coder:
        """A new display name; the id, and so every label's owner, stays the same."""
        name = name.strip()
        if not name:
            raise LabelError("a coder needs a name")
        with self.db.atomic():
            self.db.execute("update coders set name = ? where uuid = ?", [name, uuid])
        coder = self.get(uuid)
        if coder is None:
            raise LabelError(f"no coder with id {uuid}")
        return coder

    def insert(self, coder: Coder) -> None:
        """A coder as another file knows them (id, name and created time kept); call inside
        the caller's transaction, for a coder this project does not have yet."""
        self.db.execute(
            "insert into coders (uuid, name, created) values (?, ?, ?)",
            [coder.uuid, coder.name, coder.created],
        )

    def ensure(self, uuid: str, name: str) -> Coder:
        """The coder with this id, added if the project has not seen them yet."""
        existing = self.get(uuid)
        if existing is not None:
            return existing
        coder = Coder(uuid, name.strip() or "coder", utc_now())
        with self.db.atomic():
            self.db.table("coders").insert(
                {"uuid": coder.uuid, "name": coder.name, "created": coder.created}
            )
        return coder
