"""The web server: pages, the token, one websocket per session, idle ends.

Routes: ``/`` the terminal page (or a refusal), ``/ws/pick/<lang>`` (the visitor chose the
language), ``/ws/auto/<lang>`` (their browser's) and ``/ws`` (Accept-Language): the session's
websocket (textual-serve's protocol: JSON envelopes from the browser, the TUI's bytes back),
``/static/`` the page's own files.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from tutorial.serve import auth, isolation, language, pages
from tutorial.serve.options import ServeOptions
from tutorial.serve.process import VisitorAppService
from tutorial.serve.sessions import Room, Session
from tutorial.serve.workspaces import VisitorFolders
from tutorial.settings import UsageError

log = logging.getLogger("tutorial.serve")
STATIC_DIR = Path(textual_serve.__file__).resolve().parent / "static"
#: The websocket close code sent when a session ends for being idle.
CLOSE_IDLE = 4000
CLOSE_REPLACED = 4001

OPTIONS = web.AppKey("options", ServeOptions)
STATE = web.AppKey("state", object)
REAPER = web.AppKey("reaper", asyncio.Task)


class State:
    """Everything the handlers share."""

    def __init__(self, options: ServeOptions, fence: isolation.Isolation) -> None:
        self.options = options
        self.isolation = fence
        self.signer = auth.Signer(auth.load_secret(options.root))
        self.folders = VisitorFolders(options.root, own_uids=fence.own_uid)
        self.room = Room(options.max_sessions, options.idle_timeout)
        self.downloads = DownloadManager()
        self.ending: set[asyncio.Task[None]] = set()
        self._locks: dict[str, asyncio.Lock] = {}

    def lock(self, visitor_id: str) -> asyncio.Lock:
        return self._locks.setdefault(visitor_id, asyncio.Lock())


def _state(request: web.Request) -> State:
    return request.app[STATE]  # type: ignore[return-value]


def _page_language(request: web.Request, options: ServeOptions) -> str:
    return (language.from_query(request.query.get("lang"))
            or language.from_accept_language(request.headers.get("Accept-Language"))
            or options.default_lang or "en")


def _secure(request: web.Request) -> bool:
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def _headers(request: web.Request) -> dict[str, str]:
    host = request.host
    return {
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"font-src 'self'; img-src 'self' data:; connect-src 'self' ws://{host} "
            f"wss://{host}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    }


def _html(request: web.Request, body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8",
                        headers=_headers(request))


def _authorised(request: web.Request, state: State) -> bool:
    token = state.options.token
    return token is None or state.signer.auth_ok(request.cookies.get(auth.AUTH_COOKIE), token)


def _set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str,
                max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True,
                        samesite="Strict", secure=_secure(request))


# -- the page ---------------------------------------------------------------------------------------
async def handle_index(request: web.Request) -> web.StreamResponse:
    state = _state(request)
    options = state.options
    lang = _page_language(request, options)
    explicit = language.from_query(request.query.get("lang"))
    keep = {"lang": explicit} if explicit else {}
    here = "/" + (f"?{urlencode(keep)}" if keep else "")

    given = request.query.get("token")
    if options.token is not None and given is not None:
        if not state.signer.token_matches(given, options.token):
            return _html(request, pages.forbidden_page(lang, token_given=True), 403)
        # The token leaves the address bar: a cookie carries the proof from now on.
        response = web.HTTPSeeOther(here)
        _set_cookie(response, request, auth.AUTH_COOKIE, state.signer.auth_value(options.token),
                    max_age=auth.VISITOR_COOKIE_AGE)
        return response
    if not _authorised(request, state):
        return _html(request, pages.forbidden_page(lang, token_given=False), 403)

    visitor_id = state.signer.visitor_id(request.cookies.get(auth.VISITOR_COOKIE))
    new_visitor = visitor_id is None
    if visitor_id is None:
        visitor_id = state.signer.new_visitor_id()
    if not state.room.reserve(visitor_id):
        return _html(request, pages.full_page(lang, options.max_sessions), 503)

    scheme = "wss" if _secure(request) else "ws"
    path = f"/ws/pick/{explicit}" if explicit else f"/ws/auto/{lang}"
    websocket = f"{scheme}://{request.host}{path}"
    try:
        font_size = max(8, min(40, int(request.query.get("fontsize", "16"))))
    except ValueError:
        font_size = 16
    response = _html(request, pages.terminal_page(lang, websocket, here, font_size))
    if new_visitor:
        _set_cookie(response, request, auth.VISITOR_COOKIE, state.signer.visitor_value(visitor_id),
                    max_age=auth.VISITOR_COOKIE_AGE)
    return response


# -- the session ------------------------------------------------------------------------------------
def _same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if not origin:  # not a browser (a script): the cookie is its proof
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()


def _size(request: web.Request, name: str, default: int) -> int:
    try:
        return max(10, min(1000, int(request.query.get(name, default))))
    except ValueError:
        return default


async def handle_websocket(request: web.Request) -> web.StreamResponse:
    state = _state(request)
    options = state.options
    lang = _page_language(request, options)
    if not _same_origin(request):
        return _html(request, pages.bad_origin_page(lang), 403)
    if not _authorised(request, state):
        return _html(request, pages.forbidden_page(lang, token_given=False), 403)
    visitor_id = state.signer.visitor_id(request.cookies.get(auth.VISITOR_COOKIE))
    if visitor_id is None:
        return _html(request, pages.forbidden_page(lang, token_given=False), 403)
    if not state.room.take_seat(visitor_id):
        return _html(request, pages.full_page(lang, options.max_sessions), 503)

    explicit, default = _session_language(request, options)
    visitor = await asyncio.get_running_loop().run_in_executor(
        None, state.folders.ensure, visitor_id)
    websocket = web.WebSocketResponse(heartbeat=15)
    await websocket.prepare(request)
    service = VisitorAppService(
        visitor=visitor, options=options, isolation=state.isolation, explicit_lang=explicit,
        default_lang=default, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
        close=websocket.close, download_manager=state.downloads)
    session = Session(visitor_id, service, websocket)
    previous = state.room.seat(session)
    if previous is not None:  # the same visitor in a new tab (or a reload): the old one ends
        await _end(state, previous, "replaced", CLOSE_REPLACED)
    try:
        async with state.lock(visitor_id):  # an ending session of this visitor finishes first
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
        log.info("session started for visitor %s (%d seated)", visitor_id, state.room.occupied())
        await _pump(websocket, service, session)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        await _end(state, session, "closed", 1000)
    return websocket


def _session_language(request: web.Request, options: ServeOptions) -> tuple[str | None, str | None]:
    """(the language the visitor picked, the default from their browser), from the path
    the page gave the websocket: ``/ws/pick/fa`` or ``/ws/auto/ru``."""
    lang = language.from_query(request.match_info.get("lang"))
    if request.match_info.get("mode") == "pick" and lang:
        return lang, None
    return None, lang or language.from_accept_language(
        request.headers.get("Accept-Language")) or options.default_lang


async def _pump(websocket: web.WebSocketResponse, service: VisitorAppService,
                session: Session) -> None:
    """Browser -> TUI: keystrokes and mouse (which count as activity), resizes, pings."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = message.json()
            kind = envelope[0]
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(envelope[1], str):
            session.touch()
            await service.send_bytes(envelope[1].encode("utf-8"))
        elif kind == "resize" and isinstance(envelope[1], dict):
            session.touch()
            data = envelope[1]
            with contextlib.suppress(KeyError, TypeError, ValueError):
                await service.set_terminal_size(int(data["width"]), int(data["height"]))
        elif kind == "ping":
            await websocket.send_json(["pong", envelope[1] if len(envelope) > 1 else ""])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


