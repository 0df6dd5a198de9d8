"""The figures of a comparison, as plain records a chart, a table or JSON can be made from.

A ``Chart`` holds one figure for every group and category: a ``Value`` (count, base, ratio,
95% interval) per cell. ``build_figures`` makes them all from ``UnitCounts``: loaded language
per 1,000 words, the attribution profile, word choice and the answers to document schemes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.codebook import Codebook
from annotator.compare.counts import ATTRIBUTES, ATTRIBUTION_LAYER, CODED_WORDS, LOADED_LAYER
from annotator.compare.intervals import BootstrapSettings, Draws, Ratio, Value, draw, ratio_value
from annotator.compare.project_counts import UnitCounts
from annotator.compare.wording import TermMatcher, WordGroup

PER_1000 = "per 1,000 words"
SHARE = "share"
NOT_GIVEN_TITLE = "not given"


@dataclass(frozen=True)
class Category:
    name: str
    title: str


@dataclass(frozen=True)
class Chart:
    """One figure for every group (rows of ``values``) and category (columns)."""

    key: str
    title: str
    unit: str  # PER_1000 or SHARE
    description: str
    categories: tuple[Category, ...]
    groups: tuple[str, ...]
    values: tuple[tuple[Value, ...], ...]
    interval_units: tuple[str, ...] = ()  # per group: "articles", "sentences" or "none"

    def value(self, group: str, category: str) -> Value:
        names = [c.name for c in self.categories]
        return self.values[self.groups.index(group)][names.index(category)]


@dataclass(frozen=True)
class WordChoice:
    """Which terms of one word group each group of articles uses, and how often: ``chart``
    has a category per term (count = uses of the term, base = uses of all the word group's
    terms in that group of articles); ``forms[group][term]`` the forms met, with counts."""

    word_group: WordGroup
    chart: Chart
    forms: tuple[tuple[tuple[tuple[str, int], ...], ...], ...]
    per_1000_words: tuple[tuple[float | None, ...], ...]  # [group][term]

    @property
    def used(self) -> bool:
        """True when a group uses more than one term, or a lexicon group's loaded term
        (its first) occurs at all: what a report shows of the lexicon groups."""
        totals = [sum(v.count for v in row) for row in zip(*self.chart.values, strict=True)]
        if self.word_group.origin == "lexicon":
            return totals[0] > 0
        return any(totals)


@dataclass(frozen=True)
class Figures:
    loaded: Chart | None
    attribution: tuple[Chart, ...]
    word_choice: tuple[WordChoice, ...]
    answers: tuple[Chart, ...]


def build_figures(
    units: UnitCounts, codebook: Codebook, matcher: TermMatcher, settings: BootstrapSettings
) -> Figures:
    maker = _Maker(units, settings)
    loaded = None
    if _has_layer(codebook, LOADED_LAYER):
        layer = codebook.layer(LOADED_LAYER)
        names = _with_seen(units, LOADED_LAYER, [label.name for label in layer.labels])
        titles = {label.name: label.title for label in layer.labels}
        categories = [Category(n, titles.get(n, n)) for n in names]
        categories.append(Category("*", "All loaded language"))
        loaded = maker.chart(
            "loaded",
            "Loaded language per 1,000 words",
            PER_1000,
            "Labels of the loaded-language layer per 1,000 words of the articles coded.",
            categories,
            [(f"{LOADED_LAYER}:{c.name}", CODED_WORDS) for c in categories],
            scale=1000.0,
        )
    attribution = _attribution(maker, units, codebook)
    word_charts = [_word_chart(maker, matcher, g) for g in range(len(matcher.groups))]
    answers = [
        maker.chart(
            f"answers:{scheme.name}",
            scheme.title,
            SHARE,
            _answers_note(scheme.kind),
            [Category(c.name, c.title) for c in scheme.choices],
            [(f"answer:{scheme.name}:{c.name}", f"answered:{scheme.name}") for c in scheme.choices],
            articles_only=True,
        )
        for scheme in codebook.schemes
        if scheme.kind in ("single", "multi")
    ]
    charts = maker.run()
    return Figures(
        charts[loaded] if loaded is not None else None,
        tuple(charts[i] for i in attribution),
        tuple(_word_choice(units, matcher, g, charts[i]) for g, i in enumerate(word_charts)),
        tuple(charts[i] for i in answers),
    )


def _answers_note(kind: str) -> str:
    if kind == "single":
        return "Share of the answers that chose each option (one answer per coder and article)."
    return "Share of the answers that include each option (an answer may include several)."


def _attribution(maker: _Maker, units: UnitCounts, codebook: Codebook) -> list[int]:
    if not _has_layer(codebook, ATTRIBUTION_LAYER):
        return []
    layer = codebook.layer(ATTRIBUTION_LAYER)
    charts = []
    texts = {
        "cue": ("Cue stance", "Share of attribution cues by stance."),
        "source": ("Source type", "Share of sources by type."),
        "content": ("Quote type", "Share of attributed content by quote type."),
    }
    for label, attribute in ATTRIBUTES.items():
        found = [a for a in layer.attributes_for(label) if a.name == attribute]
        choices = found[0].choices if found else ()
        names = _with_seen(units, label, [c.name for c in choices])
        titles = {c.name: c.title for c in choices} | {"-": NOT_GIVEN_TITLE}
        categories = [Category(n, titles.get(n, n)) for n in names]
        title, description = texts[label]
        charts.append(
            maker.chart(
                f"{label}_{attribute}",
                title,
                SHARE,
                description,
                categories,
                [(f"{label}:{c.name}", f"{label}:*") for c in categories],
            )
        )
        if label == "source":
            charts.append(
                maker.chart(
                    "unnamed_sources",
                    "Unnamed sources",
                    SHARE,
                    "Share of sources that are anonymous or unnamed (source type 'anonymous').",
                    [Category("anonymous", titles.get("anonymous", "anonymous"))],
                    [("source:anonymous", "source:*")],
                )
            )
    return charts


def _word_chart(maker: _Maker, matcher: TermMatcher, g: int) -> int:
    group = matcher.groups[g]
    terms = [t for t, (owner, _) in enumerate(matcher.terms) if owner == g]
    return maker.chart(
        f"words:{group.name}",
        group.title,
        SHARE,
        "Share of the uses of this word group's terms (a term counts its inflected forms).",
        [Category(matcher.terms[t][1], matcher.terms[t][1]) for t in terms],
        [(f"term:{t}", f"terms:{g}") for t in terms],
    )


def _word_choice(units: UnitCounts, matcher: TermMatcher, g: int, chart: Chart) -> WordChoice:
    terms = [t for t, (owner, _) in enumerate(matcher.terms) if owner == g]
    seen: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for (group_name, term, form), n in units.forms.items():
        seen.setdefault((group_name, term), []).append((form, n))
    forms = tuple(
        tuple(
            tuple(sorted(seen.get((name, t), []), key=lambda item: (-item[1], item[0])))
            for t in terms
        )
        for name in units.groups
    )
    rates = tuple(
        tuple(
            _rate(units.table.total(f"term:{t}", rows), units.table.total("words", rows))
            for t in terms
        )
        for rows in units.group_rows
    )
    return WordChoice(matcher.groups[g], chart, forms, rates)


def _rate(count: float, words: float) -> float | None:
    return count / words * 1000 if words else None


def _has_layer(codebook: Codebook, name: str) -> bool:
    return any(layer.name == name for layer in codebook.layers)


def _with_seen(units: UnitCounts, kind: str, names: Sequence[str]) -> list[str]:
    """The codebook's names, then any other value the labels have (e.g. not given: "-")."""
    seen = [n.split(":", 1)[1] for n in units.table.names if n.startswith(f"{kind}:")]
    return list(names) + [n for n in seen if n not in names and n != "*"]


