"""The agreement of a project, one section per document scheme and per span layer.

Every section has the same shape, so the CLI, the CSV file and the dashboard read them alike:
``overall`` coefficients, the same ``per_label``, then per coder pair, per coder against the
others, and per article. Each figure is a ``Coefficient``: a value with the units, coders and
pairable values it rests on, or no value and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.agreement.confusion import ConfusionMatrix
from annotator.agreement.project_data import ArticleRef
from annotator.agreement.result import Coefficient

# Column titles shared by the CLI tables, the CSV file and the dashboard.
FIGURE_TITLES = {
    "krippendorff_alpha": "Alpha",
    "krippendorff_alpha_nominal": "Alpha (nominal)",
    "krippendorff_alpha_interval": "Alpha (interval)",
    "fleiss_kappa": "Fleiss",
    "percent_agreement": "Agreement",
    "cohen_kappa": "Cohen",
    "scott_pi": "Scott",
    "bennett_s": "S",
    "weighted_kappa_linear": "wKappa lin",
    "weighted_kappa_quadratic": "wKappa quad",
    "masi_alpha": "MASI alpha",
    "jaccard_alpha": "Jaccard alpha",
    "span_f1_exact": "F1 exact",
    "span_f1_overlap": "F1 overlap",
    "position_alpha": "Position alpha",
    "unitized_alpha": "Alpha_u (1995)",
    "u_alpha": "Unitizing and coding",
    "binary_u_alpha": "Units vs gaps",
    "Cu_alpha": "Coding of units",
    "cu_alpha": "Coding of label",
    "gwet_ac1": "AC1",
    "gwet_ac2": "AC2",
    "brennan_prediger": "B-P",
    "holsti": "Holsti",
    "alpha_with_others": "Alpha with others",
    "alpha_without": "Alpha without",
    "masi_alpha_with_others": "MASI with others",
    "masi_alpha_without": "MASI without",
    "span_f1_exact_with_others": "F1 exact with others",
    "span_f1_overlap_with_others": "F1 overlap with others",
    "position_alpha_without": "Position alpha without",
    "unitized_alpha_without": "Alpha_u without",
}


def figure_title(key: str) -> str:
    return FIGURE_TITLES.get(key, key.replace("_", " "))


@dataclass(frozen=True)
class PairFigures:
    coder_a: str
    coder_b: str
    units: int  # articles both coded (schemes: both answered)
    coefficients: dict[str, Coefficient]
    confusion: ConfusionMatrix | None = None  # single-choice schemes


@dataclass(frozen=True)
class CoderFigures:
    coder: str
    coefficients: dict[str, Coefficient]


@dataclass(frozen=True)
class ArticleFigures:
    """One article: how contested it is, each coder's answer (schemes) or span count (layers)."""

    article: ArticleRef
    disagreement: float  # share of coder pairs that differ (MASI distance for multi-choice)
    values: dict[str, Any]
    coefficients: dict[str, Coefficient] = field(default_factory=dict)


