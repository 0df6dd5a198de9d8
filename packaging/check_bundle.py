"""Check a built bundle: its size, that nothing test-only or unused is in it, that its
libraries find what they link to.

    .venv/bin/python packaging/check_bundle.py [dist/media-bias-annotator]

Exit status 1 on a problem. build.sh runs it after every build, and so does the packaging test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Test-only packages (the agreement tests' reference implementations; krippendorff is GPL)
# and optional ones the bundle leaves out.
FORBIDDEN_PACKAGES = (
    "pandas", "scipy", "sklearn", "statsmodels", "krippendorff", "nltk",
    "pytest", "_pytest", "pytestqt", "hypothesis", "pyarrow", "PyInstaller",
)  # fmt: skip
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets")
FORBIDDEN_QT = re.compile(r"Qt6(WebEngine|3D|Multimedia|Quick|Qml|Pdf|Charts|Network|Sql|Test)")
BUNDLED_LIBRARY = re.compile(r"^lib(Qt6|pyside6|shiboken6|icu|python3)")


def size_on_disk(folder: Path) -> tuple[int, int]:
    """(bytes allocated, apparent bytes), each file counted once."""
    seen, allocated, apparent = set(), 0, 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        stat = path.stat()
        if (stat.st_dev, stat.st_ino) in seen:
            continue
        seen.add((stat.st_dev, stat.st_ino))
        allocated += getattr(stat, "st_blocks", 0) * 512 or stat.st_size
        apparent += stat.st_size
    return allocated, apparent


def executable(bundle: Path) -> Path:
    for name in ("annotator", "annotator.exe"):
        if (bundle / name).is_file():
            return bundle / name
    raise SystemExit(f"no executable in {bundle}: build it with packaging/build.sh")


def python_modules(exe: Path) -> list[str] | None:
    """The module names in the bundle's PYZ archive; None without PyInstaller to read it."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return None
    archive = CArchiveReader(str(exe))
    return sorted(archive.open_embedded_archive("PYZ.pyz").toc)


def forbidden(bundle: Path, modules: list[str] | None) -> list[str]:
    problems = []
    internal = bundle / "_internal"
    for package in FORBIDDEN_PACKAGES:
        if (internal / package).exists():
            problems.append(f"{package}/ is in the bundle")
        if modules and any(m == package or m.startswith(package + ".") for m in modules):
            problems.append(f"the Python package {package} is in the bundle")
    for path in internal.rglob("*"):
        if FORBIDDEN_QT.search(path.name):
            problems.append(f"unused Qt library: {path.relative_to(bundle)}")
    for path in (internal / "PySide6").glob("Qt*"):  # the binding's modules: QtCore.abi3.so
        if path.is_file() and path.name.split(".")[0] not in QT_MODULES_USED:
            problems.append(f"PySide6 module the app does not use: {path.name}")
    return problems


def unresolved_libraries(bundle: Path) -> tuple[list[str], set[str]]:
    """(bundled libraries that are missing, system libraries this machine lacks); Linux only."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return [], set()
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    missing, system = [], set()
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        output = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env=env, check=False
        ).stdout
        for name in re.findall(r"^\s*(\S+) => not found", output, re.MULTILINE):
            if BUNDLED_LIBRARY.match(name):
                missing.append(f"{path.relative_to(bundle)} needs {name}")
            else:
                system.add(name)
    return missing, system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / _name())
    args = parser.parse_args()
    bundle = args.bundle.resolve()
    exe = executable(bundle)
    allocated, apparent = size_on_disk(bundle)
    print(f"bundle {bundle}: {allocated / 2**20:.0f} MiB on disk", end=" ")
    print(f"({apparent / 2**20:.0f} MiB of files)")
    modules = python_modules(exe)
    if modules is None:
        print("note: PyInstaller is not importable here; the Python modules were not listed")
    else:
        print(f"{len(modules)} Python modules in the archive")
    problems = forbidden(bundle, modules)
    missing, system = unresolved_libraries(bundle)
    problems += missing
    if system:
        print(
            "system libraries not on this machine (a desktop that uses them has them): "
            + ", ".join(sorted(system))
        )
    for problem in problems:
        print(f"FAIL {problem}")
    if not problems:
        print("ok: no test-only packages, no unused Qt modules, every bundled library resolves")
    return 1 if problems else 0


def _name() -> str:
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["name"]


if __name__ == "__main__":
    sys.exit(main())
