"""Undo goes back one command (files and database); reset goes back to the start and keeps
the learner's files in a dated copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.errors import BadInput

LESSON = "add-column"


def _state(engine) -> tuple[dict, list[str]]:
    snap = engine.snapshot(LESSON)
    files = sorted(p.name for p in (engine.paths(LESSON).project / "versions").glob("*.py"))
    return {n: (t["columns"], t["rows"]) for n, t in snap["tables"].items()}, files


def test_undo_round_trip(engine):
    engine.start(LESSON)
    start = _state(engine)
    made = engine.run(LESSON, 'alembic revision -m "add phone"')
    assert made["ok"] and len(made["files"]["added"]) == 1
    new_file = engine.paths(LESSON).project / made["files"]["added"][0]
    text = new_file.read_text().replace(
        "def upgrade() -> None:\n    pass",
        'def upgrade() -> None:\n    op.add_column("users", sa.Column("phone", sa.String(20)))')
    new_file.write_text(text)
    after_edit_files = _state(engine)[1]
    assert engine.run(LESSON, "alembic upgrade head")["ok"]
    assert "phone" in [c["name"] for c in engine.snapshot(LESSON)["tables"]["users"]["columns"]]

    undone = engine.undo(LESSON)
    assert undone["undone"] == "alembic upgrade head"
    state = _state(engine)
    assert state[0] == start[0], "the database is back to before the upgrade"
    assert state[1] == after_edit_files
    assert "op.add_column" in new_file.read_text(), "edits made before the command survive"

    engine.undo(LESSON)
    assert _state(engine) == start, "the revision file made by the command is gone again"
    with pytest.raises(BadInput):
        engine.undo(LESSON)


def test_reset_keeps_a_copy_of_the_learners_files(engine):
    engine.start(LESSON)
    start = _state(engine)
    path = write_revision(engine, LESSON, "cccc00000001", HEAD,
                          'op.add_column("users", sa.Column("x", sa.Integer()))',
                          'op.drop_column("users", "x")')
    written = path.read_text()
    assert engine.run(LESSON, "alembic upgrade head")["ok"]
    info = engine.reset(LESSON)
    assert _state(engine) == start
    kept = Path(info["kept"])
    assert (kept / "versions" / path.name).read_text() == written
    assert not path.exists()
    # The lesson works again from its start.
    assert engine.run(LESSON, "alembic current")["ok"]


def test_failed_command_can_be_undone_too(engine):
    engine.start(LESSON)
    result = engine.run(LESSON, "alembic downgrade nonexistent")
    assert result["ok"] is False
    assert result["error"]["explanation"]["key"] == "unknown-target"
    assert engine.undo(LESSON)["undone"] == "alembic downgrade nonexistent"
