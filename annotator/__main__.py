"""``python -m annotator``: the command line without the desktop app."""

from annotator.cli import main

main()
