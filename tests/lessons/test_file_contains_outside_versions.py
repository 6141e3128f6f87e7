"""``file_contains`` with ``absent = true`` on a file that is not a migration (``models.py``):
the message names the file instead of speaking of migrations."""

from __future__ import annotations

from pathlib import Path

from tutorial.lessons.checks import CheckContext, evaluate

MODELS = '''class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    deprecated_field: Mapped[str | None] = mapped_column(String(30))
'''


def _check(sandbox: Path, glob: str) -> tuple[bool, str]:
    ctx = CheckContext(snapshot={"tables": {}}, sandbox=sandbox,
                       start={"files": {"models.py": "x", "versions/a_start.py": "y"}},
                       commands=[], graph={})
    goal = [{"id": "gone", "check": "file_contains", "glob": glob, "pattern": "deprecated_field",
             "new_only": False, "absent": True}]
    (result,) = evaluate(goal, ctx)["checks"]
    return result["passed"], result["message"]


def test_absent_from_models_names_the_file(tmp_path):
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "a_start.py").write_text("op.drop_column('users', 'other')\n")
    models = tmp_path / "models.py"
    models.write_text(MODELS, encoding="utf-8")
    assert _check(tmp_path, "models.py") == (False, "models.py uses deprecated_field")
    models.write_text(MODELS.replace("    deprecated_field: Mapped[str | None] = "
                                     "mapped_column(String(30))\n", ""), encoding="utf-8")
    assert _check(tmp_path, "models.py") == (True, "models.py does not use deprecated_field")
    # Migrations keep their own wording.
    assert _check(tmp_path, "versions/*.py") == (True, "no migration uses deprecated_field")
