"""``python -m annotator``: the same program as the ``annotator`` script. With no command the
desktop app opens; with one, the command line runs it.

The core never imports the desktop app (its import contracts), so this does not import
``ui``: it runs the entry point the package installs as the ``annotator`` script, found by
name in the package's metadata. Where that entry point is missing (the core installed without
its metadata), it is the command line alone.
"""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION, SCRIPT = "media-bias-annotator", "annotator"


def console_script() -> metadata.EntryPoint | None:
    """The installed ``annotator`` script's entry point, if there is one."""
    try:
        entry_points = metadata.distribution(DISTRIBUTION).entry_points
    except metadata.PackageNotFoundError:
        return None
    found = entry_points.select(group="console_scripts", name=SCRIPT)
    return next(iter(found), None)


def main() -> None:
    script = console_script()
    if script is None:
        from annotator.cli import main as command_line

        command_line()
        return
    script.load()()


if __name__ == "__main__":  # not again in a worker process that imports this module
    main()
