"""Before the window: can Qt's platform plugin load? If not, which system libraries are missing,
and the command that installs them.

When a plugin's library is missing, Qt aborts the process with a message that can name the
wrong one ("xcb-cursor0 or libxcb-cursor0 is needed" while libxcb-icccm4 is what is missing).
So the launcher first loads the plugin itself; if that fails it asks the dynamic linker (ldd)
for every library of the plugin's own dependencies that is not found, and says how to install
them. Linux only; no Qt import here (it runs before any Qt object exists).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
SONAME = re.compile(r"^(?P<name>.+?)\.so\.(?P<version>[\d.]+)$")
# Debian packages whose name does not follow the library's (policy: name + soversion)
DEBIAN_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libz.so.1": "zlib1g",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
}


def platform_dir() -> Path | None:
    """PySide6's folder of platform plugins, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"
    return folder if folder.is_dir() else None


def wanted_platform(environ: Mapping[str, str]) -> str | None:
    """The plugin Qt will load: QT_QPA_PLATFORM's first choice, else X11's (or Wayland's)
    when a display is there; None when there is no display to show a window on."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if environ.get("DISPLAY"):
        return "xcb"
    if environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return None


def missing_libraries(plugin: Path, run: Callable[..., str] | None = None) -> list[str]:
    """The libraries ldd cannot find for ``plugin`` (its dependencies, all the way down)."""
    if run is None:
        if shutil.which("ldd") is None:
            return []

        def run(path: Path) -> str:
            done = subprocess.run(
                ["ldd", str(path)], capture_output=True, text=True, timeout=20, check=False
            )
            return done.stdout

    return list(dict.fromkeys(NOT_FOUND.findall(run(plugin))))


def debian_package(library: str) -> str:
    """The Debian/Ubuntu package that ships ``library`` (libxcb-icccm.so.4 -> libxcb-icccm4)."""
    if library in DEBIAN_EXCEPTIONS:
        return DEBIAN_EXCEPTIONS[library]
    match = SONAME.match(library)
    if match is None:
        return library
    name, version = match["name"], match["version"].split(".")[0]
    return f"{name}{'-' if name[-1].isdigit() else ''}{version}".lower()


def install_command(libraries: list[str], os_release: str) -> str:
    """The command that installs ``libraries`` on this distribution (from /etc/os-release)."""
    ids = set()
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids.update(value.strip().strip('"').lower().split())
    if ids & {"debian", "ubuntu"}:
        packages = " ".join(dict.fromkeys(debian_package(lib) for lib in libraries))
        return f"sudo apt-get install {packages}"
    capabilities = " ".join(f"'{lib}()(64bit)'" for lib in libraries)
    if ids & {"fedora", "rhel", "centos"}:
        return f"sudo dnf install {capabilities}"
    if ids & {"suse", "opensuse"}:
        return f"sudo zypper install {capabilities}"
    return "install the packages of your system that provide: " + ", ".join(libraries)


def platform_problem(
    environ: Mapping[str, str] | None = None,
    folder: Path | None = None,
    run: Callable[..., str] | None = None,
    os_release: str | None = None,
) -> str | None:
    """Why Qt's platform plugin cannot start the window, with the fix; None if it can."""
    if not sys.platform.startswith("linux"):
        return None
    environ = os.environ if environ is None else environ
    platform = wanted_platform(environ)
    if platform is None:
        return (
            "The desktop window cannot start: there is no display (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set). Start it from a desktop session; the command line works "
            "without one (annotator --help)."
        )
    folder = folder or platform_dir()
    plugin = folder / f"libq{platform}.so" if folder else None
    if plugin is None or not plugin.exists():
        return None  # a plugin we do not ship: Qt itself will say what it knows
    if run is None:
        try:
            ctypes.CDLL(str(plugin))  # Qt loads it next anyway; loading it here is the test
            return None
        except OSError:
            pass
    missing = missing_libraries(plugin, run)
    if not missing:
        return None
    bundled = [lib for lib in missing if lib.startswith(("libQt6", "libpyside6", "libshiboken6"))]
    if bundled:  # PySide6 ships these beside the plugin: the installation is broken
        return (
            f"The desktop window cannot start: PySide6's own libraries are missing "
            f"({', '.join(bundled)}). Reinstall it: pip install --force-reinstall PySide6"
        )
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    return (
        f"The desktop window cannot start: Qt's “{platform}” platform plugin needs system "
        f"libraries that are not installed:\n  {', '.join(missing)}\n"
        f"Install them with:\n  {install_command(missing, os_release)}\n"
        "then start the app again. (The command line works without them: annotator --help.)"
    )
