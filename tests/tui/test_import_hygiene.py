"""The first frame comes before the heavy imports: building the App object imports neither
SQLAlchemy nor Alembic (they load in the worker process, and the progress store opens in a
thread after the first paint)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from pathlib import Path
import tutorial.tui.app
from tutorial.settings import Settings
app = tutorial.tui.app.TutorialApp(Settings(workspace=Path(sys.argv[1])))
heavy = ("sqlalchemy", "alembic", "tutorial.engine.core", "tutorial.progress.database",
         "jinja2", "babel")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def test_app_module_and_object_do_not_import_sqlalchemy_or_alembic(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "ws")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "sqlalchemy" not in loaded
    assert "alembic" not in loaded
    assert loaded == []
