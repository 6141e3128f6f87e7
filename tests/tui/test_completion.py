"""Console completion: subcommands, options, revision ids."""

from __future__ import annotations

from tutorial.tui.completion import candidates, complete

IDS = ["4d5e6f708192", "3c4d5e6f7081"]


def test_alembic_and_subcommands() -> None:
    assert complete("al", IDS) == ("alembic ", ["alembic"])
    assert complete("alembic up", IDS)[0] == "alembic upgrade "
    assert set(candidates("alembic h", IDS)) == {"history", "heads"}


def test_revision_ids_and_symbols() -> None:
    assert complete("alembic upgrade 4d", IDS)[0] == "alembic upgrade 4d5e6f708192 "
    assert complete("alembic upgrade h", IDS)[0] == "alembic upgrade head"
    assert "-1" in candidates("alembic downgrade ", IDS)
    assert "heads" in candidates("alembic merge ", IDS)


def test_options_of_the_subcommand() -> None:
    assert complete("alembic revision --auto", IDS)[0] == "alembic revision --autogenerate "
    assert "--sql" in candidates("alembic upgrade --", IDS)


def test_nothing_inside_a_message_or_for_other_programs() -> None:
    assert candidates('alembic revision -m "add ph', IDS) == []
    assert candidates("alembic revision -m ", IDS) == []
    assert candidates("rm -", IDS) == []
