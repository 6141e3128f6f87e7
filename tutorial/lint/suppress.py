"""Silencing a rule for one line: ``# alembic-tutorial: ignore[rule-id, other-id]``.

The comment goes on a line of the call (for a call that spans lines, any of its lines).
``# alembic-tutorial: ignore`` without brackets silences every rule there. A comment alone on
its own line, ``# alembic-tutorial: ignore-file[rule-id]``, silences rules for the whole file.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

MARKER = "alembic-tutorial:"
ALL = "*"
_DIRECTIVE = re.compile(
    r"alembic-tutorial:\s*(?P<kind>ignore-file|ignore)\b\s*(?:\[(?P<rules>[^\]]*)\])?"
)


@dataclass(slots=True)
class Suppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    file_wide: set[str] = field(default_factory=set)

    def silences(self, rule: str, line: int, end_line: int | None = None) -> bool:
        if rule in self.file_wide or ALL in self.file_wide:
            return True
        for n in range(line, (end_line or line) + 1):
            rules = self.by_line.get(n)
            if rules and (rule in rules or ALL in rules):
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.by_line or self.file_wide)


def _comments(source: str) -> list[tuple[int, str]]:
    try:
        return [
            (tok.start[0], tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError):
        # Fall back to a line scan; good enough for a file Python parsed anyway.
        return [(n, line) for n, line in enumerate(source.splitlines(), 1) if "#" in line]


def parse_suppressions(source: str) -> Suppressions:
    found = Suppressions()
    if MARKER not in source:  # the common case costs one substring search
        return found
    for line, comment in _comments(source):
        for match in _DIRECTIVE.finditer(comment):
            listed = match.group("rules")
            rules = {r.strip() for r in listed.split(",") if r.strip()} if listed else {ALL}
            if match.group("kind") == "ignore-file":
                found.file_wide |= rules
            else:
                found.by_line.setdefault(line, set()).update(rules)
    return found
