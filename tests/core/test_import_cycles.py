"""No import cycles between modules, in the core or in the app: a module never depends, through
any chain of imports, on itself. Imports under ``if TYPE_CHECKING:`` are left aside (they do
not run); imports inside functions count, so a cycle cannot hide in one.

The graph is grimp's (import-linter builds its contracts on it); a cycle is a strongly connected
group of modules, reported with its members so it can be broken where it makes sense.
"""

from __future__ import annotations

import grimp


def module_cycles(package: str) -> list[list[str]]:
    """Groups of modules of ``package`` that import each other, directly or not."""
    graph = grimp.build_graph(package, cache_dir=None, exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        # Tarjan's strongly connected components, iteratively (no recursion limit to hit)
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, imported = work[-1]
            step = next(imported, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph.find_modules_directly_imported_by(step)))))
                elif step in on_stack:
                    low[module] = min(low[module], index[step])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_the_core_has_no_module_cycle():
    assert module_cycles("annotator") == []


def test_the_app_has_no_module_cycle():
    assert module_cycles("ui") == []


def test_a_cycle_is_found(tmp_path, monkeypatch):
    # the check can fail: two modules importing each other, one of them inside a function
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("from cyclic import second\n")
    (package / "second.py").write_text("def late():\n    from cyclic import first\n")
    (package / "third.py").write_text("from cyclic import first\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert module_cycles("cyclic") == [["cyclic.first", "cyclic.second"]]
