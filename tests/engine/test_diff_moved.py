"""Values copied into a backup table before their column is dropped are moved, not lost; a
plain drop still loses them (drop-column lesson, real Alembic on both backends)."""

from __future__ import annotations

import shutil

LESSON = "drop-column"


def _solution_file(engine) -> str:
    lesson = engine.lesson(LESSON)
    step = next(s for s in lesson.solution if s.kind == "write" and s.value.startswith("versions/"))
    target = engine.paths(LESSON).project / step.value
    shutil.copyfile(step.source, target)
    return step.value


def test_a_backup_before_the_drop_is_not_data_lost(engine):
    engine.start(LESSON)
    _solution_file(engine)
    result = engine.run(LESSON, "alembic upgrade head")
    assert result["ok"], result.get("error")
    users = result["diff"]["tables"]["users"]
    assert "deprecated_field" in users["columns_removed"]
    assert users["values_moved"] == {"deprecated_field": "users_backup.deprecated_field"}
    assert result["diff"]["values_lost"] == 0
    # The way back: the values return to users and the backup table goes, ids and all.
    back = engine.run(LESSON, "alembic downgrade -1")
    assert back["ok"], back.get("error")
    backup = back["diff"]["tables"]["users_backup"]
    assert backup["status"] == "removed"
    assert backup["values_moved"] == {"deprecated_field": "users.deprecated_field",
                                      "id": "users.id"}
    assert back["diff"]["values_lost"] == 0


def test_a_plain_drop_is_still_data_lost(engine):
    engine.start(LESSON)
    made = engine.run(LESSON, 'alembic revision -m "drop it"')
    path = engine.paths(LESSON).project / made["files"]["added"][0]
    text = path.read_text(encoding="utf-8").replace(
        "def upgrade() -> None:\n    pass",
        'def upgrade() -> None:\n    with op.batch_alter_table("users") as b:\n'
        '        b.drop_column("deprecated_field")', 1)
    path.write_text(text, encoding="utf-8")
    result = engine.run(LESSON, "alembic upgrade head")
    assert result["ok"], result.get("error")
    assert result["diff"]["values_lost"] > 0
    assert "values_moved" not in result["diff"]["tables"]["users"]


def test_the_contract_step_drops_a_column_whose_values_are_in_its_twin(engine):
    """expand/contract: phone is dropped once phone_number holds every value row by row."""
    lesson = "expand-contract"
    solved = engine.solve(lesson)
    assert solved["check"]["passed"], solved["check"]
    engine.undo(lesson)  # back to before the last step, the contract upgrade
    result = engine.run(lesson, "alembic upgrade head")
    assert result["ok"], result.get("error")
    users = result["diff"]["tables"]["users"]
    assert users["columns_removed"] == ["phone"]
    assert users["values_moved"] == {"phone": "users.phone_number"}
    assert result["diff"]["values_lost"] == 0
