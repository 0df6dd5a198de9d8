"""Tables of agreement figures: a read-only model over rows of cells, and the rows of a section.

Every figure cell shows its value (or "no value") and has a tooltip with the units, coders and
pairable values it rests on, or the reason it has no value.
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
from annotator.agreement.result import Coefficient
from ui.supervisor.agreement_charts import describe

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Cell:
    text: str
    tooltip: str = ""
    sort: Any = None
    muted: bool = False
    number: bool = False


def figure_cell(result: Coefficient | None) -> Cell:
    if result is None:
        return Cell("")
    if not result.defined:
        return Cell("no value", describe(result), float("-inf"), muted=True, number=True)
    return Cell(result.formatted(), describe(result), result.value, number=True)


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
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def overall_rows(section: Section) -> tuple[list[str], list[list[Cell]]]:
    headers = ["Coefficient", "Value", "Units", "Coders", "Pairable", "No value because"]
    rows = []
    for result in section.overall.values():
        rows.append(counted_row(result.title, result))
    return headers, rows


def counted_row(name: str, result: Coefficient) -> list[Cell]:
    return [
        Cell(name, result.title),
        figure_cell(result),
        count_cell(result.units),
        count_cell(result.coders),
        count_cell(result.pairable),
        Cell(result.reason or "", result.reason or "", muted=True),
    ]


def label_rows(section: Section) -> tuple[list[str], list[list[Cell]]]:
    """Per label: with one figure (schemes), its counts and reason; with several, a grid."""
    keys = {key for figures in section.per_label.values() for key in figures}
    if len(keys) != 1:
        return grid_rows("Label", list(section.per_label.items()))
    (key,) = keys
    headers = ["Label", figure_title(key), "Units", "Coders", "Pairable", "No value because"]
    return headers, [counted_row(label, f[key]) for label, f in section.per_label.items()]


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


def article_rows(section: Section) -> tuple[list[str], list[list[Cell]]]:
    what = "Answers" if section.kind == "scheme" else "Span units, disputed, spans per coder"
    rows = []
    for item in section.per_article:
        shown = ", ".join(f"{k}: {_plain(v)}" for k, v in item.values.items())
        rows.append(
            [
                Cell(f"{item.disagreement:.2f}", sort=item.disagreement, number=True),
                Cell(item.article.title, item.article.uuid),
                Cell(shown, shown),
            ]
        )
    return ["Disagreement", "Article", what], rows


def _plain(value: Any) -> str:
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    return str(value)


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
