"""The instructor's view of a room: every learner of one or many workspaces by lessons, who
is stuck, as a live TUI screen (``tutorial.tui.screens.instructor``) or as CSV/JSON.

- :mod:`sources` finds the workspaces under a folder (one workspace, or serve's sessions);
- :mod:`room` reads their progress files read-only and computes the table;
- :mod:`labels` words and numbers for people (translated, locale digits);
- :mod:`export` CSV, JSON and plain text;
- :mod:`cli` the ``progress room`` command.
"""
