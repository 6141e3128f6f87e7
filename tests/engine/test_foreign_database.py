"""The tool never changes or drops a PostgreSQL database it did not create."""

from __future__ import annotations

import psycopg
import pytest

from tutorial.cli import main
from tutorial.engine.core import Engine
from tutorial.engine.databases import normalize_pg_url
from tutorial.engine.errors import ForeignDatabase

LESSON = "add-column"


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(normalize_pg_url(url).replace("postgresql+psycopg", "postgresql"),
                           autocommit=True)


def test_a_database_with_our_name_but_not_made_by_us_is_refused(make_settings, pg_admin_url,
                                                                 tmp_path, capsys):
    settings = make_settings("postgres")
    with Engine(settings) as engine:
        name = engine.target(LESSON).name
    with _admin(pg_admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')  # no alembic-tutorial comment
        conn.execute('CREATE TABLE IF NOT EXISTS precious (x int)')
    try:
        with Engine(settings) as engine, pytest.raises(ForeignDatabase):
            engine.start(LESSON)
        code = main(["start", LESSON, "--workspace", str(settings.workspace), "--db-url",
                     pg_admin_url])
        assert code == 2
        err = capsys.readouterr().err
        assert "was not created by alembic-tutorial" in err
        assert err.count("\n") == 1 and "Traceback" not in err
        with _admin(pg_admin_url) as conn:
            assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                (name,)).fetchone()
    finally:
        with _admin(pg_admin_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_own_databases_are_listed_and_foreign_ones_are_not(make_settings, pg_admin_url):
    from tutorial.engine.worker import Worker

    settings = make_settings("postgres")
    with Engine(settings) as engine:
        engine.start(LESSON)
        name = engine.target(LESSON).name
    with _admin(pg_admin_url) as conn:
        conn.execute('DROP DATABASE IF EXISTS "atut_foreign_x"')
        conn.execute('CREATE DATABASE "atut_foreign_x"')
    try:
        with Worker() as worker:
            ours = worker.call("list_databases", admin_url=normalize_pg_url(pg_admin_url))
        assert name in ours
        assert "atut_foreign_x" not in ours
    finally:
        with _admin(pg_admin_url) as conn:
            conn.execute('DROP DATABASE IF EXISTS "atut_foreign_x"')
