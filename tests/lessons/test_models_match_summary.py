"""``models_match`` names what ``alembic check`` found in a few words (the operation and the
table, column or index), not with SQLAlchemy's reprs. Pure: Alembic's real message texts."""

from __future__ import annotations

from tutorial.lessons.checks import _summarise_autogen

PREFIX = "New upgrade operations detected: "


def test_an_index_is_named_by_its_operation_and_name():
    message = (PREFIX + "[('add_index', Index('ix_users_phone', Column('phone', "
               "String(length=20), table=<users>)))]")
    assert _summarise_autogen(message) == "add_index ix_users_phone"


def test_indexes_tables_and_columns_together():
    message = (PREFIX + "[('add_table', Table('audit_log', MetaData(), Column('id', Integer(), "
               "table=<audit_log>, primary_key=True, nullable=False), schema=None)), "
               "('remove_index', Index('ix_users_email', Column('email', String(length=100), "
               "table=<users>))), ('add_column', None, 'users', Column('age', Integer(), "
               "table=<users>))]")
    assert _summarise_autogen(message) == ("add_table audit_log, remove_index ix_users_email, "
                                           "add_column users.age")


def test_an_unknown_message_is_kept_short():
    assert _summarise_autogen("Target database is not up to date.") == ("Target database is "
                                                                       "not up to date.")
