"""Python's cycle collector runs on the UI thread only while the task runner's worker works.

The collector runs in whichever thread happens to allocate when its counts pass a threshold.
Run in the worker, it frees unreachable widgets, models and views of the UI thread there,
and Qt objects deleted outside their own thread corrupt the heap: seen as "double free or
corruption" in ~QSortFilterProxyModel, called from the collector in the worker while the UI
thread handled events (about one UI test run in ten). So while a job runs, automatic
collection is off and a timer on the UI thread collects instead, by the same thresholds; when
the runner is idle again, Python collects as it always does. Reference counting, which frees
most objects, is untouched.

Off by a zero threshold, not ``gc.disable()``: libraries turn collection back on with
``gc.enable()`` (srsly's msgpack reader, which loading a spaCy pipeline calls, does), and a
zero threshold keeps it off whatever they do.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
PYTHONS_DEFAULT = (700, 10, 10)


class MainThreadCollector(QObject):
    """``hold()``: automatic collection off, a timer on this object's (the UI) thread collects
    the youngest generations most often, as Python would; ``release()``: back to Python's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        current = gc.get_threshold()
        self.thresholds = current if current[0] else PYTHONS_DEFAULT
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)

    @property
    def holding(self) -> bool:
        return self.timer.isActive()

    def hold(self) -> None:
        if self.holding:
            return
        current = gc.get_threshold()
        if current[0]:  # Python's own, or what the app set; zero: already held elsewhere
            self.thresholds = current
        gc.set_threshold(0)
        self.timer.start(INTERVAL_MS)

    def release(self) -> None:
        if not self.holding:
            return
        self.timer.stop()
        # the youngest generation emptied here first, so what is left of the worker's own
        # bookkeeping after its job cannot reach the threshold and collect over there
        gc.collect(0)
        gc.set_threshold(*self.thresholds)

    def collect_due(self) -> int:
        """Collect the oldest generation whose count has passed its threshold; returns the
        generation collected, or -1 for none."""
        counts = gc.get_count()
        due = -1
        for generation, (count, threshold) in enumerate(zip(counts, self.thresholds, strict=True)):
            if threshold and count > threshold:
                due = generation
            else:
                break  # an older generation is only due after the younger ones were
        if due >= 0:
            gc.collect(due)
        return due
