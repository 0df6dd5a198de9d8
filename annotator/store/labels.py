"""Coders' labels: spans, document labels, relations and rejected suggestions.

Labels are never hard-deleted: ``delete`` sets a tombstone that ``restore`` lifts, so undo,
merge and audit stay exact. Every change writes its row and a history entry in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.errors import LabelError
from annotator.model import ORIGINS, Decision, DocLabel, Relation, Span
from annotator.store.history import record
from annotator.store.rows import from_json, new_uuid, record_columns, to_json, utc_now

if TYPE_CHECKING:
    from annotator.store.project import Project


class _LabelTable:
    """Shared behaviour of the tombstoned tables; subclasses name the table and its record.

    A table's columns are the fields of its record in annotator.model, declared there once (a
    test checks that the migrated schema has exactly those columns).
    """

    table: str
    columns: tuple[str, ...]
    json_columns: tuple[str, ...] = ()
    record_type: Callable[..., Any]

    def __init__(self, project: Project):
        self.project = project
        self.db = project.db

    def _to_record(self, row: tuple) -> Any:
        values = dict(zip(self.columns, row, strict=True))
        for name in self.json_columns:
            values[name] = from_json(values[name])
        values["deleted"] = bool(values["deleted"])
        return self.record_type(**values)

    def _row(self, uuid: str) -> dict[str, Any] | None:
        cursor = self.db.execute(
            f"select {', '.join(_quoted(self.columns))} from {self.table} where uuid = ?", [uuid]
        )
        row = cursor.fetchone()
        return dict(zip(self.columns, row, strict=True)) if row else None

    def get(self, uuid: str) -> Any:
        row = self._row(uuid)
        if row is None:
            raise LabelError(f"no {self.table[:-1]} with id {uuid}")
        return self._to_record(tuple(row.values()))

    def for_article(
        self, article_id: int, coder_uuid: str | None = None, include_deleted: bool = False
    ) -> list[Any]:
        sql = f"select {', '.join(_quoted(self.columns))} from {self.table} where article_id = ?"
        params: list[Any] = [article_id]
        if coder_uuid is not None:
            sql += " and coder_uuid = ?"
            params.append(coder_uuid)
        if not include_deleted:
            sql += " and deleted = 0"
        sql += " order by created, uuid"
        return [self._to_record(row) for row in self.db.execute(sql, params)]

    def _insert(self, values: dict[str, Any], action: str) -> Any:
        now = utc_now()
        row = {
            "uuid": values.pop("uuid", None) or new_uuid(),
            "codebook_hash": self.project.meta.codebook_hash,
            "created": now,
            "updated": now,
            "deleted": 0,
            **values,
        }
        for name in self.json_columns:
            row[name] = to_json(row[name])
        with self.db.atomic():
            self.db.table(self.table).insert(row)
            record(self.db, row["coder_uuid"], action, self.table, row["uuid"], None, row)
        return self.get(row["uuid"])

    def _update(self, uuid: str, changes: dict[str, Any], action: str) -> Any:
        before = self._row(uuid)
        if before is None:
            raise LabelError(f"no {self.table[:-1]} with id {uuid}")
        after = dict(before)
        for name, value in changes.items():
            after[name] = to_json(value) if name in self.json_columns else value
        after["updated"] = utc_now()
        with self.db.atomic():
            self.db.table(self.table).update(uuid, after)
            record(self.db, before["coder_uuid"], action, self.table, uuid, before, after)
        return self.get(uuid)

    def revise(self, uuid: str, values: dict[str, Any]) -> Any:
        """Set fields to given values as they are; undo and redo use it to put values back."""
        return self._update(uuid, values, "revise")

    def delete(self, uuid: str) -> Any:
        """Tombstone the label; ``restore`` undoes it."""
        return self._update(uuid, {"deleted": 1}, "delete")

    def restore(self, uuid: str) -> Any:
        return self._update(uuid, {"deleted": 0}, "restore")

    def _check_range(self, article_id: int, start: int, end: int) -> None:
        row = self.db.execute(
            "select length(text) from articles where id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise LabelError(f"no article with id {article_id}")
        if not (0 <= start < end <= row[0]):
            raise LabelError(
                f"span [{start}, {end}) does not fit article {article_id} of {row[0]} characters"
            )

    def _check_label(self, layer: str, label: str) -> None:
        codebook = self.project.codebook
        try:
            codebook.layer(layer).label(label)
        except KeyError:
            raise LabelError(
                f"'{layer}/{label}' is not a label of the codebook '{codebook.name}'"
            ) from None


class Spans(_LabelTable):
    table = "spans"
    json_columns = ("attrs",)
    record_type = Span
    columns = record_columns(Span)

    def add(
        self,
        article_id: int,
        coder_uuid: str,
        layer: str,
        label: str,
        start: int,
        end: int,
        attrs: dict[str, Any] | None = None,
        origin: str = "manual",
        uuid: str | None = None,
    ) -> Span:
        if origin not in ORIGINS:
            raise LabelError(f"origin must be one of {', '.join(ORIGINS)}, not '{origin}'")
        self._check_label(layer, label)
        self._check_range(article_id, start, end)
        return self._insert(
            {
                "uuid": uuid,
                "article_id": article_id,
                "coder_uuid": coder_uuid,
                "layer": layer,
                "label": label,
                "start": start,
                "end": end,
                "attrs": attrs or {},
                "origin": origin,
            },
            "add",
        )

    def update(self, uuid: str, **changes: Any) -> Span:
        """Change label, start, end or attrs. An accepted suggestion becomes 'edited'."""
        allowed = {"label", "start", "end", "attrs"}
        unknown = set(changes) - allowed
        if unknown:
            raise LabelError(f"cannot change {', '.join(sorted(unknown))} of a span")
        span = self.get(uuid)
        if "label" in changes:
            self._check_label(span.layer, changes["label"])
        start, end = changes.get("start", span.start), changes.get("end", span.end)
        self._check_range(span.article_id, start, end)
        if span.origin == "accepted" and ({"start", "end", "label"} & set(changes)):
            changes["origin"] = "edited"
        return self._update(uuid, changes, "update")


class DocLabels(_LabelTable):
    table = "doc_labels"
    json_columns = ("value",)
    record_type = DocLabel
    columns = record_columns(DocLabel)

    def set(self, article_id: int, coder_uuid: str, scheme: str, value: Any) -> DocLabel:
        """A coder's answer to a scheme. An empty value (None, "", []) clears it (tombstone)."""
        value = self._checked_value(scheme, value)
        existing = self.db.execute(
            "select uuid from doc_labels where article_id = ? and coder_uuid = ? and scheme = ?",
            [article_id, coder_uuid, scheme],
        ).fetchone()
        if value in (None, "", []):
            if existing is None:
                raise LabelError(f"nothing to clear: no answer to '{scheme}' yet")
            return self.delete(existing[0])
        if existing is None:
            return self._insert(
                {
                    "article_id": article_id,
                    "coder_uuid": coder_uuid,
                    "scheme": scheme,
                    "value": value,
                },
                "set",
            )
        return self._update(existing[0], {"value": value, "deleted": 0}, "set")

    def current(self, article_id: int, coder_uuid: str, scheme: str) -> DocLabel | None:
        for label in self.for_article(article_id, coder_uuid):
            if label.scheme == scheme:
                return label
        return None

    def _checked_value(self, scheme_name: str, value: Any) -> Any:
        codebook = self.project.codebook
        try:
            scheme = codebook.scheme(scheme_name)
        except KeyError:
            raise LabelError(f"'{scheme_name}' is not a scheme of '{codebook.name}'") from None
        names = [choice.name for choice in scheme.choices]
        if value is None:
            return None
        if scheme.kind == "text":
            if not isinstance(value, str):
                raise LabelError(f"'{scheme_name}' takes text")
            return value
        if scheme.kind == "single":
            if value == "":
                return value
            if value not in names:
                raise LabelError(f"'{value}' is not a choice of '{scheme_name}'")
            return value
        if isinstance(value, str) or not all(v in names for v in value):
            raise LabelError(f"'{scheme_name}' takes a list of its choices: {', '.join(names)}")
        return [name for name in names if name in set(value)]  # codebook order, no repeats