async def _end(state: State, session: Session, why: str, code: int) -> None:
    """End ``session`` (once): its processes, its seat, its websocket. Under the visitor's
    lock, so that a new session of the same visitor starts only after the sweep."""
    if session.ended_because is None:
        session.ended_because = why
    async with state.lock(session.visitor_id):
        state.room.leave(session)
        if not session.done:
            session.done = True
            alone = session.visitor_id not in state.room.sessions
            await session.service.end(state.options.stop_grace, whole_visitor=alone)
            log.info("session of visitor %s ended (%s)", session.visitor_id,
                     session.ended_because)
    with contextlib.suppress(Exception):
        await session.websocket.close(code=code, message=session.ended_because.encode())


async def _reap_idle(app: web.Application) -> None:
    state: State = app[STATE]  # type: ignore[assignment]
    period = max(0.5, min(30.0, state.options.idle_timeout / 4))
    while True:
        await asyncio.sleep(period)
        for session in state.room.idle():
            log.info("ending the idle session of visitor %s", session.visitor_id)
            task = asyncio.create_task(_end(state, session, "idle", CLOSE_IDLE))
            state.ending.add(task)
            task.add_done_callback(state.ending.discard)


async def _start_reaper(app: web.Application) -> None:
    app[REAPER] = asyncio.create_task(_reap_idle(app))


async def _stop(app: web.Application) -> None:
    app[REAPER].cancel()
    state: State = app[STATE]  # type: ignore[assignment]
    await asyncio.gather(*(_end(state, s, "server stopped", 1001)
                           for s in list(state.room.sessions.values())),
                         return_exceptions=True)


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)


def build_app(options: ServeOptions, fence: isolation.Isolation) -> web.Application:
    app = web.Application()
    app[OPTIONS] = options
    app[STATE] = State(options, fence)
    app.add_routes([
        web.get("/", handle_index),
        web.get("/ws", handle_websocket),
        web.get("/ws/{mode}/{lang}", handle_websocket),
        web.get("/favicon.ico", _no_icon),
        web.static("/static", STATIC_DIR, show_index=False),
    ])
    app.on_startup.append(_start_reaper)
    app.on_shutdown.append(_stop)
    return app


def run(options: ServeOptions) -> int:
    """Serve until Ctrl+C or SIGTERM. Prints the address (with the token) on stdout."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s",
                        stream=sys.stderr)
    fence = isolation.detect(options)
    app = build_app(options, fence)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, options.host, options.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise UsageError(f"cannot listen on {options.host}:{options.port}: "
                             f"{exc.strerror or exc}") from None
        port = runner.addresses[0][1] if runner.addresses else options.port
        host = f"[{options.host}]" if ":" in options.host else options.host
        query = f"?{urlencode({'token': options.token})}" if options.token else ""
        print(f"Serving alembic-tutorial on http://{host}:{port}/{query}", flush=True)
        print(f"Isolation: {fence.describe()}; up to {options.max_sessions} sessions; "
              f"idle sessions end after {options.idle_timeout:g} s", flush=True)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()

    asyncio.run(main())
    return 0
