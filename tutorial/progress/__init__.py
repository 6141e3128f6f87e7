"""The learner's progress: a SQLite file in the workspace whose schema Alembic manages.

::

    from tutorial.progress import ProgressStore

    with ProgressStore.open(workspace, profile="alice") as store:
        store.record_start("add-column")
        store.record_command("add-column", "alembic upgrade head", ok=True)
        store.record_check("add-column", passed=True)
        store.lesson("add-column").status  # "done"

Importing this package costs no SQLAlchemy or Alembic import; ``ProgressStore.open`` does
them (Alembic only when the file must be created or upgraded). See ``database`` for how two
processes share the file safely, ``schema`` for the tables, ``migrations/`` for their history.
"""

from tutorial.progress.model import (
    DATABASE_NAME,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    STATUSES,
    LessonProgress,
    ProgressError,
)
from tutorial.progress.store import OVERVIEW_COLUMNS, ProgressStore, overview_csv

__all__ = [
    "DATABASE_NAME",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "OVERVIEW_COLUMNS",
    "STATUSES",
    "LessonProgress",
    "ProgressError",
    "ProgressStore",
    "overview_csv",
]
