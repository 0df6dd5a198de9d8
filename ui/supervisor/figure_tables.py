"""Tables of agreement figures: a read-only model over rows of cells, and the rows of a section.

Every figure cell shows its value (or "no value") and has a tooltip with the units, coders and
pairable values it rests on, or the reason it has no value. A figure resting on fewer than
``FEW_UNITS`` units is marked ⚠ and says so. Each distinct "no value" reason is written once, as
a numbered note (``ReasonNotes``), and the rows it applies to point to it. Labels and choices
show as the codebook's titles (``titles``: stored name -> title).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from annotator.agreement.project_result import Section, figure_title
from annotator.agreement.resampling import THRESHOLDS
from annotator.agreement.result import Coefficient
from ui.supervisor.agreement_charts import FEW_UNITS, describe

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
WARNING = QColor("#A65A00")  # dark orange, readable on light and dark rows


@dataclass(frozen=True)
class Cell:
    text: str
    tooltip: str = ""
    sort: Any = None
    muted: bool = False
    number: bool = False
    warned: bool = False


def few_units(result: Coefficient) -> bool:
    return result.defined and result.units < FEW_UNITS


def few_units_warning(units: int) -> str:
    what = "unit" if units == 1 else "units"
    return f"⚠ rests on only {units} {what} (fewer than {FEW_UNITS}): read it with care"


def figure_cell(result: Coefficient | None) -> Cell:
    if result is None:
        return Cell("")
    if not result.defined:
        return Cell("no value", describe(result), float("-inf"), muted=True, number=True)
    if few_units(result):
        tooltip = f"{few_units_warning(result.units)}\n{describe(result)}"
        return Cell(f"⚠ {result.formatted()}", tooltip, result.value, number=True, warned=True)
    return Cell(result.formatted(), describe(result), result.value, number=True)


class ReasonNotes:
    """Each distinct "no value" reason once, numbered, with the names of the rows it explains."""

    def __init__(self) -> None:
        self.reasons: dict[str, list[str]] = {}

    def number(self, reason: str, name: str) -> int:
        names = self.reasons.setdefault(reason, [])
        if name not in names:
            names.append(name)
        return list(self.reasons).index(reason) + 1

    def cell(self, name: str, result: Coefficient) -> Cell:
        if not result.reason:
            return Cell("", muted=True)
        number = self.number(result.reason, name)
        return Cell(f"note {number}", result.reason, sort=number, muted=True)

    def text(self) -> str:
        """The notes, one a line: "Note 1 (Economic, Morality): the reason"."""
        lines = []
        for number, (reason, names) in enumerate(self.reasons.items(), start=1):
            shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
            lines.append(f"Note {number} ({shown}): no value because {reason}.")
        return "\n".join(lines)


def count_cell(value: int) -> Cell:
    return Cell(str(value), sort=value, number=True)


class CellTable(QAbstractTableModel):
    def __init__(self, headers: list[str] | None = None, rows: list[list[Cell]] | None = None):
        super().__init__()
        self.headers, self.rows = headers or [], rows or []

    def set_rows(self, headers: list[str], rows: list[list[Cell]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip or None
        if role == SORT_ROLE:
            return cell.sort if cell.sort is not None else cell.text
        if role == Qt.ItemDataRole.ForegroundRole and cell.muted:
            return QColor("#8c8c8c")
        if role == Qt.ItemDataRole.ForegroundRole and cell.warned:
            return WARNING
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def overall_rows(section: Section, notes: ReasonNotes) -> tuple[list[str], list[list[Cell]]]:
    headers = ["Coefficient", "Value", "Units", "Coders", "Pairable", "Reason"]
    rows = [counted_row(result.title, result, notes) for result in section.overall.values()]
    if any(result.interval is not None for result in section.overall.values()):
        headers[2:2] = ["95% interval", *(f"q(< {t:g})" for t in THRESHOLDS)]
        for row, result in zip(rows, section.overall.values(), strict=True):
            row[2:2] = interval_cells(result)
    return headers, rows


def interval_cells(result: Coefficient) -> list[Cell]:
    """The interval and q = P(value < threshold) for each threshold, or blanks."""
    interval = result.interval
    if interval is None:
        return [Cell("") for _ in range(1 + len(THRESHOLDS))]
    tip = describe(result)
    cells = [Cell(interval.formatted(), tip, interval.lower, number=True)]
    for threshold in THRESHOLDS:
        share = interval.q.get(threshold)
        shown = "" if share is None else f"{share:.3f}"
        cells.append(Cell(shown, tip, share, number=True))
    return cells


def counted_row(name: str, result: Coefficient, notes: ReasonNotes) -> list[Cell]:
    return [
        Cell(name, result.title),
        figure_cell(result),
        count_cell(result.units),
        count_cell(result.coders),
        count_cell(result.pairable),
        notes.cell(name, result),
    ]


def label_rows(
    section: Section, titles: dict[str, str], notes: ReasonNotes
) -> tuple[list[str], list[list[Cell]]]:
    """Per label: with one figure (schemes), its counts and reason; with several, a grid."""
    keys = {key for figures in section.per_label.values() for key in figures}
    named = [(titles.get(label, label), f) for label, f in section.per_label.items()]
    if len(keys) != 1:
        return grid_rows("Label", named)
    (key,) = keys
    headers = ["Label", figure_title(key), "Units", "Coders", "Pairable", "Reason"]
    return headers, [counted_row(title, f[key], notes) for title, f in named]


def grid_rows(
    first: str,
    named: list[tuple[str, dict[str, Coefficient]]],
    units: list[int] | None = None,
) -> tuple[list[str], list[list[Cell]]]:
    """One row per label, pair or coder; one column per figure."""
    keys = list(dict.fromkeys(k for _, figures in named for k in figures))
    headers = [first, *(["Units"] if units is not None else []), *map(figure_title, keys)]
    rows = []
    for at, (name, figures) in enumerate(named):
        row = [Cell(name)]
        if units is not None:
            row.append(count_cell(units[at]))
        row += [figure_cell(figures.get(key)) for key in keys]
        rows.append(row)
    return headers, rows


ARTICLE_VALUES = {
    "scheme": "Answers",
    "attribute": "Matched spans, disputed",
    "records": "Records, matched",
}


def article_rows(section: Section, titles: dict[str, str]) -> tuple[list[str], list[list[Cell]]]:
    """One row per article, most contested first; a double-click opens it (the dashboard)."""
    what = ARTICLE_VALUES.get(section.kind, "Span units, disputed, spans per coder")
    rows = []
    for item in section.per_article:
        shown = "; ".join(f"{k}: {_plain(v, titles)}" for k, v in item.values.items())
        rows.append(
            [
                Cell(f"{item.disagreement:.2f}", sort=item.disagreement, number=True),
                Cell(item.article.title, f"{item.article.title}\nDouble-click to open it"),
                Cell(shown, shown),
            ]
        )
    return ["Disagreement", "Article", what], rows


def _plain(value: Any, titles: dict[str, str]) -> str:
    if isinstance(value, frozenset | set | list | tuple):
        return ", ".join(sorted(titles.get(str(v), str(v)) for v in value)) or "(none)"
    return titles.get(str(value), str(value))


def table_view(model: CellTable, stretch_last: bool = True) -> QTableView:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # first as computed; click to sort
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setAlternatingRowColors(True)
    view.keep = proxy  # the view does not own its proxy
    return view


def fit_columns(view: QTableView) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count() - 1):
        header.resizeSection(column, min(header.sectionSize(column), 260))
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
