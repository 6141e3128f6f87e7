"""The ``expand_phase`` check (expand/contract): walking from the start one revision at a time
(a new database at the start revision with the start rows), some revision must have the old and the new column side by side, the new
one backfilled, and (with ``insert``/``update``) writes made the old way copied into it.
Real Alembic on both backends, triggers in each backend's own SQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.engine.helpers import write_revision
from tutorial.engine.core import Engine
from tutorial.lessons.loader import LessonFormatError, load_course
from tutorial.paths import lessons_dir

LESSON = "rename-column"  # users (id, username, email, phone), four rows, all with a phone
HEAD = "d93d2bff771b"

GOAL = '''[[goal]]
id = "expand"
check = "expand_phase"
table = "users"
old = "phone"
new = "phone_number"
insert = {id = 100, username = "newcomer", email = "new@example.com", phone = "+1 555 0100"}
update = "+1 555 0199"
'''


def _course(tmp_path: Path, goal: str) -> Path:
    """rename-column with ``goal`` as its only goal."""
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('prerequisites = ["add-column"]\n', "")
    head, _, rest = text.partition("[[goal]]")
    solution = rest[rest.index("[[solution]]"):]
    toml.write_text(head + goal.lstrip() + "\n" + solution, encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _check(eng: Engine) -> tuple[bool, str]:
    (result,) = eng.check(LESSON)["checks"]
    return result["passed"], result["message"]


ADD = 'op.add_column("users", sa.Column("phone_number", sa.String(20), nullable=True))'
DROP_NEW = 'op.drop_column("users", "phone_number")'
BACKFILL = 'op.execute("UPDATE users SET phone_number = phone")'
CONTRACT = 'op.drop_column("users", "phone")'
UNCONTRACT = '''op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))
op.execute("UPDATE users SET phone = phone_number")'''
# Copy what old code writes to phone into phone_number: each backend's trigger syntax.
TRIGGER = '''if op.get_bind().dialect.name == "postgresql":
    op.execute("""CREATE FUNCTION users_copy_phone() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR NEW.phone_number IS NULL THEN
        NEW.phone_number := NEW.phone;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql""")
    op.execute("CREATE TRIGGER users_copy_phone BEFORE INSERT OR UPDATE OF phone ON users "
               "FOR EACH ROW EXECUTE FUNCTION users_copy_phone()")
else:
    op.execute("CREATE TRIGGER users_copy_phone_insert AFTER INSERT ON users "
               "WHEN NEW.phone_number IS NULL "
               "BEGIN UPDATE users SET phone_number = NEW.phone WHERE id = NEW.id; END")
    op.execute("CREATE TRIGGER users_copy_phone_update AFTER UPDATE OF phone ON users "
               "BEGIN UPDATE users SET phone_number = NEW.phone WHERE id = NEW.id; END")'''
UNTRIGGER = '''if op.get_bind().dialect.name == "postgresql":
    op.execute("DROP TRIGGER users_copy_phone ON users")
    op.execute("DROP FUNCTION users_copy_phone()")
else:
    op.execute("DROP TRIGGER users_copy_phone_insert")
    op.execute("DROP TRIGGER users_copy_phone_update")'''


@pytest.fixture
def eng(tmp_path, make_settings, backend):
    with Engine(make_settings(backend), course=load_course(_course(tmp_path, GOAL)),
                timeout=30.0) as engine:
        engine.start(LESSON)
        yield engine


def test_a_rename_in_one_step_has_no_expand_phase(eng):
    assert _check(eng) == (False, "no revision from the start to head has users.phone and "
                                  "users.phone_number side by side: code that still uses "
                                  "users.phone breaks as soon as the migration runs")
    write_revision(eng, LESSON, "e1e1e1e1e1e1", HEAD,
                   'op.alter_column("users", "phone", new_column_name="phone_number")',
                   'op.alter_column("users", "phone_number", new_column_name="phone")')
    assert eng.run(LESSON, "alembic upgrade head")["ok"]
    assert not _check(eng)[0]


def test_all_steps_in_one_revision_have_no_expand_phase(eng):
    write_revision(eng, LESSON, "e1e1e1e1e1e1", HEAD, "\n".join([ADD, BACKFILL, CONTRACT]),
                   UNCONTRACT + "\n" + DROP_NEW)
    assert eng.run(LESSON, "alembic upgrade head")["ok"]
    assert _check(eng)[1].startswith("no revision from the start to head has users.phone and "
                                     "users.phone_number side by side")


def test_the_new_column_must_be_backfilled(eng):
    write_revision(eng, LESSON, "e1e1e1e1e1e1", HEAD, ADD, DROP_NEW)
    write_revision(eng, LESSON, "c1c1c1c1c1c1", "e1e1e1e1e1e1", CONTRACT, UNCONTRACT)
    assert eng.run(LESSON, "alembic upgrade head")["ok"]
    assert _check(eng) == (False, "at revision e1e1e1e1e1e1, 4 rows have no copy of their "
                                  "users.phone value in users.phone_number yet: backfill them")


def test_writes_made_the_old_way_must_reach_the_new_column(eng):
    write_revision(eng, LESSON, "e1e1e1e1e1e1", HEAD, ADD + "\n" + BACKFILL, DROP_NEW)
    assert eng.run(LESSON, "alembic upgrade head")["ok"]
    assert _check(eng) == (False, "at revision e1e1e1e1e1e1, a row inserted the old way (only "
                                  "users.phone) gets None in users.phone_number: nothing copies "
                                  "new writes")


def test_expand_with_a_trigger_then_backfill_then_contract_passes(eng, backend):
    # Expand (column and trigger), backfill in a revision of its own, contract later.
    write_revision(eng, LESSON, "e1e1e1e1e1e1", HEAD, ADD + "\n" + TRIGGER,
                   UNTRIGGER + "\n" + DROP_NEW)
    write_revision(eng, LESSON, "e2e2e2e2e2e2", "e1e1e1e1e1e1", BACKFILL)
    write_revision(eng, LESSON, "c1c1c1c1c1c1", "e2e2e2e2e2e2", UNTRIGGER + "\n" + CONTRACT,
                   UNCONTRACT + "\n" + TRIGGER)
    assert eng.run(LESSON, "alembic upgrade head")["ok"]
    assert _check(eng) == (True, "at revision e2e2e2e2e2e2, users.phone and users.phone_number "
                                 "sit side by side, filled and kept in step")
    # The walk and its test writes happen on a scratch copy: the sandbox is as it was.
    snap = eng.snapshot(LESSON)
    assert snap["version"] == ["c1c1c1c1c1c1"]
    assert snap["tables"]["users"]["row_count"] == 4


def test_an_update_made_the_old_way_is_checked_too(eng):
    # A trigger for inserts only: the update test finds the gap.
    insert_only = TRIGGER.replace("BEFORE INSERT OR UPDATE OF phone", "BEFORE INSERT")
    insert_only = insert_only[:insert_only.index('\n    op.execute("CREATE TRIGGER users_copy_phone_update')]
    write_revision(eng, LESSON, "e1e1e1e1e1e1", HEAD, "\n".join([ADD, insert_only, BACKFILL]))
    # No downgrade at all: the walk starts from a new database, not from downgrades.
    assert eng.run(LESSON, "alembic upgrade head")["ok"]
    assert _check(eng) == (False, "at revision e1e1e1e1e1e1, a row updated the old way (only "
                                  "users.phone) gets '+44 20 7946 0018' in users.phone_number: "
                                  "nothing copies new writes")


def test_the_loader_needs_table_old_and_new(tmp_path):
    bad = _course(tmp_path, GOAL.replace('old = "phone"\n', ""))
    with pytest.raises(LessonFormatError, match="check 'expand_phase' needs old"):
        load_course(bad)
