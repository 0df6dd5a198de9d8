"""Writing the labels that came with imported articles, inside the import's transaction.

Whose labels they become:
1. the coder a label names (our export: ``coder_id`` and ``coder``, so identity is kept);
2. else the record's coder (Prodigy's ``_annotator_id`` or ``_session_id``);
3. else the import's ``coder`` option (``annotator import --coder NAME``);
4. else a coder named "import: FILE NAME", made if needed.
Lines of our gold exports go back into gold, decided by the coder who decided them.

Labels already in the project are left alone and counted: the same id, or, for labels without
ids (Prodigy, doccano), the same span of the same coder. So importing a file twice adds
nothing. A label that does not fit the codebook stops the import (nothing is written), or
with ``skip_bad`` skips that record's labels and lists it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import IngestError, LabelError
from annotator.ingest.record_labels import RecordLabels
from annotator.model import ORIGINS
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store.bulk_rows import (
    answer_row,
    has_row,
    insert_rows,
    live_span_places,
    set_answer_value,
)
from annotator.store.constraint_words import constraint_words
from annotator.store.gold import GoldSpanDraft, replace_gold_spans, set_gold_answer
from annotator.store.rows import new_uuid, to_json, utc_now


@dataclass
class LabelImport:
    spans: int = 0
    doc_labels: int = 0
    relations: int = 0
    gold: int = 0
    present: int = 0  # already in the project
    not_accepted: int = 0  # spans of Prodigy records answered "reject" or "ignore"
    coders: set[str] = field(default_factory=set)

    def summary(self) -> str:
        counts = [(self.spans, "span(s)"), (self.doc_labels, "document label(s)")]
        counts += [(self.relations, "relation(s)"), (self.gold, "gold label(s)")]
        made = ", ".join(f"{n} {what}" for n, what in counts if n) or "no new labels"
        parts = [
            f"labels: {made}" + (f" ({', '.join(sorted(self.coders))})" if self.coders else "")
        ]
        if self.present:
            parts.append(f"{self.present} label(s) already present")
        if self.not_accepted:
            parts.append(f"{self.not_accepted} span(s) of rejected or ignored records left out")
        return "; ".join(parts)


def import_labels(
    project: Project,
    labeled: Sequence[tuple[str, RecordLabels]],
    coder: str | None = None,
    skip_bad: bool = False,
    skipped: list[str] | None = None,
    progress: ProgressCallback = no_progress,
) -> LabelImport:
    """Write each (content hash, labels) onto the article with that text. Call inside the
    import's transaction: an IngestError from here rolls the whole import back."""
    result = LabelImport()
    writer = _Writer(project, coder, result)
    ids = project.articles.found_by_hash([digest for digest, _ in labeled])
    for number, (digest, labels) in enumerate(labeled):
        if number % 200 == 0:
            progress(number, len(labeled), "Importing labels")
        if not labels.accepted:
            result.not_accepted += len(labels.spans)
            continue
        try:
            with project.transaction():
                writer.write(ids[digest], labels)
        except (IngestError, LabelError, sqlite3.IntegrityError) as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                error = labels.error(constraint_words(exc))
            else:
                error = exc if isinstance(exc, IngestError) else labels.error(str(exc))
            if not skip_bad:
                raise error from None
            if skipped is not None:
                skipped.append(f"{error} (labels not imported)")
    return result


