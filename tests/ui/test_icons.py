"""The app icon: every PNG size is there at its size, and the desktop entry matches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from annotator.paths import resource_path
from ui.icons import DESKTOP_FILE_NAME, ICON_NAME, ICON_SIZES, app_icon

PACKAGING = Path(__file__).resolve().parents[2] / "packaging" / "linux"


def test_the_icon_has_every_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == sorted(ICON_SIZES)
    for size in ICON_SIZES:
        image = QImage(str(resource_path("icons", f"{ICON_NAME}-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()  # rounded corners: transparent, not white
    assert resource_path("icons", f"{ICON_NAME}.svg").is_file()


def test_the_desktop_entry_names_the_icon_and_the_metainfo_names_the_entry():
    entry = (PACKAGING / f"{DESKTOP_FILE_NAME}.desktop").read_text(encoding="utf-8")
    assert f"Icon={ICON_NAME}\n" in entry
    metainfo = (PACKAGING / f"{DESKTOP_FILE_NAME}.metainfo.xml").read_text(encoding="utf-8")
    assert f"<id>{DESKTOP_FILE_NAME}</id>" in metainfo
    assert f'<launchable type="desktop-id">{DESKTOP_FILE_NAME}.desktop</launchable>' in metainfo
