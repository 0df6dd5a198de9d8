"""Precision, recall and F1 of detected spans against any gold set, per layer.

Counted exactly as ../shared/corpora/score_spans.py counts (the scorer the held-out figures come
from), so a figure here is a figure there:

- ``overlap``: a predicted span is right when it shares a character with some gold span of its
  layer (precision over predicted spans); a gold span is found when some predicted span shares a
  character with it (recall over gold spans). Not one-to-one: one long prediction can find two
  gold spans.
- ``words``: the words (``\\w+``) touched by gold spans against those touched by predicted spans.
- ``exact``: same start and end.

Gold spans carry our layer in ``"layer"`` (the project's gold) or a corpus label in ``"label"``
that a ``LabelMap`` turns into a layer (``Cue=attribution_cue``). The strings most often missed
and most often suggested wrongly come with the scores, for error analysis.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.detect.explanations import LAYERS
from annotator.errors import AnnotatorError

WORD = re.compile(r"\w+")
LabelMap = dict[str, str]  # a gold label -> one of LAYERS


@dataclass(frozen=True)
class Scores:
    matched: int  # predicted spans (or words) that are right...
    found: int  # ...and gold spans (or words) that were found
    gold: int
    predicted: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "found": self.found,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class LayerScores:
    layer: str
    exact: Scores
    overlap: Scores
    words: Scores
    label_agreement: float | None  # among overlapping pairs, when gold uses our labels
    missed: list[tuple[str, int]] = field(default_factory=list)  # gold strings never found
    false: list[tuple[str, int]] = field(default_factory=list)  # suggestions matching no gold

    def as_dict(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "exact": self.exact.as_dict(),
            "overlap": self.overlap.as_dict(),
            "words": self.words.as_dict(),
            "label_agreement": self.label_agreement,
            "missed": [{"text": t, "count": n} for t, n in self.missed],
            "false": [{"text": t, "count": n} for t, n in self.false],
        }


def parse_label_map(items: Iterable[str]) -> LabelMap:
    """``["Cue=attribution_cue", "Name_Calling,Labeling=loaded"]`` -> a LabelMap.

    A gold label may hold commas ("Name_Calling,Labeling"), so only the last ``=`` splits.
    """
    mapping: LabelMap = {}
    for item in items:
        label, sep, layer = item.rpartition("=")
        label, layer = label.strip(), layer.strip()
        if not sep or not label:
            example = "e.g. Cue=attribution_cue"
            raise AnnotatorError(f"--map {item!r}: write GOLD_LABEL=LAYER, {example}")
        if layer not in LAYERS:
            raise AnnotatorError(f"--map {item!r}: the layer must be one of {', '.join(LAYERS)}")
        mapping[label] = layer
    return mapping


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records ``{"id", "text", "spans"}``; a broken line is an error naming file and line."""
    path = Path(path)
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotatorError(f"{path}: cannot read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, spans = record["text"], record["spans"]
            if not isinstance(text, str) or not isinstance(spans, list):
                raise TypeError("'text' must be a string and 'spans' a list")
            for span in spans:
                if not 0 <= span["start"] < span["end"] <= len(text):
                    raise ValueError(f"span {span['start']}-{span['end']} is outside the text")
                if "layer" not in span and "label" not in span:
                    raise KeyError("a span needs a 'layer' or a 'label'")
        except (ValueError, KeyError, TypeError) as exc:
            raise AnnotatorError(f"{path} line {number}: not a gold record ({exc})") from exc
        records.append(record)
    return records


def gold_layer(span: dict[str, Any], mapping: LabelMap | None) -> str | None:
    """The layer a gold span is scored in (None: not scored)."""
    if mapping:
        return mapping.get(span.get("label", ""))
    layer = span.get("layer")
    return layer if layer in LAYERS else None


def evaluate(
    gold: Iterable[dict[str, Any]],
    predicted: Iterable[dict[str, Any]],
    mapping: LabelMap | None = None,
    top: int = 15,
) -> list[LayerScores]:
    """Scores per layer; ``gold`` and ``predicted`` are records in the same order.

    A predicted record whose ``"text"`` differs from the gold text has its offsets mapped onto
    the gold text (as score_spans.py does); without a ``"text"`` it is taken to be the same.
    """
    counts: dict[str, Counter] = {layer: Counter() for layer in LAYERS}
    missed: dict[str, Counter] = {layer: Counter() for layer in LAYERS}
    false: dict[str, Counter] = {layer: Counter() for layer in LAYERS}
    for g_record, p_record in zip(gold, predicted, strict=True):
        text = g_record["text"]
        to_gold = _offset_map(p_record.get("text", text), text)
        g_spans: dict[str, list[tuple[int, int, str]]] = {layer: [] for layer in LAYERS}
        for s in g_record["spans"]:
            layer = gold_layer(s, mapping)
            if layer is not None:
                g_spans[layer].append((s["start"], s["end"], s.get("label", "")))
        p_spans: dict[str, list[tuple[int, int, str]]] = {layer: [] for layer in LAYERS}
        for s in p_record["spans"]:
            layer = s.get("layer", s.get("label"))
            start, end = to_gold(s["start"]), to_gold(s["end"])
            if layer in p_spans and start is not None and end is not None and end > start:
                p_spans[layer].append((start, end, s.get("label", "")))
        for layer in LAYERS:
            _count(text, g_spans[layer], p_spans[layer], counts[layer], missed[layer], false[layer])
    results = []
    for layer in sorted(set(mapping.values()), key=LAYERS.index) if mapping else LAYERS:
        c = counts[layer]
        results.append(
            LayerScores(
                layer,
                exact=Scores(c["exact"], c["exact"], c["gold"], c["pred"]),
                overlap=Scores(c["pred_hit"], c["gold_hit"], c["gold"], c["pred"]),
                words=Scores(c["word_tp"], c["word_tp"], c["gold_words"], c["pred_words"]),
                label_agreement=None if mapping or not c["pairs"] else c["same"] / c["pairs"],
                missed=missed[layer].most_common(top),
                false=false[layer].most_common(top),
            )
        )
    return results


def _count(text, gold, pred, c: Counter, missed: Counter, false: Counter) -> None:
    """Add one document's counts for one layer (the rules of score_spans.py)."""
    g_cover, p_cover = _coverage(len(text), gold), _coverage(len(text), pred)
    for w in WORD.finditer(text):
        in_gold = g_cover.find(1, w.start(), w.end()) != -1
        in_pred = p_cover.find(1, w.start(), w.end()) != -1
        c["gold_words"] += in_gold
        c["pred_words"] += in_pred
        c["word_tp"] += in_gold and in_pred
    c["gold"] += len(gold)
    c["pred"] += len(pred)
    for start, end, _ in pred:
        if g_cover.find(1, start, end) != -1:
            c["pred_hit"] += 1
        else:
            false[_shown(text, start, end)] += 1
    for start, end, _ in gold:
        if p_cover.find(1, start, end) != -1:
            c["gold_hit"] += 1
        else:
            missed[_shown(text, start, end)] += 1
    c["exact"] += len({(s, e) for s, e, _ in gold} & {(s, e) for s, e, _ in pred})
    for gs, ge, g_label in gold:  # label agreement: the prediction overlapping it most
        best = max(((min(ge, pe) - max(gs, ps), label) for ps, pe, label in pred), default=None)
        if best is not None and best[0] > 0:
            c["pairs"] += 1
            c["same"] += best[1] == g_label


def _coverage(size: int, spans: list[tuple[int, int, str]]) -> bytearray:
    covered = bytearray(size + 1)
    for start, end, _ in spans:
        covered[start:end] = b"\x01" * (end - start)
    return covered


def _shown(text: str, start: int, end: int) -> str:
    shown = " ".join(text[start:end].lower().split())
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _offset_map(src: str, dst: str) -> Callable[[int], int | None]:
    """Each offset of ``src`` on ``dst`` where the two texts agree; None elsewhere."""
    if src == dst:
        return lambda i: i
    table: list[int | None] = [None] * (len(src) + 1)
    matcher = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    for a, b, n in matcher.get_matching_blocks():
        for k in range(n + 1):
            table[a + k] = b + k
    return table.__getitem__


def format_table(scores: list[LayerScores], with_labels: bool = True) -> str:
    """A plain-text table: one row per layer, overlap, word and exact P/R/F1."""

    def cell(value: float | None) -> str:
        return "  -  " if value is None else f"{value:.3f}"

    def three(s: Scores) -> str:
        return f"{cell(s.precision):>6} {cell(s.recall):>5} {cell(s.f1):>5}"

    head = (
        f"{'layer':<16} {'gold':>6} {'pred':>6} | {'overlap P':>9} {'R':>5} {'F1':>5} | "
        f"{'words P':>7} {'R':>5} {'F1':>5} | {'exact P':>7} {'R':>5} {'F1':>5}"
    )
    lines = [head + (" | label" if with_labels else "")]
    for s in scores:
        if not s.overlap.gold and not s.overlap.predicted:
            continue
        row = (
            f"{s.layer:<16} {s.overlap.gold:>6} {s.overlap.predicted:>6} | "
            f"   {three(s.overlap)} |  {three(s.words)} |  {three(s.exact)}"
        )
        lines.append(row + (f" | {cell(s.label_agreement)}" if with_labels else ""))
    return "\n".join(lines)


def format_errors(scores: list[LayerScores]) -> str:
    """The most frequent missed and false strings per layer."""
    lines = []
    for s in scores:
        for kind, found in (("missed", s.missed), ("false", s.false)):
            if found:
                shown = "; ".join(f"{text!r} {n}" for text, n in found)
                lines.append(f"{s.layer} {kind}: {shown}")
    return "\n".join(lines)
