"""``alembic-tutorial workshop cleanup``: drop every database the tool made on a server.

Only databases that carry both marks are listed and dropped: the ``atut_`` name prefix and
the tool's ``COMMENT ON DATABASE``. Each one is proved again right before its ``DROP``
(``db_admin.drop_ours``), so a database renamed or re-commented in between survives too.
Without ``--db-url`` the workspace's private server is cleaned (when it has one).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from tutorial.i18n import _, format_number, ngettext
from tutorial.settings import Settings, UsageError


def _kind_label(kind: str) -> str:
    labels = {"sandbox": _("a learner's sandbox"), "copy": _("an undo copy"),
              "template": _("a lesson template"), "build": _("an unfinished template")}
    return labels.get(kind, kind)


def _size(num_bytes: int) -> str:
    return _("{size} MB").format(size=format_number(round(num_bytes / 1_000_000, 1)))


def _server(settings: Settings) -> tuple[str, Callable[[], None]]:
    """The admin URL to clean and how to let go of it afterwards."""
    from tutorial.engine.databases import normalize_pg_url

    if settings.db_url:
        return normalize_pg_url(settings.db_url), lambda: None
    folder = settings.workspace / "postgres"
    if not folder.is_dir():
        raise UsageError(_("No server to clean: give --db-url, or a --workspace that has a "
                           "private PostgreSQL ({folder} does not exist).").format(
                               folder=folder))
    from tutorial.engine.postgres_server import PrivateServer

    server = PrivateServer(folder)
    return normalize_pg_url(server.url), server.stop


def _confirm(count: int, ask: Callable[[str], str] | None) -> bool:
    if ask is None:
        if not sys.stdin.isatty():
            raise UsageError(_("Nothing was dropped: add --yes to drop without a question, or "
                               "--dry-run to only list."))
        ask = input
    question = ngettext("Drop this database? [y/N] ",
                        "Drop these {count} databases? [y/N] ", count).format(
                            count=format_number(count))
    answer = ask(question).strip().lower()
    return answer in {"y", "yes", _("y"), _("yes")}


def cleanup(settings: Settings, *, dry_run: bool, yes: bool, out: TextIO,
            ask: Callable[[str], str] | None = None) -> int:
    """List the tool's databases on the server, then drop them (unless ``dry_run``).

    ``ask`` asks the confirmation question (default: ``input`` on a terminal; without a
    terminal ``--yes`` is required). Exit code 0, or 1 when the answer was no.
    """
    from sqlalchemy.exc import OperationalError

    from tutorial.engine import db_admin

    url, release = _server(settings)
    try:
        try:
            found: list[dict[str, Any]] = db_admin.describe_ours(url)
        except OperationalError as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise UsageError(_("Cannot connect to the PostgreSQL server: {reason}").format(
                reason=reason)) from None
        if not found:
            out.write(_("No database made by alembic-tutorial on this server.") + "\n")
            return 0
        width = max(len(d["name"]) for d in found)
        for db in found:
            out.write(f"{db['name']:<{width}}  {_size(db['bytes']):>10}  "
                      f"{_kind_label(db['kind'])}\n")
        total = _size(sum(d["bytes"] for d in found))
        count = len(found)
        if dry_run:
            out.write(ngettext("{count} database ({size}) would be dropped.",
                               "{count} databases ({size}) would be dropped.", count).format(
                count=format_number(count), size=total) + "\n")
            return 0
        if not yes and not _confirm(count, ask):
            out.write(_("Nothing was dropped.") + "\n")
            return 1
        dropped, failed = db_admin.drop_ours(url, [d["name"] for d in found])
        for name, reason in failed.items():
            out.write(_("Could not drop {name}: {reason}").format(name=name, reason=reason)
                      + "\n")
        size = _size(sum(d["bytes"] for d in found if d["name"] in dropped))
        out.write(ngettext("Dropped {count} database ({size}).",
                           "Dropped {count} databases ({size}).", len(dropped)).format(
            count=format_number(len(dropped)), size=size) + "\n")
        return 1 if failed else 0
    finally:
        release()
