"""One unit side by side: a column per coder with a button to take their version, and the gold
so far. For a span unit each column shows the coder's spans on the article, read only, scrolled
to the unit's stretch; for a document answer (a frame, the tone) the columns hold only the
answers and the article is shown once beneath them. Names show as the codebook's titles.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import Codebook, Scheme
from annotator.disagreements import Unit
from annotator.model import Span
from annotator.store import Project
from annotator.store.gold import read_gold
from ui.coding.article_view import ArticleView

STRETCH = "#0072B2"  # Okabe-Ito blue: the unit's stretch, underlined in every column


def shown_version(codebook: Codebook, unit: Unit, value) -> str:
    """A coder's (or the gold's) version of a unit in the codebook's words."""
    if unit.kind == "answer":
        return codebook.answer_text(unit.name, value)
    if not value:
        return "no span here"
    return "; ".join(
        f"{codebook.label_title(unit.name, label)} [{start}–{end})" for start, end, label in value
    )


def shown_answers(codebook: Codebook, answers: list[tuple[str, object]]) -> str:
    """Document answers as "Scheme title: choice titles · …"."""
    return " · ".join(
        f"{codebook.section_title(scheme)}: {codebook.answer_text(scheme, value)}"
        for scheme, value in answers
    )


class CoderColumn(QFrame):
    """A coder's (or the gold's) view of the article."""

    take_requested = Signal(str)  # coder uuid

    def __init__(
        self,
        project: Project,
        title: str,
        coder: str | None,
        parent=None,
        with_text: bool = True,
    ):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.coder = coder
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.view = ArticleView(project.codebook)
        self.view.set_font_size(10)
        self.view.setVisible(with_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        self.button: QPushButton | None = None
        self.stretch = (0, 0)
        if coder is not None:
            self.button = QPushButton(f"Take {title}'s version")
            self.button.clicked.connect(lambda: self.take_requested.emit(self.coder))
            layout.addWidget(self.button)
        layout.addWidget(self.view, 1)
        if not with_text:
            layout.addStretch(1)

    def fill(self, text: str, spans: list[Span], heading: str, start: int, end: int) -> None:
        self.heading.setText(heading)
        self.view.show_article(text, spans, [])
        self.stretch = (self.view.offsets.to_qt(start), self.view.offsets.to_qt(end))
        if end > start:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(self.stretch[0])
            cursor.setPosition(self.stretch[1], QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            # Bold and underlined, so each coder's own highlight (or its absence) shows through.
            selection.format.setFontWeight(QFont.Weight.Bold)
            selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            selection.format.setUnderlineColor(QColor(STRETCH))
            self.view.setExtraSelections([selection])
        # Scroll once the column is laid out, so the stretch lands in the middle of the view;
        # the timer belongs to the column, so it dies with it if the column goes first.
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(self.scroll_to_stretch)
        timer.start(0)

    def scroll_to_stretch(self) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(self.stretch[0])
        self.view.setTextCursor(cursor)
        self.view.centerCursor()


def ask_answer(parent: QWidget, scheme: Scheme) -> list | str | None:
    """The supervisor's own answer to a scheme: one choice, or a set of them."""
    if scheme.kind == "single":
        titles = [choice.title for choice in scheme.choices]
        title, ok = QInputDialog.getItem(parent, "Gold answer", scheme.title, titles, 0, False)
        return scheme.choices[titles.index(title)].name if ok else None
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Gold answer: {scheme.title}")
    boxes = [QCheckBox(choice.title) for choice in scheme.choices]
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for box in boxes:
        layout.addWidget(box)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return [c.name for c, box in zip(scheme.choices, boxes, strict=True) if box.isChecked()]


class UnitCompare(QWidget):
    """The chosen unit: one column per coder who coded the article, then the gold."""

    take_requested = Signal(str)  # coder uuid
    own_requested = Signal()  # the supervisor's own answer, or "nothing here" for spans

    def __init__(self, project: Project, parent: QWidget | None = None):
        super().__init__(parent)
        self.project = project
        self.unit: Unit | None = None
        self.title = QLabel("Choose a unit on the left.")
        self.title.setWordWrap(True)
        self.columns = QSplitter()
        self.columns.setChildrenCollapsible(False)
        self.article = ArticleView(project.codebook)  # a document answer's article, once
        self.article.set_font_size(10)
        self.article.hide()
        self.parts = QSplitter(Qt.Orientation.Vertical)
        self.parts.setChildrenCollapsible(False)
        self.parts.addWidget(self.columns)
        self.parts.addWidget(self.article)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.parts, 1)

    def show_unit(self, unit: Unit | None) -> None:
        self.unit = unit
        while self.columns.count():
            old = self.columns.widget(0)
            old.setParent(None)
            old.deleteLater()
        self.article.hide()
        if unit is None:
            self.title.setText("Choose a unit on the left.")
            return
        codebook = self.project.codebook
        article = self.project.articles.get(unit.article_id)
        start, end = (unit.start, unit.end) if unit.kind == "spans" else (0, 0)
        where = f", characters {start}–{end}: “{article.text[start:end]}”" if end else ""
        state = "agreed" if unit.agreed else f"disputed ({unit.disagreement:.0%} of pairs differ)"
        gold = (
            "no gold yet"
            if unit.gold is None
            else f"gold: {shown_version(codebook, unit, unit.gold)}"
        )
        self.title.setText(
            f"<b>{escape(article.title)}</b> — {escape(codebook.section_title(unit.name))}"
            f"{escape(where)}<br>{state}; {escape(gold)}"
        )
        answer = unit.kind == "answer"
        for version in unit.versions:
            spans = [
                s
                for s in self.project.spans.for_article(unit.article_id, version.coder)
                if unit.kind == "answer" or s.layer == unit.name
            ]
            column = CoderColumn(self.project, version.name, version.coder, with_text=not answer)
            column.take_requested.connect(self.take_requested)
            mine = shown_version(codebook, unit, version.value)
            heading = (
                f"<b>{escape(version.name)}</b>: {escape(mine)}"
                f"<br><small>{escape(self._answers(unit, version.coder))}</small>"
            )
            column.fill(article.text, spans, heading, start, end)
            self.columns.addWidget(column)
        self.columns.addWidget(self._gold_column(unit, article.text, start, end))
        self.columns.setSizes([300] * self.columns.count())
        if answer:
            self.article.show_article(article.text, [], [])
            self.article.show()
            self.parts.setSizes([170, 400])

    def _answers(self, unit: Unit, coder: str) -> str:
        labels = self.project.doc_labels.for_article(unit.article_id, coder)
        return shown_answers(self.project.codebook, [(d.scheme, d.value) for d in labels])

    def _gold_column(self, unit: Unit, text: str, start: int, end: int) -> CoderColumn:
        gold = read_gold(self.project, unit.article_id)
        spans = [
            Span(
                g.uuid,
                g.article_id,
                g.decided_by,
                g.layer,
                g.label,
                g.start,
                g.end,
                g.attrs,
                "gold",
                "",
                "",
                g.updated,
            )
            for g in gold.spans
            if unit.kind == "answer" or g.layer == unit.name
        ]
        codebook = self.project.codebook
        answers = shown_answers(codebook, [(s, a.value) for s, a in gold.answers.items()])
        decided = "undecided" if unit.gold is None else shown_version(codebook, unit, unit.gold)
        column = CoderColumn(self.project, "Gold", None, with_text=unit.kind != "answer")
        own = QPushButton("Set my own answer…" if unit.kind == "answer" else "Gold: no span here")
        own.clicked.connect(self.own_requested)
        column.layout().insertWidget(1, own)
        answers = escape(answers or "no answers yet")
        heading = f"<b>Gold</b>: {escape(decided)}<br><small>{answers}</small>"
        column.fill(text, spans, heading, start, end)
        return column
