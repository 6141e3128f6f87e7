"""The README's commands are what CI runs, and a non-editable install finds its data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```")
    return [blocks[i].strip() for i in range(1, len(blocks), 2)][:2]


def test_ci_runs_the_readmes_test_command():
    install_and_start, install_and_test = _readme_commands()
    assert "alembic-tutorial" in install_and_start
    assert "pytest" in install_and_test
    assert install_and_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_wheel_ships_lessons_and_locales_and_runs_from_a_fresh_virtualenv(tmp_path):
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheel_dir), str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheel_dir.glob("alembic_tutorial-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tutorial/_data/lessons/course.toml" in names
    assert "tutorial/_data/lessons/add-column/lesson.toml" in names
    assert any(n.startswith("tutorial/_data/locales/") and n.endswith(".mo") for n in names)
    assert "tutorial/engine/project_template/env.py" in names
    assert any(n.startswith("tutorial/progress/migrations/versions/") for n in names)

    # A fresh virtualenv that sees the already-installed dependencies but not the source tree.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True).stdout
    # The dependencies come from the test environment (a .pth file), the package from the wheel.
    Path(site.strip(), "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True, text=True, timeout=600, check=False)
    assert install.returncode == 0, install.stderr[-2000:]
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        [str(env_dir / "bin" / "alembic-tutorial"), "lessons", "--json", "--lang", "fa",
         "--workspace", str(tmp_path / "ws")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=clean_env, check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["id"] == "first-upgrade"
    where = subprocess.run(
        [str(python), "-c", "import tutorial.paths as p; print(p.lessons_dir())"],
        capture_output=True, text=True, cwd=tmp_path, env=clean_env, check=False)
    assert "_data" in where.stdout and str(env_dir) in where.stdout
