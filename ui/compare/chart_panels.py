"""Small multiples of one comparison figure, painted with QPainter: a panel per category, a
row per group, each a bar with its 95% interval as a whisker.

The panels of a figure share one scale (a rate's "all" panel has its own), as in the HTML
report. ``paint_chart`` draws on any QPainter, so the same drawing fills the widget, a PNG
(QImage) and an SVG (QSvgGenerator): annotator/compare/figures.py holds what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.compare import Chart, Value
from annotator.compare.figures import PER_1000
from annotator.compare.text_report import format_value

BAR, WHISKER, AXIS = QColor("#0072B2"), QColor("#222222"), QColor("#888888")
PANEL_MIN_WIDTH, ROW, TITLE, AXIS_ROW, GAP = 390, 20, 22, 18, 18
VALUE_TEXT = "100.0 [100.0, 100.0]"  # the widest value text: room is kept for it


@dataclass(frozen=True)
class Panel:
    category: int  # column of the chart's values
    title: str
    top: float  # the scale's right end
    box: QRectF


def shown_columns(chart: Chart) -> list[int]:
    """The categories with any count, in the chart's order."""
    return [c for c in range(len(chart.categories)) if any(row[c].count for row in chart.values)]


def _top(chart: Chart, columns: list[int]) -> float:
    if chart.unit != PER_1000:
        return 1.0
    highs = [
        value.high if value.high is not None else value.value or 0.0
        for row in chart.values
        for value in (row[c] for c in columns)
    ]
    return max(highs, default=0.0) or 1.0


