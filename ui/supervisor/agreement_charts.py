"""Per-label alpha bars for the agreement dashboard, painted with QPainter.

``AlphaBars``: one bar per label, with the value and the number of units it rests on, and a
whisker for its confidence interval when the figures have intervals; a figure with no value
gets a grey row that says why. Colours are from the Okabe-Ito palette
(safe for colour-blind readers), as the layer colours; ``pair_charts`` uses the same.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from annotator.agreement.result import Coefficient, rounded

BLUE, ORANGE, GREY = QColor("#0072B2"), QColor("#E69F00"), QColor("#9a9a9a")
THRESHOLDS = ((0.667, "0.667"), (0.8, "0.8"))  # Krippendorff's tentative and reliable limits
ROW, PAD = 24, 8
FEW_UNITS = 10  # below this many units a figure is marked ⚠ (here and in the tables)


def value_colour(value: float, base: QColor) -> QColor:
    """Blue for agreement, orange below zero; paler towards zero."""
    target = BLUE if value >= 0 else ORANGE
    strength = min(1.0, abs(value))
    mix = [base.redF(), base.greenF(), base.blueF()]
    ends = [target.redF(), target.greenF(), target.blueF()]
    channels = [a + (b - a) * (0.15 + 0.85 * strength) for a, b in zip(mix, ends, strict=True)]
    return QColor.fromRgbF(*channels)


def describe(result: Coefficient) -> str:
    if not result.defined:
        return f"No value: {result.reason}"
    text = (
        f"{result.title}: {rounded(result.value, 4)}\n{result.units} units, "
        f"{result.coders} coders, {result.pairable} pairable values"
    )
    interval = result.interval
    if interval is not None:
        text += f"\n{interval.level:.0%} interval {interval.formatted()} ({interval.method}"
        text += f", {interval.samples:,} resamples)" if interval.samples else ")"
        for threshold, share in interval.q.items():
            text += f"\nq(value < {threshold:g}) = {share:.3f}"
    return text


class AlphaBars(QWidget):
    """Horizontal bars from -1 to 1 (or 0 to 1 when nothing is negative)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[tuple[str, Coefficient]] = []
        self.notes: dict[str, int] = {}
        self.setMouseTracking(True)

    def set_items(
        self, items: list[tuple[str, Coefficient]], notes: dict[str, int] | None = None
    ) -> None:
        """``notes``: the number of the note that gives a "no value" reason in full."""
        self.items, self.notes = items, notes or {}
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, PAD * 2 + ROW * (len(self.items) + 1))

    def minimumSizeHint(self) -> QSize:
        return QSize(320, PAD * 2 + ROW * (len(self.items) + 1))

    def _geometry(self) -> tuple[int, float, float]:
        metrics = QFontMetrics(self.font())
        names = max((metrics.horizontalAdvance(name) for name, _ in self.items), default=40)
        left = min(names + 2 * PAD, self.width() // 3)
        low = min([0.0, *(r.value for _, r in self.items if r.defined)])
        low = min([low, *(r.interval.lower for _, r in self.items if r.interval is not None)])
        return left, max(-1.0, low), 1.0

    def _x(self, value: float, left: int, low: float) -> float:
        right = self.width() - 110
        return left + (value - low) / (1.0 - low) * (right - left)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        left, low, _ = self._geometry()
        top, bottom = PAD, PAD + ROW * len(self.items)
        painter.setPen(QPen(GREY, 1, Qt.PenStyle.DashLine))
        for value, label in THRESHOLDS:
            x = self._x(value, left, low)
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
            painter.drawText(
                QRectF(x - 30, bottom + 2, 60, ROW - 4), Qt.AlignmentFlag.AlignCenter, label
            )
        zero = self._x(0.0, left, low)
        painter.setPen(QPen(text, 1))
        painter.drawLine(QPointF(zero, top), QPointF(zero, bottom))
        painter.drawText(
            QRectF(zero - 30, bottom + 2, 60, ROW - 4), Qt.AlignmentFlag.AlignCenter, "0"
        )
        base = palette.color(QPalette.ColorRole.Base)
        for row, (name, result) in enumerate(self.items):
            y = top + row * ROW
            painter.setPen(text)
            label_box = QRectF(0, y, left - PAD, ROW)
            painter.drawText(
                label_box,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._elided(name, left - PAD),
            )
            if not result.defined:
                box = QRectF(left + 1, y + 1, self.width() - left - 2, ROW - 2)
                painter.fillRect(box, palette.color(QPalette.ColorRole.Window))
                painter.setPen(GREY)
                note = self.notes.get(result.reason or "")
                reason = f"see note {note}" if note else (result.reason or "").split(": ")[0]
                shown = self._elided(f"no value ({reason})", int(box.width()) - 8)
                painter.drawText(box.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, shown)
                continue
            end = self._x(result.value, left, low)
            bar = QRectF(min(zero, end), y + 4, abs(end - zero), ROW - 8)
            painter.fillRect(bar, value_colour(result.value, base))
            if result.interval is not None:
                self._whisker(painter, result, y, left, low, text)
            painter.setPen(text)
            warned = result.units < FEW_UNITS
            caption = f"{rounded(result.value)}   n={result.units}{' ⚠' if warned else ''}"
            painter.drawText(
                QRectF(self.width() - 106, y, 106, ROW), Qt.AlignmentFlag.AlignVCenter, caption
            )
        painter.end()

    def _whisker(
        self, painter: QPainter, result: Coefficient, y: int, left: int, low: float, pen: QColor
    ) -> None:
        """The confidence interval: a line from its lower to its upper end, with caps."""
        assert result.interval is not None
        middle = y + ROW / 2
        lower = self._x(max(result.interval.lower, low), left, low)
        upper = self._x(min(result.interval.upper, 1.0), left, low)
        painter.setPen(QPen(pen, 1.5))
        painter.drawLine(QPointF(lower, middle), QPointF(upper, middle))
        for x in (lower, upper):
            painter.drawLine(QPointF(x, middle - 5), QPointF(x, middle + 5))

    def _elided(self, text: str, width: int) -> str:
        return QFontMetrics(self.font()).elidedText(
            text, Qt.TextElideMode.ElideRight, max(width, 10)
        )

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            row = int((event.pos().y() - PAD) // ROW)
            if 0 <= row < len(self.items):
                name, result = self.items[row]
                QToolTip.showText(event.globalPos(), f"{name}\n{describe(result)}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
