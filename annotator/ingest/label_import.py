"""Writing the labels that came with imported articles, inside the import's transaction.

Whose labels they become:
1. the coder a label names (our export: ``coder_id`` and ``coder``, so identity is kept;
   Label Studio: the annotation's ``completed_by``);
2. else the record's coder (a line-level ``coder``, ``annotator``, ``_annotator_id`` or
   ``_session_id``; Prodigy's ``DATASET-NAME`` ids are read as NAME when the project has a
   coder of that name);
3. else the import's ``coder`` option (``annotator import --coder NAME``);
4. else a coder named "import: FILE NAME" (brat: "import: FOLDER NAME"), made if needed.
Lines of our gold exports go back into gold, decided by the coder who decided them.

Records of one article that name no coder and disagree would fold several annotators into
one coder: the import says so and stops before anything is written (``check_no_folding``).
Labels already in the project are left alone and counted: the same id, or, for labels without
ids (Prodigy, doccano, brat...), the same span of the same coder. So importing a file twice
adds nothing. Label names of other tools are placed in the codebook by
``annotator.ingest.label_map``. A label that does not fit the codebook stops the import
(nothing is written), or with ``skip_bad`` skips that record's labels and lists it.
Detect output goes into the suggestions, replacing its detector's earlier ones per article.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import IngestError, LabelError
from annotator.ingest.label_map import LabelMap, MappingError
from annotator.ingest.record_labels import RecordLabels
from annotator.model import ORIGINS
from annotator.progress import ProgressCallback, no_progress
from annotator.store import Project
from annotator.store.bulk_rows import (
    answer_row,
    has_row,
    insert_rows,
    live_relation_places,
    live_span_uuids,
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
    not_accepted: int = 0  # labels of Prodigy records answered "reject" or "ignore"
    left_out: Counter = field(default_factory=Counter)  # names mapped to nothing -> count
    suggestions: int = 0  # detect output stored as suggestions
    coders: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = [(self.spans, "span(s)"), (self.doc_labels, "document label(s)")]
        counts += [(self.relations, "relation(s)"), (self.gold, "gold label(s)")]
        counts += [(self.suggestions, "suggestion(s)")]
        made = ", ".join(f"{n} {what}" for n, what in counts if n) or "no new labels"
        parts = [
            f"labels: {made}" + (f" ({', '.join(sorted(self.coders))})" if self.coders else "")
        ]
        if self.present:
            parts.append(f"{self.present} label(s) already present")
        if self.not_accepted:
            parts.append(
                f"{self.not_accepted} label(s) of rejected, ignored or cancelled records left out"
            )
        if self.left_out:
            names = ", ".join(f"{name} {n}" for name, n in sorted(self.left_out.items()))
            parts.append(f"left out as mapped: {names}")
        return "; ".join(parts + self.notes)


def import_labels(
    project: Project,
    labeled: Sequence[tuple[str, RecordLabels]],
    coder: str | None = None,
    skip_bad: bool = False,
    skipped: list[str] | None = None,
    progress: ProgressCallback = no_progress,
    label_map: LabelMap | None = None,
) -> LabelImport:
    """Write each (content hash, labels) onto the article with that text. Call inside the
    import's transaction: an IngestError from here rolls the whole import back."""
    result = LabelImport()
    label_map = label_map or LabelMap()
    folded = check_no_folding(labeled, result, coder, skip_bad, skipped)
    writer = _Writer(project, coder, result, label_map)
    ids = project.articles.found_by_hash([digest for digest, _ in labeled])
    for number, (digest, labels) in enumerate(labeled):
        if number % 200 == 0:
            progress(number, len(labeled), "Importing labels")
        result.not_accepted += labels.refused
        if id(labels) in folded:
            continue
        if not labels.accepted:
            result.not_accepted += len(labels.spans) + len(labels.choices)
            continue
        try:
            with project.transaction():
                writer.write(ids[digest], labels)
        except (IngestError, LabelError, MappingError, sqlite3.IntegrityError) as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                error = labels.error(constraint_words(exc))
            else:
                error = exc if isinstance(exc, IngestError) else labels.error(str(exc))
            if not skip_bad:
                raise error from None
            if skipped is not None:
                skipped.append(f"{error} (labels not imported)")
    return result


