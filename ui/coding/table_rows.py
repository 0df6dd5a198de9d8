"""Redrawing changed rows of a table model cell by cell: Qt's item views repaint their whole
viewport for a dataChanged that spans several cells, but only the cell's rectangle for one
cell, so a label action redraws a row or two, not the 25 rows in view."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel


def redraw_rows(model: QAbstractTableModel, rows: Iterable[int]) -> None:
    """Tell the views that every cell of ``rows`` changed, one cell at a time."""
    columns = model.columnCount()
    for row in rows:
        for column in range(columns):
            index = model.index(row, column)
            model.dataChanged.emit(index, index)
