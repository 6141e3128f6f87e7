"""``serve`` in a real browser: headless Chromium (Debian's package) driven by Playwright.

A visitor opens the page with the token, does the add-column lesson in the terminal on the
page (a revision, the editor, save, upgrade) and sees the goal reached and the after-table;
a second visitor does not see the first one's sandbox; the token, the room size, the idle
end and the language choice behave as docs/serve.md says.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.serve.browser import Visitor
from tests.serve.server_process import ServeProcess

REVISION = '''"""add phone to users"""
from alembic import op
import sqlalchemy as sa

revision = "4d5e6f708192"
down_revision = "3c4d5e6f7081"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade():
    op.drop_column("users", "phone")
'''


@pytest.fixture(scope="module")
def playwright() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture
def visitors(playwright: object, chromium: str, tmp_path: Path) -> Iterator[Callable[..., Visitor]]:
    made: list[Visitor] = []

    def make(accept_language: str = "en-US") -> Visitor:
        visitor = Visitor(playwright, chromium, tmp_path / f"profile{len(made)}",
                          accept_language=accept_language)
        made.append(visitor)
        return visitor

    yield make
    for visitor in made:
        visitor.close()


def _focus(visitor: Visitor) -> None:
    """Keyboard focus into the terminal without clicking on a widget of the TUI."""
    visitor.page.wait_for_selector(".xterm-helper-textarea", state="attached")
    visitor.page.focus(".xterm-helper-textarea")


def _open_lesson(visitor: Visitor, downs: int, title: str) -> None:
    visitor.wait_for_text("Continue")
    _focus(visitor)
    visitor.press(*["ArrowDown"] * downs, "Enter")
    visitor.wait_for_text("$ Type an alembic command")
    visitor.wait_for_text(title)


def _editor_has_focus(text: str) -> bool:
    """The footer (the last two lines) offers "Save" only while the editor has the focus."""
    return "Save" in "\n".join(text.splitlines()[-2:])


def _focus_console(visitor: Visitor) -> None:
    """Keys typed before the TUI has moved the focus would go to the old widget: wait for
    the footer to show the move."""
    visitor.press("Control+l")
    visitor.wait_for_screen(lambda text: not _editor_has_focus(text), "the console focused")


def _focus_editor(visitor: Visitor) -> None:
    visitor.press("Control+f")
    visitor.wait_for_screen(_editor_has_focus, "the editor focused")


def _command(visitor: Visitor, command: str) -> None:
    _focus_console(visitor)
    visitor.type(command)
    visitor.wait_for_text(f"$ {command}")
    visitor.press("Enter")


def _settled(visitor: Visitor) -> str:
    """The screen once two looks 0.3 s apart agree (a redraw may come in pieces)."""
    previous = visitor.screen_text()
    for _ in range(100):
        visitor.page.wait_for_timeout(300)
        current = visitor.screen_text()
        if current == previous:
            return current
        previous = current
    return previous


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_a_visitor_does_add_column_in_the_browser(serve: Callable[..., ServeProcess],
                                                  visitors: Callable[..., Visitor]) -> None:
    # As the "done when": bound beyond this machine, with a token.
    server = serve("--token", "workshop-T0K", "--host", "0.0.0.0")
    assert server.url.startswith("http://0.0.0.0:")
    visitor = visitors()
    response = visitor.open(server.base + "/?token=workshop-T0K")
    assert response is not None and response.status == 200
    # The token was traded for a cookie: the address bar no longer shows it.
    assert "token" not in visitor.page.url

    _open_lesson(visitor, 1, "Add a column")
    _command(visitor, 'alembic revision -m "add phone"')
    visitor.wait_for_text("_add_phone.py in the editor")
    _focus_editor(visitor)
    # The TUI's editor drops the first keys that arrive while it turns "modified" (a bug of
    # the editor, not of serve): one key first, then select all and write the file.
    visitor.press("F7")  # select all
    visitor.type("#")
    visitor.wait_for_text("modified, ctrl+s saves")
    visitor.press("F7")
    for number, line in enumerate(REVISION.rstrip("\n").split("\n")):
        if number:
            visitor.press("Enter")
        if line:
            visitor.page.keyboard.insert_text(line)  # one input event per line, as an IME does
            visitor.wait_for_text(line.strip()[-30:])  # the end: the view follows the cursor
    visitor.press("Control+s")
    visitor.wait_for_screen(lambda text: "modified, ctrl+s saves" not in text, "the file saved")
    _command(visitor, "alembic upgrade head")
    visitor.wait_for_text("Goal reached")

    # The after-table: the Tables pane shows users with the new column marked as added.
    def tables_pane(text: str) -> bool:
        return "+ column phone added" in text and "After" in text

    for _ in range(16):
        shown = _settled(visitor)
        if tables_pane(shown):
            break
        visitor.press("Control+t")  # the next pane
        with contextlib.suppress(AssertionError):  # a key lost under load: press again
            visitor.wait_for_screen(lambda text, shown=shown: text != shown, "the next pane",
                                    polls=50)
    screen = visitor.wait_for_screen(tables_pane, "the after-table with users.phone")
    after = screen[screen.index("After"):]
    assert "+pho" in after and "sara@example.com" in after, screen

    # The page loaded nothing from anywhere but this server.
    assert visitor.requests, "the page made no request at all"
    assert {_origin(url) for url in visitor.requests} == {server.base}


def test_a_second_visitor_cannot_see_the_first_ones_sandbox(
        serve: Callable[..., ServeProcess], visitors: Callable[..., Visitor]) -> None:
    server = serve()
    first, second = visitors(), visitors()
    first.open(server.url)
    _open_lesson(first, 0, "Your first upgrade")
    _command(first, 'alembic revision -m "only-for-the-first"')
    first.wait_for_text("_only_for_the_first.py in the editor")

    second.open(server.url)
    _open_lesson(second, 0, "Your first upgrade")
    _command(second, "alembic history")
    screen = second.wait_for_text("$ alembic history")
    second.wait_for_screen(lambda text: "✓" in text or "done" in text, "history's result")
    screen = second.screen_text()
    assert "only_for_the_first" not in screen and "only-for-the-first" not in screen

    folders = server.visitor_folders()
    assert len(folders) == 2
    made = [list(f.glob("workspace/profiles/*/sandboxes/*/first-upgrade/versions/*first*"))
            for f in folders]
    assert sorted(len(m) for m in made) == [0, 1]


def test_without_the_token_the_page_says_so_in_plain_words(
        serve: Callable[..., ServeProcess], visitors: Callable[..., Visitor]) -> None:
    server = serve("--token", "right-token")
    visitor = visitors()
    response = visitor.open(server.base + "/")
    assert response is not None and response.status == 403
    assert "This tutorial is private" in visitor.page.content()
    response = visitor.open(server.base + "/?token=wrong-token")
    assert response is not None and response.status == 403
    assert "not the right one" in visitor.page.content()
    response = visitor.open(server.url)
    assert response is not None and response.status == 200
    visitor.wait_for_text("Continue")
    # From now on the cookie is enough.
    response = visitor.open(server.base + "/")
    assert response is not None and response.status == 200


def test_the_room_is_full_after_max_sessions_visitors(
        serve: Callable[..., ServeProcess], visitors: Callable[..., Visitor]) -> None:
    server = serve("--max-sessions", "1")
    first, second = visitors(), visitors()
    first.open(server.url)
    first.wait_for_text("Continue")
    response = second.open(server.url)
    assert response is not None and response.status == 503
    assert "The room is full" in second.page.content()
    # The first visitor may reload: their seat is theirs.
    response = first.open(server.url)
    assert response is not None and response.status == 200
    first.wait_for_text("Continue")
    first.close()
    # Their session ends with the tab; the seat is free for the next visitor.
    for _ in range(600):
        response = second.open(server.url)
        if response is not None and response.status == 200:
            break
        second.page.wait_for_timeout(100)
    assert response is not None and response.status == 200
    second.wait_for_text("Continue")


def test_an_idle_session_ends_and_the_work_is_kept(
        serve: Callable[..., ServeProcess], visitors: Callable[..., Visitor]) -> None:
    server = serve("--idle-timeout", "3")
    visitor = visitors()
    visitor.open(server.url)
    _open_lesson(visitor, 0, "Your first upgrade")
    _command(visitor, 'alembic revision -m "kept-after-idle"')
    visitor.wait_for_text("_kept_after_idle.py in the editor")
    # No input from now on: the server ends the session, the page says so.
    visitor.page.wait_for_selector("body.-closed .closed", state="visible", timeout=120_000)
    assert "Your session has ended" in visitor.page.inner_text("body")
    assert "ending the idle session" in server.output()
    # Opening the page again starts a new session on the same workspace.
    visitor.open(server.url)
    _open_lesson(visitor, 0, "Your first upgrade")
    _focus_editor(visitor)
    visitor.wait_for_text("kept_after_idle")
    assert len(server.visitor_folders()) == 1


def test_the_visitor_picks_the_language_and_right_to_left_is_reordered_by_the_app(
        serve: Callable[..., ServeProcess], visitors: Callable[..., Visitor]) -> None:
    server = serve()
    russian = visitors(accept_language="ru-RU,ru;q=0.9,en;q=0.5")
    russian.open(server.url)
    russian.wait_for_text("Основы")  # Accept-Language: the chapter "Basics" in Russian

    persian = visitors()
    persian.open(server.url + "?lang=fa")
    # Persian "Basics" (مبانی) reaches xterm.js in visual order: the app reordered it,
    # since the browser's terminal does not.
    visual = "مبانی"[::-1]
    screen = persian.wait_for_screen(lambda text: visual in text, "Persian in visual order")
    assert "مبانی" not in screen
