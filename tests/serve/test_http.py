"""serve without a browser: the command line's refusals, the page's HTML, cookies, the room,
the language choice. Real server processes; the room and the signer are pure objects."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.serve.server_process import ROOT, ServeProcess
from tutorial.serve import auth, language, pages
from tutorial.serve.options import ServeOptions, check, is_loopback
from tutorial.serve.sessions import Room, Session
from tutorial.settings import UsageError


def _cli(*args: str, workspace: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tutorial", "--workspace", str(workspace),
                           "serve", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode(errors="replace"), dict(
                response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), dict(error.headers)


# -- the command line --------------------------------------------------------------------------------
def test_binding_beyond_this_machine_without_a_token_is_refused(tmp_path: Path) -> None:
    done = _cli("--host", "0.0.0.0", workspace=tmp_path / "ws")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "refusing to serve on 0.0.0.0 without --token" in done.stderr


@pytest.mark.parametrize("args, message", [
    (("--port", "70000"), "--port must be between 0 and 65535"),
    (("--max-sessions", "0"), "--max-sessions must be at least 1"),
    (("--idle-timeout", "0"), "--idle-timeout must be more than 0 seconds"),
])
def test_bad_numbers_are_one_line_errors(tmp_path: Path, args: tuple[str, ...],
                                         message: str) -> None:
    done = _cli(*args, workspace=tmp_path / "ws")
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        done = _cli("--port", str(taken.getsockname()[1]), workspace=tmp_path / "ws")
    finally:
        taken.close()
    assert done.returncode == 2, done.stderr
    assert "cannot listen on 127.0.0.1:" in done.stderr and "Traceback" not in done.stderr


def test_options_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    check(ServeOptions(root=Path("/x"), host="0.0.0.0", token="T"))
    with pytest.raises(UsageError):
        check(ServeOptions(root=Path("/x"), host="::"))


# -- the page ---------------------------------------------------------------------------------------------
EXTERNAL = re.compile(r"""(?:https?:)?//[^"'\s)>]+""")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_page_references_nothing_outside_this_server(lang: str) -> None:
    html = pages.terminal_page(lang, "ws://127.0.0.1:8000/ws/auto/en", "/")
    external = [u for u in EXTERNAL.findall(html) if not u.startswith("//127.0.0.1:8000/")]
    assert external == []
    for attribute in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert attribute.startswith("/"), attribute
    for url in re.findall(r"url\(\"?([^\")]*)", html):
        assert url.startswith("/static/"), url
    assert f'lang="{lang}"' in html and ('dir="rtl"' in html) == (lang == "fa")
    assert "fonts.googleapis" not in html


def test_the_served_page_and_its_files_come_from_the_server(
        serve: Callable[..., ServeProcess]) -> None:
    server = serve()
    status, html, headers = _get(server.base + "/")
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "font-src 'self'" in csp
    assert [u for u in EXTERNAL.findall(html) if "127.0.0.1" not in u] == []
    for path in re.findall(r'(?:src|href)="(/static/[^"]*)"', html) + re.findall(
            r'url\("(/static/[^"]*)"', html):
        assert _get(server.base + path)[0] == 200, path
    # The websocket address follows the page's host and the visitor's language choice.
    assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws/auto/en"' in html
    _, html, _ = _get(server.base + "/?lang=fa")
    assert f"ws://127.0.0.1:{server.port}/ws/pick/fa" in html and 'dir="rtl"' in html
    _, html, _ = _get(server.base + "/", {"Accept-Language": "th-TH,th;q=0.9"})
    assert "/ws/auto/th" in html


def test_refusals_are_in_the_visitors_language(serve: Callable[..., ServeProcess]) -> None:
    server = serve("--token", "T")
    status, html, _ = _get(server.base + "/", {"Accept-Language": "ru"})
    assert status == 403 and 'lang="ru"' in html
    status, html, _ = _get(server.base + "/?lang=fa")
    assert status == 403 and 'dir="rtl"' in html
    status, html, _ = _get(server.base + "/?token=T")  # urllib follows the redirect, no cookie
    assert status == 403


