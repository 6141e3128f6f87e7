"""``python -m tutorial``: the same as the ``alembic-tutorial`` command."""

from tutorial.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
