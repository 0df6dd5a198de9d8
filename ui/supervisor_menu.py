"""The Supervisor menu: merge coder files, make coder copies, agreement and adjudication.

``install_supervisor_menu(window)`` is the one entry point; the main window calls it once.
It uses only ``window.menuBar()``, ``window.project``, ``window.coder``,
``window.refresh_list()`` and ``window.tasks``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from ui import merge_dialog
from ui.agreement_dashboard import AgreementDashboard
from ui.disagreements import DisagreementBrowser

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SupervisorMenu(QMenu):
    def __init__(self, window: MainWindow):
        super().__init__("&Supervisor", window)
        self.main_window = window
        self.open_dialogs: list[QDialog] = []
        for text, slot in (
            ("&Merge coder files…", lambda: merge_dialog.merge_files(window)),
            ("Make a &coder copy…", lambda: merge_dialog.coder_copy(window)),
            (None, None),
            ("&Agreement dashboard…", self.agreement),
            ("&Disagreements and gold…", self.disagreements),
        ):
            if text is None:
                self.addSeparator()
                continue
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)

    def agreement(self) -> AgreementDashboard:
        return self._keep(AgreementDashboard(self.main_window.project.path, self.main_window))

    def disagreements(self) -> DisagreementBrowser:
        window = self.main_window
        return self._keep(DisagreementBrowser(window.project, window.coder, window))

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
        if isinstance(dialog, DisagreementBrowser):
            self.main_window.refresh_list()


def install_supervisor_menu(window: MainWindow) -> SupervisorMenu:
    """Add the Supervisor menu to the main window's menu bar and return it."""
    menu = SupervisorMenu(window)
    window.menuBar().addMenu(menu)
    return menu
