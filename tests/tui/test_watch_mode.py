"""Files changed in the learner's own editor are picked up and the goal check runs."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.tui.tui_helpers import COURSE, console_text, idle, make_app, open_lesson, until
from tutorial.tui.widgets.goal_check import GoalCheck


async def test_outside_edits_are_picked_up_and_checked(workspace: Path) -> None:
    app = make_app(workspace, watch_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        goal = screen.query_one(GoalCheck)
        assert goal.check is None  # the checks show once the learner has done something

        # The learner's own editor writes a revision file into the sandbox.
        solution = COURSE / "add-column" / "solution" / "versions"
        name = "4d5e6f708192_add_phone_to_users.py"
        shutil.copyfile(solution / name, screen.project / "versions" / name)

        await until(pilot, lambda: f"versions/{name}" in screen.editor.files)
        await idle(pilot)
        await until(pilot, lambda: goal.check is not None and not goal.check["passed"]
                    and {c["id"]: c["passed"] for c in goal.check["checks"]}["new-revision"])
        assert "Files changed on disk" in console_text(screen)
        assert any(r["id"] == "4d5e6f708192" for r in screen.view["graph"]["revisions"])


async def test_open_file_reloads_when_changed_outside(workspace: Path) -> None:
    app = make_app(workspace, watch_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        screen.editor.open_file("models.py")
        path = screen.project / "models.py"
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited elsewhere\n",
                        encoding="utf-8")
        await until(pilot, lambda: "# edited elsewhere" in screen.editor.text_area.text)
        assert not screen.editor.dirty
