"""Tables for spreadsheets and data frames: CSV (one file per layer and one for document
labels) and Parquet (one table of spans, one of document labels).

CSV cells are escaped against spreadsheet formula injection (``annotator.csv_cells``). Beside
every stored name a CSV file has its codebook title, for people reading the sheet
(``label_title``, ``scheme_title``, ``value_title``, ``<attribute>_title`` for choices).
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from annotator.codebook import Codebook
from annotator.csv_cells import escape_cell
from annotator.export.label_rows import ArticleExport
from annotator.export.output import Staging
from annotator.export.selection import ExportError
from annotator.export.summary import ExportSummary

ARTICLE_COLUMNS = ["article_id", "title", "outlet", "published", "story"]
SPAN_COLUMNS = ["span_id", "layer", "label", "start", "end", "text", "coder", "coder_id", "origin"]
ANSWER_COLUMNS = ["label_id", "scheme", "value", "coder", "coder_id"]
DOC_LABELS_FILE = "doc_labels"
PARQUET_BATCH = 100_000


def answer_text(value: Any) -> str:
    """A document label as one cell: a choice, choices joined by "; ", or the text."""
    return "; ".join(value) if isinstance(value, list) else str(value)


def csv_names(layers: Sequence[str]) -> list[str]:
    return [f"{name}.csv" for name in layers] + [f"{DOC_LABELS_FILE}.csv"]


def parquet_names() -> list[str]:
    return ["spans.parquet", "doc_labels.parquet"]


def _article_cells(article: ArticleExport) -> list[Any]:
    return [article.uuid, article.title, article.outlet, article.published, article.story]


def _span_cells(article: ArticleExport, span) -> list[Any]:
    text = article.text[span.start : span.end]
    return [span.id, span.layer, span.label, span.start, span.end, text, span.coder]


def _with_label_title(columns: list[Any], title: Any) -> list[Any]:
    """CSV span columns: ``label_title`` right after ``label``."""
    at = SPAN_COLUMNS.index("label") + 1
    return [*columns[:at], title, *columns[at:]]


def _attribute_columns(codebook: Codebook, layer: str) -> list[tuple[str, bool]]:
    """(attribute name, whether it gets a title column): choices do."""
    return [(a.name, a.kind == "choice") for a in codebook.layer(layer).attributes]


def write_csv(
    articles: Iterable[ArticleExport],
    staging: Staging,
    summary: ExportSummary,
    *,
    layers: Sequence[str],
    codebook: Codebook,
    **_: Any,
) -> None:
    writers, attributes = {}, {}
    with contextlib.ExitStack() as files:
        for name in [*layers, DOC_LABELS_FILE]:
            path = staging.file(f"{name}.csv")
            handle = files.enter_context(open(path, "w", encoding="utf-8", newline=""))
            handle.write("\ufeff")  # utf-8-sig's mark, written once: that codec is slow per row
            writers[name] = csv.writer(handle)
            if name == DOC_LABELS_FILE:
                answer_columns = [*ANSWER_COLUMNS[:2], "scheme_title", *ANSWER_COLUMNS[2:3]]
                answer_columns += ["value_title", *ANSWER_COLUMNS[3:]]
                writers[name].writerow(ARTICLE_COLUMNS + answer_columns)
                continue
            attributes[name] = _attribute_columns(codebook, name)
            named = [c for n, choice in attributes[name] for c in (n, f"{n}_title")[: 1 + choice]]
            writers[name].writerow(
                ARTICLE_COLUMNS
                + _with_label_title(SPAN_COLUMNS, "label_title")
                + named
                + ["other_attributes"]
            )
        names: dict[tuple[str, str], list[Any]] = {}  # (layer, label): its cells, escaped
        coders: dict[tuple, list[Any]] = {}  # (coder, coder id, origin): their cells, escaped
        blank = {
            layer: _attribute_cells({}, attributes[layer], layer, codebook) for layer in layers
        }
        for article in articles:
            head = [escape_cell(cell) for cell in _article_cells(article)]
            text = article.text
            for span in article.spans:
                layer, label, start, end = span.layer, span.label, span.start, span.end
                label_cells = names.get((layer, label))
                if label_cells is None:
                    title = codebook.label_title(layer, label)
                    label_cells = [escape_cell(c) for c in (layer, label, title)]
                    names[layer, label] = label_cells
                who = coders.get((span.coder, span.coder_id, span.origin))
                if who is None:
                    who = [
                        escape_cell(c) for c in (span.coder, span.coder_id, span.origin or "gold")
                    ]
                    coders[span.coder, span.coder_id, span.origin] = who
                tail = blank[layer]
                if span.attrs:
                    cells = _attribute_cells(span.attrs, attributes[layer], layer, codebook)
                    tail = [escape_cell(c) for c in cells]
                # start and end are ints (they slice the text): nothing in them to escape
                row = [*head, escape_cell(span.id), *label_cells, start, end]
                writers[layer].writerow([*row, escape_cell(text[start:end]), *who, *tail])
            for answer in article.answers:
                row = [answer.id, answer.scheme, codebook.section_title(answer.scheme)]
                row += [
                    answer_text(answer.value),
                    codebook.answer_text(answer.scheme, answer.value),
                ]
                row += [answer.coder, answer.coder_id]
                writers[DOC_LABELS_FILE].writerow([*head, *(escape_cell(c) for c in row)])


def _attribute_cells(
    attrs: dict[str, Any], known: list[tuple[str, bool]], layer: str, codebook: Codebook
) -> list[Any]:
    """A span's attribute columns (a choice's title after it) and its other attributes."""
    other = {k: v for k, v in attrs.items() if k not in dict(known)}
    cells = []
    for name, choice in known:
        value = attrs.get(name)
        cells.append(_cell(value))
        if choice:
            titled = codebook.attribute_value_title(layer, name, value)
            cells.append(titled if value is not None else None)
    cells.append(json.dumps(other, ensure_ascii=False, sort_keys=True) if other else "")
    return cells


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write_parquet(
    articles: Iterable[ArticleExport],
    staging: Staging,
    summary: ExportSummary,
    *,
    codebook: Codebook,
    **_: Any,
) -> None:
    """Spans and document labels; ``choices`` is always a list (one item for a single choice,
    none for a text answer); ``published`` is a UTC timestamp where the stored date parses
    (a date alone is taken as midnight UTC, a time without offset as UTC), ``published_text``
    the stored string."""
    pa, pq = require_pyarrow()
    text_schemes = {scheme.name for scheme in codebook.schemes if scheme.kind == "text"}
    article_fields = [
        (name, pa.timestamp("us", tz="UTC") if name == "published" else pa.string())
        for name in ARTICLE_COLUMNS
    ] + [("published_text", pa.string())]
    span_schema = pa.schema(
        article_fields
        + [(name, pa.string()) for name in SPAN_COLUMNS[:3]]
        + [("start", pa.int32()), ("end", pa.int32())]
        + [(name, pa.string()) for name in [*SPAN_COLUMNS[5:], "attributes"]]
    )
    answer_schema = pa.schema(
        article_fields
        + [(name, pa.string()) for name in ANSWER_COLUMNS]
        + [("choices", pa.list_(pa.string()))]
    )
    spans = _Batches(pq.ParquetWriter(staging.file("spans.parquet"), span_schema), pa)
    answers = _Batches(pq.ParquetWriter(staging.file("doc_labels.parquet"), answer_schema), pa)
    try:
        for article in articles:
            head = _article_cells(article)
            head[3] = published_instant(article.published)
            head.append(article.published)
            for span in article.spans:
                attrs = json.dumps(span.attrs, ensure_ascii=False, sort_keys=True)
                cells = [*_span_cells(article, span), span.coder_id, span.origin or "gold"]
                spans.add([*head, *cells, attrs])
            for answer in article.answers:
                value = answer.value
                choices = value if isinstance(value, list) else []
                if isinstance(value, str) and answer.scheme not in text_schemes:
                    choices = [value]
                row = [*head, answer.id, answer.scheme, answer_text(value), answer.coder]
                answers.add([*row, answer.coder_id, choices])
    finally:
        spans.close()
        answers.close()


class _Batches:
    """Rows gathered by column and written as one row group per ``PARQUET_BATCH`` rows."""

    def __init__(self, writer, pa):
        self.writer, self.pa = writer, pa
        self.columns: list[list[Any]] = [[] for _ in writer.schema]

    def add(self, row: list[Any]) -> None:
        for column, value in zip(self.columns, row, strict=True):
            column.append(value)
        if len(self.columns[0]) >= PARQUET_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.columns[0]:
            schema = self.writer.schema
            table = self.pa.Table.from_arrays(
                [self.pa.array(c, type=f.type) for c, f in zip(self.columns, schema, strict=True)],
                schema=schema,
            )
            self.writer.write_table(table)
        self.columns = [[] for _ in self.writer.schema]

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.writer.close()


def published_instant(published: str | None) -> datetime | None:
    """The stored ISO 8601 date or date-time as an aware UTC datetime; None where it does not
    parse (the import keeps what it could not read as it was given)."""
    if not published:
        return None
    try:
        value = datetime.fromisoformat(published)
    except ValueError:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def require_pyarrow():
    """pyarrow and pyarrow.parquet, or a clear message on how to install them."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(
            "Parquet export needs pyarrow, which is not installed: "
            "pip install 'media-bias-annotator[parquet]'"
        ) from None
    return pa, pq
