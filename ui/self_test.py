"""``annotator --self-test``: does this installation (or desktop bundle) work?

Runs the app for real, offscreen, in a temporary ANNOTATOR_HOME (a user's profile, projects and
preferences are never touched): the resources are there, the main window opens on the sample
project and paints, detection runs on one article and its suggestions are drawn, and a label
made through the window's coding session is read back from a temporary project after reopening.
Prints one line per check, ``ok   <check>: <what it saw>`` or ``FAIL <check>: <what went
wrong>``, and returns 0 only if all pass.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CHECKS = ("resources", "main window", "detection", "label round trip")
WINDOW_TIMEOUT_S = 10.0


class SelfTest:
    """The checks, in order; each returns what it saw, or raises with what went wrong."""

    def __init__(self, home: Path):
        self.home = home
        self.app = None  # ui.app.App once the window is open
        self.qt_app = None

    # -- the checks --------------------------------------------------------------------------

    def resources(self) -> str:
        from annotator.codebook import default_codebook
        from annotator.detect.lexicons import lexicons_hash
        from annotator.paths import resource_path
        from annotator.sample import sample_manifest
        from ui.icons import ICON_NAME, ICON_SIZES

        codebook = default_codebook()
        lexicons = sorted(p.name for p in resource_path("lexicons").glob("*.tsv"))
        articles = _manifest_articles(sample_manifest())
        guidelines = resource_path("guidelines.md").read_text(encoding="utf-8")
        missing = [f for f in articles if not (sample_manifest().parent / f).is_file()]
        if missing:
            raise RuntimeError(f"sample articles missing: {', '.join(missing)}")
        if len(lexicons) < 2 or not guidelines.strip():
            raise RuntimeError(f"lexicons {lexicons}, guidelines {len(guidelines)} characters")
        icons = [resource_path("icons", f"{ICON_NAME}-{size}.png") for size in ICON_SIZES]
        if not all(icon.is_file() for icon in icons):
            raise RuntimeError(f"icons missing: {[i.name for i in icons if not i.is_file()]}")
        lexicons_hash()  # reads every lexicon file
        return (
            f"codebook ({len(codebook.layers)} layers, {len(codebook.schemes)} schemes), "
            f"{len(lexicons)} lexicons, {len(articles)} sample articles, guidelines, "
            f"{len(icons)} icon sizes in {_short(resource_path())}"
        )

    def main_window(self) -> str:
        from PySide6.QtWidgets import QApplication

        from annotator.sample import ensure_sample_project, sample_manifest
        from ui.app import App
        from ui.icons import app_icon
        from ui.settings import Preferences

        self.qt_app = QApplication.instance()
        if self.qt_app is None:
            self.qt_app = QApplication([sys.argv[0]])
            self.qt_app.setApplicationName("Media Bias Annotator")
        icon = app_icon()
        if icon.isNull():
            raise RuntimeError("the app icon did not load from resources/icons")
        path, created = ensure_sample_project()
        if not created:
            raise RuntimeError(f"a sample project already existed in the temporary home: {path}")
        self.app = App(self.qt_app, Preferences())
        if not self.app.open(path, detect=False):
            raise RuntimeError(f"could not open {path}")
        window = self.app.window
        _wait(self.qt_app, lambda: window.windowHandle() and window.windowHandle().isExposed())
        expected = len(_manifest_articles(sample_manifest()))
        listed = window.list_panel.model.rowCount()
        if listed != expected:
            raise RuntimeError(f"the article list shows {listed} articles, expected {expected}")
        article = self.app.project.articles.get(window.article_id)
        if window.view.toPlainText() != article.text:
            raise RuntimeError("the article view does not show the current article's text")
        colours = _colours(window.grab().toImage())
        if colours < 16:
            raise RuntimeError(f"the window painted only {colours} colours")
        return (
            f"sample project, {listed} articles listed, article {window.article_id} shown, "
            f"{window.width()}x{window.height()} painted ({colours} colours, "
            f"platform {self.qt_app.platformName()})"
        )

    def detection(self) -> str:
        from annotator.detect import build_pipeline, describe_pipeline, detect_article
        from annotator.sample import ensure_sample_project
        from annotator.store import Project

        window = self.app.window if self.app else None
        project = self.app.project if self.app else Project.open(ensure_sample_project()[0])
        try:
            article_id = window.article_id if window else project.articles.ids()[0]
            started = time.perf_counter()
            nlp = build_pipeline("auto")
            loaded = time.perf_counter() - started
            result = detect_article(project, article_id, nlp)
            counts = result.counts()
            stored = len(project.suggestions.for_article(article_id))
        finally:
            if window is None:
                project.close()
        if counts["loaded"] == 0 or counts["attribution_cue"] == 0:
            raise RuntimeError(f"expected loaded language and attribution cues, got {counts}")
        if stored != len(result.spans):
            raise RuntimeError(f"{len(result.spans)} suggestions found, {stored} stored")
        shown = ""
        if window is not None:
            window.refresh_list()
            marks = [m for m in window.view.marks if m.kind == "suggestion"]
            if len(marks) != stored:
                raise RuntimeError(f"{stored} suggestions stored, {len(marks)} drawn")
            shown = f", {len(marks)} drawn"
        layers = ", ".join(f"{layer} {n}" for layer, n in sorted(counts.items()))
        return (
            f"{describe_pipeline(nlp)} loaded in {loaded:.1f} s; article {article_id}: "
            f"{stored} suggestions stored ({layers}){shown}"
        )

    def label_round_trip(self) -> str:
        from annotator.model import ArticleDraft
        from annotator.store import Project

        path = self.home / "self-test.sqlite"
        text = 'Officials said the regime "neutralized" 30 fighters near the border.'
        with Project.create(path, name="Self-test") as project:
            (article_id,) = project.articles.add([ArticleDraft(text=text, title="Self-test")]).added
            layer = project.codebook.layers[0]
            label = layer.labels[0].name
            scheme = next(s for s in project.codebook.schemes if s.choices)
            choice = scheme.choices[0].name
        start = text.index("regime")
        end = start + len("regime")
        through = "through the window" if self.app is not None else "through the store"
        if self.app is not None:  # through the window, as a coder's key press would
            if not self.app.open(path, detect=False):
                raise RuntimeError(f"the window could not open {path}")
            window = self.app.window
            coder = window.coder.uuid
            window.session.add_span(article_id, layer.name, label, start, end)
            window.session.set_doc_label(article_id, scheme.name, choice)
            self.qt_app.processEvents()
            drawn = [m for m in window.view.marks if m.kind == "span"]
            if len(drawn) != 1:
                raise RuntimeError(f"the new span is not drawn once ({len(drawn)} span marks)")
            self.close()
        else:  # the window check failed: still check the store
            from annotator import labeling

            with Project.open(path) as project:
                coder = project.coders.add("self-test").uuid
                labeling.add_span(project, coder, article_id, layer.name, label, start, end)
                labeling.set_doc_label(project, coder, article_id, scheme.name, choice)
        with Project.open(path, readonly=True) as project:
            spans = project.spans.for_article(article_id, coder)
            docs = project.doc_labels.for_article(article_id, coder)
            integrity = project.integrity_check()
            codebook_hash = project.meta.codebook_hash
        got = [(s.layer, s.label, s.start, s.end, s.codebook_hash) for s in spans]
        if got != [(layer.name, label, start, end, codebook_hash)]:
            raise RuntimeError(f"read back {got}")
        if [(d.scheme, d.value) for d in docs] != [(scheme.name, choice)]:
            raise RuntimeError(f"read back {[(d.scheme, d.value) for d in docs]}")
        if integrity != "ok":
            raise RuntimeError(f"integrity check: {integrity}")
        return (
            f"{layer.name}/{label} on {text[start:end]!r} [{start}, {end}) and "
            f"{scheme.name} = {choice} written {through}, read back after reopening; "
            "integrity ok"
        )

    def close(self) -> None:
        if self.app is not None:
            if self.app.window is not None:
                self.app.window.close()
            if self.app.project is not None:
                self.app.project.close()
            self.app = None


def run_self_test(out=None) -> int:
    """Print one line per check; 0 if every check passed, else 1."""
    out = out or sys.stdout
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, none touched
    with tempfile.TemporaryDirectory(
        prefix="annotator-self-test-", ignore_cleanup_errors=True
    ) as folder:
        home = Path(folder)
        os.environ["ANNOTATOR_HOME"] = str(home)
        print(_header(), file=out, flush=True)
        test = SelfTest(home)
        failed = 0
        try:
            for name in CHECKS:
                check: Callable[[], str] = getattr(test, name.replace(" ", "_"))
                try:
                    detail = check()
                except Exception as exc:  # a failed check is reported, and the rest still run
                    failed += 1
                    print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=out, flush=True)
                else:
                    print(f"ok   {name}: {detail}", file=out, flush=True)
        finally:
            test.close()
    passed = len(CHECKS) - failed
    print(f"{passed} of {len(CHECKS)} checks passed", file=out, flush=True)
    return 0 if failed == 0 else 1


def main() -> None:
    sys.exit(run_self_test())


# -- small helpers ---------------------------------------------------------------------------


def _header() -> str:
    from importlib import metadata

    from PySide6.QtCore import qVersion

    try:
        version = metadata.version("media-bias-annotator")
    except metadata.PackageNotFoundError:
        version = "(version unknown)"
    where = "desktop bundle" if getattr(sys, "frozen", False) else f"Python {sys.executable}"
    return (
        f"Media Bias Annotator {version} self-test: {where}, Python "
        f"{platform.python_version()}, Qt {qVersion()}, {platform.system()} {platform.machine()}"
    )


def _manifest_articles(manifest: Path) -> list[str]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return [entry["file"] for entry in data["articles"]]


def _wait(qt_app, condition: Callable[[], bool], timeout: float = WINDOW_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the window was not shown within {timeout:.0f} s")
        qt_app.processEvents()
        time.sleep(0.01)
    qt_app.processEvents()


def _colours(image) -> int:
    """Distinct colours on a grid over the image: a blank or failed paint has one or two."""
    step = max(1, min(image.width(), image.height()) // 120)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def _short(path: Path) -> str:
    return str(path).replace(str(Path.home()), "~", 1)
