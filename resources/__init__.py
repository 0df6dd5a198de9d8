"""Bundled data: codebooks, lexicons, sample articles, icons. Installed as annotator.resources."""
