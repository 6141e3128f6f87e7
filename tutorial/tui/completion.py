"""Tab completion for the console: alembic subcommands, their options, revision ids.

Pure functions over the text typed so far and what the sandbox knows (revision ids, heads).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

SUBCOMMANDS: dict[str, tuple[str, ...]] = {
    "upgrade": ("--sql", "--tag", "-x"),
    "downgrade": ("--sql", "--tag", "-x"),
    "revision": ("-m", "--message", "--autogenerate", "--head", "--splice", "--branch-label",
                 "--version-path", "--rev-id", "--depends-on", "--sql"),
    "merge": ("-m", "--message", "--branch-label", "--rev-id"),
    "current": ("-v", "--verbose", "--check-heads"),
    "history": ("-r", "--rev-range", "-v", "--verbose", "-i", "--indicate-current"),
    "heads": ("-v", "--verbose", "--resolve-dependencies"),
    "branches": ("-v", "--verbose"),
    "show": (),
    "stamp": ("--sql", "--tag", "--purge"),
    "check": (),
}
#: Subcommands whose positional argument is a revision.
TAKES_REVISION = frozenset({"upgrade", "downgrade", "stamp", "show", "merge"})
#: Options whose value is a revision.
REVISION_OPTIONS = frozenset({"--head", "-r", "--rev-range", "--depends-on"})
SYMBOLS: dict[str, tuple[str, ...]] = {
    "upgrade": ("head", "heads", "+1", "+2"),
    "downgrade": ("-1", "-2", "base"),
    "stamp": ("head", "heads", "base"),
    "show": ("head", "current", "base"),
    "merge": ("heads",),
}


def _split(text: str) -> tuple[list[str], str]:
    """Words before the cursor and the word being typed (empty after a space).

    Quotes are tolerated (``-m "add phone``): a word inside an open quote is not completed.
    """
    words = text.split()
    if not text or text[-1].isspace():
        return words, ""
    return words[:-1], words[-1]


def candidates(text: str, revisions: Iterable[str] = ()) -> list[str]:
    """Every word that could complete the word being typed, in a useful order."""
    done, word = _split(text)
    if text.count('"') % 2 or text.count("'") % 2:
        return []
    if not done:
        return ["alembic"] if "alembic".startswith(word) and word != "alembic" else []
    if done[0] != "alembic":
        return []
    if len(done) == 1:
        return [c for c in SUBCOMMANDS if c.startswith(word)]
    sub = done[1]
    if sub not in SUBCOMMANDS:
        return []
    previous = done[-1]
    if word.startswith("-") and word not in ("-1", "-2"):
        return [o for o in SUBCOMMANDS[sub] if o.startswith(word) and o not in done]
    if previous in ("-m", "--message", "--branch-label", "--rev-id", "--version-path",
                    "-x", "--tag"):
        return []
    if sub in TAKES_REVISION or previous in REVISION_OPTIONS:
        pool = [*SYMBOLS.get(sub, ("head",)), *revisions]
        return [c for c in dict.fromkeys(pool) if c.startswith(word)]
    return [o for o in SUBCOMMANDS[sub] if o.startswith(word) and o not in done]


def complete(text: str, revisions: Iterable[str] = ()) -> tuple[str, list[str]]:
    """The text with the word completed as far as it is unambiguous, and the candidates.

    One candidate: the word is completed and a space added. Several: completed to their
    common prefix (the caller shows the list).
    """
    found = candidates(text, revisions)
    if not found:
        return text, []
    _, word = _split(text)
    stem = text[: len(text) - len(word)]
    if len(found) == 1:
        return stem + found[0] + " ", found
    prefix = os.path.commonprefix(found)
    return stem + (prefix if len(prefix) > len(word) else word), found
