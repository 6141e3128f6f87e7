"""Lesson templates on PostgreSQL: a lesson's start state is built once per server, and every
sandbox of that lesson is a ``CREATE DATABASE ... TEMPLATE`` copy of it.

The template's name carries a hash of everything that goes into the start state (the lesson's
start files, its start revision, rows in the learner's language, start SQL, the project
template, the tool's version), so a changed lesson gets a new template and never a stale one.
Old templates stay until ``alembic-tutorial workshop cleanup``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tutorial import __version__
from tutorial.engine.databases import pg_template_name
from tutorial.engine.layout import TEMPLATE_DIR
from tutorial.lessons.model import Lesson


def _feed_tree(digest: hashlib._Hash, root: Path) -> None:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


def template_key(lesson: Lesson, lang: str) -> str:
    """A hash of everything that builds the lesson's start database in language ``lang``."""
    digest = hashlib.sha256()
    facts = {
        "version": __version__,
        "lesson": lesson.id,
        "upgrade": lesson.start_upgrade,
        "data": lesson.data_for(lang),
        "sql": list(lesson.start_sql),
    }
    digest.update(json.dumps(facts, sort_keys=True, default=str).encode())
    _feed_tree(digest, TEMPLATE_DIR)
    _feed_tree(digest, lesson.start_dir)
    return digest.hexdigest()


def lesson_builds_database(lesson: Lesson) -> bool:
    """False for a lesson that starts from an empty database (nothing to copy: an empty
    ``CREATE DATABASE`` is as fast as a copy, and needs no template)."""
    return bool(lesson.start_upgrade or lesson.start_sql or lesson.start_data
                or any(lesson.locale_data.values()))


def template_name(lesson: Lesson, lang: str) -> str:
    return pg_template_name(lesson.id, template_key(lesson, lang))
