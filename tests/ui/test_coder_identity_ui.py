"""Identity in the app: a coder copy is made for a coder the project knows (or by profile id),
opening a copy made for someone else asks before adding anyone, and the window title names the
file and the coder."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from annotator.exchange import make_coder_copy
from annotator.model import ArticleDraft, Coder
from annotator.profile import load_profile, save_profile
from annotator.store import Project
from ui.app import App
from ui.dialogs import coder_identity
from ui.settings import Preferences
from ui.supervisor.coder_copy_dialog import NEW, CoderCopyDialog


@pytest.fixture
def study(tmp_path):
    project = Project.create(tmp_path / "study.sqlite", name="study")
    project.articles.add([ArticleDraft(text="Officials said it was calm.", title="Calm")])
    project.coders.add("Amira")
    project.coders.add("Bashir")
    yield project
    project.close()


def test_the_copy_dialog_chooses_a_project_coder_or_a_new_one_by_profile_id(qtbot, study):
    coders = study.coders.list()
    dialog = CoderCopyDialog(coders)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.coder.count() == 3 and dialog.coder.itemText(0).startswith("Amira — id ")
    dialog.coder.setCurrentIndex(1)
    assert dialog.chosen() == ("Bashir", coders[1].uuid) and ok.isEnabled()
    assert not dialog.name.isEnabled()
    dialog.coder.setCurrentIndex(dialog.coder.findData(NEW))
    assert not ok.isEnabled() and "name" in dialog.why.text()
    dialog.name.setText("Chen")
    dialog.profile_id.setText("not an id")
    assert not ok.isEnabled() and "looks like" in dialog.why.text()
    dialog.profile_id.setText("7d0c51f2-9a55-4f7e-8a7c-0c3b9b0b7e11")
    assert ok.isEnabled() and dialog.chosen() == ("Chen", "7d0c51f2-9a55-4f7e-8a7c-0c3b9b0b7e11")
    dialog.profile_id.clear()
    assert ok.isEnabled() and "asks them" in dialog.why.text()


def answer(monkeypatch, which: str, seen: list):
    """Answer the identity question with the button whose text starts with ``which``."""

    def exec_(box):
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        box_button = next(b for b in box.buttons() if b.text().startswith(which))
        box_button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


@pytest.mark.parametrize(
    ("which", "opened_as", "coders"),
    [("Code as", "Bashir-copy", 1), ("Add me", "profile", 2), ("Do not open", None, 1)],
)
def test_opening_a_copy_made_for_another_coder_asks_first(
    qtbot, study, tmp_path, monkeypatch, which, opened_as, coders
):
    made = make_coder_copy(study, "Bashir", tmp_path / "bashir.sqlite")
    save_profile("Bashir")  # a profile of the same name, another id
    me = load_profile()
    assert me is not None and me.uuid != made.coder.uuid
    seen: list = []
    answer(monkeypatch, which, seen)
    app = App(QApplication.instance(), Preferences())
    assert app.open(made.path, detect=False) is (opened_as is not None)
    (text, buttons) = seen[0]
    assert "a coder copy made for Bashir" in text and made.coder.short_id in text
    assert sorted(buttons) == ["Add me (Bashir) as a coder", "Code as Bashir", "Do not open"]
    if opened_as is None:
        assert app.window is None
        with Project.open(made.path, readonly=True) as copy:
            assert len(copy.coders.list()) == 1
        return
    window = app.window
    qtbot.addWidget(window)
    expected = made.coder if opened_as == "Bashir-copy" else me
    assert window.coder.uuid == expected.uuid
    assert len(window.project.coders.list()) == coders
    title = window.windowTitle()
    assert title.startswith("bashir.sqlite (study) — coding as Bashir")
    if coders == 2:  # two Bashirs in the file now: the title says which
        assert f"Bashir ({me.short_id})" in title
    window.close()
    app.project.close()


def test_a_project_that_knows_me_opens_without_a_question(qtbot, study, monkeypatch):
    me = save_profile("Dana")
    monkeypatch.setattr(coder_identity, "identity_question", lambda project, coder: None)
    assert coder_identity.who_codes(None, study, me) == me
    assert coder_identity.who_codes(None, study, Coder(me.uuid, "Dana")).uuid == me.uuid