@dataclass
class _Spec:
    key: str
    title: str
    unit: str
    description: str
    categories: Sequence[Category]
    columns: Sequence[tuple[str, str]]  # (count, base) per category
    scale: float = 1.0
    articles_only: bool = False  # answers: article units only (a sentence has no answer)


class _Maker:
    """Collects chart specs, then computes them all with one set of draws per group."""

    def __init__(self, units: UnitCounts, settings: BootstrapSettings):
        self.units = units
        self.settings = settings
        self.specs: list[_Spec] = []

    def chart(self, *args, **kwargs) -> int:
        self.specs.append(_Spec(*args, **kwargs))
        return len(self.specs) - 1

    def unit_kind(self, g: int, articles_only: bool) -> str:
        if len(self.units.group_rows[g]) > 1:
            return "articles"
        if not articles_only and g in self.units.sentences:
            return "sentences"
        return "none"

    def run(self) -> list[Chart]:
        table = self.units.table
        present = set(table.names)
        names = sorted({n for spec in self.specs for pair in spec.columns for n in pair} & present)
        index = {name: i for i, name in enumerate(names)}
        cells: list[list[list[Value]]] = [[] for _ in self.specs]
        kinds: list[list[str]] = [[] for _ in self.specs]
        for g, rows in enumerate(self.units.group_rows):
            by_kind: dict[str, Draws] = {}
            for i, spec in enumerate(self.specs):
                kind = self.unit_kind(g, spec.articles_only)
                if kind not in by_kind:
                    if kind == "sentences":
                        matrix = self.units.sentences[g].matrix(names)
                    else:
                        matrix = table.matrix(names, rows)
                    by_kind[kind] = draw(matrix, self.settings, g)
                draws = by_kind[kind]
                row = []
                for count, base in spec.columns:
                    if count in index and base in index:
                        ratio = Ratio(index[count], index[base], spec.scale)
                        row.append(ratio_value(draws, ratio, self.settings))
                    else:  # nothing counted: no draws needed
                        total = draws.totals[index[base]] if base in index else 0.0
                        row.append(Value(0.0, float(total), 0.0 if total else None))
                cells[i].append(row)
                kinds[i].append(kind)
        return [
            Chart(
                spec.key,
                spec.title,
                spec.unit,
                spec.description,
                tuple(spec.categories),
                tuple(self.units.groups),
                tuple(tuple(row) for row in cells[i]),
                tuple(kinds[i]),
            )
            for i, spec in enumerate(self.specs)
        ]