class _Writer:
    def __init__(self, project: Project, coder: str | None, result: LabelImport):
        self.project = project
        self.book = project.codebook
        self.fallback = coder
        self.result = result
        self.by_name: dict[str, str] = {}

    def write(self, article: tuple[int, int], labels: RecordLabels) -> None:
        article_id, length = article
        book = self.book
        spans = [(s, *labels.layer_label(n, s, book)) for n, s in enumerate(labels.spans, 1)]
        answers = [(a, labels.answer_value(a, book)) for a in labels.answers]
        for span, _, _ in spans:
            if span["end"] > length:
                raise labels.error(f"span [{span['start']}, {span['end']}) does not fit")
        if labels.source == "gold":
            self._gold(article_id, labels, spans, answers, length)
        else:
            self._coder_labels(article_id, labels, spans, answers)

    # -- whose labels ----------------------------------------------------------------------

    def _coder(self, labels: RecordLabels, item: dict) -> str:
        uuid = item.get("coder_id")
        name = item.get("coder") or labels.coder or self.fallback
        name = name or f"import: {Path(labels.path).name}"
        if uuid:
            coder = self.project.coders.ensure(uuid, name)
            self.result.coders.add(coder.name)
            return coder.uuid
        if name not in self.by_name:
            found = self.project.coders.by_name(name)
            self.by_name[name] = (found[0] if found else self.project.coders.add(name)).uuid
        self.result.coders.add(name)
        return self.by_name[name]

    # -- writing ---------------------------------------------------------------------------

    def _gold(self, article_id: int, labels, spans, answers, length: int) -> None:
        for answer, value in answers:
            decider = self._coder(labels, answer)
            set_gold_answer(
                self.project, article_id, answer["scheme"], value, decider, answer.get("from")
            )
            self.result.gold += 1
        by_layer: dict[str, list] = defaultdict(list)
        for span, layer, label in spans:
            by_layer[layer].append((span, label))
        for layer, items in by_layer.items():
            # replace_gold_spans takes one decider per call: the first span's stands for all
            decider = self._coder(labels, items[0][0])
            drafts = [
                GoldSpanDraft(label, s["start"], s["end"], s["attributes"], s.get("from"))
                for s, label in items
            ]
            replace_gold_spans(self.project, article_id, layer, 0, length, drafts, decider)
            self.result.gold += len(drafts)

    def _coder_labels(self, article_id: int, labels, spans, answers) -> None:
        now, book_hash = utc_now(), self.project.meta.codebook_hash
        rows = []
        for span, layer, label in spans:
            coder = self._coder(labels, span)
            row = {
                "uuid": span.get("id") or None,
                "article_id": article_id,
                "coder_uuid": coder,
                "layer": layer,
                "label": label,
                "start": span["start"],
                "end": span["end"],
                "attrs": to_json(span["attributes"]),
                "origin": span.get("origin") if span.get("origin") in ORIGINS else "manual",
                "created": span.get("created"),
                "updated": span.get("updated"),
            }
            rows.append(row)
        fresh = self._new_spans(article_id, rows)
        self._insert("spans", fresh, now, book_hash)
        self.result.spans += len(fresh)
        self.result.present += len(rows) - len(fresh)
        for answer, value in answers:
            self._answer(article_id, labels, answer, value, now, book_hash)
        relations = []
        for relation in labels.relations:
            relations.append(
                {
                    "uuid": relation.get("id") or None,
                    "article_id": article_id,
                    "coder_uuid": self._coder(labels, relation),
                    "kind": relation["kind"],
                    "head": relation["head"],
                    "tail": relation["tail"],
                    "attrs": to_json(relation["attributes"]),
                    "created": relation.get("created"),
                    "updated": relation.get("updated"),
                }
            )
        fresh = [r for r in relations if r["uuid"] is None or not self._exists("relations", r)]
        self._insert("relations", fresh, now, book_hash)
        self.result.relations += len(fresh)
        self.result.present += len(relations) - len(fresh)

    def _new_spans(self, article_id: int, rows: list[dict]) -> list[dict]:
        """Rows not in the project yet: by id, or (without one) by coder and position."""
        current = live_span_places(self.project, article_id)
        fresh, seen = [], set()
        for row in rows:
            where = (row["coder_uuid"], row["layer"], row["label"], row["start"], row["end"])
            if row["uuid"] is not None:
                if self._exists("spans", row) or row["uuid"] in seen:
                    continue
                seen.add(row["uuid"])
            elif where in current:
                continue
            current.add(where)
            fresh.append(row)
        return fresh

    def _exists(self, table: str, row: dict) -> bool:
        return has_row(self.project, table, row["uuid"])

    def _answer(self, article_id, labels, answer, value, now, book_hash) -> None:
        coder = self._coder(labels, answer)
        existing = answer_row(self.project, article_id, coder, answer["scheme"])
        if existing is None:
            row = {"uuid": answer.get("id") or None, "article_id": article_id}
            row.update(coder_uuid=coder, scheme=answer["scheme"], value=to_json(value))
            row.update(created=answer.get("created"), updated=answer.get("updated"))
            self._insert("doc_labels", [row], now, book_hash)
            self.result.doc_labels += 1
            return
        newer = answer.get("updated") is None or answer["updated"] > existing[2]
        if existing[1] == to_json(value) or not newer:
            self.result.present += 1
            return
        when = answer.get("updated") or now
        set_answer_value(self.project, existing[0], coder, value, when, "import")
        self.result.doc_labels += 1

    def _insert(self, table: str, rows: list[dict], now: str, book_hash: str) -> None:
        """Rows as they are, ids and timestamps kept (bulk: a file may hold 100,000 spans)."""
        if not rows:
            return
        for row in rows:
            row["uuid"] = row["uuid"] or new_uuid()
            row["codebook_hash"] = book_hash
            row["created"] = row["created"] or now
            row["updated"] = row["updated"] or row["created"]
            row["deleted"] = 0
        insert_rows(self.project, table, rows, "import")
