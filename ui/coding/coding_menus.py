"""The Edit and Go menus: every coding key, named in words and reachable from a menu.

Number keys mark the selection with the active layer's labels (the menu shows their names and
follows the layer); Alt keeps the exact characters instead of snapping to words. Span edges
move with [ ] (start) and , . (end), by a word, or by a character with Alt: keys no desktop
claims (Alt+Shift+arrows switch workspaces or keyboard layouts on many). F, S and T open the
document schemes' pickers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from ui.main_window import MainWindow

ALT = Qt.KeyboardModifier.AltModifier
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
EDGE_KEYS = (  # (edge, step, key, what)
    ("start", -1, Qt.Key.Key_BracketLeft, "Start one {unit} left"),
    ("start", 1, Qt.Key.Key_BracketRight, "Start one {unit} right"),
    ("end", -1, Qt.Key.Key_Comma, "End one {unit} left"),
    ("end", 1, Qt.Key.Key_Period, "End one {unit} right"),
)


def _keys(*shortcuts) -> list[QKeySequence]:
    keys = []
    for shortcut in shortcuts:
        if isinstance(shortcut, tuple):  # (modifiers, key)
            keys.append(QKeySequence(QKeyCombination(*shortcut)))
        elif shortcut:
            keys.append(QKeySequence(shortcut))
    return keys


def add_action(window, menu: QMenu, text: str, slot, *shortcuts) -> QAction:
    """A menu item with its keys; ``slot`` is called without arguments."""
    action = QAction(text, window)
    keys = _keys(*shortcuts)
    if keys:
        action.setShortcuts(keys)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_edit_menu(w: MainWindow, edit: QMenu) -> None:
    undo = w.session.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = w.session.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addActions([undo, redo])
    edit.addSeparator()
    add_action(w, edit, "&Accept suggestion", w.view.accept_here, "A")
    add_action(w, edit, "&Reject suggestion", w.view.reject_here, "R")
    every = "Accept all remaining suggestions of the active layer"
    add_action(w, edit, every, w.accept_all, "Ctrl+Shift+A")
    advance = QAction("After accept or reject, go to the &next suggestion", w, checkable=True)
    advance.setChecked(w.preferences.advance_after_decision)
    advance.toggled.connect(w.set_advance)
    edit.addAction(advance)
    w.advance_action = advance
    edit.addSeparator()
    marks = edit.addMenu("&Mark selection with label (snapped to whole words)")
    exact = edit.addMenu("Mark selection &exactly as selected")
    w.mark_actions = []
    for number in range(1, 10):
        snapped = add_action(w, marks, "", lambda n=number: w.view.label_here(n), str(number))
        exactly = add_action(
            w,
            exact,
            "",
            lambda n=number: w.view.label_here(n, exact=True),
            (ALT, Qt.Key(Qt.Key.Key_0.value + number)),
        )
        w.mark_actions.append((snapped, exactly))
    edges = edit.addMenu("Span &edges")
    for unit, modifiers in (("word", NO_MODIFIER), ("character", ALT)):
        for edge, step, key, what in EDGE_KEYS:
            add_action(
                w,
                edges,
                what.format(unit=unit),
                lambda e=edge, s=step, word=unit == "word": w.view.move_edge(e, s, word),
                (modifiers, key),
            )
        edges.addSeparator()
    add_action(w, edit, "&Note on the span…", w.note_on_span, "M")
    add_action(w, edit, "&Delete span", w.view.delete_here, "Delete")
    edit.addSeparator()
    answer = edit.addMenu("A&nswer for the article")
    for name, key in w.scheme_keys.items():
        title = w.project.codebook.scheme(name).title
        add_action(w, answer, f"{title}…", lambda n=name: w.pick_answer(n), key)
    add_action(w, edit, "Switch active &layer", w.cycle_layer, "L")
    add_action(
        w,
        edit,
        "&Link the span to the attribution chosen in the table",
        w.linker.link_chosen_span,
        "Ctrl+L",
    )


def refresh_mark_actions(w: MainWindow) -> None:
    """The number keys' menu items name the active layer's labels."""
    try:
        labels = w.project.codebook.layer(w.view.active_layer).labels
    except KeyError:
        labels = ()
    for number, actions in enumerate(w.mark_actions, 1):
        title = labels[number - 1].title if number <= len(labels) else ""
        for action in actions:
            action.setText(f"&{number} {title}" if title else f"{number} (no label)")
            action.setEnabled(bool(title))
            action.setVisible(bool(title))


def build_go_menu(w: MainWindow, go: QMenu) -> None:
    add_action(w, go, "&Next article", lambda: w.go(1), "N", "J")
    add_action(w, go, "&Previous article", lambda: w.go(-1), "P", "K")
    add_action(
        w, go, "Mark &done and open next to do", w.done_and_next, "Ctrl+Return", "Ctrl+Enter"
    )
    go.addSeparator()
    add_action(w, go, "Next &suggestion (Tab)", lambda: w.view.step_suggestion(True))
    add_action(w, go, "Previous suggestion (Shift+Tab)", lambda: w.view.step_suggestion(False))
    add_action(w, go, "&Marks in this article", w.focus_marks, "Ctrl+J")
    add_action(w, go, "&Attributions table", w.focus_attributions, "Ctrl+T")
    go.addSeparator()
    add_action(w, go, "&Find in the article…", w.find_bar.open_bar, QKeySequence.StandardKey.Find)
    add_action(w, go, "Find ne&xt", lambda: w.find_bar.step(1), "F3")
    add_action(w, go, "Find pre&vious", lambda: w.find_bar.step(-1), "Shift+F3")
    add_action(w, go, "Filter the article &list", w.focus_list_filter, "Ctrl+Shift+F")
