"""Who codes in a file being opened: this computer's profile, unless the file is a coder copy
made for someone else (or knows a coder of the same name under another id). Then the app asks
before adding anyone: code as the file's coder, add me as a new coder, or do not open it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.exchange import identity_question
from annotator.model import Coder
from annotator.store import Project


def who_codes(parent: QWidget | None, project: Project, me: Coder) -> Coder | None:
    """The coder to open ``project`` as; None when the person chose not to open it."""
    question = identity_question(project, me)
    if question is None:
        return me
    theirs = question.theirs
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Whose labels are these?")
    box.setText(f"{project.path.name}: {question.why}")
    box.setInformativeText(
        f"Code as {theirs.name} to work on as the coder this file is for: your labels then "
        f"carry {theirs.name}'s id. Add yourself to make a second coder in the file."
    )
    as_theirs = box.addButton(f"Code as {theirs.name}", QMessageBox.ButtonRole.AcceptRole)
    add_me = box.addButton(f"Add me ({me.name}) as a coder", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton("Do not open", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(as_theirs if theirs.name == me.name else cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is as_theirs:
        return theirs
    if clicked is add_me:
        return me
    return None
