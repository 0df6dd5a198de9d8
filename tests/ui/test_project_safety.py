"""Issue 13 in the app: labels outside the codebook show as "unknown label" (hovering one raised
KeyError and the "Unexpected error" dialog); titles and coder names are plain text (an HTML
title grew the window and loaded a local file); a read-only project opens read-only with a
notice; File › Restore from backup and Help › Check project."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from annotator.model import ArticleDraft, Coder
from annotator.store import Project
from annotator.store.backup import list_backups
from tests.ui.conftest import ARTICLE_ONE, span_of

HOSTILE_TITLE = "<img src=/local/file width=900>Regime forces"
HOSTILE_CODER = "<b style='font-size:80px'>Ann</b>"


def _unknown_labels(path, owner):
    """A span whose label, and one whose layer, the codebook does not know (as ``merge
    --force`` brings in)."""
    with Project.open(path) as project:
        article = project.articles.ids()[0]
        coder = project.coders.ensure(owner.uuid, owner.name).uuid
        start, end = span_of(ARTICLE_ONE, "shelled")
        known = project.spans.add(article, coder, "loaded", "emotive", start, end)
        other = project.spans.add(article, coder, "loaded", "emotive", 0, 6)
        project.doc_labels.set(article, coder, "primary_frame", "political")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("""update doc_labels set value = '"heated"'""")
        conn.execute("update spans set label = 'heated' where uuid = ?", [known.uuid])
        conn.execute("update spans set layer = 'mystery' where uuid = ?", [other.uuid])
    conn.close()


def test_labels_outside_the_codebook_show_as_unknown(open_window, coding_project, qtbot, coder):
    from ui.coding.article_menu import build_context_menu
    from ui.coding.mark_descriptions import describe_marks

    _unknown_labels(coding_project, coder)  # the window shows the coder's own spans
    window = open_window(coding_project)
    view = window.view
    spans = [m for m in view.marks if m.kind == "span"]
    assert len(spans) == 2
    tip = describe_marks(view.codebook, spans)
    assert "unknown label “heated”" in tip and "unknown layer (mystery)" in tip
    for mark in spans:  # the context menu on each, as a right click builds it
        cursor = view.textCursor()
        cursor.setPosition(mark.start + 1)
        view.setTextCursor(cursor)
        menu = build_context_menu(view, view.cursorRect().center())
        qtbot.addWidget(menu)
        titles = [a.text() for a in menu.actions()]
        assert any("unknown label" in t for t in titles)
    combo = window.panel.single["primary_frame"]
    assert combo.currentText() == "unknown label (heated)"
    window.open_article(window.project.articles.ids()[1])  # the next article: no such item
    assert all("unknown" not in combo.itemText(i) for i in range(combo.count()))


@pytest.mark.parametrize(
    "coder", [Coder("33333333-3333-4333-8333-333333333333", HOSTILE_CODER)]
)  # the window's coder, in place of the fixture's
def test_titles_and_coder_names_are_plain_text(open_window, tmp_path, qtbot, coder):
    path = tmp_path / "hostile.sqlite"
    with Project.create(path, name=HOSTILE_TITLE) as project:
        project.articles.add([ArticleDraft(text=ARTICLE_ONE, title=HOSTILE_TITLE)])
    window = open_window(path)
    shown = [
        label
        for label in window.findChildren(QLabel)
        if HOSTILE_TITLE in label.text() or HOSTILE_CODER in label.text()
    ]
    assert len(shown) >= 2  # the article's title in the panel, the coder in the status bar
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    model = window.list_panel.model
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)  # the title column
    assert "&lt;img" in tip and "<img" not in tip
    assert window.width() < 1400  # the window did not grow to hold a 900-pixel image


def test_a_read_only_project_opens_read_only_with_a_notice(tmp_path, qtbot, messages):
    from ui.app import App
    from ui.settings import Preferences

    path = tmp_path / "shared.sqlite"
    with Project.create(path, name="shared") as project:
        project.articles.add([ArticleDraft(text=ARTICLE_ONE, title="Regime forces")])
    path.chmod(0o444)  # marked read-only on purpose: refused for writing even as root
    app = App(QApplication.instance(), Preferences())
    try:
        assert app.open(path, detect=False)
        window = app.window
        qtbot.addWidget(window)
        assert app.project.readonly and window.windowTitle().endswith("(read-only)")
        assert any("is open read-only" in text for _, _, text in messages)
        window.session.set_status(window.article_id or app.project.articles.ids()[0], "done")
        assert "labels cannot be saved" in messages[-1][2]
    finally:
        app.window.close()
        app.project.close()
        path.chmod(0o644)


@pytest.fixture
def app_on(qtbot):
    from ui.app import App
    from ui.settings import Preferences
    from ui.tasks import runner

    made = []

    def make(path):
        app = App(QApplication.instance(), Preferences())
        assert app.open(path, detect=False)
        made.append(app)
        return app

    yield make
    for app in made:
        app.window.close()  # cancels the detection the restored project started
        qtbot.waitUntil(lambda: runner().idle, timeout=20_000)
        app.project.close()


def test_restore_from_backup_in_the_app(tmp_path, qtbot, messages, monkeypatch, app_on):
    from ui.operations import restore

    path = tmp_path / "study.sqlite"
    with Project.create(path, name="study") as project:
        project.articles.add([ArticleDraft(text=ARTICLE_ONE, title="Regime forces")])
    app = app_on(path)  # opening takes the backup
    assert len(list_backups(path)) == 1
    app.project.articles.add([ArticleDraft(text="Added after the backup.", title="Later")])
    monkeypatch.setattr(restore.BackupChooser, "exec", lambda self: QDialog.DialogCode.Accepted)
    old_window = app.window
    restore.restore_from_backup(old_window)
    assert app.window is not old_window and not app.project.closed
    assert app.project.articles.count() == 1  # the backup's article, not the later one
    _, title, text = messages[-1]
    assert title == "Restored" and "before-restore" in text and "1 article(s)" in text
    aside = list(tmp_path.glob("study.before-restore-*.sqlite"))
    with Project.open(aside[0], readonly=True) as kept:
        assert kept.articles.count() == 2  # never deleted


def test_check_project_in_the_app(tmp_path, qtbot, messages, app_on):
    from ui.operations.check_project import check_open_project

    path = tmp_path / "study.sqlite"
    with Project.create(path, name="study") as project:
        project.articles.add([ArticleDraft(text=ARTICLE_ONE, title="Regime forces")])
    app = app_on(path)
    check_open_project(app.window)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert "is fine" in messages[-1][2]
    app.project.close()
    conn = sqlite3.connect(path)  # three characters of text changed on disk
    with conn:
        conn.execute("update articles set text = replace(text, 'town', 'city')")
    conn.close()
    app = app_on(path)
    check_open_project(app.window)
    qtbot.waitUntil(lambda: len(messages) >= 2, timeout=10_000)
    assert messages[-1][0] == "warning" and "content hash" in messages[-1][2]


def test_a_damaged_project_offers_its_backups_when_it_cannot_be_opened(
    tmp_path, qtbot, messages, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import App
    from ui.operations import restore
    from ui.settings import Preferences
    from ui.tasks import runner

    path = tmp_path / "study.sqlite"
    with Project.create(path, name="study") as project:
        project.articles.add([ArticleDraft(text=ARTICLE_ONE, title="Regime forces")])
    Project.open(path).close()  # takes the backup
    data = bytearray(path.read_bytes())
    data[0:16] = b"not a database!!"  # the header wrecked: SQLite cannot read it
    path.write_bytes(bytes(data))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(restore.BackupChooser, "exec", lambda self: QDialog.DialogCode.Accepted)
    app = App(QApplication.instance(), Preferences())
    try:
        assert app.open(path, detect=False)
        assert app.project.articles.count() == 1 and app.project.integrity_check() == "ok"
        titles = [title for _, title, _ in messages]
        assert titles[:2] == ["Cannot open project", "Restored"]
        assert list(tmp_path.glob("study.before-restore-*.sqlite"))  # the wreck is kept
    finally:
        app.window.close()
        qtbot.waitUntil(lambda: runner().idle, timeout=20_000)
        app.project.close()
