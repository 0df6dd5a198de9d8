"""All SQL lives in annotator/store: no module of the core outside it, and none of the app,
runs a statement, holds the raw database handle or spells out SQL text.

The check reads the source (no import), so it also sees code behind an ``if`` or inside a
function. What it looks for:
- a call of ``execute``, ``executemany``, ``executescript``, ``rows_where`` or ``query``;
- the raw handles ``.db`` and ``.conn`` (``project.db`` is the store's own), ``sqlite3.connect``
  and importing ``sqlite_utils``;
- a string (not a docstring) that starts like an SQL statement.
Catching ``sqlite3.Error`` to report it is not SQL, and stays allowed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STORE = REPO / "annotator" / "store"

RUNS_SQL = {"execute", "executemany", "executescript", "rows_where", "query"}
RAW_HANDLES = {"db", "conn"}
# the project's tables (and a placeholder standing for one); prose rarely names them
TABLES = (
    r"(articles|codebooks|coders|decisions|doc_labels|gold|history|progress|project|relations"
    r"|spans|suggestions|sqlite_master|\?)(?!\w)"
)
SQL_TEXT = re.compile(
    rf"^\s*(select\s.*\sfrom\s+(\w+\.)?{TABLES}|insert\s+(or\s+\w+\s+)?into\s+{TABLES}"
    rf"|update\s+{TABLES}\s+set\s|delete\s+from\s+{TABLES}|create\s+(unique\s+)?(table|index)\s"
    rf"|drop\s+(table|index)\s|alter\s+table\s|pragma\s|vacuum\b)",
    re.IGNORECASE | re.DOTALL,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (module, class, function)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def _text(node: ast.AST) -> str | None:
    """The literal text of a string or f-string (placeholders as ``?``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "?" for part in node.values
        )
    return None


def sql_findings(path: Path) -> list[str]:
    """Every place in one file that runs SQL, holds a raw handle or spells out SQL."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    docstrings = _docstrings(tree)
    where = path.relative_to(REPO) if REPO in path.parents else path.name
    found = []
    inside_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstring.update(id(part) for part in node.values)
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in RUNS_SQL:
                what = f".{node.func.attr}()"
            elif node.func.attr == "connect" and _name(node.func.value) == "sqlite3":
                what = "sqlite3.connect()"
        elif isinstance(node, ast.Attribute) and node.attr in RAW_HANDLES:
            what = f"the raw handle .{node.attr}"
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            modules.append(getattr(node, "module", None) or "")
            if any(m.split(".")[0] == "sqlite_utils" for m in modules):
                what = "import of sqlite_utils"
        elif id(node) not in docstrings and id(node) not in inside_fstring:
            text = _text(node)
            if text is not None and SQL_TEXT.match(text):
                what = f"SQL text {text.strip()[:40]!r}"
        if what:
            found.append(f"{where}:{getattr(node, 'lineno', '?')}: {what}")
    return found


def _name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _outside_store() -> list[Path]:
    files = sorted((REPO / "annotator").rglob("*.py")) + sorted((REPO / "ui").rglob("*.py"))
    return [p for p in files if STORE not in p.parents]


def test_no_sql_outside_the_store():
    findings = [line for path in _outside_store() for line in sql_findings(path)]
    assert not findings, "SQL belongs in annotator/store:\n" + "\n".join(findings)


def test_the_check_finds_each_kind_of_sql(tmp_path):
    # the check itself can fail: the numbered lines are what it must report
    lines = [
        '"""A module docstring may say: select uuid from spans."""',
        "import sqlite_utils",  # 2
        "import sqlite3",
        "def f(project, table):",
        "    project.db.execute('select 1')",  # 5: a call and a raw handle
        "    sqlite3.connect('x.sqlite')",  # 6
        "    rows = project.spans.db",  # 7
        "    text = f'delete from {table} where uuid = ?'",  # 8
        "    other = 'UPDATE spans SET label = ?'",  # 9
        "    fine = 'Select a file from the list'",
        "    also_fine = 'the selection'",
        "    except_ok = sqlite3.Error",
    ]
    sample = tmp_path / "sample.py"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = sql_findings(sample)
    assert sorted(int(line.split(":")[1]) for line in found) == [2, 5, 5, 6, 7, 8, 9], found
