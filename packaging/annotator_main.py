"""The desktop bundle's entry point: the same as the ``annotator`` console script.

No arguments open the desktop app; ``--self-test`` checks the bundle; anything else is the
command line (``annotator --help``).
"""

import multiprocessing

from ui.launch import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen program re-runs itself for worker processes
    main()
