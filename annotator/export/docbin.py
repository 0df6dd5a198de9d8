"""spaCy DocBin files for ``spacy train``: ``train.spacy`` and ``dev.spacy``, split by story.

Each document carries the spans of the selected layers in ``doc.spans["sc"]`` (or one key per
layer) and the answer to one choice scheme (the primary frame by default) in ``doc.cats``.
An ``all-coders`` export makes one document per article and coder.

Rules (docs/export.md):
- Snapping: a span whose edges fall inside a token, or on white space, becomes the smallest
  run of whole tokens that covers it (spaCy's "expand" alignment). Snapped spans are counted;
  a span that covers no token at all (only white space) is listed in the summary, not written.
- Overlaps: span groups may overlap (spancat predicts overlapping spans), so overlapping spans
  of one layer are all kept, and counted; spans identical after snapping (same tokens, same
  label) are written once, and counted.
- Labels: a label name used by two selected layers is written as ``layer/label`` in "sc".
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy

from annotator.codebook import Codebook, Scheme
from annotator.export.label_rows import ArticleExport
from annotator.export.output import Staging
from annotator.export.selection import ExportError, LabeledArticle
from annotator.export.split import group_of, split_articles
from annotator.export.summary import ExportSummary

if TYPE_CHECKING:
    from annotator.export.token_docbin import SpanGroupRows

SPAN_KEY = "sc"
_NONE: dict[str, str] = {}
EXPORT_INFO = "export.json"


def docbin_names() -> list[str]:
    return ["train.spacy", "dev.spacy", EXPORT_INFO]


def cats_scheme(codebook: Codebook, schemes: Sequence[str] | None, wanted: str | None = None):
    """The scheme whose answer goes in ``doc.cats``: ``wanted``, else the first single-choice
    scheme among those selected (the primary frame in the default codebook)."""
    choices = [
        s
        for s in codebook.schemes
        if s.kind in ("single", "multi") and (schemes is None or s.name in schemes)
    ]
    if wanted is not None:
        for scheme in choices:
            if scheme.name == wanted:
                return scheme
        names = ", ".join(s.name for s in choices) or "none selected"
        raise ExportError(f"'{wanted}' is not a selected choice scheme; choice schemes: {names}")
    return next((s for s in choices if s.kind == "single"), choices[0] if choices else None)


def span_label_names(codebook: Codebook, layers: Sequence[str]) -> dict[tuple[str, str], str]:
    """(layer, label) -> the label written in "sc": the label, or layer/label if shared."""
    seen = Counter(label.name for name in layers for label in codebook.layer(name).labels)
    return {
        (name, label.name): label.name if seen[label.name] == 1 else f"{name}/{label.name}"
        for name in layers
        for label in codebook.layer(name).labels
    }


def write_docbin(
    articles: Iterable[ArticleExport],
    staging: Staging,
    summary: ExportSummary,
    *,
    labeled: Sequence[LabeledArticle],
    codebook: Codebook,
    layers: Sequence[str],
    schemes: Sequence[str] | None,
    dev_fraction: float = 0.2,
    seed: int = 0,
    span_key: str | None = SPAN_KEY,
    cats: str | None = None,
    per_coder: bool = False,
    **_: Any,
) -> None:
    import spacy
    from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SPACY

    from annotator.export.token_docbin import TokenDocBin, msgpack_encoders_read_once

    token_columns = [ORTH, SPACY, IDX, LENGTH, IS_SPACE]  # what TokenDocBin and snapping read

    docs_per_article = (lambda a: max(1, len(a.coders))) if per_coder else (lambda a: 1)
    dev_ids, notes = split_articles(labeled, dev_fraction, seed, docs_per_article)
    summary.notes.extend(notes)
    scheme = cats_scheme(codebook, schemes, cats)
    names = span_label_names(codebook, layers)
    by_layer: dict[str, dict[str, str]] = {}
    for (layer, label), written in names.items():
        by_layer.setdefault(layer, {})[label] = written
    keys = [span_key] if span_key else list(layers)
    tokenizer: Any = spacy.blank("en").tokenizer  # a Tokenizer (compiled, no stubs)
    bins = {side: TokenDocBin(tokenizer.vocab) for side in ("train", "dev")}
    summary.docs = {"train": 0, "dev": 0}
    stories: dict[str, set[str]] = {"train": set(), "dev": set()}
    with msgpack_encoders_read_once():
        for chunk in _chunks(articles, 64):
            for article, tokens in zip(chunk, tokenizer.pipe(a.text for a in chunk), strict=True):
                columns = tokens.to_array(token_columns)
                side = "dev" if article.id in dev_ids else "train"
                stories[side].add(group_of(article.uuid, article.story))
                whole = (None, article.spans, article.answers)
                versions = _versions(article) if per_coder else [whole]
                for n, (coder, spans, answers) in enumerate(versions):
                    doc = tokens if n == len(versions) - 1 else tokens.copy()
                    doc.user_data["annotator"] = {"article": article.uuid, "coder": coder}
                    groups = _span_groups(
                        doc, columns, article, spans, by_layer, span_key, keys, summary
                    )
                    _set_cats(doc, answers, scheme)
                    bins[side].add(doc, groups, columns)
                    summary.docs[side] += 1
        for side, docbin in bins.items():
            docbin.to_disk(staging.file(f"{side}.spacy"))
    summary.stories = {side: len(groups) for side, groups in stories.items()}
    info = {
        "span_keys": keys,
        "span_labels": sorted({names[k] for k in names if k[0] in layers}),
        "cats_scheme": scheme.name if scheme else None,
        "cats_labels": [c.name for c in scheme.choices] if scheme else [],
        "cats_exclusive": bool(scheme and scheme.kind == "single"),
        "docs": summary.docs,
        "seed": seed,
        "dev_fraction": dev_fraction,
    }
    staging.file(EXPORT_INFO).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def _versions(article: ArticleExport) -> list[tuple[str, list, list]]:
    """One (coder, spans, answers) per coder with labels on the article."""
    coders = sorted({s.coder_id for s in article.spans} | {a.coder_id for a in article.answers})
    return [
        (
            coder,
            [s for s in article.spans if s.coder_id == coder],
            [a for a in article.answers if a.coder_id == coder],
        )
        for coder in coders
    ]


def _span_groups(doc, columns, article, spans, names, span_key, keys, summary) -> SpanGroupRows:
    """The spans of ``doc.spans``, by the snapping and overlap rules, as rows for
    ``span_groups_bytes``: key -> sorted (first token, end token, label, start char, end char).
    ``columns``: the tokens' ORTH, SPACY, IDX, LENGTH and IS_SPACE (``Doc.to_array``)."""
    found: dict[str, set[tuple[int, int, str, int, int]]] = {key: set() for key in keys}
    if spans:
        tokens = columns[:, 2:].astype(numpy.int64)
        starts, ends = tokens[:, 0], tokens[:, 0] + tokens[:, 1]
        words_before = numpy.concatenate(([0], numpy.cumsum(tokens[:, 2] == 0)))
        wanted = numpy.array([(s.start, s.end) for s in spans], dtype=numpy.int64)
        # the first token that ends after the span's start, up to the last that starts before
        # its end: the smallest run of whole tokens that covers it (spaCy's "expand")
        firsts = numpy.searchsorted(ends, wanted[:, 0], side="right")
        lasts = numpy.searchsorted(starts, wanted[:, 1], side="left")
        covers = words_before[lasts] - words_before[numpy.minimum(firsts, lasts)] > 0
        first_start = starts[numpy.minimum(firsts, len(starts) - 1)]
        last_end = ends[numpy.maximum(lasts, 1) - 1]
        exact = (first_start == wanted[:, 0]) & (last_end == wanted[:, 1])
        snapped = covers & ~exact
        summary.snapped += int(snapped.sum())
        for i in numpy.flatnonzero(snapped)[: max(0, 5 - len(summary.examples))].tolist():
            words = article.text[spans[i].start : spans[i].end]
            summary.examples.append(f"{words!r} -> {doc[firsts[i] : lasts[i]].text!r}")
        # a covering span has a token under it: its characters run from the first token's
        # start to the last token's end
        for span, first, last, ok, start_char, end_char in zip(
            spans,
            firsts.tolist(),
            lasts.tolist(),
            covers.tolist(),
            first_start.tolist(),
            last_end.tolist(),
            strict=True,
        ):
            label = names.get(span.layer, _NONE).get(span.label) or f"{span.layer}/{span.label}"
            if not ok:  # no token under it, or only white space
                words = article.text[span.start : span.end]
                summary.unaligned.append(
                    f"{article.title[:60]!r} [{span.start}, {span.end}) {words!r} ({label})"
                )
                continue
            group = found[span_key or span.layer]
            row = (first, last, label, start_char, end_char)
            if row in group:
                summary.duplicates += 1
            else:
                group.add(row)
    rows: SpanGroupRows = {}
    for key, group in found.items():
        ordered = sorted(group)
        reach = -1
        for first, last, *_ in ordered:
            if first < reach:
                summary.overlaps += 1
            reach = last if last > reach else reach
        rows[key] = ordered
    return rows


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _set_cats(doc, answers, scheme: Scheme | None) -> None:
    if scheme is None:
        return
    for answer in answers:
        if answer.scheme == scheme.name:
            chosen = set(answer.value) if isinstance(answer.value, list) else {answer.value}
            doc.cats = {c.name: float(c.name in chosen) for c in scheme.choices}
