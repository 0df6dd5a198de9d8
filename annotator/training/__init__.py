"""Training a suggester on the labels, and using it (see docs/export.md, "Training").

- ``train_model(project, model_dir, TrainOptions(...), progress=...) -> TrainResult``: a spaCy
  spancat for one span layer and a textcat for one choice scheme, trained on the CPU.
- ``annotator.training.suggester``: ``load_model(path)``, ``model_suggestions(nlp, texts)``,
  ``detect_project_with_model(project, nlp, ...)``: the trained pipeline as the suggester; its
  suggestions are marked ``model:NAME`` and its version. (It imports spaCy, so it is not
  imported here: importing this package stays cheap.)
"""

from annotator.training.run import TrainOptions, TrainResult, format_scores, train_model

__all__ = ["TrainOptions", "TrainResult", "format_scores", "train_model"]
