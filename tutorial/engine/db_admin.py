"""Create, copy, restore and drop sandbox databases (worker side).

SQLite copies files. PostgreSQL copies with ``CREATE DATABASE ... TEMPLATE``. Before changing
or dropping a PostgreSQL database the tool proves it made it: the name has the tool's prefix
and the database carries the tool's comment. Anything else is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, pool, text
from sqlalchemy.engine import Engine

from tutorial.engine.databases import (
    PG_MARKER,
    PG_MAX_NAME,
    PG_PREFIX,
    PG_TEMPLATE_PREFIX,
    DatabaseTarget,
    with_database,
)
from tutorial.engine.errors import ForeignDatabase

_SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def _no_implicit_transactions(dbapi_connection: Any, record: Any) -> None:
    dbapi_connection.isolation_level = None


def _emit_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    """An engine that keeps no pooled connections, so the database can be replaced (file
    copy, DROP DATABASE) between commands.

    SQLite gets the sandbox env.py's recipe (emit BEGIN ourselves) so that DDL is
    transactional: a failing migration leaves nothing behind.
    """
    engine = create_engine(url, poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _no_implicit_transactions)
        event.listen(engine, "begin", _emit_begin)
    return engine


#: One engine per sandbox URL for the worker's life.
engine_for = cache(make_engine)


def _admin(target: DatabaseTarget) -> Engine:
    assert target.admin_url
    return engine_for(target.admin_url).execution_options(isolation_level="AUTOCOMMIT")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_comment(conn, name: str) -> str | None:  # type: ignore[no-untyped-def]
    row = conn.execute(
        text("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :n"),
        {"n": name},
    ).first()
    if row is None:
        return None
    return row[0] or ""


def _pg_exists(conn, name: str) -> bool:  # type: ignore[no-untyped-def]
    return conn.execute(
        text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
    ).first() is not None


def assert_ours(conn, name: str) -> None:  # type: ignore[no-untyped-def]
    """Refuse any database the tool did not create."""
    comment = _pg_comment(conn, name)
    if not name.startswith(PG_PREFIX) or (comment is not None and comment != PG_MARKER):
        raise ForeignDatabase(
            f"database {name!r} was not created by alembic-tutorial; it will not be touched"
        )


def _pg_create(conn, name: str, template: str | None = None) -> None:  # type: ignore[no-untyped-def]
    if not name.startswith(PG_PREFIX):
        raise ForeignDatabase(f"refusing to create {name!r}: not an alembic-tutorial name")
    clause = f" TEMPLATE {_quote(template)}" if template else ""
    conn.execute(text(f"CREATE DATABASE {_quote(name)}{clause}"))
    conn.execute(text(f"COMMENT ON DATABASE {_quote(name)} IS '{PG_MARKER}'"))


def _pg_drop(conn, name: str) -> None:  # type: ignore[no-untyped-def]
    if not _pg_exists(conn, name):
        return
    assert_ours(conn, name)
    if conn.execute(text("SELECT datistemplate FROM pg_database WHERE datname = :n"),
                    {"n": name}).scalar():
        conn.execute(text(f"ALTER DATABASE {_quote(name)} IS_TEMPLATE false"))
    conn.execute(text(f"DROP DATABASE {_quote(name)} WITH (FORCE)"))


def create_fresh(target: DatabaseTarget) -> None:
    """An empty database for a new sandbox (an old one of ours is dropped first)."""
    if target.kind == "sqlite":
        assert target.path
        for suffix in ("", *_SQLITE_SIDE_FILES):
            Path(target.path + suffix).unlink(missing_ok=True)
        return
    assert target.name
    with _admin(target).connect() as conn:
        _pg_drop(conn, target.name)
        _pg_create(conn, target.name)


def ensure_ours(target: DatabaseTarget) -> bool:
    """True when the sandbox database exists (and is ours); refuses a foreign one."""
    if target.kind == "sqlite":
        return Path(target.path or "").exists()
    assert target.name
    with _admin(target).connect() as conn:
        if not _pg_exists(conn, target.name):
            return False
        assert_ours(conn, target.name)
        return True


def backup_name(target: DatabaseTarget, slot: str) -> str:
    if target.kind == "sqlite":
        raise ValueError("SQLite backups are files")
    name = f"{target.name}_{slot}"
    if len(name.encode()) > PG_MAX_NAME:  # a very long slot: its hash keeps the name unique
        name = f"{target.name}_h{hashlib.sha256(slot.encode()).hexdigest()}"[:PG_MAX_NAME]
    return name


def backup(target: DatabaseTarget, slot: str, folder: str | None = None) -> None:
    """Copy the sandbox database to backup ``slot`` (SQLite: a file in ``folder``)."""
    if target.kind == "sqlite":
        assert target.path and folder
        dest = Path(folder) / f"{slot}.db"
        dest.parent.mkdir(parents=True, exist_ok=True)
        if Path(target.path).exists():
            shutil.copyfile(target.path, dest)
        else:
            dest.unlink(missing_ok=True)
            dest.with_suffix(".absent").touch()
        return
    with _admin(target).connect() as conn:
        assert_ours(conn, target.name or "")
        copy = backup_name(target, slot)
        _pg_drop(conn, copy)
        _pg_create(conn, copy, template=target.name)


def restore(target: DatabaseTarget, slot: str, folder: str | None = None,
            keep: bool = False) -> None:
    """Put backup ``slot`` back as the sandbox database (``keep``: leave the backup too)."""
    if target.kind == "sqlite":
        assert target.path and folder
        src = Path(folder) / f"{slot}.db"
        for suffix in _SQLITE_SIDE_FILES:
            Path(target.path + suffix).unlink(missing_ok=True)
        if src.exists():
            if keep:
                tmp = target.path + ".restoring"
                shutil.copyfile(src, tmp)
                os.replace(tmp, target.path)
            else:
                os.replace(src, target.path)
        elif (Path(folder) / f"{slot}.absent").exists():
            Path(target.path).unlink(missing_ok=True)
        else:
            raise FileNotFoundError(f"no backup {slot!r}")
        return
    with _admin(target).connect() as conn:
        copy = backup_name(target, slot)
        if not _pg_exists(conn, copy):
            raise FileNotFoundError(f"no backup {slot!r}")
        assert_ours(conn, copy)
        _pg_drop(conn, target.name or "")
        if keep:
            _pg_create(conn, target.name or "", template=copy)
        else:
            # The backup becomes the database: a rename, not a copy.
            conn.execute(text(f"ALTER DATABASE {_quote(copy)} RENAME TO {_quote(target.name or '')}"))


def drop_backup(target: DatabaseTarget, slot: str, folder: str | None = None) -> None:
    if target.kind == "sqlite":
        assert folder
        for suffix in (".db", ".absent"):
            (Path(folder) / f"{slot}{suffix}").unlink(missing_ok=True)
        return
    with _admin(target).connect() as conn:
        _pg_drop(conn, backup_name(target, slot))


def drop(target: DatabaseTarget) -> None:
    """Drop the sandbox database and every copy of it the tool made."""
    if target.kind == "sqlite":
        for suffix in ("", *_SQLITE_SIDE_FILES):
            Path((target.path or "") + suffix).unlink(missing_ok=True)
        return
    with _admin(target).connect() as conn:
        names = [
            r[0] for r in conn.execute(
                text("SELECT datname FROM pg_database WHERE datname = :n OR datname LIKE :p"),
                {"n": target.name, "p": f"{target.name}\\_%"},
            )
        ]
        for name in names:
            _pg_drop(conn, name)


def list_ours(admin_url: str, prefix: str = PG_PREFIX) -> list[str]:
    """Every database on the server that the tool made (name and comment both match)."""
    engine = engine_for(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
                " WHERE datname LIKE :p"
            ),
            {"p": prefix.replace("_", "\\_") + "%"},
        )
        return sorted(name for name, comment in rows if comment == PG_MARKER)


# -- lesson templates (one per server and lesson start state) ---------------------------------


@contextlib.contextmanager
def template_lock(admin_url: str, name: str) -> Iterator[None]:
    """Hold a server-wide advisory lock for building template ``name``.

    A whole room opens the first lesson at once: one process builds the template while the
    others wait here, then find it built. The lock is a session lock on its own connection,
    released when the block ends or the process dies.
    """
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    engine = engine_for(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})


@cache
def role_template_name(admin_url: str, name: str) -> str:
    """Template ``name`` for the role this URL logs in as.

    A copy keeps the owners of the tables inside it: a sandbox cloned from another role's
    template would belong to the learner while its tables do not (permission denied on the
    first query). So each role gets its own templates (``serve`` visitors may connect as
    different operating-system users to one server).
    """
    engine = engine_for(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        role = conn.execute(text("SELECT current_user")).scalar() or ""
    return f"{name}_{hashlib.sha256(role.encode()).hexdigest()[:6]}"


def template_exists(admin_url: str, name: str) -> bool:
    """True when template ``name`` is on the server (and is ours; a foreign one is refused)."""
    engine = engine_for(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not _pg_exists(conn, name):
            return False
        assert_ours(conn, name)
        return True


def new_template_build(admin_url: str, name: str) -> DatabaseTarget:
    """An empty database to build template ``name`` in, under a name of its own: a build
    that dies half-way never leaves a half-built template behind (cleanup drops it)."""
    if not name.startswith(PG_TEMPLATE_PREFIX):
        raise ForeignDatabase(f"refusing to build {name!r}: not an alembic-tutorial template")
    building = f"{name}_b{secrets.token_hex(3)}"
    target = DatabaseTarget(kind="postgresql", url=with_database(admin_url, building),
                            admin_url=admin_url, name=building)
    create_fresh(target)
    return target


def publish_template(building: DatabaseTarget, name: str) -> None:
    """The finished build becomes template ``name``, closed to connections (a connection to a
    template makes ``CREATE DATABASE ... TEMPLATE`` fail)."""
    with _admin(building).connect() as conn:
        assert_ours(conn, building.name or "")
        _pg_drop(conn, name)
        conn.execute(text(f"ALTER DATABASE {_quote(building.name or '')} RENAME TO "
                          f"{_quote(name)}"))
        conn.execute(text(f"ALTER DATABASE {_quote(name)} WITH ALLOW_CONNECTIONS false"))


def drop_build(building: DatabaseTarget) -> None:
    with _admin(building).connect() as conn:
        _pg_drop(conn, building.name or "")


def clone_template(target: DatabaseTarget, template: str) -> None:
    """The sandbox database as a copy of ``template`` (an old one of ours is dropped first)."""
    assert target.name
    with _admin(target).connect() as conn:
        if not template.startswith(PG_TEMPLATE_PREFIX) or not _pg_exists(conn, template):
            raise FileNotFoundError(f"no template {template!r}")
        assert_ours(conn, template)
        _pg_drop(conn, target.name)
        _pg_create(conn, target.name, template=template)


# -- every database of ours on a server (workshop cleanup) ----------------------------------


def describe_ours(admin_url: str) -> list[dict[str, object]]:
    """Every database on the server the tool made (prefix and comment both match), with
    its kind (``sandbox``, ``copy``, ``template``, ``build``) and size in bytes."""
    engine = engine_for(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        # The size only of ours: pg_database_size needs CONNECT, which a foreign one may deny.
        rows = conn.execute(
            text(
                "SELECT datname, pg_database_size(oid) FROM pg_database"
                " WHERE datname LIKE :p AND shobj_description(oid, 'pg_database') = :m"
                " ORDER BY datname"
            ),
            {"p": PG_PREFIX.replace("_", "\\_") + "%", "m": PG_MARKER},
        )
        found = list(rows)
    return [{"name": name, "kind": _kind(name), "bytes": int(size or 0)}
            for name, size in found]


_BUILD_RE = re.compile(re.escape(PG_TEMPLATE_PREFIX) + r".+_b[0-9a-f]{6}")
_COPY_RE = re.compile(r".*_[0-9a-f]{8}_(u[0-9]+|x|e|h[0-9a-f]+)")


def _kind(name: str) -> str:
    if name.startswith(PG_TEMPLATE_PREFIX):
        return "build" if _BUILD_RE.fullmatch(name) else "template"
    if _COPY_RE.fullmatch(name):
        return "copy"
    return "sandbox"


def drop_ours(admin_url: str, names: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop each database in ``names`` that is ours (proved again, one by one, right before
    its DROP). Returns the ones dropped and, by name, why others could not be (another role
    owns it, it became foreign in between): one failure never stops the rest."""
    from sqlalchemy.exc import DBAPIError

    engine = engine_for(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    dropped: list[str] = []
    failed: dict[str, str] = {}
    with engine.connect() as conn:
        for name in names:
            try:
                if _pg_exists(conn, name):
                    _pg_drop(conn, name)
                    dropped.append(name)
            except ForeignDatabase as exc:
                failed[name] = str(exc)
            except DBAPIError as exc:
                failed[name] = str(exc.orig or exc).strip().splitlines()[0]
    return dropped, failed
