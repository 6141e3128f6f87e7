"""A command counts for the ``command_used`` goal check only when it worked: in the check that
comes with the command itself (run) as in a later one (check)."""

from __future__ import annotations


def _used(result: dict, check_id: str) -> bool:
    return next(c["passed"] for c in result["checks"] if c["id"] == check_id)


def test_a_failed_command_does_not_count_in_its_own_check(engine):
    lesson = "offline-sql"
    engine.start(lesson)
    # `downgrade -1 --sql` fails offline (it needs a range): it must not satisfy anything.
    # It matches the goal's pattern (head:49d6...) but names no revision, so it fails.
    failed = engine.run(lesson, "alembic downgrade head:49d6ffff --sql")
    assert not failed["ok"]
    assert not _used(failed["check"], "downgrade-script")
    worked = engine.run(lesson, "alembic upgrade 49d65d513ada:head --sql")
    assert worked["ok"], worked.get("error")
    assert _used(worked["check"], "upgrade-script")
    assert _used(engine.check(lesson), "upgrade-script")
    assert not _used(engine.check(lesson), "downgrade-script")
