"""The ``fresh_upgrade`` check: ``alembic upgrade <target>`` on a new, empty database (what a
teammate's laptop or CI starts from) must work, create the tables named, and with
``same_schema`` give exactly the sandbox's schema. Real Alembic on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.core import Engine
from tutorial.lessons.loader import LessonFormatError, load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"  # users (id, username, email + index), posts -> users; rows in both
USERS_REV = "1a2b3c4d5e6f"


def _course(tmp_path: Path, goal: str) -> Path:
    """add-column with ``goal`` as its only goal."""
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    head, _, rest = text.partition("[[goal]]")
    solution = rest[rest.index("[[solution]]"):]
    toml.write_text(head + goal.lstrip() + "\n" + solution, encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _engine(tmp_path: Path, make_settings, backend: str, goal: str) -> Engine:
    return Engine(make_settings(backend), course=load_course(_course(tmp_path, goal)),
                  timeout=30.0)


def _check(eng: Engine) -> tuple[bool, str]:
    (result,) = eng.check(LESSON)["checks"]
    return result["passed"], result["message"]


SAME = '[[goal]]\nid = "fresh"\ncheck = "fresh_upgrade"\nsame_schema = true\n'

# A migration that looks at the database before it acts: the sandbox has users, so it skips
# the index; a new database has none yet, so it creates it. Both end at the same head.
LOOKS_FIRST = '''
    rows = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM users")).scalar()
    if rows == 0:
        op.create_index("ix_users_username", "users", ["username"])
'''


def test_same_schema_passes_at_the_start_and_fails_when_a_migration_looked_first(
        tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend, SAME) as eng:
        eng.start(LESSON)
        assert _check(eng) == (True, "a new database built with alembic upgrade heads has the "
                                     "same schema as this one")
        write_revision(eng, LESSON, "b1b1b1b1b1b1", HEAD, LOOKS_FIRST)
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert eng.snapshot(LESSON)["version"] == ["b1b1b1b1b1b1"]  # at head, like the new one
        assert _check(eng) == (False, "a new database built with alembic upgrade heads differs "
                                      "from this one: the indexes of users differ")


def test_a_database_changed_by_hand_differs_from_a_new_one(tmp_path, make_settings, backend):
    goal = SAME + 'target = "head"\n'
    with _engine(tmp_path, make_settings, backend, goal) as eng:
        eng.start(LESSON)
        # A column added outside Alembic, here by a migration file that is then thrown away
        # and the database stamped back: what a hand-made ALTER TABLE leaves behind.
        path = write_revision(eng, LESSON, "c1c1c1c1c1c1", HEAD,
                              'op.add_column("posts", sa.Column("views", sa.Integer()))')
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert eng.run(LESSON, f"alembic stamp {HEAD}")["ok"]
        path.unlink()
        assert _check(eng) == (False, "a new database built with alembic upgrade head differs "
                                      "from this one: posts.views is missing")


AUDIT = '''"""create audit log"""
from alembic import op
import sqlalchemy as sa

revision = "a0a0a0a0a0a0"
down_revision = None
branch_labels = ("audit",)
depends_on = {depends_on!r}


def upgrade():
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )


def downgrade():
    op.drop_table("audit_log")
'''

AUDIT_ALONE = ('[[goal]]\nid = "alone"\ncheck = "fresh_upgrade"\ntarget = "audit@head"\n'
               'tables = ["users", "audit_log"]\n')


@pytest.mark.parametrize("depends_on", [USERS_REV, None])
def test_a_branch_installs_alone_only_with_what_it_depends_on(
        tmp_path, make_settings, backend, depends_on):
    with _engine(tmp_path, make_settings, backend, AUDIT_ALONE) as eng:
        eng.start(LESSON)
        versions = eng.paths(LESSON).project / "versions"
        (versions / "a0a0a0a0a0a0_create_audit_log.py").write_text(
            AUDIT.format(depends_on=depends_on), encoding="utf-8")
        # In the sandbox users exists already, so the branch applies either way.
        assert eng.run(LESSON, "alembic upgrade audit@head")["ok"]
        passed, message = _check(eng)
        if depends_on:
            assert (passed, message) == (True, "on a new, empty database, alembic upgrade "
                                               "audit@head works")
        elif backend == "postgres":  # the foreign key needs users, which nothing created
            assert not passed
            assert message.startswith("on a new, empty database, alembic upgrade audit@head "
                                      "fails: ")
            assert "users" in message
        else:  # SQLite takes a foreign key to a missing table; users is still not there
            assert (passed, message) == (False, "on a new, empty database, alembic upgrade "
                                                "audit@head does not create table users")
        # The sandbox itself is untouched by the check.
        assert set(eng.snapshot(LESSON)["tables"]) == {"users", "posts", "audit_log"}


def test_the_empty_database_is_dropped_afterwards(tmp_path, make_settings):
    from tutorial.engine.db_admin import list_ours

    with _engine(tmp_path, make_settings, "postgres", SAME) as eng:
        eng.start(LESSON)
        assert _check(eng)[0]
        name = eng.target(LESSON).name
        admin = eng.target(LESSON).admin_url
        assert [n for n in list_ours(admin) if n.startswith(name)] == [name]


def test_the_loader_knows_the_check_and_its_parameters(tmp_path):
    load_course(_course(tmp_path, AUDIT_ALONE + "same_schema = false\n"))
    bad = _course(tmp_path / "bad", SAME + "tabels = [\"users\"]\n")
    with pytest.raises(LessonFormatError, match="check 'fresh_upgrade' does not take tabels"):
        load_course(bad)
