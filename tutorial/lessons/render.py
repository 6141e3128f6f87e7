"""Render a lesson's prose (a Jinja2 template) with facts about its sandbox.

Facts a lesson may use: ``revisions`` (ids, oldest first), ``head``, ``heads``, ``tables``
(names), ``rows`` (table -> row count), ``backend`` (sqlite/postgres), ``lang``.
Templates run in Jinja2's sandbox with undefined names as errors, so ``validate`` catches typos.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from tutorial.i18n import format_number
from tutorial.lessons.model import Lesson


@cache
def _environment(lang: str) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    def finalize(value: Any) -> Any:
        # Every number a template prints (``{{ revisions|length }}``) in the locale's digits.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value, lang)
        return value

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                keep_trailing_newline=True, finalize=finalize)


def facts(start: dict[str, Any], backend: str, lang: str) -> dict[str, Any]:
    """Template variables from the sandbox's start facts (``start.json``)."""
    heads = start.get("heads") or []
    return {
        "revisions": start.get("revision_ids") or [],
        "head": heads[0] if len(heads) == 1 else ", ".join(heads),
        "heads": heads,
        "tables": sorted((start.get("row_counts") or {}).keys()),
        # Shown to the learner, so written with the locale's digits.
        "rows": {t: format_number(n, lang) for t, n in (start.get("row_counts") or {}).items()},
        "backend": backend,
        "lang": lang,
    }


def render(lesson: Lesson, lang: str, values: dict[str, Any]) -> str:
    """The lesson's Markdown in ``lang`` (English if missing); raises jinja2 errors."""
    template = _environment(lang).from_string(lesson.text(lang).body)
    return template.render(**values)


def render_safely(lesson: Lesson, lang: str, values: dict[str, Any]) -> str:
    """``render`` for learners: a template problem shows the raw text rather than failing."""
    try:
        return render(lesson, lang, values)
    except Exception:  # noqa: BLE001 - a lesson author's mistake must not stop the learner
        return lesson.text(lang).body
