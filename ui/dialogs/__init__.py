"""Dialogs of the main window: first start, help (shortcuts, codebook, project info, about),
the suggester choice and the export."""
