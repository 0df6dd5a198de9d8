"""WebAnno TSV 3.x (INCEpTION's export): an article and its span and relation annotations.

The text is rebuilt from the ``#Text=`` lines (a sentence's lines joined by line breaks,
sentences placed at their first token's offset, gaps filled with spaces), or, for files
whose ``#Text=`` lines do not cover the text, from the tokens at their offsets. Offsets count
UTF-16 code units, as Java does, and are converted to code points. For each span layer
(``#T_SP=TYPE|FEATURE|...``):
- a span per annotation (one id across its tokens: ``value[3]``; a value without an id is a
  one-token annotation); its label is the ``label`` feature, else the ``value`` feature (the
  named-entity layer's), else the first feature with a value, else the layer's short name;
  the other features with values are attributes;
- the layer: the codebook layer the type's short name names (``webanno.custom.Attribution``
  -> ``attribution``), else the layer that has the label (``LabelMap``).
Relation layers (``#T_RL=TYPE|FEATURE...|BT_BASE``) become relations of the kind the first
feature gives (else the type's short name), head the span at the source address, tail the
span on whose first token the relation sits. Chain layers (``#T_CH``) and slot features
are not read: the report lists them. The coder: ``--coder``; else, in INCEpTION's project
layout (``annotation/DOCUMENT.txt/USER.tsv``), the user; else "import: FOLDER".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import IngestError
from annotator.export.webanno import SPAN_PREFIX, unescape, utf16_offsets
from annotator.ingest.normalize import guess_title, normalize_text
from annotator.ingest.record_labels import LabeledDraft, RecordLabels
from annotator.ingest.source import FileRead, read_decoded
from annotator.model import ArticleDraft

_ROW = re.compile(r"^(\d+)-(\d+)(?:\.\d+)?\t(\d+)-(\d+)\t")
_SPLIT = re.compile(r"(?<!\\)\|")
_ID = re.compile(r"^(.*?)(?:\[(\d+)(?:_(\d+))?\])?$", re.DOTALL)


def is_webanno(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("#FORMAT=WebAnno TSV 3")


@dataclass
class _Layer:
    kind: str  # "span" or "relation"
    type: str
    features: list[str]
    first: int = 0  # index of its first column in a row
    width: int = 1
    base: str | None = None  # relations: the span layer they link
    spans: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> span


def read_webanno(path: Path, max_bytes: int) -> FileRead:
    decoded = read_decoded(path, max_bytes)
    lines = decoded.text.lstrip("\ufeff").split("\n")
    layers, skipped = _header(lines, path)
    rows, sentences = _body(lines, path)
    raw = _text(rows, sentences, path)
    text = normalize_text(raw)
    if not text:
        raise IngestError("has no text", path=str(path))
    labels = RecordLabels("webanno", "coders", str(path), 0, raw, local_ids=True)
    labels.fallback_coder = _coder(path)
    _annotations(labels, layers, rows, raw)
    draft = ArticleDraft(text=text, title=guess_title(text), source=str(path))
    read = FileRead(path, [LabeledDraft(**vars(draft), labels=labels.fitted(text))], decoded)
    read.skipped += [f"{path}: {what} not read" for what in skipped]
    return read


def _coder(path: Path) -> str:
    """INCEpTION's project export keeps annotation/DOCUMENT.txt/USER.tsv."""
    if "." in path.parent.name:
        return path.stem
    return f"import: {path.parent.name or path.parent.resolve().name}"


def _header(lines: list[str], path: Path) -> tuple[list[_Layer], list[str]]:
    layers: list[_Layer] = []
    skipped: list[str] = []
    column = 3
    for number, line in enumerate(lines, start=1):
        if line.startswith("#Text=") or _ROW.match(line):
            break
        kind = {"#T_SP=": "span", "#T_RL=": "relation", "#T_CH=": "chain"}.get(line[:6])
        if kind is None:
            continue
        name, *features = line[6:].strip().split("|")
        if not name:
            raise IngestError("a layer line without a type", path=str(path), line=number)
        layer = _Layer(kind, name, features, column)
        if kind == "relation":
            if not features or not features[-1].startswith("BT_"):
                raise IngestError(
                    f"relation layer {name} has no BT_ column", path=str(path), line=number
                )
            layer.base = features.pop()[3:]
            layer.width = len(features) + 1
        else:
            layer.width = max(1, len(features))
        if kind == "chain" or any(f.startswith("ROLE_") for f in features):
            skipped.append(f"layer {name} ({'chain' if kind == 'chain' else 'slot features'})")
            layer.kind = "skipped"
        column += layer.width
        layers.append(layer)
    return layers, skipped


@dataclass(frozen=True)
class _Row:
    line: int
    cells: list[str]
    sentence: int
    begin: int  # UTF-16 offsets
    end: int


def _body(lines: list[str], path: Path) -> tuple[list[_Row], list[list[str]]]:
    rows: list[_Row] = []
    sentences: list[list[str]] = []
    previous_text = False
    for number, line in enumerate(lines, start=1):
        if line.startswith("#Text="):
            if not previous_text:
                sentences.append([])
            sentences[-1].append(unescape(line[6:]))
            previous_text = True
            continue
        previous_text = False
        if not line.strip() or line.startswith("#"):
            continue
        match = _ROW.match(line)
        if match is None:
            raise IngestError(
                "is not a token row (SENTENCE-TOKEN, START-END, ...)", path=str(path), line=number
            )
        sentence, begin, end = int(match.group(1)), int(match.group(3)), int(match.group(4))
        rows.append(_Row(number, line.split("\t"), sentence, begin, end))
    if not rows:
        raise IngestError("has no token rows", path=str(path))
    return rows, sentences


