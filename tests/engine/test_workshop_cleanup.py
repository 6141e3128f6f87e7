"""``alembic-tutorial workshop cleanup`` drops every database the tool made on a server and
nothing else: a foreign database, one with the tool's prefix but no comment, and one with
another comment all survive. On a server of its own, since it drops everything of ours."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tutorial.cli import main
from tutorial.engine.core import Engine
from tutorial.engine.databases import normalize_pg_url
from tutorial.settings import resolve
from tutorial.workshop.cleanup import cleanup

LESSON = "add-column"
FOREIGN = ("shop", "atut_unmarked", "atut_other_comment")


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    from tutorial.engine.postgres_server import PrivateServer

    server = PrivateServer(Path(tempfile.mkdtemp(prefix="atut-cleanup-pg-")))
    yield server.url
    server.stop()


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(normalize_pg_url(url).replace("postgresql+psycopg", "postgresql"),
                           autocommit=True)


def _databases(url: str) -> set[str]:
    with _admin(url) as conn:
        return {r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'")}


@pytest.fixture
def room(server_url: str, tmp_path: Path) -> Iterator[dict[str, object]]:
    """Two learners in two workspaces (one ran a command: an undo copy exists) and three
    databases that are not ours."""
    ours = set()
    for workspace, profile in ((tmp_path / "one", "ana"), (tmp_path / "two", "bo")):
        settings = resolve(workspace=workspace, lang="en", db_url=server_url, profile=profile,
                           environ={})
        with Engine(settings, timeout=20) as engine:
            engine.start(LESSON)
            if profile == "ana":
                engine.run(LESSON, "alembic downgrade -1")
            ours.add(engine.target(LESSON).name)
    with _admin(server_url) as conn:
        for name in FOREIGN:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute("""COMMENT ON DATABASE "atut_other_comment" IS 'someone else''s'""")
    with psycopg.connect(normalize_pg_url(server_url).replace("postgresql+psycopg", "postgresql")
                         .replace("/postgres?", "/shop?"), autocommit=True) as conn:
        conn.execute("CREATE TABLE precious (x int)")
        conn.execute("INSERT INTO precious VALUES (42)")
    yield {"url": server_url, "sandboxes": ours, "workspace": tmp_path / "one"}
    with _admin(server_url) as conn:
        for name in FOREIGN:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _foreign_intact(url: str) -> None:
    assert set(FOREIGN) <= _databases(url)
    with psycopg.connect(normalize_pg_url(url).replace("postgresql+psycopg", "postgresql")
                         .replace("/postgres?", "/shop?")) as conn:
        assert conn.execute("SELECT x FROM precious").fetchone() == (42,)


def test_dry_run_lists_only_ours(room: dict, capsys: pytest.CaptureFixture[str]) -> None:
    url = room["url"]
    before = _databases(url)
    code, out, err = _run(["workshop", "cleanup", "--db-url", url, "--dry-run"], capsys)
    assert (code, err) == (0, "")
    listed = {line.split()[0] for line in out.splitlines()[:-1]}
    assert room["sandboxes"] <= listed
    assert any(name.startswith("atut_tpl_add_column_") for name in listed)
    assert any(name.endswith("_u1") for name in listed)  # ana's undo copy
    assert not listed & set(FOREIGN)
    assert "would be dropped" in out.splitlines()[-1]
    assert _databases(url) == before


def test_without_yes_and_without_a_terminal_nothing_is_dropped(
        room: dict, capsys: pytest.CaptureFixture[str]) -> None:
    before = _databases(room["url"])
    code, _out, err = _run(["workshop", "cleanup", "--db-url", room["url"]], capsys)
    assert code == 2 and "--yes" in err and err.count("\n") == 1
    assert _databases(room["url"]) == before


def test_the_question_is_asked_and_no_means_no(room: dict) -> None:
    settings = resolve(db_url=room["url"], lang="en", environ={})
    before = _databases(room["url"])
    questions: list[str] = []

    def answer(question: str) -> str:
        questions.append(question)
        return "n"

    assert cleanup(settings, dry_run=False, yes=False, out=io.StringIO(), ask=answer) == 1
    assert len(questions) == 1 and "[y/N]" in questions[0]
    assert _databases(room["url"]) == before
    out = io.StringIO()
    assert cleanup(settings, dry_run=False, yes=False, out=out, ask=lambda q: "y") == 0
    assert _databases(room["url"]) == {"shop", "atut_unmarked", "atut_other_comment"}
    _foreign_intact(room["url"])


def test_yes_drops_ours_and_the_room_can_start_again(room: dict, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    url = room["url"]
    code, out, err = _run(["workshop", "cleanup", "--db-url", url, "--yes"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith("Dropped ")
    assert _databases(url) == set(FOREIGN)
    _foreign_intact(url)
    code, out, _err = _run(["workshop", "cleanup", "--db-url", url, "--yes"], capsys)
    assert code == 0 and "No database made by alembic-tutorial" in out
    # A learner coming back gets a new sandbox (and the template is built again).
    settings = resolve(workspace=room["workspace"], lang="en", db_url=url, profile="ana",
                       environ={})
    with Engine(settings, timeout=20) as engine:
        assert engine.start(LESSON)["created"]
        assert "users" in engine.snapshot(LESSON)["tables"]


def test_the_workspace_private_server_is_cleaned_without_db_url(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = tmp_path / "ws"
    code, _out, err = _run(["workshop", "cleanup", "--workspace", str(workspace)], capsys)
    assert code == 2 and "--db-url" in err and err.count("\n") == 1
    settings = resolve(workspace=workspace, lang="en", db="postgres", environ={})
    with Engine(settings, timeout=20) as engine:
        engine.start(LESSON)
        name = engine.target(LESSON).name
    code, out, err = _run(["workshop", "cleanup", "--workspace", str(workspace), "--yes"],
                          capsys)
    assert (code, err) == (0, "")
    assert name in out and out.splitlines()[-1].startswith("Dropped ")
    code, out, _err = _run(["workshop", "cleanup", "--workspace", str(workspace),
                            "--dry-run"], capsys)
    assert code == 0 and "No database made by alembic-tutorial" in out


def test_a_server_that_cannot_be_reached_is_one_line(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    url = f"postgresql://nobody@/postgres?host={tmp_path}&port=1"
    code, _out, err = _run(["workshop", "cleanup", "--db-url", url, "--dry-run"], capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "Cannot connect to the PostgreSQL server" in err


def test_a_role_with_createdb_only_is_enough(server_url: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The room's role needs CREATEDB, nothing more: templates (advisory lock, rename,
    ALLOW_CONNECTIONS), undo copies and cleanup work without superuser. Another role's
    template is not used (its tables would not be the learner's): each role builds its own.
    Cleanup drops the role's own databases and reports, without stopping, the ones it may
    not drop; a database of another owner that denies CONNECT does not stop the listing
    (sizes need CONNECT)."""
    with _admin(server_url) as conn:
        conn.execute("DROP ROLE IF EXISTS tutor")
        conn.execute("CREATE ROLE tutor LOGIN CREATEDB")
        conn.execute('DROP DATABASE IF EXISTS "atut_closed"')
        conn.execute('CREATE DATABASE "atut_closed"')
        conn.execute('REVOKE CONNECT ON DATABASE "atut_closed" FROM PUBLIC')
        conn.execute("""COMMENT ON DATABASE "atut_closed" IS 'not ours'""")
    url = normalize_pg_url(server_url).replace("postgres:@", "tutor@").replace(
        "postgres@", "tutor@")
    assert "tutor@" in url
    try:
        # The superuser opens the lesson first: the template is theirs.
        with Engine(resolve(workspace=tmp_path / "admin", lang="en", db_url=server_url,
                            environ={}), timeout=20) as engine:
            engine.start(LESSON)
            theirs = engine.target(LESSON).name
        settings = resolve(workspace=tmp_path / "ws", lang="en", db_url=url, profile="ana",
                           environ={})
        with Engine(settings, timeout=20) as engine:
            assert engine.start(LESSON)["created"]
            assert engine.run(LESSON, "alembic downgrade -1")["ok"]
            assert engine.undo(LESSON)["undone"] == "alembic downgrade -1"
            assert "users" in engine.snapshot(LESSON)["tables"]
            name = engine.target(LESSON).name
        owned = _owned_by_tutor(server_url)  # its sandbox and its own template
        assert len(owned) == 2 and name in owned
        assert [n for n in owned if n != name][0].startswith("atut_tpl_add_column_")
        code, out, err = _run(["workshop", "cleanup", "--db-url", url, "--yes"], capsys)
        assert code == 1 and err == ""
        assert f"Could not drop {theirs}: " in out and "atut_closed" not in out
        assert out.count("Could not drop") >= 2  # the superuser's sandboxes and template
        assert out.splitlines()[-1].startswith("Dropped 2 databases ")
        assert _owned_by_tutor(server_url) == []
        assert {"atut_closed", theirs} <= _databases(server_url)
        code, out, err = _run(["workshop", "cleanup", "--db-url", server_url, "--yes"], capsys)
        assert code == 0 and "Could not" not in out
        assert not any(n.startswith("atut_") for n in _databases(server_url) - set(FOREIGN)
                       - {"atut_closed"})
    finally:
        with _admin(server_url) as conn:
            conn.execute('DROP DATABASE IF EXISTS "atut_closed"')
            for db in _owned_by_tutor(server_url):
                conn.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
            conn.execute("DROP ROLE IF EXISTS tutor")


def _owned_by_tutor(url: str) -> list[str]:
    with _admin(url) as conn:
        return sorted(r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datdba ="
            " (SELECT oid FROM pg_roles WHERE rolname = 'tutor')"))
