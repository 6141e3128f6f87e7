"""Every catalogued error is recognised and explained: provoked for real where a backend
produces it, and matched on its exact message for every entry."""

from __future__ import annotations

import re

import pytest

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.explain import CATALOGUE, explain

LESSON = "add-column"


def _fail(engine, command: str) -> dict:
    result = engine.run(LESSON, command)
    assert result["ok"] is False, result["output"]
    explanation = result["error"]["explanation"]
    assert explanation, result["error"]
    assert all(explanation[k] for k in ("what", "why", "fix"))
    return result


def _two_heads(engine) -> None:
    write_revision(engine, LESSON, "eeee00000001", HEAD, "pass", name="left")
    write_revision(engine, LESSON, "eeee00000002", HEAD, "pass", name="right")


def test_not_up_to_date(engine):
    engine.start(LESSON)
    write_revision(engine, LESSON, "eeee00000003", HEAD, "pass")
    r = _fail(engine, 'alembic revision --autogenerate -m "x"')
    assert r["error"]["explanation"]["key"] == "not-up-to-date"


def test_a_typed_name_that_is_no_revision(engine):
    engine.start(LESSON)
    r = _fail(engine, "alembic upgrade 123abc")
    assert r["error"]["explanation"]["key"] == "unknown-target"
    assert "123abc" in r["error"]["explanation"]["what"]


def test_cant_locate_a_revision_the_database_names(engine):
    engine.start(LESSON)
    (engine.paths(LESSON).project / "versions" / "3c4d5e6f7081_create_posts.py").unlink()
    r = _fail(engine, "alembic current")
    assert r["error"]["explanation"]["key"] == "cant-locate-revision"
    assert "3c4d5e6f7081" in r["error"]["explanation"]["what"]


def test_multiple_heads_for_head(engine):
    engine.start(LESSON)
    _two_heads(engine)
    r = _fail(engine, "alembic upgrade head")
    assert r["error"]["explanation"]["key"] == "multiple-heads-target"


def test_multiple_heads_when_creating_a_revision(engine):
    engine.start(LESSON)
    _two_heads(engine)
    r = _fail(engine, 'alembic revision -m "third"')
    assert r["error"]["explanation"]["key"] == "multiple-heads-revision"


def test_no_script_location(engine):
    engine.start(LESSON)
    ini = engine.paths(LESSON).project / "alembic.ini"
    ini.write_text(ini.read_text().replace("script_location = %(here)s\n", ""))
    r = _fail(engine, "alembic history")
    assert r["error"]["explanation"]["key"] == "no-script-location"


def test_syntax_error_names_file_and_line(engine):
    engine.start(LESSON)
    path = write_revision(engine, LESSON, "eeee00000004", HEAD, "pass")
    path.write_text(path.read_text().replace("def upgrade():", "def upgrade(:"))
    r = _fail(engine, "alembic upgrade head")
    assert r["error"]["explanation"]["key"] == "syntax-error"
    assert r["error"]["file"] == f"versions/{path.name}"
    lines = path.read_text().splitlines()
    assert r["error"]["line"] == lines.index("def upgrade(:") + 1
    assert f"versions/{path.name}" in r["error"]["explanation"]["what"]


def test_name_error_names_file_and_line(engine):
    engine.start(LESSON)
    path = write_revision(engine, LESSON, "eeee00000005", HEAD,
                          'op.add_column("users", sqla.Column("x", sa.Integer()))')
    r = _fail(engine, "alembic upgrade head")
    assert r["error"]["explanation"]["key"] == "name-error"
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "sqla." in text)
    assert (r["error"]["file"], r["error"]["line"]) == (f"versions/{path.name}", line)


def test_import_error_in_models(engine):
    engine.start(LESSON)
    models = engine.paths(LESSON).project / "models.py"
    models.write_text("import not_a_module_anywhere\n" + models.read_text())
    r = _fail(engine, 'alembic revision --autogenerate -m "x"')
    assert r["error"]["explanation"]["key"] == "import-error"
    assert (r["error"]["file"], r["error"]["line"]) == ("models.py", 1)


def test_not_null_on_a_table_with_rows(engine):
    engine.start(LESSON)
    write_revision(engine, LESSON, "eeee00000006", HEAD,
                   'op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))')
    r = _fail(engine, "alembic upgrade head")
    expected = "not-null-sqlite" if engine.settings.backend == "sqlite" else "not-null-postgres"
    assert r["error"]["explanation"]["key"] == expected


def test_sqlite_alter_of_constraints(make_settings):
    from tutorial.engine.core import Engine

    with Engine(make_settings("sqlite")) as engine:
        engine.start(LESSON)
        write_revision(engine, LESSON, "eeee00000007", HEAD,
                       'op.create_unique_constraint("uq_users_email", "users", ["email"])')
        r = _fail(engine, "alembic upgrade head")
        assert r["error"]["explanation"]["key"] == "sqlite-alter-constraints"


