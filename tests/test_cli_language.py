"""--help and usage errors speak the learner's language (--lang, or the environment), argparse's
own words included; English stays plain."""

from __future__ import annotations

import pytest

from tutorial.cli import main
from tutorial.i18n import _, use_language


def _help(capsys, *args: str) -> str:
    assert main([*args, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("flag", [["--lang", "fa"], ["--lang=ru"]])
def test_help_in_the_language_given(capsys, flag: list[str]) -> None:
    lang = flag[-1].split("=")[-1]
    out = _help(capsys, *flag)
    with use_language(lang):
        for message in ("usage: ", "show this help message and exit",
                        "Learn database migrations with Alembic by doing them.",
                        "the next hint"):
            assert _(message).strip() in out, message


def test_help_from_the_environment(capsys, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "th_TH.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("ALEMBIC_TUTORIAL_LANG", raising=False)
    out = _help(capsys)
    with use_language("th"):
        assert _("show this help message and exit") in out


def test_usage_errors_in_the_language_and_english_unmarked(capsys, monkeypatch) -> None:
    monkeypatch.delenv("ALEMBIC_TUTORIAL_LANG", raising=False)
    assert main(["--lang", "hi", "run"]) == 2
    err = capsys.readouterr().err
    with use_language("hi"):
        assert _("the following arguments are required: %s") % "LESSON" in err
    assert main(["--lang", "en", "bogus"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'bogus'" in err and "\u2691" not in err
