"""Translations: gettext catalogues compiled from ``locales/``, numbers through Babel.

Learner-facing strings are written in English in the code and wrapped in ``_()`` (or ``N_()``
where the string must be defined before the language is known, and translated at use with
``_()``). ``pybabel extract`` collects them (see README, "Contributing translations").

The stdlib ``gettext`` reads the compiled ``.mo`` files (fast: the TUI imports this module
before its first paint); Babel is imported lazily, only to format numbers.
"""

from __future__ import annotations

import gettext as _gettext
import os
import threading
from collections.abc import Mapping
from functools import cache

from tutorial.paths import locales_dir

LANGUAGES: tuple[str, ...] = ("en", "fa", "th", "hi", "ur", "ru")
RTL_LANGUAGES: frozenset[str] = frozenset({"fa", "ur"})
DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"

#: Marks a message shown in English because its translation is missing.
FALLBACK_MARK = "\u2691"  # ⚑

_state = threading.local()
_default_language = DEFAULT_LANGUAGE

# Digits for the numbering systems CLDR gives as default to our locales.
_DIGITS = {
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "deva": "०१२३४५६७८९",
    "thai": "๐๑๒๓๔๕๖๗๘๙",
}


class _MarkedFallback(_gettext.NullTranslations):
    """Used when a catalogue lacks a message: English, visibly marked, never an error."""

    def gettext(self, message: str) -> str:
        return f"{FALLBACK_MARK}{message}" if message else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


def normalize_language(value: str | None) -> str | None:
    """``fa_IR.UTF-8`` -> ``fa``; None for anything we do not speak."""
    if not value:
        return None
    code = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language to use when none was given: ``ALEMBIC_TUTORIAL_LANG``, then the
    POSIX locale variables in their order of precedence, then English."""
    env = os.environ if environ is None else environ
    for name in ("ALEMBIC_TUTORIAL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            lang = normalize_language(value)
            if lang:
                return lang
            if name != "ALEMBIC_TUTORIAL_LANG":
                # The first POSIX variable that is set decides, even if it is not ours.
                return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalogue for ``lang``; English and unknown languages get the identity."""
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES:
        return _gettext.NullTranslations()
    mo = locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with mo.open("rb") as fh:
            catalogue = _gettext.GNUTranslations(fh)
    except OSError:
        return _MarkedFallback()
    catalogue.add_fallback(_MarkedFallback())
    return catalogue


def set_language(lang: str) -> None:
    """Set the process-wide language (threads that called ``use_language`` keep theirs)."""
    global _default_language
    _default_language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return getattr(_state, "lang", None) or _default_language


class use_language:  # noqa: N801 - used like a function: ``with use_language("fa"):``
    """Context manager: translate in ``lang`` on this thread for the duration."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._previous: str | None = None

    def __enter__(self) -> str:
        self._previous = getattr(_state, "lang", None)
        _state.lang = self.lang
        return self.lang

    def __exit__(self, *exc: object) -> None:
        _state.lang = self._previous


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with the plural rules of the current language."""
    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in a context: one English word with several meanings
    (``done`` as a lesson's status and as a command's result) gets one translation each."""
    return translations(current_language()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark ``message`` for extraction without translating it now."""
    return message


def is_rtl(lang: str | None = None) -> bool:
    return (lang or current_language()) in RTL_LANGUAGES


@cache
def _numbering(lang: str) -> str:
    from babel import Locale

    return Locale.parse(lang).default_numbering_system


def localize_digits(text: str, lang: str | None = None) -> str:
    """Write the ASCII digits of ``text`` in the locale's own digits (Persian in ``fa``)."""
    lang = lang or current_language()
    digits = _DIGITS.get(_numbering(lang)) if lang != DEFAULT_LANGUAGE else None
    if not digits:
        return text
    return text.translate(str.maketrans("0123456789", digits))


def format_number(value: float, lang: str | None = None) -> str:
    """A number as the locale writes it (grouping, decimal sign and digits)."""
    from babel.numbers import format_decimal

    lang = lang or current_language()
    return localize_digits(format_decimal(value, locale=lang, numbering_system="default"), lang)


#: How a short list of items is separated where it is not ", " (Persian and Urdu use the
#: Arabic comma; Thai separates phrases with a space).
_LIST_SEPARATORS = {"fa": "\u060c ", "ur": "\u060c ", "th": " "}


def join_list(items: list[str] | tuple[str, ...], lang: str | None = None) -> str:
    """``a, b, c`` with the separator the language writes between list items."""
    return _LIST_SEPARATORS.get(lang or current_language(), ", ").join(items)
