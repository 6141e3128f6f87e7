"""Which language a visitor asked for: ``?lang=xx`` first, then the browser's Accept-Language."""

from __future__ import annotations

from tutorial.i18n import LANGUAGES, normalize_language


def from_query(value: str | None) -> str | None:
    """``?lang=fa`` -> ``fa``; None for a language we do not speak."""
    return normalize_language(value) if value else None


def from_accept_language(header: str | None) -> str | None:
    """The best language of ours in an Accept-Language header (q-values honoured), or None."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip()
        quality = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        lang = normalize_language(tag) if tag and tag != "*" else None
        if lang in LANGUAGES and quality > 0:
            ranked.append((-quality, index, lang))
    return min(ranked)[2] if ranked else None
