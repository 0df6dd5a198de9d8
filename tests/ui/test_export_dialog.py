"""The Export dialog and the suggester choice, driven as a user would (offscreen)."""

from __future__ import annotations

import shutil
import time

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from annotator.project_detection import (
    Sensitivity,
    SuggesterChoice,
    read_choice,
    read_sensitivity,
    save_choice,
    save_sensitivity,
)
from annotator.store import Project
from annotator.store.gold import GoldSpanDraft, replace_gold_spans
from tests.ui.conftest import ARTICLE_ONE, span_of
from ui.dialogs import suggester_dialog
from ui.dialogs.export_dialog import open_export_dialog
from ui.dialogs.suggester_dialog import SuggesterDialog, choose_suggester
from ui.operations import export as export_operation
from ui.operations.detect import detect, use_suggester
from ui.tasks import runner


@pytest.fixture
def labeled_project(coding_project, coder):
    with Project.open(coding_project, backup=False) as project:
        first = project.articles.ids()[0]
        amira = project.coders.add("Amira").uuid
        project.spans.add(
            first, amira, "loaded", "pejorative_label", *span_of(ARTICLE_ONE, "regime")
        )
        project.doc_labels.set(first, amira, "primary_frame", "security_defense")
    return coding_project


def dialog_for(qtbot, open_window, path):
    window = open_window(path)
    dialog = open_export_dialog(window)
    qtbot.addWidget(dialog)
    return window, dialog


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def finish(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None, timeout=15_000)


def test_export_writes_in_the_background_and_shows_what_was_written(
    qtbot, open_window, labeled_project, tmp_path, messages
):
    window, dialog = dialog_for(qtbot, open_window, labeled_project)
    assert dialog.source.findData("coder:Amira") >= 0 and dialog.source.findData("gold") == 0
    choose(dialog.format, "csv")
    choose(dialog.source, "all-coders")
    assert not dialog.dev_fraction.isEnabled()  # a spaCy-only setting
    dialog.path.setText(str(tmp_path / "tables"))
    dialog.export_button.click()
    assert dialog.task is not None and not dialog.export_button.isEnabled()
    finish(qtbot, dialog)
    text = dialog.summary.toPlainText()
    assert "Wrote csv from all-coders" in text and "loaded 1" in text
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "attribution.csv",
        "doc_labels.csv",
        "loaded.csv",
    ]
    assert "Exported 1 article(s)" in window.statusBar().currentMessage()
    assert messages == []


def test_layers_schemes_status_and_spacy_settings_reach_the_export(
    qtbot, open_window, labeled_project, tmp_path
):
    _, dialog = dialog_for(qtbot, open_window, labeled_project)
    choose(dialog.format, "spacy")
    assert dialog.dev_fraction.isEnabled() and dialog.path.text().endswith("-gold-spacy")
    dialog.layers.item(1).setCheckState(dialog.layers.item(1).checkState().Unchecked)
    dialog.schemes.item(0).setCheckState(dialog.schemes.item(0).checkState().Unchecked)
    choose(dialog.status, "done")
    dialog.dev_fraction.setValue(0.5)
    dialog.seed.setValue(7)
    options = dialog.options()
    assert options.selection.layers == ("loaded",)
    assert "primary_frame" not in options.selection.schemes
    assert options.selection.status == "done"
    assert (options.format, options.dev_fraction, options.seed) == ("spacy", 0.5, 7)


def test_no_labels_is_a_message_and_nothing_is_written(
    qtbot, open_window, labeled_project, tmp_path, messages
):
    _, dialog = dialog_for(qtbot, open_window, labeled_project)  # no gold yet
    dialog.path.setText(str(tmp_path / "gold.jsonl"))
    dialog.start()
    finish(qtbot, dialog)
    assert "Nothing was exported" in dialog.summary.toPlainText()
    assert messages and messages[0][1] == "Export failed"
    assert "has no labels from gold" in messages[0][2]
    assert not (tmp_path / "gold.jsonl").exists()


def test_an_existing_file_is_replaced_only_when_the_user_says_so(
    qtbot, open_window, labeled_project, tmp_path, messages, monkeypatch
):
    with Project.open(labeled_project, backup=False) as project:
        first = project.articles.ids()[0]
        amira = project.coders.by_name("Amira")[0].uuid
        draft = GoldSpanDraft("pejorative_label", *span_of(ARTICLE_ONE, "regime"))
        replace_gold_spans(project, first, "loaded", 0, len(ARTICLE_ONE), [draft], amira)
    _, dialog = dialog_for(qtbot, open_window, labeled_project)
    target = tmp_path / "gold.jsonl"
    target.write_text("keep")
    dialog.path.setText(str(target))
    assert dialog.start() is None  # the fixture answers No
    assert messages[-1][1] == "Replace files?" and target.read_text() == "keep"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.start() is not None
    finish(qtbot, dialog)
    assert target.read_text().startswith('{"id":')


