"""The Compare view (Supervisor › Compare outlets): figures, word choice and aligned facts."""
