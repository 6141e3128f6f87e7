"""``alembic-tutorial serve``: the TUI in a browser, one private workspace per visitor.

Modules, one job each (see docs/serve.md):

- ``options``    what the command line asked for, and the rules it must obey (no aiohttp);
- ``auth``       the token, signed cookies, the server's secret;
- ``language``   which language a visitor asked for (``?lang=``, Accept-Language);
- ``workspaces`` one 0700 folder per visitor (workspace, home, tmp), its own user id;
- ``isolation``  how a session is jailed: environment allow-list, bubblewrap, limits;
- ``process``    the session's process: the real TUI under Textual's web driver;
- ``sessions``   the room: admission (``--max-sessions``), one session per visitor, idle end;
- ``pages``      the HTML: the terminal page and the plain-words refusals, nothing external;
- ``server``     the aiohttp application that ties them together.

Nothing here is imported by the engine or the TUI; aiohttp loads only in ``server``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutorial.serve.options import ServeOptions


def serve(options: ServeOptions) -> int:
    """Run the server until interrupted; the exit code for the CLI."""
    from tutorial.serve.server import run

    return run(options)