def test_a_websocket_without_the_cookie_or_from_another_site_is_refused(
        serve: Callable[..., ServeProcess]) -> None:
    server = serve("--token", "T")
    status, _, _ = _get(server.base + "/ws", {"Connection": "Upgrade", "Upgrade": "websocket"})
    assert status == 403
    server2 = serve()
    status, body, _ = _get(server2.base + "/ws/auto/en", {"Origin": "http://evil.example"})
    assert status == 403 and "its own address" in body


# -- cookies, the room, the language ------------------------------------------------------------------
def test_cookies_cannot_be_forged(tmp_path: Path) -> None:
    signer = auth.Signer(auth.load_secret(tmp_path))
    assert auth.load_secret(tmp_path) == auth.load_secret(tmp_path)  # kept across restarts
    assert (tmp_path / ".secret").stat().st_mode & 0o777 == 0o600
    visitor = signer.new_visitor_id()
    assert signer.visitor_id(signer.visitor_value(visitor)) == visitor
    other = auth.Signer(b"x" * 32)
    assert other.visitor_id(signer.visitor_value(visitor)) is None
    assert signer.visitor_id(f"{'0' * 16}.{signer.visitor_value(visitor).split('.')[1]}") is None
    assert signer.visitor_id("../../etc.x") is None
    assert signer.auth_ok(signer.auth_value("T"), "T")
    assert not signer.auth_ok(signer.auth_value("T"), "U") and not signer.auth_ok(None, "T")
    token = "workshop-token-2026"
    assert token not in signer.auth_value(token)  # the cookie is not the token


def test_the_room_counts_visitors_not_tabs_and_ends_idle_ones() -> None:
    now = [0.0]
    room = Room(max_sessions=2, idle_timeout=10, clock=lambda: now[0])
    assert room.reserve("a") and room.reserve("b")
    assert not room.reserve("c")  # full
    assert room.reserve("a")  # the same visitor again: their seat
    first = Session("a", service=None, websocket=None, last_input=0.0)
    assert room.seat(first) is None
    second_tab = Session("a", service=None, websocket=None, last_input=0.0)
    assert room.seat(second_tab) is first  # the older tab is to be ended
    assert room.occupied() == 2
    now[0] = 61.0  # b's reservation lapsed: its page never connected
    assert room.occupied() == 1 and room.reserve("c")
    second_tab.last_input = 55.0
    assert room.idle() == [] and (now.__setitem__(0, 66.0) or room.idle() == [second_tab])
    room.leave(first)  # not seated any more: nothing happens
    assert room.sessions["a"] is second_tab
    room.leave(second_tab)
    assert "a" not in room.sessions


@pytest.mark.parametrize("header, expected", [
    ("fa-IR,fa;q=0.9,en;q=0.8", "fa"),
    ("de-DE,de;q=0.9,ru;q=0.5,en;q=0.3", "ru"),
    ("en;q=0.2, th;q=0.8", "th"),
    ("de, fr", None),
    ("ur;q=0, hi", "hi"),
    ("", None),
])
def test_accept_language(header: str, expected: str | None) -> None:
    assert language.from_accept_language(header) == expected


def test_the_engine_the_tui_and_the_help_do_not_load_serve_or_aiohttp() -> None:
    code = ("import sys, tutorial.cli, tutorial.tui.app, tutorial.engine.core, "
            "tutorial.engine.worker_main\n"
            "tutorial.cli.build_parser()\n"
            "print(sorted(m for m in sys.modules if m.startswith(('aiohttp', 'tutorial.serve', "
            "'textual_serve'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
    # The jail's helpers load without aiohttp too (the session side never needs it).
    code = ("import sys, tutorial.serve.isolation, tutorial.serve.pages\n"
            "print('aiohttp' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "False"
