"""Screenshots of the app for docs/screenshots/, as a coder sees it (run under xvfb).

    ANNOTATOR_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1360x768x24" \
        .venv/bin/python tests/ui/make_screenshots.py docs/screenshots

Builds the sample project, runs detection, codes one article a little (accepts, a manual span,
frames, an attribution with its source type), then saves the main window at 1360x768 (the
smallest screen the layout is made for), the attributions table at 1360x720, a tooltip, the
frame picker (F) and the dark theme. Not a test: pytest does not collect it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QCursor, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.article_state import article_labels
from annotator.detect import detect_project, shared_pipeline
from annotator.profile import save_profile
from annotator.sample import ensure_sample_project
from annotator.store import Project
from ui.coding.mark_descriptions import describe_marks
from ui.coding.scheme_picker import SchemePicker
from ui.main_window import MainWindow
from ui.settings import Preferences
from ui.theme import apply_theme


def settle(app: QApplication, ms: int = 300) -> None:
    loop_timer = QTimer()
    loop_timer.setSingleShot(True)
    loop_timer.start(ms)
    while loop_timer.isActive():
        app.processEvents()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    preferences = Preferences()
    apply_theme(app, "light")
    coder = save_profile("Amira K.")
    path, _ = ensure_sample_project()
    with Project.open(path) as project:
        detect_project(project, shared_pipeline())
    project = Project.open(path)
    window = MainWindow(project, coder, preferences)
    window.show_detection("parser tier (en_core_web_sm)")
    window.move(0, 0)
    window.resize(1360, 768)
    window.show()
    settle(app)
    window.list_panel.select(2)  # Rudaw: "regime" throughout
    settle(app)
    state = article_labels(project, window.article_id, window.coder.uuid)
    for suggestion in state.suggestions[:14]:
        if suggestion.layer in ("loaded", "attribution_cue", "source"):
            window.session.accept(suggestion)
    text = window.text
    start = text.index("last rebel bastion")
    window.session.add_span(window.article_id, "loaded", "other", start, start + 18)
    window.session.set_doc_label(window.article_id, "primary_frame", "security_defense")
    window.session.set_doc_label(
        window.article_id, "secondary_frames", ["political", "external_regulation"]
    )
    window.session.set_doc_label(window.article_id, "tone", "negative")
    rows = window.panel.attributions.attribution_model.rows
    for row in rows[:3]:
        if row.source is not None:
            window.session.set_attribute(row.source, "source_type", "government")
    settle(app, 500)
    window.grab().save(str(folder / "main-window.png"))

    # the attributions table at a small laptop's size (1360x768 less the window frame): its
    # seven columns fit without a sideways scroll bar
    window.resize(1360, 720)
    window.focus_attributions()
    window.panel.attributions.selectRow(0)
    settle(app, 500)
    window.grab().save(str(folder / "attributions-table.png"))
    window.resize(1360, 768)
    settle(app)

    # a tooltip on the first loaded-language mark
    view = window.view
    mark = next(m for m in view.marks if m.key == "loaded" and m.kind == "suggestion")
    cursor = QTextCursor(view.document())
    cursor.setPosition(mark.start + 1)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    settle(app)
    rect = view.cursorRect(cursor)
    where = view.viewport().mapToGlobal(QPoint(rect.x(), rect.bottom()))
    tip = describe_marks(view.codebook, view.marks_at(mark.start + 1))
    QCursor.setPos(where - QPoint(0, 8))  # the pointer rests on the word, as when hovering
    settle(app)
    QToolTip.showText(where, tip, view.viewport())
    settle(app, 600)
    screen = app.primaryScreen().grabWindow(0)
    top_left = window.mapToGlobal(QPoint(0, 0))
    screen.copy(top_left.x(), top_left.y(), window.width(), window.height()).save(
        str(folder / "tooltip.png")
    )
    QToolTip.hideText()

    # the primary frame's picker (F), the cursor on "Security and defense" with its definition
    def grab_picker() -> None:
        picker = QApplication.activeModalWidget()
        if not isinstance(picker, SchemePicker):
            QTimer.singleShot(50, grab_picker)
            return
        picker.list.setCurrentRow(7)
        settle(app, 300)
        screen = app.primaryScreen().grabWindow(0)
        screen.copy(0, 0, window.width(), window.height()).save(str(folder / "frame-picker.png"))
        picker.reject()

    QTimer.singleShot(0, grab_picker)
    window.pick_answer("primary_frame")
    settle(app)

    window.set_dark(True)
    settle(app, 500)
    window.grab().save(str(folder / "dark-theme.png"))
    window.set_dark(False)
    window.close()
    project.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
