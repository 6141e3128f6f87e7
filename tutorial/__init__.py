"""alembic-tutorial: learn database migrations with Alembic by doing them.

The package is split so that each face (TUI, CLI, serve) is thin over one engine:

- ``tutorial.engine``   sandboxes, the warm worker, snapshots, diffs, undo (no Textual here)
- ``tutorial.lessons``  the course as data: loading, rendering, goal checks, validation
- ``tutorial.progress`` the learner's progress store (SQLite, schema managed by Alembic)
- ``tutorial.lint``     migration safety analysis
- ``tutorial.text``     right-to-left, Thai and Devanagari aware text layout
- ``tutorial.tui``      the Textual app
- ``tutorial.cli``      the headless command line
"""

__version__ = "0.1.0"
