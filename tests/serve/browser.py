"""A visitor in headless Chromium, driven by Playwright, and what their terminal shows.

xterm.js draws on a canvas, so the page has no text to read. The test taps the page's
websocket (an init script, in the test only) and feeds the bytes the TUI sent into pyte, a
terminal emulator: the screen the visitor sees, as lines of text.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyte

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

TAP = """
(() => {
  const Original = window.WebSocket;
  window.__tap = {bytes: [], size: null};
  function toBase64(buffer) {
    let text = "";
    const view = new Uint8Array(buffer);
    for (let i = 0; i < view.length; i++) text += String.fromCharCode(view[i]);
    return btoa(text);
  }
  class Tapped extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string") window.__tap.bytes.push(toBase64(event.data));
      });
    }
    send(data) {
      try {
        const envelope = JSON.parse(data);
        if (envelope[0] === "resize") window.__tap.size = envelope[1];
      } catch (e) {}
      return super.send(data);
    }
  }
  window.WebSocket = Tapped;
})();
"""


class Visitor:
    """One browser profile (its own --user-data-dir, so its own cookies)."""

    def __init__(self, playwright: Any, chromium: str, profile: Path, *,
                 accept_language: str = "en-US") -> None:
        profile.mkdir(parents=True, exist_ok=True)
        self.context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 860}, locale=accept_language.split(",")[0],
            extra_http_headers={"Accept-Language": accept_language})
        self.context.add_init_script(TAP)
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self._stream: pyte.ByteStream | None = None
        self._screen: pyte.Screen | None = None
        self._size: tuple[int, int] | None = None

    def open(self, url: str) -> Any:
        self._stream = self._screen = self._size = None
        return self.page.goto(url)

    # -- the terminal ------------------------------------------------------------------------------
    def screen_text(self) -> str:
        data = self.page.evaluate(
            "() => { const t = window.__tap; const b = t.bytes.splice(0); "
            "return {bytes: b, size: t.size}; }")
        size = data["size"]
        if size and (self._screen is None or self._size != (size["width"], size["height"])):
            self._size = (size["width"], size["height"])
            self._screen = pyte.Screen(*self._size)
            self._stream = pyte.ByteStream(self._screen)
        if self._screen is None or self._stream is None:
            return ""
        for chunk in data["bytes"]:
            self._stream.feed(base64.b64decode(chunk))
        return "\n".join(self._screen.display)

    def wait_for_screen(self, predicate: Callable[[str], bool], what: str,
                        polls: int = 1200) -> str:
        """Poll the screen until ``predicate`` holds (a liveness bound, not a timing)."""
        text = ""
        for _ in range(polls):
            text = self.screen_text()
            if predicate(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"the terminal never showed {what}; it shows:\n{text}")

    def wait_for_text(self, needle: str, polls: int = 1200) -> str:
        return self.wait_for_screen(lambda text: needle in text, repr(needle), polls)

    def focus_terminal(self) -> None:
        self.page.click("#terminal")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=5)

    def close(self) -> None:
        self.context.close()
