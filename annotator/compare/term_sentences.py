"""The sentences behind a word-choice figure: where a group's articles use a term."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.compare.comparison import Comparison
from annotator.compare.selection import CompareError
from annotator.compare.wording import TermMatcher, WordGroup
from annotator.compare.words import sentence_bounds, sentence_of
from annotator.store import Project


@dataclass(frozen=True)
class TermSentence:
    article_id: int
    title: str
    start: int  # the sentence, in the article's text
    end: int
    text: str
    matches: tuple[tuple[int, int, str], ...]  # (start, end, form) in the sentence's text


def term_sentences(
    project: Project,
    comparison: Comparison,
    group: str,
    word_group: str,
    term: str,
    limit: int = 100,
) -> list[TermSentence]:
    """The sentences (at most ``limit``) in which ``group``'s articles use ``term`` of the
    word group named ``word_group``, in article order: what a click on a word-choice cell
    shows."""
    summary = next((g for g in comparison.groups if g.name == group), None)
    choice = next((w for w in comparison.word_choice if w.word_group.name == word_group), None)
    if summary is None or choice is None or term not in choice.word_group.terms:
        raise CompareError(f"no figure for '{term}' of '{word_group}' in group '{group}'")
    matcher = TermMatcher([WordGroup(word_group, word_group, choice.word_group.terms, "")])
    wanted = choice.word_group.terms.index(term)
    found: list[TermSentence] = []
    for begin in range(0, len(summary.article_ids), 200):
        ids = list(summary.article_ids[begin : begin + 200])
        texts = project.articles.texts(ids)
        for article_id in ids:
            text = texts[article_id]
            hits = [(s, e, form) for t, form, s, e in matcher.find(text) if t == wanted]
            if not hits:
                continue
            bounds = sentence_bounds(text) or [(0, len(text))]
            starts = [s for s, _ in bounds]
            by_sentence: dict[int, list[tuple[int, int, str]]] = {}
            for start, end, form in hits:
                by_sentence.setdefault(sentence_of(starts, start), []).append((start, end, form))
            title = project.articles.summary(article_id).title
            for index, matches in sorted(by_sentence.items()):
                s, e = bounds[index]
                shifted = tuple((a - s, b - s, form) for a, b, form in matches)
                found.append(TermSentence(article_id, title, s, e, text[s:e], shifted))
                if len(found) >= limit:
                    return found
    return found
