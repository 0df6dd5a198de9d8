"""The app's icon, from the PNG sizes in resources/icons (rendered from the SVG there).

PNGs rather than the SVG: Qt draws an SVG icon only with its SVG image plugin, which the
desktop bundle leaves out.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from annotator.paths import resource_path

ICON_NAME = "media-bias-annotator"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The .desktop file's name (packaging/linux/): Wayland compositors and docks match the app's
# windows to its menu entry and icon by it (QGuiApplication.setDesktopFileName).
DESKTOP_FILE_NAME = "io.github.mediabiasannotator.Annotator"


def app_icon() -> QIcon:
    """The window and taskbar icon; null (and harmless) if the PNGs are missing."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"{ICON_NAME}-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon
