"""brat standoff: an article from NAME.txt, its labels from NAME.ann beside it.

What each ``.ann`` line becomes (docs/formats.md has the table):
- ``T`` (text-bound): a span of its type, placed in the codebook by ``LabelMap`` (``Source``,
  ``Cue``, ``Content`` go to the attribution layer). A discontinuous span (``start end;start
  end``) becomes one span per fragment, the later fragments linked to the first by a
  ``fragment_of`` relation (head: the later fragment). A type used as an event trigger (the
  first argument of ``E`` lines, PolNeAR's ``Attribution``) is no span unless ``--map`` names
  it: the trigger repeats the cue.
- ``E`` (event): a relation from each argument to the event's ``Cue`` (else its trigger, when
  that is a span; else its first argument), of kind ``ROLE_of`` in lower case with the role's
  number dropped: PolNeAR's ``Source`` and ``Content2`` become ``source_of``, ``content_of``.
- ``R`` (relation): a relation of the type's name, ``Arg1`` as head, ``Arg2`` as tail;
  ``*`` (equivalence): an ``equiv`` relation between each following pair.
- ``A``/``M`` (attribute): an attribute of the span (or of the relations of the event or
  relation); a binary attribute is ``true``. ``#`` ``AnnotatorNotes``: the ``note`` attribute.
  ``N`` (normalisation): the ``normalizations`` attribute, a list of ``DB:ID``.
Lines of a text-bound annotation whose text spans several lines (the corpus writes the text
as it is) are read as one. The offsets count characters of the ``.txt`` file as brat does.
The labels' coder: ``--coder``, else "import: FOLDER" (brat files name no annotator).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from annotator.attribution_records import FRAGMENT_OF
from annotator.errors import IngestError
from annotator.ingest.label_map import LabelMap
from annotator.ingest.normalize import guess_title, normalize_text
from annotator.ingest.record_labels import LabeledDraft, RecordLabels
from annotator.ingest.source import FileRead, read_decoded
from annotator.model import ArticleDraft

_ID = re.compile(r"^([TERAMN#]\d+|\*)\t")
_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


def read_brat(txt: Path, max_bytes: int, label_map: LabelMap | None = None) -> FileRead:
    """The article of ``txt`` with the labels of the ``.ann`` file beside it."""
    ann = txt.with_suffix(".ann")
    decoded = read_decoded(txt, max_bytes)
    raw = decoded.text
    text = normalize_text(raw)
    if not text:
        raise IngestError("has no text (only blank space)", path=str(txt))
    labels = RecordLabels("brat", "coders", str(ann), 0, raw, local_ids=True)
    labels.fallback_coder = f"import: {txt.parent.name or txt.parent.resolve().name}"
    annotations = read_decoded(ann, max_bytes).text if ann.stat().st_size else ""
    _Reader(labels, label_map or LabelMap()).read(annotations)
    draft = ArticleDraft(text=text, title=guess_title(text), source=str(txt))
    return FileRead(txt, [LabeledDraft(**vars(draft), labels=labels.fitted(text))], decoded)


class _Reader:
    def __init__(self, labels: RecordLabels, label_map: LabelMap):
        self.labels = labels
        self.label_map = label_map
        self.textbound: dict[str, dict[str, Any]] = {}  # T id -> type, fragments, line, text
        self.lines: list[tuple[int, str, str]] = []  # (line, id, rest) of the other lines
        self.relations_of: dict[str, list[dict[str, Any]]] = {}  # E/R id -> its relations

    def error(self, line: int, message: str) -> IngestError:
        return IngestError(message, path=self.labels.path, line=line)

    def read(self, content: str) -> None:
        last: dict[str, Any] | None = None
        for number, line in enumerate(content.split("\n"), start=1):
            if not line.strip():
                continue
            match = _ID.match(line)
            if match is None:
                if last is None:
                    raise self.error(number, "is not a brat annotation (ID, tab, ...)")
                last["text"] += "\n" + line  # the annotated text went on over a line break
                continue
            ident, rest = match.group(1), line[match.end() :]
            last = None
            if ident.startswith("T"):
                last = self._textbound(number, ident, rest)
            else:
                self.lines.append((number, ident, rest))
        triggers = {self._event_parts(n, rest)[0][1] for n, i, rest in self.lines if i[0] == "E"}
        for ident, item in self.textbound.items():
            self._check_text(item)
            mapped = item["type"] in self.label_map.explicit
            if ident not in triggers or mapped:
                self._add_span(ident, item)
        for number, ident, rest in self.lines:
            kind = ident[0]
            if kind == "E":
                self._event(number, ident, rest)
            elif kind == "R":
                self._relation(number, ident, rest)
            elif kind == "*":
                self._equiv(number, rest)
        for number, ident, rest in self.lines:
            if ident[0] in "AM#N":
                self._attribute(number, ident, rest)
        spans = self._span_ids()  # relations to a trigger that is no span are not kept
        self.labels.relations = [
            r for r in self.labels.relations if r["head"] in spans and r["tail"] in spans
        ]

    # -- text-bound annotations ------------------------------------------------------------

    def _textbound(self, number: int, ident: str, rest: str) -> dict[str, Any]:
        head, _, text = rest.partition("\t")
        kind, _, offsets = head.partition(" ")
        if not kind or not _OFFSETS.match(offsets):
            raise self.error(
                number, f"{ident}: expected 'TYPE START END[;START END]', got {head!r}"
            )
        fragments = []
        for part in offsets.split(";"):
            start, end = (int(x) for x in part.split(" "))
            if not 0 <= start < end <= len(self.labels.raw_text):
                raise self.error(
                    number,
                    f"{ident}: [{start}, {end}) does not fit the text of "
                    f"{len(self.labels.raw_text)} characters",
                )
            fragments.append((start, end))
        item = {"type": kind, "fragments": fragments, "line": number, "text": text}
        self.textbound[ident] = item
        return item

    def _check_text(self, item: dict[str, Any]) -> None:
        """The text the line gives is the text its offsets cover (catches \\r\\n offsets)."""
        given = item["text"]
        if not given:
            return
        raw = self.labels.raw_text
        covered = " ".join(raw[s:e] for s, e in item["fragments"])
        if not covered.startswith(given.split("\n")[0]) and covered != given:
            s, e = item["fragments"][0]
            raise self.error(
                item["line"],
                f"[{s}, {e}) covers {covered[:40]!r} but the line says {given[:40]!r}; "
                "offsets must count characters of the .txt file",
            )

    def _add_span(self, ident: str, item: dict[str, Any]) -> None:
        first = None
        for n, (start, end) in enumerate(item["fragments"]):
            span_id = ident if n == 0 else f"{ident}#{n + 1}"
            span = {"start": start, "end": end, "label": item["type"], "attributes": {}}
            self.labels.spans.append({**span, "id": span_id, "line": item["line"]})
            if first is None:
                first = span_id
            else:
                self._link(FRAGMENT_OF, span_id, first)

    def _link(self, kind: str, head: str, tail: str, owner: str | None = None) -> None:
        relation = {"kind": kind, "head": head, "tail": tail, "attributes": {}}
        self.labels.relations.append(relation)
        if owner is not None:
            self.relations_of.setdefault(owner, []).append(relation)

    def _span_ids(self) -> set[str]:
        return {span["id"] for span in self.labels.spans}

    # -- events, relations, attributes -----------------------------------------------------

    def _event_parts(self, number: int, rest: str) -> list[tuple[str, str]]:
        parts = []
        for part in rest.split("\t")[0].split():
            role, sep, target = part.partition(":")
            if not sep or not target:
                raise self.error(number, f"expected ROLE:ID in the event, got {part!r}")
            parts.append((role, target))
        if not parts:
            raise self.error(number, "an event needs TYPE:TRIGGER")
        return parts

    def _known(self, number: int, target: str) -> None:
        if target not in self.textbound:
            raise self.error(number, f"refers to {target}, which is not a T line of this file")

    def _event(self, number: int, ident: str, rest: str) -> None:
        (_, trigger), *arguments = self._event_parts(number, rest)
        self._known(number, trigger)
        for _, target in arguments:
            self._known(number, target)
        spans = self._span_ids()
        cues = [t for role, t in arguments if role.rstrip("0123456789").lower() == "cue"]
        hub = cues[0] if cues else trigger if trigger in spans else None
        if hub is None and arguments:
            hub = arguments[0][1]
        self.relations_of.setdefault(ident, [])
        for role, target in arguments:
            if hub is None or target == hub:
                continue
            kind = role.rstrip("0123456789").lower() + "_of"
            self._link(kind, target, hub, ident)

    def _relation(self, number: int, ident: str, rest: str) -> None:
        words = rest.split("\t")[0].split()
        if not words:
            raise self.error(number, f"{ident}: a relation needs TYPE Arg1:ID Arg2:ID")
        kind, *arguments = words
        found = dict(a.partition(":")[::2] for a in arguments)
        head, tail = found.get("Arg1"), found.get("Arg2")
        if not head or not tail:
            raise self.error(number, f"{ident}: a relation needs Arg1:ID and Arg2:ID")
        self._known(number, head)
        self._known(number, tail)
        self._link(kind, head, tail, ident)

    def _equiv(self, number: int, rest: str) -> None:
        members = rest.split("\t")[0].split()[1:]  # after the type (Equiv)
        for target in members:
            self._known(number, target)
        for head, tail in itertools.pairwise(members):
            self._link("equiv", head, tail)

    def _attribute(self, number: int, ident: str, rest: str) -> None:
        fields = rest.split("\t")
        head = fields[0].split()
        if ident.startswith("#"):
            if len(head) < 2:
                raise self.error(number, "a note needs TYPE ID and the note")
            self._set(number, head[1], "note", fields[1] if len(fields) > 1 else "")
            return
        if ident.startswith("N"):
            if len(head) < 3:
                raise self.error(number, "a normalisation needs TYPE ID DB:ID")
            self._append(number, head[1], "normalizations", head[2])
            return
        if len(head) < 2:
            raise self.error(number, "an attribute needs NAME ID [VALUE]")
        value: Any = head[2] if len(head) > 2 else True
        self._set(number, head[1], head[0], value)

    def _set(self, number: int, target: str, name: str, value: Any) -> None:
        for attrs in self._attribute_owners(number, target):
            attrs[name] = value

    def _append(self, number: int, target: str, name: str, value: str) -> None:
        for attrs in self._attribute_owners(number, target):
            attrs.setdefault(name, []).append(value)

    def _attribute_owners(self, number: int, target: str) -> list[dict[str, Any]]:
        if target in self.relations_of:
            return [relation["attributes"] for relation in self.relations_of[target]]
        if target not in self.textbound:
            raise self.error(number, f"refers to {target}, which is not in this file")
        return [s["attributes"] for s in self.labels.spans if s["id"] == target]
