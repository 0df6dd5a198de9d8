"""Coding an article: the text with its highlights, the article list, the label panel, the
coder's session and its undo commands."""
