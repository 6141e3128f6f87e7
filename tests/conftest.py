"""Shared fixtures: a private PostgreSQL for the whole run, and engines on both backends.

PostgreSQL is never skipped silently: if no server can be started (pgserver from the test
extra, or system initdb/pg_ctl), every PostgreSQL test fails with the reason.
``ALEMBIC_TUTORIAL_TEST_DB_URL`` points the tests at a server of your own instead.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tutorial.engine.core import Engine
from tutorial.settings import Settings, resolve

BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    own = os.environ.get("ALEMBIC_TUTORIAL_TEST_DB_URL")
    if own:
        yield own
        return
    from tutorial.engine.errors import PostgresUnavailable
    from tutorial.engine.postgres_server import PrivateServer

    root = Path(tempfile.mkdtemp(prefix="atut-test-pg-"))
    server = PrivateServer(root)
    try:
        url = server.url
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL tests need a server and none could be started: {exc}",
                    pytrace=False)
    yield url
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def make_settings(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., Settings]:
    def make(backend: str = "sqlite", **changes: object) -> Settings:
        db_url = None
        if backend == "postgres":
            db_url = request.getfixturevalue("pg_admin_url")
        settings = resolve(workspace=tmp_path / "ws", lang="en", db=backend, environ={})
        return settings.with_(db_url=db_url, **changes)

    return make


@pytest.fixture
def engine(make_settings: Callable[..., Settings], backend: str) -> Iterator[Engine]:
    with Engine(make_settings(backend), timeout=5.0) as eng:
        yield eng
