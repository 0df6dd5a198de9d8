"""Starting the app, long jobs off the UI thread, preferences, and errors shown as dialogs."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from annotator.errors import Cancelled
from annotator.profile import load_profile
from annotator.sample import ensure_sample_project
from annotator.store import Project
from ui.app import App
from ui.dialogs.first_start import FirstStartDialog
from ui.operations import import_articles
from ui.operations.import_articles import import_files
from ui.settings import Preferences
from ui.tasks import DIALOG_DELAY_MS, runner


def test_first_start_asks_for_a_name_prefilled(qtbot):
    dialog = FirstStartDialog("amira")
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "amira"
    dialog.name.setText("  Amira K. ")
    assert dialog.coder_name() == "Amira K."


def test_the_welcome_says_what_opens_next(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel

    def words(dialog) -> str:
        qtbot.addWidget(dialog)
        return " ".join(label.text() for label in dialog.findChildren(QLabel))

    assert "The sample project opens next" in words(FirstStartDialog("amira"))
    given = words(FirstStartDialog("amira", opens=tmp_path / "idlib.sqlite"))
    assert "sample" not in given and "idlib.sqlite" in given


@pytest.mark.slow
def test_the_sample_opens_with_detection_already_run(qtbot, messages):
    """First start: the sample project is made, the window shows, detection runs behind it."""
    path, created = ensure_sample_project()
    assert created
    app = App(QApplication.instance(), Preferences())
    assert app.open(path)
    window = app.window
    qtbot.addWidget(window)
    assert load_profile() is not None  # a coder profile exists from the first start
    qtbot.waitUntil(lambda: runner().idle, timeout=120_000)
    assert "tier" in window.detection_label.text()
    assert window.project.suggestions.count() > 20
    words = {window.view.text[m.start : m.end] for m in window.view.marks}  # no astral here
    assert window.view.marks and words
    window.close()
    app.project.close()


def test_a_task_shows_its_dialog_only_after_600_ms_and_cancels(qtbot):
    parent = _widget(qtbot)
    outcome = []

    def slow(project, progress):
        for i in range(200):
            progress(i, 200, f"step {i}")
            time.sleep(0.02)
        return "finished"

    task = runner().run(
        parent, "Slow work", slow, outcome.append, on_cancel=lambda: outcome.append("cancelled")
    )
    qtbot.wait(DIALOG_DELAY_MS // 3)
    assert task.dialog is None  # quick work never flickers a dialog
    qtbot.waitUntil(lambda: task.dialog is not None, timeout=2000)
    assert task.dialog.labelText().startswith("step")
    from PySide6.QtWidgets import QPushButton

    (cancel,) = task.dialog.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert runner().idle


def test_a_quick_task_never_shows_a_dialog(qtbot):
    parent = _widget(qtbot)
    results = []
    task = runner().run(parent, "Quick", lambda project, progress: 42, results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=2000)
    assert task.dialog is None


def test_jobs_run_one_at_a_time_each_with_its_own_project(qtbot, coding_project):
    """One worker: the second job waits for the first (its dialog says so, and a Cancel drops
    it at once); each job gets the project opened for it, read-only unless it writes."""
    parent = _widget(qtbot)
    seen = []
    release = threading.Event()

    def first(project, progress):
        seen.append(("first", project.readonly, threading.current_thread().name))
        release.wait(10)
        return "first"

    def second(project, progress):
        seen.append(("second", project.readonly, threading.current_thread().name))
        return "second"

    ended = []
    one = runner().run(parent, "First job", first, ended.append, project=coding_project)
    two = runner().run(
        parent, "Second job", second, ended.append, project=coding_project, write=True
    )
    three = runner().run(
        parent, "Third job", second, ended.append, on_cancel=lambda: ended.append("dropped")
    )
    qtbot.waitUntil(lambda: two.dialog is not None, timeout=3000)
    assert two.dialog.labelText() == "Waiting for “First job” to finish…"
    three.cancel()
    assert ended == ["dropped"] and one.running and two.running
    release.set()
    qtbot.waitUntil(lambda: runner().idle, timeout=5000)
    assert ended == ["dropped", "first", "second"]
    assert [(name, readonly) for name, readonly, _ in seen] == [("first", True), ("second", False)]
    assert seen[0][2] == seen[1][2] != threading.current_thread().name


def test_a_job_whose_dialog_is_gone_is_cancelled_and_calls_nothing(qtbot):
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    called = []

    def slow(project, progress):
        for i in range(500):
            progress(i, 500, "working")
            time.sleep(0.01)
        return "finished"

    task = runner().run(owner, "Owned", slow, called.append, called.append, called.append)
    qtbot.waitUntil(lambda: task.last[0] > 0, timeout=5000)
    owner.deleteLater()
    qtbot.waitUntil(lambda: runner().idle, timeout=5000)
    assert called == [] and task.cancel_event.is_set()


def test_cancelling_an_import_leaves_the_project_as_it_was(
    open_window, coding_project, tmp_path, qtbot, messages
):
    window = open_window(coding_project)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(f'{{"text": "Article {i} says something."}}\n' for i in range(20_000)))
    task = import_files(window, [feed])
    qtbot.waitUntil(lambda: task.started, timeout=5000)
    task.cancel()
    qtbot.waitUntil(lambda: runner().idle, timeout=20_000)
    assert window.project.articles.count() == 3
    assert "Import cancelled" in window.statusBar().currentMessage()


def test_dropping_files_imports_them(
    open_window, coding_project, tmp_path, qtbot, messages, monkeypatch
):
    monkeypatch.setattr(import_articles, "detect", lambda window, ids=None: None)
    window = open_window(coding_project)
    (tmp_path / "new.txt").write_text("A new headline here\n\nSome new text about talks.")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "new.txt"))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: runner().idle, timeout=10_000)
    assert window.project.articles.count() == 4
    assert window.list_panel.model.rowCount() == 4
    assert messages[-1][1] == "Import finished"


def test_a_bad_import_offers_to_skip_and_saves_nothing(
    open_window, coding_project, tmp_path, qtbot, messages
):
    window = open_window(coding_project)
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    import_files(window, [tmp_path / "bad.txt"])
    qtbot.waitUntil(lambda: runner().idle, timeout=10_000)
    kind, _title, text = messages[-1]
    assert kind == "question" and "bad.txt: is a PNG image" in text
    assert window.project.articles.count() == 3


def test_preferences_persist_between_windows(open_window, coding_project, qtbot):
    window = open_window(coding_project)
    window.change_font(3)
    window.layer_actions["content"].setChecked(False)
    window.set_dark(True)
    window.resize(1000, 700)
    window.close()
    window.project.close()
    again = open_window(coding_project)
    assert again.preferences.font_size == Preferences().font_size
    assert again.view.font().pointSize() == Preferences().font_size
    assert not again.layer_actions["content"].isChecked()
    assert "content" in again.view.highlighter.hidden
    assert Preferences().theme == "dark"
    saved = Preferences().geometry
    assert saved is not None and again.restoreGeometry(saved)  # a valid, restorable geometry
    again.set_dark(False)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from annotator.store import Project
    project = Project.open(sys.argv[1])
    print("open", flush=True)
    time.sleep(60)
    """
)


