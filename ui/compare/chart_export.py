"""Saving a comparison figure as PNG or SVG, and the tables as CSV.

A figure is drawn by the same ``paint_chart`` as on screen, under a heading that names it and
its label source (a figure sent on its own still says what it counts). Tables are the core's
CSV files (annotator/compare/tables.py), which put every cell through the one CSV escaping
function (annotator/csv_cells.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from annotator.compare import Chart, Comparison
from annotator.compare.tables import write_csv_tables
from ui.compare.chart_panels import chart_height, paint_chart

EXPORT_WIDTH = 960
IMAGE_SCALE = 2  # PNGs at twice the size, sharp on a slide or a high-density screen
CHART_FILTERS = "PNG image (*.png);;SVG drawing (*.svg)"


def _heading(chart: Chart, source: str) -> list[str]:
    return [chart.title, f"Labels: {source}. Bars: the figure; whiskers: its 95% interval."]


def _paint(painter: QPainter, chart: Chart, source: str, width: int, font: QFont) -> None:
    painter.fillRect(QRectF(0, 0, width, _height(chart, width, font)), QColor("white"))
    lines = _heading(chart, source)
    metrics = QFontMetrics(font)
    y = 0
    for at, line in enumerate(lines):
        shown = QFont(font)
        shown.setBold(at == 0)
        painter.setFont(shown)
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(
            QRectF(8, y, width - 16, metrics.height() + 4), Qt.AlignmentFlag.AlignLeft, line
        )
        y += metrics.height() + 6
    painter.translate(0, y + 6)
    paint_chart(painter, chart, width, font, QColor("#1a1a1a"))


def _height(chart: Chart, width: int, font: QFont) -> int:
    return chart_height(chart, width) + 2 * (QFontMetrics(font).height() + 6) + 6


def save_chart(chart: Chart, comparison: Comparison, path: Path, font: QFont) -> Path:
    """Write ``chart`` to ``path``: SVG when it ends in .svg, else PNG (.png added when the
    name has no suffix). Raises OSError when the file cannot be written."""
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        path = path.with_name(path.name + ".png")
    width, source = EXPORT_WIDTH, comparison.source_description
    height = _height(chart, width, font)
    if path.suffix.lower() == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRectF(0, 0, width, height))
        generator.setTitle(chart.title)
        generator.setDescription(f"Labels: {source}")
        painter = QPainter(generator)
        _paint(painter, chart, source, width, font)
        painter.end()
        if not path.is_file():
            raise OSError(f"could not write {path}")
        return path
    image = QImage(width * IMAGE_SCALE, height * IMAGE_SCALE, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(IMAGE_SCALE)
    image.fill(QColor("white"))
    painter = QPainter(image)
    _paint(painter, chart, source, width, font)
    painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def save_tables(comparison: Comparison, folder: Path) -> list[Path]:
    """The comparison's CSV tables in ``folder`` (files already there are replaced)."""
    return write_csv_tables(comparison, Path(folder), force=True)
