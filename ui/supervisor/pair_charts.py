"""Charts of coder pairs for the agreement dashboard, painted with QPainter.

- ``ConfusionHeatmap``: two coders' confusion matrix, counts in the cells.
- ``PairMatrix``: coders x coders, one figure per pair; clicking a cell chooses the pair.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from annotator.agreement.confusion import ConfusionMatrix
from annotator.agreement.result import Coefficient
from ui.supervisor.agreement_charts import GREY, PAD, ROW, describe, value_colour


class ConfusionHeatmap(QWidget):
    """Rows: coder A's categories; columns: coder B's. Only categories either of them used."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.matrix: ConfusionMatrix | None = None
        self.used: list[int] = []
        self.titles: dict[str, str] = {}
        self.setMouseTracking(True)

    def set_matrix(
        self, matrix: ConfusionMatrix | None, titles: dict[str, str] | None = None
    ) -> None:
        """``titles``: the codebook's title of each category, by stored name."""
        self.matrix, self.titles = matrix, titles or {}
        if matrix is not None:
            counts = matrix.counts
            self.used = [
                i for i in range(len(matrix.categories)) if counts[i].sum() + counts[:, i].sum()
            ]
        else:
            self.used = []
        self.updateGeometry()
        self.update()

    def name(self, index: int) -> str:
        category = str(self.matrix.categories[index]) if self.matrix else ""
        return self.titles.get(category, category)

    def sizeHint(self) -> QSize:
        return QSize(460, 140 + 28 * max(1, len(self.used)))

    def _layout(self) -> tuple[float, float, float]:
        metrics = QFontMetrics(self.font())
        names = [self.name(i) for i in self.used] if self.matrix else []
        left = min(max((metrics.horizontalAdvance(n) for n in names), default=40) + 2 * PAD, 200)
        top = 4 * ROW + 4
        cell = max(
            18.0,
            min(
                48.0, (min(self.width() - left, self.height() - top) - PAD) / max(1, len(self.used))
            ),
        )
        return left, top, cell

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text)
        if self.matrix is None or not self.used:
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                "Choose a pair of coders with shared units",
            )
            painter.end()
            return
        matrix = self.matrix
        left, top, cell = self._layout()
        size = len(self.used)
        painter.drawText(
            QRectF(left, 0, cell * size, ROW), Qt.AlignmentFlag.AlignCenter, f"{matrix.coder_b} →"
        )
        painter.drawText(
            QRectF(0, top - ROW, left, ROW), Qt.AlignmentFlag.AlignCenter, f"{matrix.coder_a} ↓"
        )
        highest = max(1, int(matrix.counts.max()))
        base = self.palette().color(QPalette.ColorRole.Base)
        for column, j in enumerate(self.used):
            name = self.name(j)
            painter.save()
            painter.translate(left + column * cell + cell / 2 + 4, top - 4)
            painter.rotate(-35)
            painter.drawText(QPointF(0, 0), name if len(name) <= 24 else name[:23] + "…")
            painter.restore()
        for row, i in enumerate(self.used):
            y = top + row * cell
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, left - PAD, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.name(i)[:28],
            )
            for column, j in enumerate(self.used):
                count = int(matrix.counts[i, j])
                box = QRectF(left + column * cell, y, cell - 1, cell - 1)
                share = count / highest
                colour = value_colour(share, base) if count else base.darker(104)
                painter.fillRect(box, colour)
                if i == j:
                    painter.setPen(QPen(text, 1.5))
                    painter.drawRect(box)
                painter.setPen(QColor("white") if share > 0.6 else text)
                if count:
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.end()

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and self.matrix is not None and self.used:
            left, top, cell = self._layout()
            column = int((event.pos().x() - left) // cell)
            row = int((event.pos().y() - top) // cell)
            if 0 <= row < len(self.used) and 0 <= column < len(self.used):
                i, j = self.used[row], self.used[column]
                m = self.matrix
                QToolTip.showText(
                    event.globalPos(),
                    f"{m.coder_a}: {self.name(i)}\n{m.coder_b}: {self.name(j)}\n"
                    f"{int(m.counts[i, j])} units",
                    self,
                )
                return True
            QToolTip.hideText()
            return True
        return super().event(event)


class PairMatrix(QWidget):
    """One figure for every pair of coders; a click on a cell emits ``pair_chosen``."""

    pair_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.coders: list[str] = []
        self.values: dict[frozenset, Coefficient] = {}
        self.chosen: frozenset | None = None
        self.setMouseTracking(True)

    def set_pairs(self, coders: list[str], values: dict[tuple[str, str], Coefficient]) -> None:
        self.coders = coders
        self.values = {frozenset(pair): result for pair, result in values.items()}
        self.updateGeometry()
        self.update()

    def choose(self, first: str, second: str) -> None:
        self.chosen = frozenset((first, second))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, ROW * 2 + 40 * max(1, len(self.coders)))

    def _layout(self) -> tuple[float, float, float]:
        metrics = QFontMetrics(self.font())
        left = min(
            max((metrics.horizontalAdvance(c) for c in self.coders), default=40) + 2 * PAD, 180
        )
        top = 2 * ROW
        count = max(1, len(self.coders))
        cell = max(30.0, min(70.0, (min(self.width() - left, self.height() - top) - PAD) / count))
        return left, top, cell

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        base = self.palette().color(QPalette.ColorRole.Base)
        left, top, cell = self._layout()
        metrics = QFontMetrics(self.font())
        for column, name in enumerate(self.coders):
            painter.setPen(text)
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(cell) - 2)
            painter.drawText(
                QRectF(left + column * cell, top - ROW, cell, ROW),
                Qt.AlignmentFlag.AlignCenter,
                shown,
            )
        for row, first in enumerate(self.coders):
            y = top + row * cell
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, left - PAD, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                first,
            )
            for column, second in enumerate(self.coders):
                box = QRectF(left + column * cell, y, cell - 2, cell - 2)
                if first == second:
                    painter.fillRect(box, QBrush(base.darker(108), Qt.BrushStyle.BDiagPattern))
                    continue
                result = self.values.get(frozenset((first, second)))
                if result is None or not result.defined:
                    painter.fillRect(box, base.darker(104))
                    painter.setPen(GREY)
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "–")
                else:
                    painter.fillRect(box, value_colour(result.value, base))
                    painter.setPen(QColor("white") if abs(result.value) > 0.6 else text)
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{result.value:.2f}")
                if self.chosen == frozenset((first, second)):
                    painter.setPen(QPen(text, 2))
                    painter.drawRect(box.adjusted(1, 1, -1, -1))
        painter.end()

    def _pair_at(self, x: float, y: float) -> tuple[str, str] | None:
        left, top, cell = self._layout()
        row, column = int((y - top) // cell), int((x - left) // cell)
        if (
            x < left
            or y < top
            or not (0 <= row < len(self.coders) and 0 <= column < len(self.coders))
        ):
            return None
        if row == column:
            return None
        return self.coders[row], self.coders[column]

    def mousePressEvent(self, event) -> None:
        pair = self._pair_at(event.position().x(), event.position().y())
        if pair is not None:
            self.choose(*pair)
            self.pair_chosen.emit(*pair)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            pair = self._pair_at(event.pos().x(), event.pos().y())
            result = self.values.get(frozenset(pair)) if pair else None
            if pair and result is not None:
                QToolTip.showText(
                    event.globalPos(), f"{pair[0]} / {pair[1]}\n{describe(result)}", self
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
