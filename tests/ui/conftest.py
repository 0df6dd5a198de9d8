"""Fixtures for the UI tests: offscreen Qt, a small project with known suggestions, a window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.model import ArticleDraft, Coder
from annotator.store import Project

ARTICLE_ONE = (
    "Regime forces shelled the town\n\n"
    'Officials said the regime "neutralized" 30 terrorists near the border. '
    "The ministry claimed the strikes were precise."
)
ARTICLE_TWO = "Talks resume in Geneva\n\nDiplomats said talks would resume on Monday."
ARTICLE_THREE = "Aid reaches the city\n\nA convoy reached the city, the agency said."


def span_of(text: str, word: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def known_suggestions(text: str) -> list[dict]:
    said = span_of(text, "said")
    return [
        {
            "layer": "loaded",
            "label": "pejorative_label",
            "start": span_of(text, "regime")[0],
            "end": span_of(text, "regime")[1],
            "explanation": {
                "rule": "lexicon",
                "entry": "regime",
                "category": "pejorative_label",
                "neutral_alternative": "government",
                "codebook": {
                    "layer": "loaded",
                    "label": "pejorative_label",
                    "attributes": {"neutral_alternative": "government"},
                },
            },
        },
        {
            "layer": "loaded",
            "label": "euphemism",
            "start": span_of(text, "neutralized")[0],
            "end": span_of(text, "neutralized")[1],
            "explanation": {"rule": "lexicon", "neutral_alternative": "killed"},
        },
        {
            "layer": "attribution_cue",
            "label": "neutral",
            "start": said[0],
            "end": said[1],
            "explanation": {"rule": "reporting_verb", "stance": "neutral"},
        },
        {
            "layer": "source",
            "label": "unnamed",
            "start": span_of(text, "Officials")[0],
            "end": span_of(text, "Officials")[1],
            "explanation": {"rule": "subject_of_cue", "cue": list(said)},
        },
        {
            "layer": "loaded",
            "label": "loaded_verb",
            "start": span_of(text, "claimed")[0],
            "end": span_of(text, "claimed")[1],
            "explanation": {"rule": "reporting_verb"},
        },
    ]


@pytest.fixture
def coding_project(tmp_path):
    path = tmp_path / "coding.sqlite"
    with Project.create(path, name="UI test project") as project:
        ids = project.articles.add(
            [
                ArticleDraft(
                    text=ARTICLE_ONE,
                    title="Regime forces shelled the town",
                    outlet="Outlet A",
                    published="2020-03-01",
                    story="Idlib",
                ),
                ArticleDraft(
                    text=ARTICLE_TWO,
                    title="Talks resume in Geneva",
                    outlet="Outlet B",
                    story="Talks",
                ),
                ArticleDraft(
                    text=ARTICLE_THREE,
                    title="Aid reaches the city",
                    outlet="Outlet A",
                    story="Idlib",
                ),
            ]
        ).added
        project.suggestions.replace(ids[0], "test-detector", "1", known_suggestions(ARTICLE_ONE))
    return path


@pytest.fixture
def coder() -> Coder:
    return Coder("11111111-1111-4111-8111-111111111111", "Test Coder")


@pytest.fixture
def messages(monkeypatch):
    """Message boxes answered automatically; the texts are kept for the test to check."""
    shown: list[tuple[str, str, str]] = []

    def record(kind, answer=None):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.No))
    return shown


@pytest.fixture
def open_window(qtbot, coder):
    """Open a MainWindow on a project path; closes it (and the project) after the test."""
    from ui.main_window import MainWindow
    from ui.settings import Preferences

    opened = []

    def make(path):
        project = Project.open(path)
        window = MainWindow(project, coder, Preferences())
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()  # shortcuts belong to the active window, as on a desktop
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        opened.append((window, project))
        return window

    yield make
    for window, project in opened:
        window.close()
        project.close()
