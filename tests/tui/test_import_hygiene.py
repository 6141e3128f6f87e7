"""The first frame comes before the heavy imports: building the App object imports neither
SQLAlchemy nor Alembic (they load in the worker process, and the progress store opens in a
thread after the first paint)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from pathlib import Path
import tutorial.tui.app
from tutorial.settings import Settings
app = tutorial.tui.app.TutorialApp(Settings(workspace=Path(sys.argv[1])))
heavy = ("sqlalchemy", "alembic", "tutorial.engine.core")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def test_app_module_and_object_do_not_import_sqlalchemy_or_alembic(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "ws")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "sqlalchemy" not in loaded
    assert "alembic" not in loaded
    assert loaded == []


def test_the_cli_without_a_subcommand_runs_the_tui_in_the_language_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``alembic-tutorial --lang fa`` builds the TUI with Persian settings."""
    from tutorial import cli
    from tutorial.i18n import current_language, set_language
    from tutorial.tui.app import TutorialApp

    seen: dict[str, object] = {}

    def fake_run(self: TutorialApp, *args: object, **kwargs: object) -> int:
        seen["lang"] = self.settings.lang
        seen["layout"] = self.text_layout.lang
        return 0

    monkeypatch.setattr(TutorialApp, "run", fake_run)
    before = current_language()
    try:
        assert cli.main(["--lang", "fa", "--workspace", str(tmp_path / "ws")]) == 0
    finally:
        set_language(before)  # the CLI sets the process-wide language
    assert seen == {"lang": "fa", "layout": "fa"}
