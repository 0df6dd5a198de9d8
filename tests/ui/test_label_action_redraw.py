"""A label action redraws what changed and no more (DESIGN.md: an action under 20 ms): the
highlighter draws again only the paragraphs whose marks changed, the marks table and the
article list update the changed rows in place, and the status bar's done count is kept as rows
change rather than counted over every article. Each must draw the same as a full redraw."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from annotator.model import ArticleDraft
from annotator.store import Project
from ui.coding.highlighter import Mark, MarkHighlighter
from ui.coding.marks_list import MarksModel

TEXT = "The regime fell.\nOfficials said the terrorists left.\nA third paragraph, unmarked."


def drawn(document: QTextDocument) -> list[tuple[int, int, int, bool]]:
    """Every highlighted run: (paragraph, start, length, underlined)."""
    runs = []
    block = document.firstBlock()
    while block.isValid():
        for r in block.layout().formats():
            runs.append((block.blockNumber(), r.start, r.length, r.format.underlineStyle() != 0))
        block = block.next()
    return sorted(runs)


def mark(word: str, kind: str, key: str = "loaded") -> Mark:
    start = TEXT.index(word)
    return Mark(start, start + len(word), key, kind, None)


def test_the_highlighter_draws_again_only_what_changed_and_the_same_as_a_full_redraw(qtbot):
    document = QTextDocument(TEXT)
    highlighter = MarkHighlighter(document)
    highlighter.set_marks([mark("regime", "suggestion"), mark("terrorists", "suggestion")])
    drawn_again = []
    original = highlighter.highlightBlock
    highlighter.highlightBlock = lambda text: (  # type: ignore[method-assign]
        drawn_again.append(highlighter.currentBlock().blockNumber()),
        original(text),
    )
    # "terrorists" accepted: its suggestion becomes a span; "regime" is unchanged
    after = [mark("regime", "suggestion"), mark("terrorists", "span")]
    highlighter.set_marks(after)
    assert drawn_again == [1]
    fresh = QTextDocument(TEXT)
    MarkHighlighter(fresh).set_marks(after)
    assert drawn(document) == drawn(fresh)
    # a mark removed: its paragraph loses its highlight
    highlighter.set_marks([mark("terrorists", "span")])
    assert [run[0] for run in drawn(document)] == [1]


def test_the_marks_table_changes_rows_in_place_in_one_article_and_resets_for_another(qtbot):
    from annotator.codebook import default_codebook

    model = MarksModel(default_codebook())
    resets, changed = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.set_marks([mark("regime", "suggestion"), mark("terrorists", "suggestion")], TEXT, None)
    assert len(resets) == 1
    model.set_marks([mark("regime", "suggestion"), mark("terrorists", "span")], TEXT, None)
    assert len(resets) == 1 and changed and {row for pair in changed for row in pair} == {1}
    assert model.marks[1].kind == "span"
    other = TEXT + " "  # another article's text
    model.set_marks([mark("regime", "span"), mark("terrorists", "span")], other, None)
    assert len(resets) == 2


def test_the_done_count_follows_the_articles_as_they_change(open_window, tmp_path, coder):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        ids = project.articles.add(
            [ArticleDraft(text=f"{TEXT} {n}", title=f"a{n}") for n in range(3)]
        ).added
        for article_id in ids:
            start = TEXT.index("regime")
            project.suggestions.replace(
                article_id,
                "test",
                "1",
                [
                    {
                        "layer": "loaded",
                        "label": "pejorative_label",
                        "start": start,
                        "end": start + 6,
                    }
                ],
            )
    window = open_window(path)
    model = window.list_panel.model

    def recount() -> int:
        return sum(1 for item in model.items if item.status == "done")

    assert model.done == recount() == 0
    suggestion = window.project.suggestions.for_article(ids[0])[0]
    window.session.accept(suggestion)
    for article_id, status in ((ids[0], "done"), (ids[2], "done"), (ids[0], "in_progress")):
        window.session.set_status(article_id, status)
        assert model.done == recount()
        assert window.progress_label.text().endswith(f"{recount()} / 3")
    assert model.done == 1
    window.session.undo_stack.undo()  # back to done: the count follows an undo too
    assert model.done == recount() == 2