@dataclass
class Section:
    """The agreement on one document scheme or one span layer."""

    kind: str  # "scheme" or "layer"
    name: str
    title: str
    measure: str  # e.g. "single choice, ordered (ordinal)", "multiple choice", "spans"
    coders: list[str]
    units: int  # articles that enter the figures
    overall: dict[str, Coefficient] = field(default_factory=dict)
    per_label: dict[str, dict[str, Coefficient]] = field(default_factory=dict)
    pairs: list[PairFigures] = field(default_factory=list)
    per_coder: list[CoderFigures] = field(default_factory=list)
    per_article: list[ArticleFigures] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def pair(self, first: str, second: str) -> PairFigures | None:
        for pair in self.pairs:
            if {pair.coder_a, pair.coder_b} == {first, second}:
                return pair
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "title": self.title,
            "measure": self.measure,
            "coders": self.coders,
            "units": self.units,
            "notes": self.notes,
            "overall": _figures(self.overall),
            "per_label": {label: _figures(f) for label, f in self.per_label.items()},
            "pairs": [
                {
                    "coder_a": p.coder_a,
                    "coder_b": p.coder_b,
                    "units": p.units,
                    "coefficients": _figures(p.coefficients),
                    **({"confusion": p.confusion.to_dict()} if p.confusion is not None else {}),
                }
                for p in self.pairs
            ],
            "per_coder": [
                {"coder": c.coder, "coefficients": _figures(c.coefficients)} for c in self.per_coder
            ],
            "per_article": [
                {
                    "article_uuid": a.article.uuid,
                    "title": a.article.title,
                    "disagreement": a.disagreement,
                    "values": {k: _plain(v) for k, v in a.values.items()},
                    "coefficients": _figures(a.coefficients),
                }
                for a in self.per_article
            ],
        }

    def rows(self) -> list[dict[str, Any]]:
        """Every figure as one flat row (for CSV): where it belongs, then the coefficient."""
        found: list[tuple[str, str, dict[str, Coefficient]]] = [("overall", "", self.overall)]
        found += [("label", label, f) for label, f in self.per_label.items()]
        found += [("pair", f"{p.coder_a} / {p.coder_b}", p.coefficients) for p in self.pairs]
        found += [("coder", c.coder, c.coefficients) for c in self.per_coder]
        found += [("article", a.article.uuid, a.coefficients) for a in self.per_article]
        rows = []
        for scope, key, figures in found:
            for figure, result in figures.items():
                rows.append(
                    {
                        "kind": self.kind,
                        "section": self.name,
                        "scope": scope,
                        "key": key,
                        "figure": figure,
                        "value": result.value,
                        "reason": result.reason or "",
                        "units": result.units,
                        "coders": result.coders,
                        "pairable": result.pairable,
                        "level": result.level or "",
                        **interval_cells(result),
                    }
                )
        for item in self.per_article:
            counted = item.values.get("span units", 1)
            rows.append(
                {
                    "kind": self.kind,
                    "section": self.name,
                    "scope": "article",
                    "key": item.article.uuid,
                    "figure": "disagreement",
                    "value": item.disagreement,
                    "reason": "",
                    "units": counted,
                    "coders": len([k for k in item.values if k not in ("span units", "disputed")]),
                    "pairable": 0,
                    "level": "share of span units disputed"
                    if self.kind == "layer"
                    else "share of coder pairs that differ",
                    **interval_cells(None),
                }
            )
        return rows


@dataclass
class ProjectAgreement:
    project: str
    coders: list[str]
    articles: int
    sections: list[Section]
    unit: str = "character"  # position alpha's unit: character or token
    intervals: Any = None  # the IntervalSettings the intervals were drawn with, if any
    subsample: int | None = None  # articles in the study plan's reliability subsample, if used

    def section(self, name: str, kind: str | None = None) -> Section:
        for section in self.sections:
            if section.name == name and (kind is None or section.kind == kind):
                return section
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "coders": self.coders,
            "articles": self.articles,
            "reliability_subsample": self.subsample,
            "position_unit": self.unit,
            "bootstrap": bootstrap_settings(self.intervals),
            "schemes": [s.to_dict() for s in self.sections if s.kind == "scheme"],
            "layers": [s.to_dict() for s in self.sections if s.kind == "layer"],
        }

    def rows(self) -> list[dict[str, Any]]:
        return [row for section in self.sections for row in section.rows()]


def bootstrap_settings(settings: Any) -> dict[str, Any] | None:
    """How the intervals were drawn, for JSON (None: no bootstrap)."""
    if settings is None:
        return None
    return {
        "samples": settings.samples,
        "seed": settings.seed,
        "alpha_method": settings.method,
        "confidence": settings.confidence,
        "thresholds": list(settings.thresholds),
    }


INTERVAL_COLUMNS = ("ci_lower", "ci_upper", "ci_level", "ci_method", "samples", "seed")
Q_COLUMNS = ("q_below_0.667", "q_below_0.8")


def interval_cells(result: Coefficient | None) -> dict[str, Any]:
    """The interval columns of a CSV row (empty cells when the figure has no interval)."""
    interval = result.interval if result is not None else None
    cells: dict[str, Any] = dict.fromkeys((*INTERVAL_COLUMNS, *Q_COLUMNS), "")
    if interval is None:
        return cells
    cells.update(
        ci_lower=interval.lower,
        ci_upper=interval.upper,
        ci_level=interval.level,
        ci_method=interval.method,
        samples=interval.samples or "",
        seed="" if interval.seed is None else interval.seed,
    )
    for threshold, share in interval.q.items():
        key = f"q_below_{threshold:g}"
        if key in cells:
            cells[key] = share
    return cells


def _figures(figures: dict[str, Coefficient]) -> dict[str, Any]:
    return {key: result.to_dict() for key, result in figures.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset | set | tuple):
        return sorted(map(str, value)) if isinstance(value, frozenset | set) else list(value)
    return value
