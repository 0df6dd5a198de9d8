"""Media-bias annotator core: projects, import, detection, agreement, export. Never imports Qt."""

__version__ = "0.1.0"
