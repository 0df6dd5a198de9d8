"""The word-choice table of the Compare view: for one word group, each group of articles
(rows) by each term (columns), the term's uses and its share of the word group's uses. A
click on a cell asks for the sentences behind it (``term_chosen``); they show underneath.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.compare import WordChoice
from annotator.compare.term_sentences import TermSentence

TERM_COLOUR = "#CC79A7"  # as the HTML report's word-choice terms


def cell_text(choice: WordChoice, group: int, term: int) -> str:
    """``3 (75%)``: the uses of the term and its share of the word group's uses; ``0``."""
    value = choice.chart.values[group][term]
    share = f" ({value.value:.0%})" if value.count and value.value is not None else ""
    return f"{value.count:g}{share}"


def share_colour(share: float) -> QColor:
    """The cell's shade: the blue of the charts, stronger as the share grows."""
    return QColor(0, 114, 178, int(40 + 200 * min(max(share, 0.0), 1.0)))


def shown_terms(choice: WordChoice) -> list[int]:
    """A codebook group shows every term; a lexicon group only the terms someone uses."""
    chart = choice.chart
    if choice.word_group.origin == "codebook":
        return list(range(len(chart.categories)))
    return [t for t in range(len(chart.categories)) if any(row[t].count for row in chart.values)]


class WordChoicePanel(QWidget):
    term_chosen = Signal(str, str, str)  # group of articles, word group, term

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.choices: list[WordChoice] = []
        self.group_combo = QComboBox()
        self.group_combo.currentIndexChanged.connect(self._show_group)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: gray;")
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # no selection colour: it would read as a share; the cell shown is in bold instead
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.cellClicked.connect(self._cell_clicked)
        self.table.cellActivated.connect(self._cell_clicked)
        self.sentences = QTextBrowser()
        self.sentences.setPlaceholderText("Click a cell to see the sentences behind it.")
        row = QHBoxLayout()
        row.addWidget(QLabel("Word group:"))
        row.addWidget(self.group_combo, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(row)
        top_layout.addWidget(self.note)
        top_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.sentences)
        splitter.setSizes([300, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_choices(self, choices: tuple[WordChoice, ...]) -> None:
        """The word groups someone uses (``WordChoice.used``), codebook groups first."""
        self.choices = sorted(
            (c for c in choices if c.used), key=lambda c: c.word_group.origin != "codebook"
        )
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        for choice in self.choices:
            self.group_combo.addItem(choice.chart.title, choice.word_group.name)
        self.group_combo.blockSignals(False)
        self.sentences.clear()
        self._show_group()

    def choose_group(self, name: str) -> None:
        at = self.group_combo.findData(name)
        if at < 0:
            raise KeyError(name)
        self.group_combo.setCurrentIndex(at)

    @property
    def choice(self) -> WordChoice | None:
        at = self.group_combo.currentIndex()
        return self.choices[at] if 0 <= at < len(self.choices) else None

    def _show_group(self) -> None:
        choice = self.choice
        self.table.clear()
        if choice is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.note.setText("No word group is used in these articles.")
            return
        chart, terms = choice.chart, shown_terms(choice)
        origin = (
            "Terms from the codebook"
            if choice.word_group.origin == "codebook"
            else "The lexicon's neutral alternatives; terms nobody uses are left out"
        )
        self.note.setText(
            f"{origin}. Each cell: the term's uses and its share of the group's uses of "
            "these terms (the darker, the larger). Click a cell for its sentences."
        )
        self.table.setRowCount(len(chart.groups))
        self.table.setColumnCount(len(terms))
        self.table.setHorizontalHeaderLabels([chart.categories[t].title for t in terms])
        self.table.setVerticalHeaderLabels(list(chart.groups))
        for row in range(len(chart.groups)):
            for column, term in enumerate(terms):
                item = QTableWidgetItem(cell_text(choice, row, term))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                forms = ", ".join(f"{form} {n}" for form, n in choice.forms[row][term])
                rate = choice.per_1000_words[row][term]
                per_words = f"{rate:.2f} per 1,000 words" if rate is not None else "no words"
                item.setToolTip(f"{forms or 'not used'}\n{per_words}")
                item.setData(Qt.ItemDataRole.UserRole, chart.categories[term].name)
                share = choice.chart.values[row][term].value
                if choice.chart.values[row][term].count and share is not None:
                    item.setBackground(share_colour(share))
                    if share > 0.55:
                        item.setForeground(QColor("white"))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _cell_clicked(self, row: int, column: int) -> None:
        choice = self.choice
        item = self.table.item(row, column)
        if choice is None or item is None:
            return
        term = item.data(Qt.ItemDataRole.UserRole)
        group = choice.chart.groups[row]
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                cell = self.table.item(r, c)
                font = cell.font()
                font.setBold(cell is item)
                cell.setFont(font)
        self.sentences.setHtml(f"<p>Finding where {escape(group)} uses “{escape(term)}”…</p>")
        self.term_chosen.emit(group, choice.word_group.name, term)

    def show_sentences(self, group: str, term: str, found: list[TermSentence]) -> None:
        head = f"<p><b>{escape(group)}</b>: “{escape(term)}” in {len(found)} sentence(s)"
        parts = [head + (" (the first 100)" if len(found) >= 100 else "") + "</p>"]
        for sentence in found:
            pieces, at = [], 0
            for start, end, _form in sentence.matches:
                pieces.append(escape(sentence.text[at:start]))
                pieces.append(
                    f'<b style="color: {TERM_COLOUR}">{escape(sentence.text[start:end])}</b>'
                )
                at = end
            pieces.append(escape(sentence.text[at:]))
            where = escape(f"{sentence.title} (article {sentence.article_id})")
            parts.append(f'<p><span style="color: gray">{where}</span><br>{"".join(pieces)}</p>')
        self.sentences.setHtml("".join(parts))

    def show_message(self, text: str) -> None:
        self.sentences.setHtml(f"<p>{escape(text)}</p>")
