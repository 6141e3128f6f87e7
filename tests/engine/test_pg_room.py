"""One PostgreSQL for a room: database names per workspace, profile and lesson (never
colliding, under 63 bytes), and lesson templates built once per server and cloned."""

from __future__ import annotations

import re
import shutil
import threading
import uuid
from pathlib import Path

import psycopg
import pytest

from tutorial.engine import layout
from tutorial.engine.core import Engine
from tutorial.engine.databases import (
    PG_MAX_NAME,
    PG_SLOT_ROOM,
    normalize_pg_url,
    pg_database_name,
    pg_target,
)
from tutorial.engine.db_admin import backup_name
from tutorial.engine.errors import EngineError
from tutorial.engine.pg_templates import template_name
from tutorial.paths import lessons_dir
from tutorial.settings import resolve

LESSON = "add-column"


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(normalize_pg_url(url).replace("postgresql+psycopg", "postgresql"),
                           autocommit=True)


def _names(url: str, like: str) -> list[str]:
    with _admin(url) as conn:
        return sorted(r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (like,)))


def _is_build(name: str) -> bool:
    return re.fullmatch(r".*_b[0-9a-f]{6}", name) is not None


def _course(tmp_path: Path, start_sql: str = "") -> Path:
    """add-column alone, with a start state no other test has (a fresh template name)."""
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    marker = f"COMMENT ON TABLE users IS 'room {uuid.uuid4().hex}'"
    statements = ", ".join(f'"{s}"' for s in (marker, start_sql) if s)
    text = text.replace('[start]\nupgrade = "head"\n',
                        f'[start]\nupgrade = "head"\nsql = [{statements}]\n')
    toml.write_text(text, encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _settings(workspace: Path, url: str, profile: str, course: Path | None = None):  # type: ignore[no-untyped-def]
    return resolve(workspace=workspace, lang="en", db_url=url, environ={},
                   profile=profile, course=course)


# -- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["alice", "x" * 40, "مریم", "Zoë_o'Neil-2", "default"])
@pytest.mark.parametrize("lesson", ["add-column", "expand-contract-zero-downtime-rename" * 3])
def test_names_fit_and_say_whose_they_are(profile: str, lesson: str) -> None:
    name = pg_database_name("0a1b2c3d", profile, lesson)
    assert len(name.encode()) <= PG_MAX_NAME - PG_SLOT_ROOM
    assert name.startswith("atut_0a1b2c3d_") and name.isascii()
    if profile.isascii():
        assert profile.lower()[:5].replace("'", "_") in name
    assert lesson[:8].replace("-", "_") in name
    target = pg_target("postgresql://u@h/db", name)
    for slot in ("u1", "u99999999", "x", "u" + "9" * 40):
        copy = backup_name(target, slot)
        assert len(copy.encode()) <= PG_MAX_NAME and copy.startswith(name + "_")


def test_names_never_collide() -> None:
    workspaces = ["0a1b2c3d", "0a1b2c3e"]
    profiles = ["default", "مریم", "مریما", "a" * 39 + "b", "a" * 39 + "c"]
    lessons = ["add-column", "add_column", "x" * 30 + "1", "x" * 30 + "2"]
    names = {pg_database_name(w, p, lid) for w in workspaces for p in profiles for lid in lessons}
    assert len(names) == len(workspaces) * len(profiles) * len(lessons)


def test_the_workspace_id_is_made_once_even_by_racing_processes(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    found: list[str] = []
    barrier = threading.Barrier(8)

    def take() -> None:
        barrier.wait()
        found.append(layout.workspace_id(workspace))

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1 and len(found[0]) == 8
    assert layout.workspace_id(workspace) == found[0]
    assert sorted(p.name for p in workspace.iterdir()) == ["workspace-id"]  # no temp files
    (workspace / "workspace-id").write_text("not an id\n")
    repaired = layout.workspace_id(workspace)
    assert repaired != found[0] and layout.workspace_id(workspace) == repaired


# -- one server, many workspaces ------------------------------------------------------------


def test_two_workspaces_with_the_same_profile_never_share_a_database(tmp_path: Path,
                                                                    pg_admin_url: str) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    with Engine(_settings(one, pg_admin_url, "default"), timeout=20) as first, \
            Engine(_settings(two, pg_admin_url, "default"), timeout=20) as second:
        assert first.target("first-upgrade").name != second.target("first-upgrade").name
        first.start("first-upgrade")
        second.start("first-upgrade")
        assert first.run("first-upgrade", "alembic upgrade head")["ok"]
        assert set(first.snapshot("first-upgrade")["tables"]) >= {"users", "posts"}
        assert "users" not in second.snapshot("first-upgrade")["tables"]
        first.reset("first-upgrade")
        second.reset("first-upgrade")


def test_a_template_is_built_once_and_its_clones_equal_a_fresh_build(tmp_path: Path,
                                                                    pg_admin_url: str) -> None:
    course = _course(tmp_path)
    ws = tmp_path / "ws"
    engines = {p: Engine(_settings(ws, pg_admin_url, p, course), timeout=20)
               for p in ("first", "clone", "fresh")}
    engines["fresh"].pg_templates = False
    try:
        lesson = engines["first"].lesson(LESSON)
        name = template_name(lesson, "en")
        assert _names(pg_admin_url, name + "%") == []
        for engine in engines.values():
            assert engine.start(LESSON)["created"]
        built = _names(pg_admin_url, name + "%")
        assert len(built) == 1 and not _is_build(built[0])  # one template, no build left
        with _admin(pg_admin_url) as conn:
            allowed, comment = conn.execute(
                "SELECT datallowconn, shobj_description(oid, 'pg_database') FROM pg_database"
                " WHERE datname = %s", (built[0],)).fetchone()
        assert allowed is False and comment == "alembic-tutorial sandbox"
        clone, fresh = engines["clone"], engines["fresh"]
        assert clone.snapshot(LESSON) == fresh.snapshot(LESSON)
        starts = [layout.read_json(e.paths(LESSON).start_file, {}) for e in (clone, fresh)]
        for start in starts:  # alembic.ini names the learner's own database
            del start["files"]["alembic.ini"]
        assert starts[0] == starts[1]
        # A clone is the learner's own: a command there changes neither the template nor
        # another learner.
        assert clone.run(LESSON, "alembic downgrade -1")["ok"]
        assert clone.snapshot(LESSON) != fresh.snapshot(LESSON)
        engines["again"] = Engine(_settings(ws, pg_admin_url, "again", course), timeout=20)
        engines["again"].start(LESSON)
        assert engines["again"].snapshot(LESSON) == fresh.snapshot(LESSON)
    finally:
        for engine in engines.values():
            engine.close()


def test_a_room_starting_at_once_builds_one_template(tmp_path: Path, pg_admin_url: str) -> None:
    course = _course(tmp_path)
    ws = tmp_path / "ws"
    engines = [Engine(_settings(ws, pg_admin_url, f"learner{i}", course), timeout=60)
               for i in range(4)]
    results: list[object] = []
    barrier = threading.Barrier(len(engines))

    def start(engine: Engine) -> None:
        engine.worker.call("ping")  # each worker is up before the race starts
        barrier.wait()
        try:
            results.append(engine.start(LESSON)["created"])
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    threads = [threading.Thread(target=start, args=(e,)) for e in engines]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [True] * len(engines)
        name = template_name(engines[0].lesson(LESSON), "en")
        built = _names(pg_admin_url, name + "%")
        assert len(built) == 1 and not _is_build(built[0])
        snapshots = [e.snapshot(LESSON) for e in engines]
        assert all(s == snapshots[0] for s in snapshots)
    finally:
        for engine in engines:
            engine.close()


def test_a_failing_start_leaves_no_template_behind(tmp_path: Path, pg_admin_url: str) -> None:
    course = _course(tmp_path, start_sql="DROP TABLE no_such_table")
    with Engine(_settings(tmp_path / "ws", pg_admin_url, "default", course),
                timeout=20) as engine:
        name = template_name(engine.lesson(LESSON), "en")
        with pytest.raises(EngineError) as caught:
            engine.start(LESSON)
        assert "start sql failed" in str(caught.value) and "no_such_table" in str(caught.value)
    assert _names(pg_admin_url, name + "%") == []
