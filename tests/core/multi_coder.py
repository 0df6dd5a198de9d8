"""Build small multi-coder projects for the exchange, agreement and gold tests.

``make_master`` creates a project with known articles; ``coder_copy`` hands a copy to a coder
and ``work`` lets the test label in it as that coder, as the app would (through the store).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from annotator.exchange import make_coder_copy
from annotator.model import ArticleDraft, Coder
from annotator.store import Project

TEXTS = (
    "Regime forces shelled the town, officials said.",
    "The militants were neutralized near the border, the ministry claimed.",
    "Talks resume in Geneva on Monday, diplomats said.",
    "Aid reached the besieged city, the agency said.",
)


def make_master(folder: Path, texts: tuple[str, ...] = TEXTS, name: str = "study") -> Project:
    project = Project.create(folder / f"{name}.sqlite", name=name)
    project.articles.add(
        ArticleDraft(text=text, title=f"Article {n}", outlet="Outlet")
        for n, text in enumerate(texts)
    )
    first = project.articles.ids()[0]
    project.suggestions.replace(
        first,
        "test-detector",
        "1",
        [{"layer": "loaded", "label": "pejorative_label", "start": 0, "end": 6}],
    )
    return project


def coder_copy(project: Project, name: str, folder: Path, coder_id: str | None = None):
    path = folder / f"{name.lower()}.sqlite"
    made = make_coder_copy(project, name, path, coder_id)
    return path, made.coder


def work(path: Path, coder: Coder, action: Callable[[Project, list[int]], None]) -> None:
    """Open the coder's file and let ``action(project, article_ids)`` label in it."""
    with Project.open(path, backup=False) as project:
        action(project, project.articles.ids())


def word(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: equal dumps mean equal databases."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
