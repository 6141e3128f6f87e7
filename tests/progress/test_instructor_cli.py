"""``alembic-tutorial progress room``: CSV and JSON for scripts, a text table without a
terminal, one-line errors; ``progress show/export/import`` keep working beside it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from instructor_helpers import PERSIAN, make_classroom

from tutorial.cli import main
from tutorial.instructor.export import CSV_COLUMNS


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("room-cli") / "ws"
    make_classroom(root)
    return root


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _lessons() -> list[str]:
    from tutorial.lessons.loader import load_course
    from tutorial.paths import lessons_dir

    return [x.id for x in load_course(lessons_dir()).ordered() if not x.free_play]


def test_room_json(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["progress", "room", str(classroom), "--json", "--lang", "en"],
                          capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["lessons"] == _lessons()
    learners = {x["learner"]: x for x in data["learners"]}
    assert set(learners) == {"ana", "bo", PERSIAN, "v1"}
    bo = learners["bo"]
    assert data["learners"][0]["learner"] == "bo"  # stuck first
    assert bo["stuck"] is True and bo["stuck_reasons"][:2] == ["failed", "hints"]
    assert (bo["attempts"], bo["failed_commands"], bo["hints_used"]) == (3, 3, 2)
    assert bo["current_lesson"] == "first-upgrade" and bo["problem"] is None
    assert learners["ana"]["statuses"]["first-upgrade"] == "done"
    assert learners["ana"]["done"] == 1 and learners["ana"]["total"] == len(_lessons())


def test_room_csv(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["progress", "room", str(classroom), "--csv"], capsys)
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    header = next(csv.reader(io.StringIO(out)))
    assert header == [*CSV_COLUMNS, *_lessons()]
    by = {r["learner"]: r for r in rows}
    assert by["bo"]["stuck"] == "True" and by["bo"]["stuck_reasons"].startswith("failed;hints")
    assert by["bo"]["seconds_since_last_success"] == ""  # never: an empty cell
    assert by["ana"]["first-upgrade"] == "done" and by["ana"]["add-column"] == "in_progress"
    assert by[PERSIAN]["profile"] == PERSIAN


def test_progress_json_without_room_reads_the_workspace(classroom: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    code, out, _err = _run(["progress", "--json", "--workspace", str(classroom)], capsys)
    assert code == 0
    assert {x["learner"] for x in json.loads(out)["learners"]} == {"ana", "bo", PERSIAN, "v1"}


def test_room_without_a_terminal_prints_the_table(classroom: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(["progress", "room", str(classroom), "--lang", "fa"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert any(line.startswith("bo ") and "▶" in line for line in lines)
    assert "۱" in lines[0]  # lesson numbers in Persian digits
    # The note on who looks stuck, with bo's counts in Persian digits.
    assert any("bo" in line and "first-upgrade" in line and "۳" in line for line in lines[1:])


def test_a_damaged_store_is_a_row_not_a_failure(classroom: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "progress.sqlite3").write_bytes(
        (classroom / "progress.sqlite3").read_bytes())
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "progress.sqlite3").write_bytes(b"\0garbage" * 100)
    code, out, err = _run(["progress", "room", str(tmp_path), "--json"], capsys)
    assert (code, err) == (0, "")
    rows = {x["learner"]: x for x in json.loads(out)["learners"]}
    assert rows["b"]["problem"]["kind"] == "damaged"
    assert rows["a/bo"]["stuck"] is True
    code, out, _err = _run(["progress", "room", str(tmp_path)], capsys)
    assert code == 0 and "!!" in out


@pytest.mark.parametrize("args, words", [
    (["progress", "room", "--csv", "--json"], "--csv"),
    (["progress", "room", "--watch", "--json"], "--watch"),
    (["progress", "room", "--watch"], "terminal"),
    (["progress", "export", "--csv"], "progress room"),
    (["progress", "room", "--interval", "0"], "--interval"),
    (["progress", "room", "--stuck-after", "-1"], "--stuck-after"),
    (["progress", "room", "/no/such/folder"], "not a folder"),
    (["progress", "room", "--interval", "soon"], "invalid float"),
])
def test_bad_usage_is_one_line_and_exit_2(classroom: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], words: str) -> None:
    code, out, err = _run([*args, "--workspace", str(classroom)], capsys)
    assert code == 2
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_empty_room(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(["progress", "room", str(tmp_path), "--json"], capsys)
    assert code == 0 and json.loads(out)["learners"] == []
    code, out, _err = _run(["progress", "room", str(tmp_path)], capsys)
    assert code == 0 and "No learner" in out


def test_progress_show_export_import_still_work(classroom: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    ws = ["--workspace", str(classroom)]
    code, out, _err = _run(["progress", *ws], capsys)
    assert code == 0 and "bo may be stuck on first-upgrade" in out
    code, out, _err = _run(["progress", "show", "--format", "json", *ws], capsys)
    assert code == 0 and {r["profile"] for r in json.loads(out)} >= {"ana", "bo"}
    exported = tmp_path / "bo.json"
    code, _out, _err = _run(["progress", "export", str(exported), "--profile", "bo", *ws],
                            capsys)
    assert code == 0 and json.loads(exported.read_text())["profile"] == "bo"
    code, out, _err = _run(["progress", "import", str(exported), "--profile", "bo2",
                            "--workspace", str(tmp_path / "other")], capsys)
    assert code == 0
    code, out, _err = _run(["progress", "room", str(tmp_path / "other"), "--json"], capsys)
    assert json.loads(out)["learners"][0]["failed_commands"] == 3


def test_on_a_terminal_progress_room_opens_the_screen(classroom: Path) -> None:
    """In a real pseudo-terminal the command draws the live screen, and q quits it."""
    import os
    import pty
    import select
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutorial", "progress", "room", str(classroom), "--lang", "en",
         "--interval", "1"], stdin=follower, stdout=follower, stderr=follower, env=env,
        close_fds=True)
    os.close(follower)
    seen = b""
    sent = False
    try:
        for _ in range(3000):  # bounded by reads, not by the clock
            ready, _w, _x = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the program ended and closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            if not sent and "Instructor view" in _plain(seen):
                os.write(leader, b"q")
                sent = True
        assert sent, _plain(seen)[-500:]
        assert proc.wait() == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)


def _plain(raw: bytes) -> str:
    """Terminal output without its escape sequences (colours, cursor moves)."""
    import re

    text = raw.decode("utf-8", "replace")
    return re.sub(r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-_])", "",
                  text)