def check_no_folding(
    labeled: Sequence[tuple[str, RecordLabels]],
    result: LabelImport,
    coder: str | None = None,
    skip_bad: bool = False,
    skipped: list[str] | None = None,
) -> set[int]:
    """Stop when records of one article name no coder and carry different labels: they are
    several annotators' work (one line per article per annotator) that would become one
    coder's; with ``skip_bad`` the later records are left out and listed instead, and their
    ``id()`` returned. Identical records (a line given twice) fold harmlessly and pass. A brat file
    whose text another file of the folder also has is that document's own annotation: its
    labels get a coder of their own, named after the file, and the report says so."""
    unnamed: dict[tuple[str, str], list[RecordLabels]] = defaultdict(list)
    for digest, labels in labeled:
        if labels.kind in ("annotator", "detect") or not labels.accepted or labels.coder:
            continue
        if any(item.get("coder") for item in labels.spans + labels.choices):
            continue
        fallback = coder or labels.fallback_coder or f"import: {Path(labels.path).name}"
        unnamed[(digest, fallback)].append(labels)
    folded: set[int] = set()
    for records in unnamed.values():
        first = records[0]
        for other in records[1:]:
            if _content(other) == _content(first):
                continue
            if other.kind == "brat" and other.fallback_coder:
                other.fallback_coder += f" ({Path(other.path).stem})"
                result.notes.append(
                    f"{other.path} has the text of {first.path}: its labels are coder "
                    f"'{other.fallback_coder}'"
                )
                continue
            error = IngestError(
                f"{_where(first)} and {_where(other)} label the same article and neither names "
                "its coder: importing them would fold several annotators into one coder. Give "
                "each line a 'coder' (or 'annotator', '_annotator_id'), or import each "
                "annotator's file on its own with --coder NAME",
                path=other.path,
                line=other.line or None,
            )
            if not skip_bad:
                raise error
            folded.add(id(other))
            if skipped is not None:
                skipped.append(f"{error} (labels not imported)")
    return folded


def _where(labels: RecordLabels) -> str:
    return f"{labels.path} line {labels.line}" if labels.line else labels.path


def _content(labels: RecordLabels) -> tuple:
    spans = sorted((s["start"], s["end"], s["label"]) for s in labels.spans)
    choices = sorted(tuple(c["values"]) for c in labels.choices)
    return tuple(spans), tuple(choices)


