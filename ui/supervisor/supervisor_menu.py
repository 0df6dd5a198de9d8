"""The Supervisor menu: merge coder files, make coder copies, agreement and adjudication, and
the comparison of outlets.

The main window adds one to its menu bar; the menu uses only the window's declared interface
(ui/project_window.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from ui.project_window import ProjectWindow

# each view (and the agreement, adjudication and comparison code under it) loads when first
# opened, not when the window starts (DESIGN.md: window visible under 1.5 s)
if TYPE_CHECKING:
    from ui.compare.compare_view import CompareView
    from ui.supervisor.agreement_dashboard import AgreementDashboard
    from ui.supervisor.disagreements import DisagreementBrowser


def _merge_files(window: ProjectWindow) -> None:
    from ui.supervisor import merge_dialog

    merge_dialog.merge_files(window)


def _coder_copy(window: ProjectWindow) -> None:
    from ui.supervisor import merge_dialog

    merge_dialog.coder_copy(window)


class SupervisorMenu(QMenu):
    def __init__(self, window: ProjectWindow):
        super().__init__("&Supervisor", window.widget())
        self.main_window = window
        self.open_dialogs: list[QDialog] = []
        for text, slot in (
            ("&Merge coder files…", lambda: _merge_files(window)),
            ("Make a &coder copy…", lambda: _coder_copy(window)),
            (None, None),
            ("&Agreement dashboard…", self.agreement),
            ("&Disagreements and gold…", self.disagreements),
            ("C&ompare outlets…", self.compare),
        ):
            if text is None:
                self.addSeparator()
                continue
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)

    def agreement(self) -> AgreementDashboard:
        from ui.supervisor.agreement_dashboard import AgreementDashboard

        window = self.main_window
        dashboard = AgreementDashboard(
            window.project.path, window.widget(), codebook=window.project.codebook
        )
        dashboard.article_opened.connect(self.open_article)
        return self._keep(dashboard)

    def open_article(self, uuid: str) -> None:
        """An article chosen in the dashboard, opened in the window for coding."""
        window = self.main_window
        article_id = window.project.articles.id_for_uuid(uuid)
        if article_id is None:
            window.show_status("That article is no longer in this project.")
            return
        window.open_article(article_id)
        window.widget().window().raise_()
        window.widget().window().activateWindow()

    def disagreements(self) -> DisagreementBrowser:
        from ui.supervisor.disagreements import DisagreementBrowser

        window = self.main_window
        browser = DisagreementBrowser(window.project, window.coder, window.widget())
        browser.finished.connect(lambda _code: window.refresh_list())  # gold changed: the marks
        return self._keep(browser)

    def compare(self) -> CompareView:
        from ui.compare.compare_view import CompareView

        window = self.main_window
        return self._keep(CompareView(window.project, window.widget()))

    def _keep(self, dialog: QDialog) -> QDialog:
        """Non-modal; kept while open, released when closed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self._release(dialog))
        dialog.show()
        return dialog

    def _release(self, dialog: QDialog) -> None:
        if dialog in self.open_dialogs:
            self.open_dialogs.remove(dialog)
