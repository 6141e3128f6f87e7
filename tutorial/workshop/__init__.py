"""Running a room: the shared PostgreSQL's cleanup (``alembic-tutorial workshop cleanup``)."""