def layout(chart: Chart, width: int) -> list[Panel]:
    """Where each panel goes at this width: as many columns as fit, rows of equal height."""
    columns = shown_columns(chart)
    parts = [c for c in columns if chart.categories[c].name != "*"]
    scale = _top(chart, parts)
    across = max(1, min(len(columns), width // PANEL_MIN_WIDTH))
    panel_width = width / across
    height = panel_height(chart)
    panels = []
    for at, c in enumerate(columns):
        box = QRectF((at % across) * panel_width, (at // across) * height, panel_width, height)
        top = scale if c in parts else _top(chart, [c])
        panels.append(Panel(c, chart.categories[c].title, top, box))
    return panels


def panel_height(chart: Chart) -> int:
    return TITLE + ROW * len(chart.groups) + AXIS_ROW + GAP


def chart_height(chart: Chart, width: int) -> int:
    panels = layout(chart, width)
    return int(max((p.box.bottom() for p in panels), default=ROW))


def _label_width(chart: Chart, metrics: QFontMetrics, panel_width: float) -> int:
    names = max((metrics.horizontalAdvance(g) for g in chart.groups), default=40) + 10
    return int(min(names, panel_width * 0.32))


def paint_chart(painter: QPainter, chart: Chart, width: int, font: QFont, text: QColor) -> None:
    """Draw every panel of ``chart`` at ``width`` pixels; "Nothing counted." when empty."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    metrics = QFontMetrics(font)
    panels = layout(chart, width)
    if not panels:
        painter.setPen(text)
        painter.drawText(
            QRectF(0, 0, width, ROW), Qt.AlignmentFlag.AlignVCenter, "Nothing counted."
        )
        return
    for panel in panels:
        _paint_panel(painter, chart, panel, metrics, font, text)


def _paint_panel(
    painter: QPainter, chart: Chart, panel: Panel, metrics: QFontMetrics, font: QFont, text: QColor
) -> None:
    box = panel.box.adjusted(4, 0, -GAP, 0)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(text)
    title = QFontMetrics(bold).elidedText(
        panel.title, Qt.TextElideMode.ElideRight, int(box.width())
    )
    painter.drawText(
        QRectF(box.left(), box.top(), box.width(), TITLE), Qt.AlignmentFlag.AlignLeft, title
    )
    painter.setFont(font)
    left = box.left() + _label_width(chart, metrics, box.width())
    right = box.right() - metrics.horizontalAdvance(VALUE_TEXT) - 8
    plot_top = box.top() + TITLE

    def x(v: float) -> float:
        return left + (right - left) * min(max(v / panel.top, 0.0), 1.0)

    for row, group in enumerate(chart.groups):
        value = chart.values[row][panel.category]
        y = plot_top + row * ROW
        painter.setPen(text)
        name = metrics.elidedText(group, Qt.TextElideMode.ElideRight, int(left - box.left() - 6))
        painter.drawText(
            QRectF(box.left(), y, left - box.left() - 6, ROW),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        if value.value is not None:
            painter.fillRect(QRectF(left, y + 4, x(value.value) - left, ROW - 8), BAR)
        end = x(value.value or 0.0)
        if value.low is not None and value.high is not None:
            lo, hi, mid = x(value.low), x(value.high), y + ROW / 2
            painter.setPen(QPen(WHISKER, 1.3))
            painter.drawLine(QPointF(lo, mid), QPointF(hi, mid))
            painter.drawLine(QPointF(lo, mid - 5), QPointF(lo, mid + 5))
            painter.drawLine(QPointF(hi, mid - 5), QPointF(hi, mid + 5))
            end = max(end, hi)
        painter.setPen(text)
        painter.drawText(
            QRectF(end + 5, y, box.right() - end - 5, ROW),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            format_value(value, chart.unit),
        )
    base = plot_top + ROW * len(chart.groups) + 2
    painter.setPen(QPen(AXIS, 1))
    painter.drawLine(QPointF(left, plot_top), QPointF(left, base))
    painter.drawLine(QPointF(left, base), QPointF(right, base))
    maximum = format_value(Value(0, 1, panel.top), chart.unit)
    for at, label in ((left, "0"), (right, maximum)):
        painter.drawText(
            QRectF(at - 40, base + 1, 80, AXIS_ROW - 2), Qt.AlignmentFlag.AlignCenter, label
        )


def describe_value(chart: Chart, group: str, category: int) -> str:
    """A cell in words: the figure, its interval and the counts behind it."""
    value = chart.values[chart.groups.index(group)][category]
    unit = chart.groups.index(group)
    interval = chart.interval_units[unit] if chart.interval_units else ""
    resampled = (
        f"; 95% interval from {value.resamples} resamples of {interval}"
        if value.low is not None
        else ""
    )
    return (
        f"{group}, {chart.categories[category].title}: {format_value(value, chart.unit)}\n"
        f"{value.count:g} of {value.base:g}{resampled}"
    )


class ChartPanels(QWidget):
    """One figure as small multiples; its height follows its width."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart: Chart | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMouseTracking(True)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return chart_height(self.chart, width) if self.chart else ROW

    def sizeHint(self) -> QSize:
        return QSize(640, self.heightForWidth(640))

    def minimumSizeHint(self) -> QSize:
        return QSize(PANEL_MIN_WIDTH, self.heightForWidth(max(self.width(), PANEL_MIN_WIDTH)))

    def paintEvent(self, event) -> None:
        if self.chart is None:
            return
        painter = QPainter(self)
        text = self.palette().color(self.foregroundRole())
        paint_chart(painter, self.chart, self.width(), self.font(), text)
        painter.end()

    def cell_at(self, point: QPointF) -> tuple[str, int] | None:
        """(group, category) of the row under ``point``, or None."""
        if self.chart is None:
            return None
        for panel in layout(self.chart, self.width()):
            if panel.box.contains(point):
                row = int((point.y() - panel.box.top() - TITLE) // ROW)
                if 0 <= row < len(self.chart.groups):
                    return self.chart.groups[row], panel.category
        return None

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and self.chart is not None:
            found = self.cell_at(QPointF(event.pos()))
            if found:
                QToolTip.showText(event.globalPos(), describe_value(self.chart, *found), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
