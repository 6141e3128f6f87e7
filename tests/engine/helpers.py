"""Writing migration files into a sandbox the way a learner would."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tutorial.engine.core import Engine

HEAD = "3c4d5e6f7081"  # the head of the add-column lesson's starting chain


def write_revision(engine: Engine, lesson: str, rev: str, down: str | None, upgrade: str,
                   downgrade: str = "pass", name: str | None = None) -> Path:
    body = f'''"""{name or rev}

Revision ID: {rev}
Revises: {down or ""}
"""
from alembic import op
import sqlalchemy as sa

revision = {rev!r}
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
{textwrap.indent(textwrap.dedent(upgrade).strip(), "    ")}


def downgrade():
{textwrap.indent(textwrap.dedent(downgrade).strip(), "    ")}
'''
    path = engine.paths(lesson).project / "versions" / f"{rev}_{name or 'test'}.py"
    path.write_text(body, encoding="utf-8")
    return path


def tables(engine: Engine, lesson: str) -> dict[str, list[str]]:
    snap = engine.snapshot(lesson)
    return {name: [c["name"] for c in t["columns"]] for name, t in snap["tables"].items()}
