"""The main window: the article list beside the article text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QMainWindow, QPlainTextEdit, QSplitter

from annotator.model import Coder
from annotator.store import Project


class MainWindow(QMainWindow):
    def __init__(self, project: Project, coder: Coder):
        super().__init__()
        self.project = project
        self.coder = coder
        self.setWindowTitle(f"{project.meta.name} — Media Bias Annotator")
        self.articles = QListWidget()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.articles)
        splitter.addWidget(self.text)
        splitter.setSizes([320, 780])
        self.setCentralWidget(splitter)
        self.summaries = project.articles.summaries()
        for summary in self.summaries:
            self.articles.addItem(summary.title)
        self.articles.currentRowChanged.connect(self.show_article)
        if self.summaries:
            self.articles.setCurrentRow(0)
        self.statusBar().showMessage(
            f"Coder: {coder.name} · {len(self.summaries)} articles · {project.path}"
        )
        self.resize(1100, 720)

    def show_article(self, row: int) -> None:
        if 0 <= row < len(self.summaries):
            self.text.setPlainText(self.project.articles.get(self.summaries[row].id).text)
