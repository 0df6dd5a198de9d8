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
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.adjudication import majority
from annotator.codebook import Codebook, Scheme
from annotator.disagreements import Unit, Version
from annotator.model import Span
from annotator.store import Project
from annotator.store.gold import read_gold
from ui.coding.article_view import ArticleView
from ui.plain_text import rich_label

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


def shown_attribute(value, title=str) -> str:
    """An attribute's value as shown: ``title`` of each value (a choice's codebook title)."""
    if value is None:
        return "(unset)"
    return " / ".join(title(v) for v in value) if isinstance(value, tuple) else title(value)


def version_attributes(unit: Unit, version: Version) -> str:
    """A version's values of the unit's attributes, e.g. "stance distancing"."""
    return ", ".join(
        f"{name} {shown_attribute(version.attribute(name))}" for name in unit.attributes
    )


class AttributeChoices(QFrame):
    """A span unit's attributes side by side: per attribute each coder's value, the gold's,
    and a button per value to put it in gold (Tab to a button, Space to press it)."""

    take_requested = Signal(str, object)  # attribute, value

    def __init__(self, project: Project, unit: Unit, gold: dict[str, object], parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.buttons: dict[tuple[str, object], QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        layer = project.codebook.layer(unit.name)
        titles = {a.name: a.title for a in layer.attributes}
        codebook = project.codebook
        disputed = unit.disputed_attributes
        grid.addWidget(QLabel("<b>Attributes</b>"), 0, 0)
        for column, version in enumerate(unit.versions, start=1):
            grid.addWidget(QLabel(f"<b>{escape(version.name)}</b>"), 0, column)
        gold_column = len(unit.versions) + 1
        grid.addWidget(QLabel("<b>Gold</b>"), 0, gold_column)
        grid.addWidget(QLabel("<b>Put in gold</b>"), 0, gold_column + 1)
        for row, name in enumerate(unit.attributes, start=1):
            state = " (differs)" if name in disputed else ""
            grid.addWidget(QLabel(f"{escape(titles.get(name, name))}{state}"), row, 0)
            values = unit.attribute_values(name)

            def title(value, name=name) -> str:
                return codebook.attribute_value_title(unit.name, name, value)

            for column, version in enumerate(unit.versions, start=1):
                value = values.get(version.name)
                text = shown_attribute(value, title) if version.name in values else "(no span)"
                shown = QLabel(escape(text))
                if name in disputed:
                    shown.setStyleSheet("font-weight: bold")
                grid.addWidget(shown, row, column)
            grid.addWidget(QLabel(escape(shown_attribute(gold.get(name), title))), row, gold_column)
            buttons = QHBoxLayout()
            lead = majority(values)
            for value in dict.fromkeys(v for v in values.values() if not isinstance(v, tuple)):
                if value is None:
                    continue
                who = ", ".join(c for c, v in values.items() if v == value)
                mark = ", most" if value == lead and name in disputed else ""
                button = QPushButton(f"{title(value)} ({who}{mark})")
                button.setToolTip(f"Gold {titles.get(name, name).lower()}: {title(value)}")
                button.clicked.connect(
                    lambda _=False, n=name, v=value: self.take_requested.emit(n, v)
                )
                self.buttons[(name, value)] = button
                buttons.addWidget(button)
            buttons.addStretch(1)
            grid.addLayout(buttons, row, gold_column + 1)
        grid.setColumnStretch(gold_column + 1, 1)


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
        self.heading = rich_label()  # markup around an escaped title and coder names
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
    attribute_requested = Signal(str, object)  # attribute, value for the gold

    def __init__(self, project: Project, parent: QWidget | None = None):
        super().__init__(parent)
        self.project = project
        self.unit: Unit | None = None
        self.title = rich_label("Choose a unit on the left.")  # escaped title, markup
        self.title.setWordWrap(True)
        self.columns = QSplitter()
        self.columns.setChildrenCollapsible(False)
        self.attributes: AttributeChoices | None = None
        self.article = ArticleView(project.codebook)  # a document answer's article, once
        self.article.set_font_size(10)
        self.article.hide()
        self.parts = QSplitter(Qt.Orientation.Vertical)
        self.parts.setChildrenCollapsible(False)
        self.parts.addWidget(self.columns)
        self.parts.addWidget(self.article)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.title)
        self.box.addWidget(self.parts, 1)

    def show_unit(self, unit: Unit | None) -> None:
        self.unit = unit
        while self.columns.count():
            old = self.columns.widget(0)
            old.setParent(None)
            old.deleteLater()
        if self.attributes is not None:
            self.attributes.setParent(None)
            self.attributes.deleteLater()
            self.attributes = None
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
            if unit.attributes and version.value:
                mine += f"; {version_attributes(unit, version)}"
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
        if unit.kind == "spans" and unit.attributes:
            self.attributes = AttributeChoices(self.project, unit, self._gold_attributes(unit))
            self.attributes.take_requested.connect(self.attribute_requested)
            self.box.insertWidget(1, self.attributes)

    def _gold_attributes(self, unit: Unit) -> dict[str, object]:
        """The gold spans' values of the unit's attributes (several values: a tuple)."""
        spans = [
            g
            for g in read_gold(self.project, unit.article_id).spans
            if g.layer == unit.name and g.start < (unit.end or 0) and g.end > (unit.start or 0)
        ]
        found: dict[str, object] = {}
        for name in unit.attributes:
            values = sorted({str(g.attrs[name]) for g in spans if g.attrs.get(name)})
            found[name] = tuple(values) if len(values) > 1 else (values[0] if values else None)
        return found

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