class Relations(_LabelTable):
    table = "relations"
    json_columns = ("attrs",)
    record_type = Relation
    columns = record_columns(Relation)

    def add(
        self,
        article_id: int,
        coder_uuid: str,
        kind: str,
        head: str,
        tail: str,
        attrs: dict[str, Any] | None = None,
        uuid: str | None = None,
    ) -> Relation:
        spans = self.project.spans
        for end_uuid in (head, tail):
            if spans.get(end_uuid).article_id != article_id:
                raise LabelError(f"span {end_uuid} is not in article {article_id}")
        return self._insert(
            {
                "uuid": uuid,
                "article_id": article_id,
                "coder_uuid": coder_uuid,
                "kind": kind,
                "head": head,
                "tail": tail,
                "attrs": attrs or {},
            },
            "add",
        )


class Decisions(_LabelTable):
    """A coder's accept or reject of a suggestion, matched to suggestions by what they mark."""

    table = "decisions"
    record_type = Decision
    columns = record_columns(Decision)

    def add(
        self,
        article_id: int,
        coder_uuid: str,
        layer: str,
        label: str,
        start: int,
        end: int,
        decision: str,
        detector: str | None = None,
        span_uuid: str | None = None,
    ) -> Decision:
        if decision not in ("accepted", "rejected"):
            raise LabelError(f"a decision is 'accepted' or 'rejected', not '{decision}'")
        return self._insert(
            {
                "article_id": article_id,
                "coder_uuid": coder_uuid,
                "layer": layer,
                "label": label,
                "start": start,
                "end": end,
                "detector": detector,
                "decision": decision,
                "span_uuid": span_uuid,
            },
            decision,
        )


def _quoted(columns: tuple[str, ...]) -> list[str]:
    return [f'"{name}"' for name in columns]
