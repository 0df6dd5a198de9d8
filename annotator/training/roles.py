"""Which spaCy component learns a span layer, and the DocBin files it learns from.

- ``ner``: one role per token (spaCy's entity recognizer, BILUO tags per label). It learns
  spans of any length, but a token has one role, so spans of a layer must not overlap. This is
  how PolNeAR marks attribution (cue / source / content); content is often a whole clause.
- ``spancat``: scores candidate n-grams of 1 to a few tokens, so spans may overlap, but
  longer spans are never even proposed. Loaded language (short, sometimes overlapping) fits.

``span_shape`` measures the exported spans; ``choose_component`` picks ``ner`` when a good
share of the spans is longer than the spancat's n-grams and hardly any overlap.
``spans_as_roles`` rewrites an exported DocBin with the spans as ``doc.ents`` for ``ner``:
of overlapping spans the longest is kept (spaCy's ``filter_spans``) and the others counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.export import ExportError

COMPONENTS = ("auto", "ner", "spancat")
SPANCAT_SIZES = (1, 2, 3)  # the n-grams the spancat proposes
LONG_SHARE = 0.2  # ner when at least this share of spans is longer than the n-grams ...
OVERLAP_SHARE = 0.01  # ... and at most this share overlaps another span


@dataclass
class SpanShape:
    """What the exported spans of one span key look like, counted in tokens."""

    spans: int = 0
    longer: int = 0  # longer than the spancat's largest n-gram
    overlapping: int = 0  # overlap an earlier span of the same document
    longest: int = 0

    def add(self, lengths_and_overlaps: list[tuple[int, bool]]) -> None:
        for length, overlaps in lengths_and_overlaps:
            self.spans += 1
            self.longer += length > max(SPANCAT_SIZES)
            self.overlapping += overlaps
            self.longest = max(self.longest, length)

    def describe(self) -> str:
        if not self.spans:
            return "no spans"
        return (
            f"{self.spans} spans: {self.longer / self.spans:.0%} longer than "
            f"{max(SPANCAT_SIZES)} tokens (the longest {self.longest}), "
            f"{self.overlapping / self.spans:.1%} overlapping another"
        )


def span_shape(paths: list[Path], key: str) -> SpanShape:
    """The shape of the spans under ``key`` in these DocBin files."""
    shape = SpanShape()
    for doc in _docs(paths):
        reach, found = -1, []
        for span in sorted(doc.spans.get(key, []), key=lambda s: (s.start, s.end)):
            found.append((len(span), span.start < reach))
            reach = max(reach, span.end)
        shape.add(found)
    return shape


def check_component(wanted: str) -> None:
    if wanted not in COMPONENTS:
        raise ExportError(f"unknown component '{wanted}'; choose one of {', '.join(COMPONENTS)}")


def choose_component(wanted: str, shape: SpanShape) -> str:
    """``wanted`` unless it is ``auto``; then ``ner`` for long spans that do not overlap."""
    check_component(wanted)
    if wanted != "auto":
        return wanted
    if not shape.spans:
        return "spancat"
    long_spans = shape.longer / shape.spans >= LONG_SHARE
    return "ner" if long_spans and shape.overlapping / shape.spans <= OVERLAP_SHARE else "spancat"


def spans_as_roles(path: Path, key: str) -> int:
    """Rewrite the DocBin at ``path`` with each document's spans under ``key`` as its
    entities, every other token outside any; returns how many overlapping spans were left out."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    docs, dropped = [], 0
    for doc in _docs([path]):
        spans = list(doc.spans.get(key, []))
        kept = filter_spans(spans)
        dropped += len(spans) - len(kept)
        doc.set_ents(kept, default="outside")
        docs.append(doc)
    DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], docs=docs, store_user_data=True).to_disk(path)
    return dropped


def _docs(paths: list[Path]):
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    for path in paths:
        yield from DocBin().from_disk(path).get_docs(vocab)