def test_a_locked_project_is_a_dialog_not_a_crash(coding_project, messages):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(coding_project)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        app = App(QApplication.instance(), Preferences())
        assert not app.open(coding_project)
        kind, _title, text = messages[-1]
        assert kind == "critical" and "already open by" in text
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()


def test_a_failed_action_is_a_message_and_changes_nothing(open_window, coding_project, messages):
    window = open_window(coding_project)
    window.session.add_span(window.article_id, "loaded", "no_such_label", 0, 5)
    kind, _title, text = messages[-1]
    assert kind == "warning" and "not a label" in text
    with Project.open(coding_project, readonly=True) as project:
        assert project.counts()["spans"] == 0


def _widget(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_cancel_raises_inside_the_work_at_its_next_progress_report(qtbot):
    started, go = threading.Event(), threading.Event()
    raised, outcome = [], []

    def work(project, progress):
        started.set()
        go.wait(5)
        try:
            progress(0, 1, "x")
        except Cancelled:
            raised.append(True)
            raise

    task = runner().run(
        _widget(qtbot), "Cancelled", work, outcome.append, outcome.append, lambda: outcome.append(0)
    )
    assert started.wait(5)
    task.cancel()  # running: it goes on until it reports progress
    assert task.running and not outcome
    go.set()
    qtbot.waitUntil(lambda: runner().idle, timeout=5000)
    assert raised == [True] and outcome == [0] and not task.running


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.slow
def test_first_start_from_nothing_asks_the_name_then_opens_the_detected_sample(qtbot):
    """The real start-up path, run(): no profile and no sample project exist yet."""
    from PySide6.QtCore import QTimer

    from ui.app import run
    from ui.main_window import MainWindow

    assert load_profile() is None
    seen = {}

    def answer_the_dialog():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FirstStartDialog):
            QTimer.singleShot(50, answer_the_dialog)
            return
        seen["suggested"] = dialog.name.text()
        dialog.name.setText("Amira K.")
        dialog.accept()

    def close_when_detected():
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows or not runner().idle:
            QTimer.singleShot(100, close_when_detected)
            return
        window = windows[0]
        seen["tier"] = window.detection_label.text()
        seen["marks"] = len(window.view.marks)
        seen["coder"] = window.coder.name
        window.close()

    QTimer.singleShot(0, answer_the_dialog)
    QTimer.singleShot(0, close_when_detected)
    assert run() == 0
    assert seen["suggested"]  # prefilled from the operating system's user name
    assert seen["coder"] == "Amira K." and load_profile().name == "Amira K."
    assert "tier" in seen["tier"] and seen["marks"] > 0