class _Writer:
    def __init__(self, project: Project, coder: str | None, result: LabelImport, label_map):
        self.project = project
        self.book = project.codebook
        self.fallback = coder
        self.result = result
        self.label_map: LabelMap = label_map
        self.by_name: dict[str, str] = {}

    def write(self, article: tuple[int, int], labels: RecordLabels) -> None:
        article_id, length = article
        if labels.detector is not None:
            name, version = labels.detector
            self.result.suggestions += self.project.suggestions.replace(
                article_id, name, version, labels.suggestions
            )
            return
        book = self.book
        spans = []
        left_out: set[str] = set()
        layers = {layer.name for layer in book.layers}
        for number, span in enumerate(labels.spans, start=1):
            layer = span.get("layer")
            hint = span.get("layer_hint")
            if not layer and isinstance(hint, str) and hint in layers:  # Label Studio's from_name
                layer = span["layer_hint"]
            try:
                target = self.label_map.span_target(span["label"], book, layer)
            except MappingError as exc:
                where = f"{span['id']} ({span['label']})" if "line" in span else f"span {number}"
                raise labels.error(f"{where}: {exc}", span) from None
            if target is None:
                self.result.left_out[span["label"]] += 1
                left_out.add(span.get("id") or "")
                continue
            spans.append((span, *target))
        answers = [(a, labels.answer_value(a, book)) for a in labels.answers]
        answers += self._mapped_choices(labels)
        for span, _, _ in spans:
            if span["end"] > length:
                raise labels.error(f"span [{span['start']}, {span['end']}) does not fit")
        relations = [
            r for r in labels.relations if r["head"] not in left_out and r["tail"] not in left_out
        ]
        if labels.source == "gold":
            self._gold(article_id, labels, spans, answers, length)
        else:
            self._coder_labels(article_id, labels, spans, answers, relations)

    def _mapped_choices(self, labels: RecordLabels) -> list[tuple[dict, Any]]:
        """Other tools' document labels as answers to the codebook's schemes."""
        answers = []
        for item in labels.choices:
            try:
                found, left = self.label_map.choice_targets(
                    item["values"], self.book, item.get("scheme")
                )
            except MappingError as exc:
                raise labels.error(str(exc)) from None
            for unmapped in left:
                self.result.left_out[unmapped] += 1
            for scheme_name, chosen in found.items():
                scheme = self.book.scheme(scheme_name)
                if scheme.kind == "single" and len(chosen) > 1:
                    raise labels.error(
                        f"{', '.join(chosen)}: several answers to the single-choice scheme "
                        f"'{scheme_name}'; map them to a multi-choice scheme with --map"
                    )
                value: str | list[str] = chosen[0] if scheme.kind == "single" else chosen
                if scheme.kind == "text":
                    value = "; ".join(chosen)
                answer = {k: v for k, v in item.items() if k not in ("values", "scheme")}
                answers.append(({**answer, "scheme": scheme_name, "value": value}, value))
        return answers

    # -- whose labels ----------------------------------------------------------------------

    def _coder(self, labels: RecordLabels, item: dict) -> str:
        uuid = item.get("coder_id")
        name = item.get("coder") or self._record_coder(labels) or self.fallback
        name = name or labels.fallback_coder or f"import: {Path(labels.path).name}"
        if uuid:
            coder = self.project.coders.ensure(uuid, name)
            self.result.coders.add(coder.name)
            return coder.uuid
        if name not in self.by_name:
            found = self.project.coders.by_name(name)
            self.by_name[name] = (found[0] if found else self.project.coders.add(name)).uuid
        self.result.coders.add(name)
        return self.by_name[name]

    def _record_coder(self, labels: RecordLabels) -> str | None:
        """The record's coder; Prodigy's "DATASET-NAME" as NAME when a coder has that name
        (Prodigy prefixes the dataset to named sessions)."""
        name = labels.coder
        if not name or labels.kind != "prodigy" or self.project.coders.by_name(name):
            return name
        for at, char in enumerate(name):
            if char == "-" and self.project.coders.by_name(name[at + 1 :]):
                return name[at + 1 :]
        return name

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

    def _coder_labels(self, article_id: int, labels, spans, answers, relations) -> None:
        now, book_hash = utc_now(), self.project.meta.codebook_hash
        stamp = labels.timestamp
        rows = []
        for span, layer, label in spans:
            coder = self._coder(labels, span)
            row = {
                "uuid": None if labels.local_ids else span.get("id") or None,
                "article_id": article_id,
                "coder_uuid": coder,
                "layer": layer,
                "label": label,
                "start": span["start"],
                "end": span["end"],
                "attrs": to_json(span["attributes"]),
                "origin": span.get("origin") if span.get("origin") in ORIGINS else "manual",
                "created": span.get("created") or stamp,
                "updated": span.get("updated") or stamp,
            }
            rows.append(row)
        fresh, uuids = self._new_spans(article_id, rows)
        self._insert("spans", fresh, now, book_hash)
        self.result.spans += len(fresh)
        self.result.present += len(rows) - len(fresh)
        for answer, value in answers:
            answer = {"created": stamp, "updated": stamp, **answer}
            self._answer(article_id, labels, answer, value, now, book_hash)
        # a record's own span ids -> the uuids its spans have in the project
        local = {span.get("id"): uuid for (span, _, _), uuid in zip(spans, uuids, strict=True)}
        current = live_relation_places(self.project, article_id)
        links = []
        for relation in relations:
            head, tail = relation["head"], relation["tail"]
            if labels.local_ids:
                head, tail = local[head], local[tail]
            link = {
                "uuid": None if labels.local_ids else relation.get("id") or None,
                "article_id": article_id,
                "coder_uuid": self._coder(labels, relation),
                "kind": relation["kind"],
                "head": head,
                "tail": tail,
                "attrs": to_json(relation["attributes"]),
                "created": relation.get("created") or stamp,
                "updated": relation.get("updated") or stamp,
            }
            place = (link["coder_uuid"], link["kind"], head, tail)
            if link["uuid"] is None and place in current:
                continue
            current.add(place)
            links.append(link)
        fresh_links = [r for r in links if r["uuid"] is None or not self._exists("relations", r)]
        self._insert("relations", fresh_links, now, book_hash)
        self.result.relations += len(fresh_links)
        self.result.present += len(relations) - len(fresh_links)

    def _new_spans(self, article_id: int, rows: list[dict]) -> tuple[list[dict], list[str]]:
        """Rows not in the project yet (by id, or without one by coder and position), and the
        uuid every row has in the project once they are written (new rows get theirs now)."""
        # spans the project had before this record: two equal spans within one record are
        # two annotations (brat can give one source to two attributions), both kept
        before = live_span_uuids(self.project, article_id)
        fresh, seen, uuids = [], set(), []
        for row in rows:
            where = (row["coder_uuid"], row["layer"], row["label"], row["start"], row["end"])
            if row["uuid"] is not None:
                uuids.append(row["uuid"])
                if self._exists("spans", row) or row["uuid"] in seen:
                    continue
                seen.add(row["uuid"])
            elif where in before:
                uuids.append(before[where])
                continue
            else:
                row["uuid"] = new_uuid()
                uuids.append(row["uuid"])
            fresh.append(row)
        return fresh, uuids

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