def _text(rows: list[_Row], sentences: list[list[str]], path: Path) -> str:
    """The text: each sentence's lines at its first token's offset (or, without usable
    #Text lines, each token at its offset), gaps filled with spaces."""
    starts: dict[int, int] = {}
    for row in rows:
        starts.setdefault(row.sentence, row.begin)
    if len(sentences) == len(starts):
        pieces = [
            (starts[n], "\n".join(lines))
            for n, lines in zip(sorted(starts), sentences, strict=True)
        ]
    else:
        pieces = [(row.begin, unescape(row.cells[2])) for row in rows if "." not in row.cells[0]]
    text, units = "", 0
    for start, piece in pieces:
        if start < units:
            raise IngestError(f"text at offset {start} overlaps what comes before", path=str(path))
        text += " " * (start - units) + piece
        units = start + sum(2 if ord(char) > 0xFFFF else 1 for char in piece)
    return text


def _annotations(labels: RecordLabels, layers: list[_Layer], rows, raw: str) -> None:
    units = utf16_offsets(raw)
    point = {unit: n for n, unit in enumerate(units)}
    spans_by_type = {layer.type: layer for layer in layers if layer.kind == "span"}
    singles: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (type, address) -> spans
    for row in rows:
        number, cells, address = row.line, row.cells, row.cells[0]
        if row.begin not in point or row.end not in point:
            raise labels.error(
                f"offsets {row.begin}-{row.end} do not fit the text", {"line": number}
            )
        start, stop = point[row.begin], point[row.end]
        for layer in layers:
            if layer.kind != "span":
                continue
            columns = [
                cells[i] if i < len(cells) else "_"
                for i in range(layer.first, layer.first + layer.width)
            ]
            for n, (values, ident) in enumerate(_stack(columns)):
                key = ident or f"{address}#{n}"
                span = layer.spans.get(key)
                if span is None:
                    span = _new_span(layer, values, start, stop, number, key)
                    labels.spans.append(span)
                    layer.spans[key] = span
                    singles.setdefault((layer.type, address), []).append(span)
                else:
                    span["end"] = stop
    for row in rows:
        number, cells = row.line, row.cells
        for layer in layers:
            if layer.kind != "relation" or layer.base not in spans_by_type:
                continue
            base = spans_by_type[layer.base]
            kinds = cells[layer.first : layer.first + layer.width - 1] or ["_"]
            source = (
                cells[layer.first + layer.width - 1]
                if layer.first + layer.width - 1 < len(cells)
                else "_"
            )
            if source in ("_", ""):
                continue
            kind_values = _SPLIT.split(kinds[0]) if kinds and kinds[0] not in ("_", "*") else []
            for n, item in enumerate(_SPLIT.split(source)):
                match = _ID.match(item)
                assert match is not None
                head_address, head_id, tail_id = match.group(1), match.group(2), match.group(3)
                head = _find(base, singles, head_address, head_id)
                tail = _find(base, singles, cells[0], tail_id)
                if head is None or tail is None:
                    raise labels.error(
                        f"relation {item!r} links no span of {layer.base}", {"line": number}
                    )
                kind = (
                    unescape(kind_values[n])
                    if n < len(kind_values)
                    else layer.type.rsplit(".", 1)[-1]
                )
                labels.relations.append(
                    {"kind": kind, "head": head["id"], "tail": tail["id"], "attributes": {}}
                )


def _stack(columns: list[str]) -> list[tuple[list[str | None], str | None]]:
    """The annotations on one token of one layer: (feature values, id) each."""
    if all(c in ("_", "") for c in columns):
        return []
    stacks = [_SPLIT.split(c) if c not in ("_", "") else [] for c in columns]
    depth = max(len(s) for s in stacks)
    found = []
    for n in range(depth):
        values: list[str | None] = []
        ident = None
        for stack in stacks:
            cell = stack[n] if n < len(stack) else "*"
            match = _ID.match(cell)
            assert match is not None
            value, ident = match.group(1), match.group(2) or ident
            values.append(None if value in ("*", "_", "") else unescape(value))
        found.append((values, ident))
    return found


def _new_span(layer: _Layer, values, start: int, stop: int, line: int, key: str) -> dict[str, Any]:
    names = layer.features or [layer.type.rsplit(".", 1)[-1]]
    by_name = dict(zip(names, values, strict=False))
    label_name = next((n for n in ("label", "value") if by_name.get(n)), None)
    label_name = label_name or next((n for n in names if by_name.get(n)), None)
    short = layer.type.rsplit(".", 1)[-1] if layer.type.startswith(SPAN_PREFIX) else None
    label = by_name.get(label_name) if label_name else layer.type.rsplit(".", 1)[-1]
    attrs = {n: v for n, v in by_name.items() if n != label_name and v is not None}
    span = {"start": start, "end": stop, "label": label, "attributes": attrs, "line": line}
    span["id"] = f"{layer.type}#{key}"
    if short:
        span["layer_hint"] = re.sub(r"(?<!^)(?=[A-Z])", "_", short).lower()
    return span


def _find(layer: _Layer, singles, address: str, ident: str | None):
    if ident and ident != "0":
        return layer.spans.get(ident)
    found = singles.get((layer.type, address))
    return found[0] if found else None
