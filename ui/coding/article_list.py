"""The article list: a table model over the coder's work items, with filters.

The status shows at a glance (a coloured mark in the first column, done titles greyed); the
columns fit the list's width: title, outlet and the suggestions left to review by default,
date, story and label counts on request (right-click the header).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.article_state import WorkItem
from ui.plain_text import plain_tooltip

STATUS_TITLES = {"todo": "To do", "in_progress": "In progress", "done": "Done"}
# symbols sort in the order todo < in progress < done; colours are Okabe-Ito's
STATUS_MARKS = {"todo": ("○", "#8c8c8c"), "in_progress": ("◐", "#E69F00"), "done": ("✓", "#009E73")}
COLUMNS = ("", "Title", "Outlet", "Date", "Story", "Left", "Labels")
HEADER_TIPS = (
    "Status: ○ to do, ◐ in progress, ✓ done",
    "Title",
    "Outlet",
    "Date published",
    "Story",
    "Suggestions left to accept or reject",
    "Your labels (spans and answers)",
)
HIDDEN_AT_FIRST = (3, 4, 6)  # date, story, labels: right-click the header to show them
TITLE, STATUS_WIDTH, MAX_COLUMN_WIDTH = 1, 26, 110
ALL = "All"
Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    def __init__(self, items: list[WorkItem] | None = None):
        super().__init__()
        self.items: list[WorkItem] = []
        self.row_of: dict[int, int] = {}
        self.done = 0  # rows whose status is "done", kept as rows change
        self.set_items(items or [])

    def set_items(self, items: list[WorkItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.row_of = {item.article_id: row for row, item in enumerate(self.items)}
        self.done = sum(1 for item in self.items if item.status == "done")
        self.endResetModel()

    def update_item(self, item: WorkItem) -> None:
        row = self.row_of.get(item.article_id)
        if row is None:
            return
        self.done += (item.status == "done") - (self.items[row].status == "done")
        self.items[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def update_counts(self, article_id: int, status: str, pending: int, labels: int) -> None:
        row = self.row_of.get(article_id)
        if row is not None:
            item = replace(self.items[row], status=status, pending=pending, labels=labels)
            if item != self.items[row]:
                self.update_item(item)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                STATUS_MARKS[item.status][0],
                item.title,
                item.outlet or "",
                item.published or "",
                item.story or "",
                item.pending,
                item.labels,
            )[column]
        if role == Qt.ItemDataRole.UserRole:
            return item.article_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return STATUS_TITLES[item.status]
            if column in (TITLE, 4):
                return plain_tooltip((item.title if column == TITLE else item.story) or "")
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 0:
                return QColor(STATUS_MARKS[item.status][1])
            if item.status == "done":
                return QColor("#8c8c8c")
            return None
        if role == Qt.ItemDataRole.FontRole and column == 0:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.TextAlignmentRole and (column >= 5 or column == 0):
            right = Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignHCenter
            return int(right | Qt.AlignmentFlag.AlignVCenter)
        return None


class ArticleFilter(QSortFilterProxyModel):
    """Text, status, outlet and story filters, read straight from the source items."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.status = ALL
        self.outlet = ALL
        self.story = ALL

    def set_filters(self, text: str, status: str, outlet: str, story: str) -> None:
        self.beginFilterChange()
        self.text, self.status, self.outlet, self.story = text.casefold(), status, outlet, story
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        item = self.sourceModel().items[row]
        if self.status != ALL and item.status != self.status:
            return False
        if self.outlet != ALL and (item.outlet or "") != self.outlet:
            return False
        if self.story != ALL and (item.story or "") != self.story:
            return False
        if self.text:
            haystack = f"{item.title} {item.outlet or ''} {item.story or ''}".casefold()
            return self.text in haystack
        return True


class ArticleListPanel(QWidget):
    """Filter row above the table; reports the article the coder picks."""

    article_chosen = Signal(int)
    picked = Signal()  # the coder clicked a row or pressed Enter on it: back to the text

    def __init__(self) -> None:
        super().__init__()
        self.model = ArticleTableModel()
        self.proxy = ArticleFilter()
        # Re-sorting and re-filtering 10,000 rows after every label action costs a tenth of
        # a second; rows keep their place until the coder sorts or filters again.
        self.proxy.setDynamicSortFilter(False)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(placeholderText="Filter by title, outlet, story…")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(ALL, ALL)
        for key, title in STATUS_TITLES.items():
            self.status.addItem(title, key)
        self.outlet = QComboBox()
        self.story = QComboBox()
        for combo in (self.outlet, self.story):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # Sized once from the first rows: ResizeToContents would measure every row of a
        # 10,000-article list after each label action.
        header.setResizeContentsPrecision(200)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(STATUS_WIDTH)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for column in HIDDEN_AT_FIRST:
            self.table.setColumnHidden(column, True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.outlet)
        filters.addWidget(self.story)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        self.search.textChanged.connect(self._apply_filters)
        for combo in (self.status, self.outlet, self.story):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.clicked.connect(lambda _index: self.picked.emit())
        self.table.activated.connect(lambda _index: self.picked.emit())

    def set_items(self, items: list[WorkItem]) -> None:
        self.model.set_items(items)
        for combo, values in (
            (self.outlet, {i.outlet for i in items if i.outlet}),
            (self.story, {i.story for i in items if i.story}),
        ):
            kind = "outlets" if combo is self.outlet else "stories"
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(f"All {kind}", ALL)
            for value in sorted(values):
                combo.addItem(value, value)
            combo.blockSignals(False)
        self._apply_filters()
        header = self.table.horizontalHeader()
        for column in range(2, len(COLUMNS)):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN_WIDTH))
        header.resizeSection(0, STATUS_WIDTH)

    def _header_menu(self, point) -> None:
        """Show or hide the optional columns; the title takes the width that is left."""
        menu = QMenu(self)
        for column in range(2, len(COLUMNS)):
            action = menu.addAction(HEADER_TIPS[column])
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.table.setColumnHidden(c, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(point))

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            self.search.text(),
            self.status.currentData(),
            self.outlet.currentData() or ALL,
            self.story.currentData() or ALL,
        )

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.article_chosen.emit(self.proxy.data(current, Qt.ItemDataRole.UserRole))

    # -- navigation in the order the coder sees ----------------------------------------------

    def visible_ids(self) -> list[int]:
        return [
            self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole)
            for row in range(self.proxy.rowCount())
        ]

    def select(self, article_id: int) -> bool:
        row = self.model.row_of.get(article_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def neighbour(self, article_id: int | None, step: int) -> int | None:
        """The article ``step`` rows away in the visible order, or None at either end."""
        if self.proxy.rowCount() == 0:
            return None
        current = self.table.currentIndex()
        row = current.row() if current.isValid() else -1
        target = row + step
        if 0 <= target < self.proxy.rowCount():
            return self.proxy.index(target, 0).data(Qt.ItemDataRole.UserRole)
        return None

    def next_to_do(self, article_id: int | None) -> int | None:
        """The next article not done, after the current one in the visible order, wrapping."""
        ids = self.visible_ids()
        if not ids:
            return None
        start = ids.index(article_id) + 1 if article_id in ids else 0
        for candidate in ids[start:] + ids[:start]:
            row = self.model.row_of[candidate]
            if self.model.items[row].status != "done" and candidate != article_id:
                return candidate
        return None
