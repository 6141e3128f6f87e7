"""Messages are translated when lint runs, extractable by pybabel, and never crash."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from lint_helpers import HEADER, REPO

from tutorial import i18n
from tutorial.i18n import use_language
from tutorial.lint import RULES, lint_source
from tutorial.lint import rules as rules_pkg
from tutorial.lint.cli import main
from tutorial.lint.rules import (
    base,
    columns,
    destructive,
    downgrade,
    indexes,
    sqlite,
    structure,
    types,
)

SOURCE = HEADER + (
    "def upgrade():\n"
    "    op.add_column('users', sa.Column('age', sa.Integer, nullable=False))\n"
    "def downgrade():\n"
    "    op.drop_column('users', 'age')\n"
)


class FakeCatalogue(gettext.NullTranslations):
    """Translates the messages it knows, marks the rest."""

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def gettext(self, message: str) -> str:
        return self.table.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@pytest.fixture
def fake_ru(monkeypatch: pytest.MonkeyPatch):
    table = {
        columns.NOT_NULL_MSG: "Колонка {table}.{column} NOT NULL без значения по умолчанию ({error}).",
        columns.NOT_NULL_FIX: "Сначала nullable, потом UPDATE, потом NOT NULL для {column}.",
        "{n} error": "{n} ошибка",
    }
    catalogue = FakeCatalogue(table)
    monkeypatch.setattr(
        i18n, "translations", lambda lang: catalogue if lang == "ru" else gettext.NullTranslations()
    )
    return table


def test_message_and_fix_are_translated_at_lint_time(fake_ru) -> None:
    with use_language("ru"):
        (finding,) = lint_source(SOURCE, "m.py", "postgresql")
    assert finding.message.startswith("Колонка users.age NOT NULL")
    assert 'column "age" of relation "users"' in finding.message  # the database's own words
    assert finding.fix == "Сначала nullable, потом UPDATE, потом NOT NULL для age."
    assert finding.rule == "not-null-without-default"  # ids stay as they are
    with use_language("en"):
        (english,) = lint_source(SOURCE, "m.py", "postgresql")
    assert english.message.startswith("NOT NULL column users.age")


def test_cli_text_is_translated(fake_ru, tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(SOURCE, encoding="utf-8")
    out = io.StringIO()
    with use_language("ru"):
        code = main([str(path)], "postgresql", False, out=out, err=io.StringIO())
    assert code == 1
    assert "Колонка users.age" in out.getvalue()
    assert out.getvalue().rstrip().endswith("1 ошибка")


def test_a_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = FakeCatalogue({columns.NOT_NULL_MSG: "Колонка {таблица} сломана"})
    monkeypatch.setattr(i18n, "translations", lambda lang: catalogue)
    with use_language("ru"):
        (finding,) = lint_source(SOURCE, "m.py", "postgresql")
    assert finding.message.startswith("NOT NULL column users.age")


def _extracted(paths: list[Path]) -> set[str]:
    ids: set[str] = set()
    for path in paths:
        for _lineno, message, _comments, _context in extract_from_file("python", str(path)):
            if isinstance(message, tuple):
                ids.update(m for m in message if m)
            else:
                ids.add(message)
    return ids


def test_every_rule_message_is_found_by_pybabel_extract() -> None:
    lint_dir = REPO / "tutorial" / "lint"
    extracted = _extracted(sorted(lint_dir.rglob("*.py")))
    modules = (columns, destructive, downgrade, indexes, sqlite, structure, types)
    constants = [
        value
        for module in modules
        for name, value in vars(module).items()
        if name.endswith(("_MSG", "_FIX")) and isinstance(value, str)
    ]
    constants += list(downgrade._MESSAGES.values())
    constants += [rule.summary for rule in RULES.values()]
    constants += [rules_pkg.SYNTAX_ERROR_MSG, rules_pkg.SYNTAX_ERROR_FIX, rules_pkg.TOO_DEEP_MSG]
    assert len(constants) > 40
    missing = [c for c in constants if c not in extracted]
    assert missing == []
    assert {"{n} error", "{n} errors"} <= extracted


def test_rules_point_to_known_lessons() -> None:
    for rule in RULES.values():
        assert rule.lesson is None or rule.lesson in base.LESSONS
        assert rule.severity in ("error", "warning", "info")
        assert rule.dialects <= {"postgresql", "sqlite"}


def test_every_message_uses_only_named_placeholders() -> None:
    import string

    modules = (columns, destructive, downgrade, indexes, sqlite, structure, types, rules_pkg)
    texts = [
        value
        for module in modules
        for name, value in vars(module).items()
        if name.endswith(("_MSG", "_FIX")) and isinstance(value, str)
    ] + list(downgrade._MESSAGES.values())
    for text in texts:
        for _literal, field, spec, conversion in string.Formatter().parse(text):
            if field is not None:
                assert field.isidentifier() and not spec and not conversion, (text, field)
