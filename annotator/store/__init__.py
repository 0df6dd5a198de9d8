"""The project store: one SQLite file per project or coder copy. See docs/schema.md."""

from annotator.store.project import Project, ProjectMeta

__all__ = ["Project", "ProjectMeta"]
