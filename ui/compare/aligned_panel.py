"""The aligned-facts panel of the Compare view: the same fact as each group of articles
reported it, sentence beside sentence, with the loaded words, attribution cues and
word-choice terms lit (pieces cut by annotator.compare.alignment.marked_pieces, as in the
HTML report)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from annotator.compare import AlignedFact, AlignedSentence, Comparison
from annotator.compare.alignment import marked_pieces

# Okabe-Ito colours, as the HTML report: loaded words on orange, cues sky blue, terms purple
STYLES = {
    "loaded": "background-color: #f6d38a;",
    "cue": "color: #005a8c; font-weight: 600; text-decoration: underline;",
    "term": "color: #a3487f; text-decoration: underline;",
}
LEGEND = (
    f'<p><span style="{STYLES["loaded"]}">loaded word</span> &nbsp; '
    f'<span style="{STYLES["cue"]}">attribution cue</span> &nbsp; '
    f'<span style="{STYLES["term"]}">word-choice term</span></p>'
)


def mark_titles(comparison: Comparison) -> dict[tuple[str, str], str]:
    """``(mark kind, label) -> title``: loaded categories and cue stances as the codebook
    names them (the comparison's charts carry its titles), word groups by their titles."""
    titles = {("term", w.word_group.name): w.word_group.title for w in comparison.word_choice}
    if comparison.loaded is not None:
        titles |= {("loaded", c.name): c.title for c in comparison.loaded.categories}
    for chart in comparison.attribution:
        if chart.key == "cue_stance":
            titles |= {("cue", c.name): c.title for c in chart.categories}
    return titles


def sentence_html(sentence: AlignedSentence) -> str:
    out = []
    for text, covering in marked_pieces(sentence):
        piece = escape(text)
        kinds = {m.kind for m in covering}
        for mark in covering:  # innermost first
            if mark.kind == "term" and "cue" in kinds:
                continue  # a cue that is also a word-choice term shows as a cue
            piece = f'<span style="{STYLES[mark.kind]}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def fact_html(number: int, fact: AlignedFact, titles: dict[tuple[str, str], str]) -> str:
    rows = []
    for s in fact.sentences:
        where = escape(f"{s.title} (article {s.article_id})")
        lit = ", ".join(
            f"{escape(s.text[m.start : m.end])} ({escape(titles.get((m.kind, m.label), m.label))})"
            for m in s.marks
            if m.kind != "term"
        )
        rows.append(
            f'<tr><td width="210"><b>{escape(s.group)}</b><br>'
            f'<span style="color: gray">{where}</span></td>'
            f"<td>{sentence_html(s)}"
            + (f'<br><span style="color: gray">{lit}</span>' if lit else "")
            + "</td></tr>"
        )
    shared = escape(", ".join(fact.shared))
    return (
        f'<h4><a name="fact{number}"></a>Fact {number}: shared {shared} '
        f"(score {fact.score:.2f})</h4>"
        f'<table cellspacing="0" cellpadding="4" border="0" width="100%">{"".join(rows)}</table>'
    )


class AlignedPanel(QTextBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)

    def show_comparison(self, comparison: Comparison) -> None:
        parts = [f'<p style="color: gray">{escape(comparison.aligned_note)}</p>']
        if comparison.aligned:
            parts.append(LEGEND)
        titles = mark_titles(comparison)
        for number, fact in enumerate(comparison.aligned, start=1):
            parts.append(fact_html(number, fact, titles))
        self.setHtml("".join(parts))

    def show_fact(self, number: int) -> None:
        """Scroll to fact ``number`` (from 1)."""
        self.scrollToAnchor(f"fact{number}")
