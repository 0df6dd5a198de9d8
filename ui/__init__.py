"""The PySide6 desktop app. It calls ``annotator`` and holds no business rules of its own."""
