"""Light and dark palettes, and the layer colours (Okabe-Ito: safe for colour-blind readers)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class LayerStyle:
    key: str  # the highlight layer: loaded, cue, source, content
    title: str
    colour: str  # Okabe & Ito (2008) colour-universal-design palette


LAYER_STYLES = (
    LayerStyle("loaded", "Loaded language", "#D55E00"),  # vermillion
    LayerStyle("cue", "Attribution cue", "#0072B2"),  # blue
    LayerStyle("source", "Source", "#009E73"),  # bluish green
    LayerStyle("content", "Quote / content", "#CC79A7"),  # reddish purple
)
STYLE_BY_KEY = {style.key: style for style in LAYER_STYLES}
FIND_COLOUR = "#a0f0e442"  # Okabe-Ito yellow, see-through: a find match, unlike any layer


def fill_colour(key: str, dark: bool) -> QColor:
    """Background for an accepted span: the layer colour, light enough to read text on."""
    colour = QColor(STYLE_BY_KEY[key].colour)
    colour.setAlpha(110 if dark else 70)
    return colour


def wash_colour(key: str, dark: bool) -> QColor:
    """A pale background for a long suggestion (a quote): there, but fainter than a span."""
    colour = QColor(STYLE_BY_KEY[key].colour)
    colour.setAlpha(45 if dark else 30)
    return colour


def line_colour(key: str) -> QColor:
    return QColor(STYLE_BY_KEY[key].colour)


DARK_INDICATORS = """
QCheckBox::indicator, QAbstractItemView::indicator {
    width: 12px; height: 12px; border: 1px solid #9a9a9a; border-radius: 2px;
    background: #1f1f1f;
}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {
    background: #5a8fd0; border-color: #a9c9ef;
}
"""


def apply_theme(app: QApplication, theme: str) -> None:
    """'light' or 'dark', on the Fusion style so both look the same on every platform."""
    app.setStyle("Fusion")
    palette = QPalette()
    if theme == "dark":
        roles = {
            QPalette.ColorRole.Window: "#2b2b2b",
            QPalette.ColorRole.WindowText: "#e6e6e6",
            QPalette.ColorRole.Base: "#1f1f1f",
            QPalette.ColorRole.AlternateBase: "#2a2a2a",
            QPalette.ColorRole.Text: "#e6e6e6",
            QPalette.ColorRole.Button: "#353535",
            QPalette.ColorRole.ButtonText: "#e6e6e6",
            QPalette.ColorRole.Highlight: "#3d6fa8",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#3a3a3a",
            QPalette.ColorRole.ToolTipText: "#f0f0f0",
            QPalette.ColorRole.PlaceholderText: "#8c8c8c",
            QPalette.ColorRole.Link: "#7fb2e5",
        }
        for role, colour in roles.items():
            palette.setColor(role, QColor(colour))
        for role in (
            QPalette.ColorRole.Text,
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.ButtonText,
        ):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    else:
        palette = app.style().standardPalette()
    app.setPalette(palette)
    # Fusion outlines check boxes in a shade of the window colour, invisible on a dark base
    app.setStyleSheet(DARK_INDICATORS if theme == "dark" else "")
    app.setProperty("annotator_dark", theme == "dark")


def is_dark(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()
    return bool(app and app.property("annotator_dark"))
