"""The Qt binding itself: PySide6 6.12.0 on Python 3.11 drops one reference to None on every
event it dispatches, so a session of a few minutes ends in "Fatal Python error: none_dealloc".
pyproject.toml keeps that version out; this test catches any version that does it again."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_dispatching_events_keeps_the_reference_count_of_none(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    before = sys.getrefcount(None)
    for _ in range(300):
        widget.repaint()
    assert sys.getrefcount(None) > before - 100