def test_a_locked_file_during_an_action_or_an_undo_is_a_message(
    open_window, coding_project, messages
):
    import sqlite3

    window = open_window(coding_project)
    window.project.db.execute("PRAGMA busy_timeout = 100")
    window.session.add_span(window.article_id, "loaded", "emotive", 0, 6)
    blocker = sqlite3.connect(coding_project, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        window.session.add_span(window.article_id, "loaded", "other", 7, 13)
        assert messages[-1][0] == "warning" and "could not be written" in messages[-1][2]
        window.session.undo_stack.undo()
        assert "Could not undo" in messages[-1][2]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    QApplication.processEvents()
    assert window.session.undo_stack.count() == 0  # its history could not be trusted
    spans = window.project.spans.for_article(window.article_id)
    assert [(s.label, s.deleted) for s in spans] == [("emotive", False)]


def test_unexpected_errors_are_logged_and_shown(messages):
    from ui import crash_log

    crash_log.install()
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        crash_log.report(*sys.exc_info())
    assert messages[-1][0] == "critical" and "a bug" in messages[-1][2]
    assert "RuntimeError: a bug" in crash_log.log_file().read_text()
    sys.excepthook = sys.__excepthook__


def test_cancelling_detection_keeps_the_articles_detected_so_far(
    open_window, coding_project, qtbot, messages
):
    from annotator.model import ArticleDraft
    from annotator.project_detection import SuggesterChoice, save_choice
    from ui.operations.detect import detect

    words = "officials said the regime claimed militants attacked the convoy near the border "
    with Project.open(coding_project, backup=False) as project:
        drafts = [ArticleDraft(text=f"{i}. " + words * 30, title=f"A{i}") for i in range(1500)]
        project.articles.add(drafts)
        save_choice(project, SuggesterChoice("blank"))
    window = open_window(coding_project)
    task = detect(window)
    task.progressed.connect(lambda done, total, note: task.cancel() if done >= 40 else None)
    qtbot.waitUntil(lambda: runner().idle, timeout=120_000)
    assert window.detection == "cancelled" and messages == []
    filled = window.project.db.execute(
        "select count(distinct article_id) from suggestions where detector = 'annotator.detect'"
    ).fetchone()[0]
    # the article the Cancel stopped at was detected and stored too; nothing after it
    assert filled == task.last[0] + 1 and 40 < filled < 1503
    assert "keep their suggestions" in window.statusBar().currentMessage()
