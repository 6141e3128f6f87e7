"""The token and the cookies: who may open a session, and which workspace is theirs.

A visitor presents the token once (``/?token=T``); the server answers with a cookie that holds
an HMAC of the token under the server's secret (not the token itself), so the token leaves
the address bar and the browser history at the first redirect. A second cookie names the
visitor: a random id, signed with the same secret, so nobody can pick another visitor's id.
The secret lives in ``<root>/.secret`` (0600): visitors keep their workspace across restarts.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

AUTH_COOKIE = "atut_auth"
VISITOR_COOKIE = "atut_visitor"
VISITOR_ID_RE = re.compile(r"^[0-9a-f]{16}$")
#: A visitor keeps their workspace for this long without coming back (seconds).
VISITOR_COOKIE_AGE = 30 * 24 * 3600


def load_secret(root: Path) -> bytes:
    """The server's signing key: made once (32 random bytes, mode 0600), then reused."""
    path = root / ".secret"
    with contextlib.suppress(FileNotFoundError):
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    root.mkdir(parents=True, exist_ok=True)
    data = secrets.token_bytes(32)
    tmp = root / f".secret.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return data


def _mac(secret: bytes, purpose: str, value: str) -> str:
    digest = hmac.new(secret, f"{purpose}\0{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class Signer:
    """Cookie values bound to this server's secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    # -- the token ---------------------------------------------------------------------------
    @staticmethod
    def token_matches(given: str | None, token: str) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), token.encode())

    def auth_value(self, token: str) -> str:
        return _mac(self._secret, "auth", token)

    def auth_ok(self, cookie: str | None, token: str) -> bool:
        return cookie is not None and hmac.compare_digest(cookie, self.auth_value(token))

    # -- the visitor ----------------------------------------------------------------------------
    @staticmethod
    def new_visitor_id() -> str:
        return secrets.token_hex(8)

    def visitor_value(self, visitor_id: str) -> str:
        return f"{visitor_id}.{_mac(self._secret, 'visitor', visitor_id)}"

    def visitor_id(self, cookie: str | None) -> str | None:
        """The visitor id a cookie carries, or None when it is missing or forged."""
        if not cookie or "." not in cookie:
            return None
        visitor_id, mac = cookie.split(".", 1)
        if not VISITOR_ID_RE.match(visitor_id):
            return None
        if not hmac.compare_digest(mac, _mac(self._secret, "visitor", visitor_id)):
            return None
        return visitor_id
