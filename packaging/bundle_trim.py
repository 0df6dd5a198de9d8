"""What the spec takes out of PyInstaller's analysis, and why (media-bias-annotator.spec).

PyInstaller's Qt hooks collect every plugin of the Qt modules the app imports, and with them
the libraries those plugins link to. The app needs QtCore, QtGui and QtWidgets on a desktop:
the plugins below would bring in Qt Quick, QML, Qt Network, Qt PDF and GTK for nothing.
Entries are PyInstaller TOC tuples: (name in the bundle, source path, type code).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

UNUSED_QT_PLUGINS = (
    "imageformats/libqpdf",  # Qt PDF
    "imageformats/libqsvg",  # the icon is PNG (ui/icons.py)
    "iconengines/libqsvgicon",
    "platforms/libqwebgl",
    "platforms/libqvnc",  # Qt Network
    "platforminputcontexts/libqtvirtualkeyboardplugin",  # Qt Quick and QML
    "generic/libqtuiotouchplugin",  # TUIO touch over the network
    # GTK 3 look and dialogs: would load the system's GTK against the bundle's cairo and pango;
    # the app sets its own style (ui/theme.py) and Qt's own file dialogs work everywhere
    "platformthemes/libqgtk3",
    "tls/",
    "networkinformation/",
    "sqldrivers/",
    "multimedia/",
    "position/",
    "qmltooling/",
)
# Qt libraries that only the plugins above link to.
UNUSED_QT_LIBRARIES = ("Qt6Quick", "Qt6Qml", "Qt6VirtualKeyboard", "Qt6Network", "Qt6Pdf")
# The Cython extensions of spaCy and its helpers carry their symbol tables (111 MB of spaCy's
# 126). Only these are stripped: stripping the libraries auditwheel patched (numpy.libs'
# OpenBLAS) breaks them, which is why PyInstaller's own strip=True is not used.
STRIPPED_PACKAGES = ("spacy", "thinc", "blis", "preshed", "cymem", "srsly", "murmurhash")
# babel (courlan, through trafilatura) parses locales only to filter URLs by language, which
# the import never asks for: its root and English locale data stay, not all 800 locales.
KEPT_LOCALES = ("root", "en")

_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")


def posix(name: str) -> str:
    return name.replace("\\", "/")


def unused_qt(name: str) -> bool:
    name = posix(name)
    if any(f"/plugins/{plugin}" in name for plugin in UNUSED_QT_PLUGINS):
        return True
    return name.rsplit("/", 1)[-1].removeprefix("lib").startswith(UNUSED_QT_LIBRARIES)


def trim_binaries(binaries: list[tuple]) -> list[tuple]:
    """Without the unused Qt plugins and libraries, and without the libraries that only those
    linked to (found with readelf; skipped where there is none, e.g. on Windows and macOS)."""
    removed = [entry for entry in binaries if unused_qt(entry[0])]
    kept = [entry for entry in binaries if not unused_qt(entry[0])]
    if not shutil.which("readelf"):
        return kept
    by_name = {posix(entry[0]).rsplit("/", 1)[-1]: entry for entry in binaries}
    # top-level libraries the removed plugins link to, unless something else needs them
    candidates = {name for name in _closure(removed, by_name) if "/" not in posix(name)}
    needed = _closure([entry for entry in kept if entry[0] not in candidates], by_name)
    return [entry for entry in kept if entry[0] not in candidates - needed]


def trim_datas(datas: list[tuple]) -> list[tuple]:
    """Without the symbolic links to unused Qt libraries, Qt's translations (the app is in
    English, so its dialogs' buttons should be too) and babel's other locales."""
    kept = []
    for entry in datas:
        name = posix(entry[0])
        if unused_qt(name) or "/Qt/translations/" in name:
            continue
        locale = Path(name).name.split(".")[0].split("_")[0]
        if name.startswith("babel/locale-data/") and locale not in KEPT_LOCALES:
            continue
        kept.append(entry)
    return kept


def strip_symbols(binaries: list[tuple], workdir: Path) -> list[tuple]:
    """Stripped copies (under ``workdir``) of the extensions of STRIPPED_PACKAGES; Linux only."""
    if not (sys.platform.startswith("linux") and shutil.which("strip")):
        return binaries
    result = []
    for name, source, kind in binaries:
        if posix(name).startswith(tuple(f"{p}/" for p in STRIPPED_PACKAGES)):
            target = workdir / "stripped" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            subprocess.run(["strip", "--strip-unneeded", str(target)], check=True)
            source = str(target)
        result.append((name, source, kind))
    return result


def linked_libraries(path: str) -> set[str]:
    """The DT_NEEDED entries of an ELF file."""
    result = subprocess.run(
        ["readelf", "-d", path], capture_output=True, text=True, check=False
    ).stdout
    return set(_NEEDED.findall(result))


def _closure(entries: Iterable[tuple], by_name: dict[str, tuple]) -> set[str]:
    """Names of the bundled libraries that ``entries`` link to, directly or not."""
    seen: set[str] = set()
    todo = [entry[1] for entry in entries]
    while todo:
        for name in linked_libraries(todo.pop()):
            if name in by_name and name not in seen:
                seen.add(name)
                todo.append(by_name[name][1])
    return seen
