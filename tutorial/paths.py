"""Where the package's data (lessons, locales) lives, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``name`` (``lessons`` or ``locales``).

    A wheel carries them inside the package (``tutorial/_data/<name>``); a source checkout or
    an editable install has them beside the package at the repository root.
    """
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def lessons_dir() -> Path:
    return data_dir("lessons")


def locales_dir() -> Path:
    return data_dir("locales")
