"""Precision, recall and F1 of detected spans against a gold set, per layer.

Two matchings: ``exact`` (same start and end) and ``overlap`` (at least one shared character;
each gold span pairs with at most one predicted span, largest overlaps first). Labels are not
required to agree; ``label_agreement`` says how often they do among overlap pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.detect.explanations import LAYERS
from annotator.errors import AnnotatorError


@dataclass(frozen=True)
class Scores:
    matched: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class LayerScores:
    layer: str
    exact: Scores
    overlap: Scores
    label_agreement: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "exact": self.exact.as_dict(),
            "overlap": self.overlap.as_dict(),
            "label_agreement": self.label_agreement,
        }


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
            for span in spans:
                if not 0 <= span["start"] < span["end"] <= len(text):
                    raise ValueError(f"span {span['start']}-{span['end']} is outside the text")
        except (ValueError, KeyError, TypeError) as exc:
            raise AnnotatorError(f"{path} line {number}: not a gold record ({exc})") from exc
        records.append(record)
    return records


def evaluate(
    gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]]
) -> list[LayerScores]:
    """Scores per layer; ``gold`` and ``predicted`` are records in the same order."""
    totals = {layer: [0, 0, 0, 0, 0, 0] for layer in LAYERS}  # exact, overlap, same label, g, p
    for g_record, p_record in zip(gold, predicted, strict=True):
        for layer in LAYERS:
            g = [
                (s["start"], s["end"], s["label"]) for s in g_record["spans"] if s["layer"] == layer
            ]
            p = [
                (s["start"], s["end"], s["label"]) for s in p_record["spans"] if s["layer"] == layer
            ]
            exact = len({(a, b) for a, b, _ in g} & {(a, b) for a, b, _ in p})
            pairs = _overlap_pairs(g, p)
            total = totals[layer]
            total[0] += exact
            total[1] += len(pairs)
            total[2] += sum(1 for gi, pi in pairs if g[gi][2] == p[pi][2])
            total[3] += len(g)
            total[4] += len(p)
    results = []
    for layer, (exact, overlap, same, n_gold, n_pred, _) in totals.items():
        results.append(
            LayerScores(
                layer,
                Scores(exact, n_gold, n_pred),
                Scores(overlap, n_gold, n_pred),
                same / overlap if overlap else None,
            )
        )
    return results


def _overlap_pairs(gold: list[tuple], predicted: list[tuple]) -> list[tuple[int, int]]:
    candidates = []
    for gi, (gs, ge, _) in enumerate(gold):
        for pi, (ps, pe, _) in enumerate(predicted):
            shared = min(ge, pe) - max(gs, ps)
            if shared > 0:
                candidates.append((shared, gi, pi))
    candidates.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def format_table(scores: list[LayerScores]) -> str:
    """A plain-text table: one row per layer, exact and overlap P/R/F1."""

    def cell(value: float | None) -> str:
        return "  -  " if value is None else f"{value:.3f}"

    lines = [
        f"{'layer':<16} {'gold':>5} {'pred':>5} | {'exact P':>7} {'R':>5} {'F1':>5} | "
        f"{'overlap P':>9} {'R':>5} {'F1':>5} | {'label':>5}"
    ]
    for s in scores:
        e, o = s.exact, s.overlap
        lines.append(
            f"{s.layer:<16} {e.gold:>5} {e.predicted:>5} | {cell(e.precision):>7} "
            f"{cell(e.recall):>5} {cell(e.f1):>5} | {cell(o.precision):>9} {cell(o.recall):>5} "
            f"{cell(o.f1):>5} | {cell(s.label_agreement):>5}"
        )
    return "\n".join(lines)