def test_sqlite_near_alter(make_settings):
    from tutorial.engine.core import Engine

    with Engine(make_settings("sqlite")) as engine:
        engine.start(LESSON)
        write_revision(engine, LESSON, "eeee00000008", HEAD,
                       'op.alter_column("users", "username", nullable=True)')
        r = _fail(engine, "alembic upgrade head")
        assert r["error"]["explanation"]["key"] == "sqlite-near-alter"


def test_postgres_failed_cast(make_settings):
    from tutorial.engine.core import Engine

    with Engine(make_settings("postgres")) as engine:
        engine.start(LESSON)
        write_revision(engine, LESSON, "eeee00000009", HEAD,
                       'op.alter_column("users", "username", type_=sa.Integer())')
        r = _fail(engine, "alembic upgrade head")
        assert r["error"]["explanation"]["key"] == "failed-cast"
        assert "username" in r["error"]["explanation"]["what"]


def test_postgres_concurrently_inside_a_transaction(make_settings):
    from tutorial.engine.core import Engine

    with Engine(make_settings("postgres")) as engine:
        engine.start(LESSON)
        write_revision(engine, LESSON, "eeee0000000a", HEAD,
                       'op.create_index("ix_users_username", "users", ["username"], '
                       "postgresql_concurrently=True)")
        r = _fail(engine, "alembic upgrade head")
        assert r["error"]["explanation"]["key"] == "concurrently-in-transaction"


# The exact messages of every entry (from Alembic, SQLite, PostgreSQL and Python).
SAMPLES = {
    "not-up-to-date": ("CommandError", "Target database is not up to date."),
    "downgrade-sql-range": ("CommandError", "downgrade with --sql requires <fromrev>:<torev>"),
    "unknown-target": ("CommandError", "Can't locate revision identified by 'nope'"),
    "cant-locate-revision": ("CommandError", "Can't locate revision identified by 'ab12'"),
    "multiple-heads-target": ("CommandError", "Multiple head revisions are present for given "
                              "argument 'head'; please specify a specific target revision"),
    "multiple-heads-revision": ("CommandError", "Multiple heads are present; please specify the "
                                "head revision on which the new revision should be based, or "
                                "perform a merge."),
    "sqlite-alter-constraints": ("NotImplementedError", "No support for ALTER of constraints in "
                                 "SQLite dialect. Please refer to the batch mode feature"),
    "batch-no-such-constraint": ("ValueError", "No such constraint: 'uq_users_phone'"),
    "sqlite-near-alter": ("OperationalError", 'near "ALTER": syntax error'),
    "not-null-sqlite": ("OperationalError", "Cannot add a NOT NULL column with default value "
                        "NULL"),
    "revision-file-missing": ("KeyError", "'7e8f9a0b1c2d'"),
    "not-null-constraint-failed": ("IntegrityError", "NOT NULL constraint failed: "
                                   "_alembic_tmp_users.age"),
    "not-null-postgres": ("NotNullViolation", 'column "age" of relation "users" contains null '
                          "values"),
    "failed-cast": ("DatatypeMismatch", 'column "email" cannot be cast automatically to type '
                    "integer"),
    "invalid-cast-value": ("InvalidTextRepresentation", 'invalid input syntax for type integer: '
                           '"abc"'),
    "value-too-long": ("StringDataRightTruncation", "value too long for type character "
                       "varying(5)"),
    "concurrently-in-transaction": ("ActiveSqlTransaction", "CREATE INDEX CONCURRENTLY cannot "
                                    "run inside a transaction block"),
    "no-script-location": ("CommandError", "No 'script_location' key found in configuration."),
    "table-exists": ("OperationalError", "table tags already exists"),
    "no-such-column": ("OperationalError", "no such column: users.phone"),
    "no-such-table": ("OperationalError", "no such table: tags"),
    "unique-violation": ("IntegrityError", "UNIQUE constraint failed: users.email"),
    "not-valid-downgrade": ("CommandError", "Destination 1a2b is not a valid downgrade target "
                            "from current head(s)"),
    "missing-driver": ("ModuleNotFoundError", "No module named 'psycopg2'"),
    "syntax-error": ("SyntaxError", "invalid syntax"),
    "name-error": ("NameError", "name 'sqla' is not defined"),
    "import-error": ("ModuleNotFoundError", "No module named 'nothing_here'"),
    "usage": ("UsageError", "alembic: error: argument: invalid choice: 'upgrad'"),
    "timeout": ("Timeout", "stopped after 10 s without finishing"),
    "crash": ("WorkerCrash", "the worker process ended unexpectedly (exit code -9)"),
}


def test_every_entry_has_a_sample():
    assert set(SAMPLES) == {entry.key for entry in CATALOGUE}


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_each_entry_recognises_its_message(key):
    error_type, message = SAMPLES[key]
    typed = ["upgrade", "nope"] if key == "unknown-target" else []
    found = explain({"type": error_type, "message": message, "file": "versions/x.py", "line": 3},
                    typed=typed)
    assert found is not None and found["key"] == key
    text = found["what"] + found["why"] + found["fix"]
    assert not re.search(r"\{[a-z_]+\}", text), f"unfilled placeholder in {text!r}"


def test_unknown_errors_get_no_explanation():
    assert explain({"type": "ValueError", "message": "something else entirely"}) is None