def test_cancel_stops_the_export(qtbot, open_window, labeled_project, tmp_path, monkeypatch):
    def slow_export(project, path, options, progress):
        for step in range(1000):
            progress(step, 1000, "working")
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(export_operation, "export_project", slow_export)
    _, dialog = dialog_for(qtbot, open_window, labeled_project)
    dialog.path.setText(str(tmp_path / "x.jsonl"))
    task = dialog.start()
    qtbot.waitUntil(lambda: task.last[0] > 0, timeout=5000)
    task.cancel()
    finish(qtbot, dialog)
    assert dialog.summary.toPlainText() == "Export cancelled; nothing was written."
    assert dialog.export_button.isEnabled() and not (tmp_path / "x.jsonl").exists()


# -- the suggester ---------------------------------------------------------------------------


def test_the_suggester_dialog_checks_the_folder(qtbot, tiny_model, tmp_path):
    dialog = SuggesterDialog(SuggesterChoice())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.rules.isChecked() and ok.isEnabled()
    assert dialog.choice() == SuggesterChoice("auto")
    dialog.model.setChecked(True)
    dialog.path.setText(str(tmp_path))
    assert not ok.isEnabled() and "not a spaCy pipeline" in dialog.about.text()
    dialog.path.setText(str(tiny_model))
    assert ok.isEnabled() and "tiny 0.0.1" in dialog.about.text()
    assert dialog.choice() == SuggesterChoice(None, tiny_model)
    dialog.both.setChecked(True)
    assert dialog.choice() == SuggesterChoice("auto", tiny_model)


def test_the_dialog_shows_the_projects_choice_and_keeps_its_tier(qtbot, tiny_model):
    dialog = SuggesterDialog(SuggesterChoice("blank", tiny_model))
    qtbot.addWidget(dialog)
    assert dialog.both.isChecked() and dialog.path.text() == str(tiny_model)
    dialog.rules.setChecked(True)
    assert dialog.choice() == SuggesterChoice("blank")


def test_the_sensitivity_per_layer_is_shown_chosen_and_kept(qtbot, open_window, coding_project):
    window = open_window(coding_project)
    save_sensitivity(window.project, Sensitivity({"loaded": 0.65, "source": "high_precision"}))
    dialog = SuggesterDialog(read_choice(window.project), None, read_sensitivity(window.project))
    qtbot.addWidget(dialog)
    boxes = dialog.level_boxes
    assert boxes["source"].currentData() == "high_precision"
    assert boxes["loaded"].currentText().startswith("Minimum score 0.65")
    assert boxes["quote"].currentData() == "balanced"
    boxes["attribution_cue"].setCurrentIndex(boxes["attribution_cue"].findData("high_recall"))
    chosen = dialog.sensitivity()
    assert chosen.level("attribution_cue") == "high_recall" and chosen.level("loaded") == 0.65
    dialog.model.setChecked(True)  # a model alone: its scores are not the rules'
    assert not dialog.levels.isEnabled()
    dialog.rules.setChecked(True)
    assert dialog.levels.isEnabled()
    task = use_suggester(window, dialog.choice(), chosen)
    qtbot.waitUntil(lambda: task.ended, timeout=60_000)
    assert read_sensitivity(window.project) == chosen


def test_choosing_a_model_stores_it_in_the_project_and_detection_uses_it(
    qtbot, open_window, coding_project, tiny_model, monkeypatch, messages
):
    window = open_window(coding_project)
    started = []
    monkeypatch.setattr(
        suggester_dialog,
        "use_suggester",
        lambda w, choice, sensitivity=None: started.append(choice) or "t",
    )
    monkeypatch.setattr(SuggesterDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert choose_suggester(window) is None and started == []
    monkeypatch.undo()

    def accept(dialog):
        dialog.model.setChecked(True)
        dialog.path.setText(str(tiny_model))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SuggesterDialog, "exec", accept)
    task = choose_suggester(window)
    assert read_choice(window.project) == SuggesterChoice(None, tiny_model)
    qtbot.waitUntil(lambda: task.ended, timeout=60_000)
    assert window.detection.startswith("model:tiny 0.0.1") and messages == []
    first = window.project.articles.ids()[0]
    detectors = {s.detector for s in window.project.suggestions.for_article(first)}
    assert detectors == {"model:tiny", "test-detector"}  # other detectors' rows stay
    assert any(m.ref.detector == "model:tiny" for m in window.view.marks if m.kind == "suggestion")


