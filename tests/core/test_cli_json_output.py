"""``--json`` output: indented at a terminal, one line in a pipe or a file."""

from __future__ import annotations

import io
import json

from annotator.cli.app import emit_json


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_json_is_indented_at_a_terminal_and_one_line_in_a_pipe(monkeypatch):
    data = {"name": "Zoë", "figures": [1, 2.5, None]}
    terminal, pipe = Terminal(), io.StringIO()
    monkeypatch.setattr("sys.stdout", terminal)
    emit_json(data)
    monkeypatch.setattr("sys.stdout", pipe)
    emit_json(data)
    assert terminal.getvalue().count("\n") > 3 and '  "name": "Zoë"' in terminal.getvalue()
    assert pipe.getvalue().count("\n") == 1 and "Zoë" in pipe.getvalue()  # not \\u escaped
    assert json.loads(terminal.getvalue()) == json.loads(pipe.getvalue()) == data
