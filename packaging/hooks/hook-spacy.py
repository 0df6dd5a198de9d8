"""spaCy for the bundle: as pyinstaller-hooks-contrib's hook, without spacy.tests (pytest)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

datas = collect_data_files("spacy", excludes=["tests/**"])
hiddenimports = collect_submodules("spacy", filter=lambda name: not name.startswith("spacy.tests"))
