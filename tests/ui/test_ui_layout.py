"""The shape of ui/: no import cycles between its modules, operations that use only the main
window's declared interface, and long work started only through the one task runner."""

from __future__ import annotations

import re
from pathlib import Path

import grimp
import pytest

UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.fixture(scope="module")
def graph():
    # no cache: tests write nothing into the work tree
    return grimp.build_graph("ui", exclude_type_checking_imports=True, cache_dir=None)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles_between_ui_modules(graph):
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert _cycles(edges) == []


def test_operations_know_the_window_only_by_its_declared_interface(graph):
    for module in graph.find_children("ui.operations"):
        imported = graph.find_modules_directly_imported_by(module)
        assert "ui.main_window" not in imported, module


def test_long_work_runs_only_on_the_task_runner():
    """No other threads, and no module but ui/tasks.py opens a Project for a job."""
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "tasks.py":
            continue
        assert not re.search(r"\bQThread\b|\bthreading\b|ThreadPool", text), path
        if path.parent.name in ("operations", "supervisor", "dialogs", "coding"):
            assert "Project.open(" not in text, path


def test_the_window_starts_without_importing_spacy():
    """spaCy loads after the window shows, and the supervisor's and the export's code when
    first asked for (DESIGN.md: window visible under 1.5 s)."""
    import subprocess
    import sys

    later = ["spacy", "annotator.agreement", "annotator.compare", "annotator.adjudication"]
    code = f"import sys, ui.app, ui.main_window; print([m for m in {later!r} if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


def test_the_main_window_implements_the_declared_interface(open_window, coding_project):
    from ui.project_window import ProjectWindow

    window = open_window(coding_project)
    assert isinstance(window, ProjectWindow)
    assert window.widget() is window and window.detection
