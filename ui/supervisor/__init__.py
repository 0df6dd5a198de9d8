"""The supervisor's windows: the Supervisor menu, the agreement dashboard with its charts and
tables, the disagreement browser with its side-by-side compare, and merging coder files."""
