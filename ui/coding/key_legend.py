"""The key legend, always on screen above the text: the active layer's labels by number, the
keys for suggestions, span edges and notes, and the keys that open each document scheme's
picker (F primary frame, S secondary frames, T tone). It wraps to the window's width."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from annotator.codebook import Codebook

ACTIONS = (
    ("A", "accept"),
    ("R", "reject"),
    ("Tab", "next suggestion"),
    ("M", "note"),
    ("Del", "delete"),
    ("[ ]", "start edge"),
    (", .", "end edge"),
)


class KeyLegend(QLabel):
    def __init__(self, codebook: Codebook, scheme_keys: dict[str, str]):
        super().__init__()
        self.codebook = codebook
        self.scheme_keys = scheme_keys
        self.setObjectName("key_legend")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setContentsMargins(6, 2, 6, 2)
        self.dark = False

    def show_layer(self, layer_name: str, dark: bool = False) -> None:
        """The legend for ``layer_name`` being the active layer."""
        self.dark = dark
        try:
            layer = self.codebook.layer(layer_name)
        except KeyError:
            self.setText("")
            return
        labels = " ".join(
            f"{self._key(str(n))}&nbsp;{escape(label.title)}"
            for n, label in enumerate(layer.labels[:9], 1)
        )
        parts = [f"<b>{escape(layer.title)}</b> ({self._key('L')}&nbsp;next layer): {labels}"]
        actions = " ".join(f"{self._key(k)}&nbsp;{what}" for k, what in ACTIONS)
        parts.append(f"{actions} <span style='color:gray'>(Alt: exact characters)</span>")
        pickers = " ".join(
            f"{self._key(key)}&nbsp;{escape(self.codebook.scheme(name).title.lower())}"
            for name, key in self.scheme_keys.items()
        )
        if pickers:
            parts.append(pickers)
        parts.append(f"{self._key('Ctrl+F')}&nbsp;find {self._key('Ctrl+Enter')}&nbsp;done, next")
        self.setText(" &nbsp;│&nbsp; ".join(parts))

    def _key(self, key: str) -> str:
        background = "#3c3c3c" if self.dark else "#e4e4e4"
        return (
            f"<span style='background-color:{background}; font-weight:600'>"
            f"&nbsp;{escape(key)}&nbsp;</span>"
        )
