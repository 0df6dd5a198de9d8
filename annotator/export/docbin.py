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
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.codebook import Codebook, Scheme
from annotator.export.output import Staging
from annotator.export.selection import ArticleExport, ExportError, LabeledArticle
from annotator.export.split import group_of, split_articles
from annotator.export.summary import ExportSummary

SPAN_KEY = "sc"
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
    from spacy.tokens import DocBin

    docs_per_article = (lambda a: max(1, len(a.coders))) if per_coder else (lambda a: 1)
    dev_ids, notes = split_articles(labeled, dev_fraction, seed, docs_per_article)
    summary.notes.extend(notes)
    scheme = cats_scheme(codebook, schemes, cats)
    names = span_label_names(codebook, layers)
    keys = [span_key] if span_key else list(layers)
    tokenizer = spacy.blank("en").tokenizer
    bins = {side: DocBin(attrs=["ORTH"], store_user_data=True) for side in ("train", "dev")}
    summary.docs = {"train": 0, "dev": 0}
    stories: dict[str, set[str]] = {"train": set(), "dev": set()}
    for article in articles:
        side = "dev" if article.id in dev_ids else "train"
        stories[side].add(group_of(article.uuid, article.story))
        tokens = tokenizer(article.text)
        versions = _versions(article) if per_coder else [(None, article.spans, article.answers)]
        for n, (coder, spans, answers) in enumerate(versions):
            doc = tokens if n == len(versions) - 1 else tokens.copy()
            doc.user_data["annotator"] = {"article": article.uuid, "coder": coder}
            _set_spans(doc, article, spans, names, span_key, keys, summary)
            _set_cats(doc, answers, scheme)
            bins[side].add(doc)
            summary.docs[side] += 1
    summary.stories = {side: len(groups) for side, groups in stories.items()}
    for side, docbin in bins.items():
        docbin.to_disk(staging.file(f"{side}.spacy"))
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


def _set_spans(doc, article, spans, names, span_key, keys, summary: ExportSummary) -> None:
    found: dict[str, dict[tuple[int, int, str], Any]] = {key: {} for key in keys}
    for span in spans:
        label = names.get((span.layer, span.label), f"{span.layer}/{span.label}")
        placed = doc.char_span(span.start, span.end, label=label)
        if placed is None:
            placed = doc.char_span(span.start, span.end, label=label, alignment_mode="expand")
            words = article.text[span.start : span.end]
            if placed is None or not placed.text.strip():
                summary.unaligned.append(
                    f"{article.title[:60]!r} [{span.start}, {span.end}) {words!r} ({label})"
                )
                continue
            summary.snapped += 1
            if len(summary.examples) < 5:
                summary.examples.append(f"{words!r} -> {placed.text!r}")
        group = found[span_key or span.layer]
        identity = (placed.start, placed.end, label)
        if identity in group:
            summary.duplicates += 1
            continue
        group[identity] = placed
    for key, group in found.items():
        ordered = sorted(group.values(), key=lambda s: (s.start, s.end, s.label_))
        reach = -1
        for placed in ordered:
            if placed.start < reach:
                summary.overlaps += 1
            reach = max(reach, placed.end)
        doc.spans[key] = ordered


def _set_cats(doc, answers, scheme: Scheme | None) -> None:
    if scheme is None:
        return
    for answer in answers:
        if answer.scheme == scheme.name:
            chosen = set(answer.value) if isinstance(answer.value, list) else {answer.value}
            doc.cats = {c.name: float(c.name in chosen) for c in scheme.choices}
