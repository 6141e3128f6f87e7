"""argparse's own words (``usage:``, ``options``, ``invalid choice: ...``) in the learner's
language.

argparse looks its messages up with the module-level ``gettext`` it imported; pointing those
names at our catalogues translates ``--help`` and usage errors. The messages are listed here
with ``N_`` so that ``pybabel extract`` finds them (the wording is Python 3.10-3.13's; a
message another Python version words differently falls back to English, visibly marked).
"""

from __future__ import annotations

import argparse

from tutorial.i18n import N_, _, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ignored explicit argument %r"),
)

_KNOWN = frozenset(ARGPARSE_MESSAGES)
_EXPECTED = ("expected %s argument", "expected %s arguments")


def _expected(n: int) -> str:
    """The one plural message argparse has (written out so that extraction finds it)."""
    return ngettext("expected %s argument", "expected %s arguments", n)


def _gettext(message: str) -> str:
    # Only the learner-facing messages: argparse's errors for programmers stay English.
    return _(message) if message in _KNOWN else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if (singular, plural) == _EXPECTED:
        return _expected(n)
    return singular if n == 1 else plural


def install_argparse_messages() -> None:
    """Make argparse translate through our catalogues (idempotent)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
