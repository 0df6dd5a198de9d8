"""Cycles are collected on the UI thread once the task runner's worker exists (a cycle holding
a Qt model freed by the collector in the worker corrupted the heap now and then)."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ui.main_thread_gc import MainThreadCollector
from ui.tasks import runner


class Cycle:
    """An object in a reference cycle: only the collector frees it; it notes where."""

    freed_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_in.append(threading.current_thread().name)


@pytest.fixture
def parent(qtbot):
    widget = QWidget()  # owns the task's progress dialog, if it shows
    qtbot.addWidget(widget)
    return widget


def test_automatic_collection_is_off_while_a_job_runs_and_back_after(qtbot, parent):
    started = threading.Event()
    go_on = threading.Event()

    def work(project, progress):
        started.set()
        go_on.wait(10)
        return True

    task = runner().run(parent, "waits", work, lambda result: None)
    assert started.wait(10)
    assert gc.get_threshold()[0] == 0
    gc.enable()  # as srsly's msgpack reader does after reading
    assert gc.get_threshold()[0] == 0  # still no automatic collection
    go_on.set()
    qtbot.waitUntil(lambda: task.ended, timeout=10_000)
    assert gc.get_threshold()[0] > 0  # Python's own collection again


def test_cycles_made_by_a_job_are_freed_on_the_ui_thread(qtbot, parent):
    Cycle.freed_in.clear()

    def work(project, progress):
        for _ in range(20_000):  # many times the youngest generation's threshold
            Cycle()
        return True

    task = runner().run(parent, "cycles", work, lambda result: None)
    qtbot.waitUntil(lambda: task.ended, timeout=20_000)
    qtbot.wait(600)  # the UI thread's collector has run
    gc.collect()  # the rest, here
    assert len(Cycle.freed_in) == 20_000
    assert set(Cycle.freed_in) == {threading.main_thread().name}  # none in the worker


def test_the_collector_follows_pythons_thresholds(qtbot):
    holder = QObject()
    collector = MainThreadCollector(holder)
    collector.thresholds = (10, 10, 10)
    gc.collect()
    assert collector.collect_due() == -1  # nothing new since
    garbage = [Cycle() for _ in range(50)]
    del garbage
    assert collector.collect_due() == 0  # the youngest generation only
    holder.deleteLater()