def test_a_chosen_model_that_is_gone_says_to_choose_again(
    qtbot, open_window, coding_project, tiny_model, messages
):
    window = open_window(coding_project)
    save_choice(window.project, SuggesterChoice(None, tiny_model))
    shutil.rmtree(tiny_model)
    detect(window)
    qtbot.waitUntil(lambda: runner().idle, timeout=60_000)
    kind, title, text = messages[-1]
    assert (kind, title) == ("warning", "Detection failed")
    assert "tiny does not exist. Choose the suggester again" in text
    assert window.detection == "failed"


def test_a_chosen_export_path_is_kept_when_the_format_or_source_changes(
    qtbot, open_window, labeled_project, tmp_path
):
    _, dialog = dialog_for(qtbot, open_window, labeled_project)
    choose(dialog.format, "jsonl")
    offered = dialog.path.text()
    choose(dialog.source, "all-coders")  # an offered path follows the source…
    assert dialog.path.text() != offered and dialog.path.text().endswith("-all-coders.jsonl")
    mine = tmp_path / "elsewhere" / "for-the-paper.jsonl"
    dialog.path.setText(str(mine))  # …but a path of the user's own stays, only its ending moves
    choose(dialog.format, "csv")
    assert dialog.path.text() == str(mine.with_suffix(""))
    choose(dialog.source, "gold")
    assert dialog.path.text() == str(mine.with_suffix(""))
    choose(dialog.format, "jsonl")
    assert dialog.path.text() == str(mine)


def test_file_dialogs_start_in_the_last_folder_used(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from ui.dialogs import file_choice

    started = []
    first = tmp_path / "articles" / "one.txt"
    first.parent.mkdir()
    first.write_text("x", encoding="utf-8")

    def fake_open(parent, title, start, filters):
        started.append(start)
        return [str(first)], filters

    def fake_save(parent, title, start, filters):
        started.append(start)
        return "", filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake_open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    assert file_choice.open_files(None, "Import articles", "*") == [str(first)]
    assert file_choice.save_file(None, "New project", "project.sqlite", "*") == ""
    assert started[1] == str(first.parent / "project.sqlite")


def test_gold_leaves_out_partly_adjudicated_articles_unless_the_box_is_ticked(
    qtbot, open_window, tmp_path
):
    """Article 0 has a disputed cue nobody decided; article 1 is fully agreed."""
    import json

    from annotator.adjudication import accept_agreed
    from tests.core.multi_coder import TEXTS, make_master, word

    project = make_master(tmp_path, texts=TEXTS[:2])
    ids = project.articles.ids()
    supervisor = project.coders.add("Supervisor").uuid
    for name in ("Ann", "Bob"):
        coder = project.coders.add(name).uuid
        for article, text in zip(ids, TEXTS[:2], strict=True):
            needle = "said" if "said" in text else "claimed"
            project.spans.add(article, coder, "attribution", "cue", *word(text, needle))
        if name == "Ann":
            project.spans.add(ids[0], coder, "attribution", "cue", *word(TEXTS[0], "shelled"))
    accept_agreed(project, supervisor)
    path = project.path
    project.close()

    _, dialog = dialog_for(qtbot, open_window, path)
    assert dialog.source.currentData() == "gold" and dialog.partial.isEnabled()
    assert not dialog.partial.isChecked()
    choose(dialog.format, "jsonl")
    dialog.path.setText(str(tmp_path / "gold.jsonl"))
    dialog.export_button.click()
    finish(qtbot, dialog)
    assert "left out 1 partly adjudicated article(s)" in dialog.summary.toPlainText()
    lines = (tmp_path / "gold.jsonl").read_text().splitlines()
    assert [json.loads(line)["meta"]["title"] for line in lines] == ["Article 1"]

    dialog.partial.setChecked(True)
    dialog.path.setText(str(tmp_path / "all.jsonl"))
    dialog.export_button.click()
    finish(qtbot, dialog)
    lines = (tmp_path / "all.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["meta"]["title"] for line in lines) == ["Article 0", "Article 1"]
    choose(dialog.source, "coder:Ann")
    assert not dialog.partial.isEnabled()  # a coder's labels are never held back
