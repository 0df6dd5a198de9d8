"""Start-up on a system without Qt's libraries: the launcher names the missing ones (from the
platform plugin's own dependencies) and the command that installs them, instead of Qt's abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from ui.platform_libraries import (
    debian_package,
    install_command,
    missing_libraries,
    platform_dir,
    platform_problem,
)

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/Qt/lib/libQt6XcbQpa.so.6 (0x00007f9b)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f9b)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
"""
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'
X11 = {"DISPLAY": ":0"}


def test_the_missing_libraries_come_from_the_plugins_dependencies(tmp_path):
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    missing = missing_libraries(plugin, run=lambda path: LDD)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"]
    message = platform_problem(X11, tmp_path, run=lambda path: LDD, os_release=DEBIAN)
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libxkbcommon-x11.so.0" in message
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0" in message
    assert "xcb-cursor" not in message  # what Qt's own message would have blamed


def test_the_install_command_fits_the_distribution():
    libraries = ["libxcb-icccm.so.4", "libglib-2.0.so.0", "libGL.so.1"]
    assert install_command(libraries, DEBIAN) == (
        "sudo apt-get install libxcb-icccm4 libglib2.0-0 libgl1"
    )
    assert install_command(libraries, 'ID=ubuntu\nID_LIKE="debian"').startswith("sudo apt-get")
    assert install_command(libraries[:1], FEDORA) == "sudo dnf install 'libxcb-icccm.so.4()(64bit)'"
    assert install_command(libraries[:1], "ID=arch").endswith("provide: libxcb-icccm.so.4")
    assert debian_package("libdbus-1.so.3") == "libdbus-1-3"
    assert debian_package("libX11-xcb.so.1") == "libx11-xcb1"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_nothing_is_reported_when_the_plugin_loads_and_no_display_is_said_plainly():
    assert platform_dir() is not None
    assert platform_problem(X11) is None  # this machine has the libraries (CI installs them)
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert "there is no display" in platform_problem({})


@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs the system's ldd")
def test_a_plugin_whose_libraries_are_gone_is_explained_by_the_real_ldd(tmp_path):
    """A copy of the xcb plugin away from the Qt libraries PySide6 ships beside it: ldd finds
    them missing, and they come from a broken PySide6, not from the system."""
    shutil.copy(platform_dir() / "libqxcb.so", tmp_path / "libqxcb.so")

    def ldd(path):  # not through a load in this process, which has Qt's libraries already
        return subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout

    message = platform_problem(X11, tmp_path, run=ldd, os_release=DEBIAN)
    assert "libQt6XcbQpa.so.6" in message and "pip install --force-reinstall PySide6" in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_the_launcher_prints_the_reason_and_exits_before_qt_aborts(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["ANNOTATOR_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "ui"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 1
    assert "there is no display" in done.stderr and "Traceback" not in done.stderr
