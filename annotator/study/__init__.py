"""A reliability study's plan and progress: which coder codes which articles (a reliability
subsample every coder codes, the rest split between them), and how far each coder has come.

    from annotator.study.plan import draw_plan       # the pure draw, no project
    from annotator.study.project_plan import make_plan, read_plan
    from annotator.study.progress import study_progress
"""
