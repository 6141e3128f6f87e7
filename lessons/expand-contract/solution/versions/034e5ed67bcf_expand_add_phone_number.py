"""expand: add phone_number, copy writes from phone

Revision ID: 034e5ed67bcf
Revises: a301d8605bdb
Create Date: 2026-04-06 10:02:44.610392

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "034e5ed67bcf"
down_revision: Union[str, Sequence[str], None] = "a301d8605bdb"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# This reference file runs on SQLite and on PostgreSQL, so it has both. A real project has
# one database: write only its part.

# PostgreSQL: old code writes phone; the trigger copies it. New code that writes
# phone_number itself is left alone.
POSTGRES_FUNCTION = """
CREATE FUNCTION users_copy_phone() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR NEW.phone_number IS NULL THEN
        NEW.phone_number := NEW.phone;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""
POSTGRES_TRIGGER = """
CREATE TRIGGER users_copy_phone
BEFORE INSERT OR UPDATE OF phone ON users
FOR EACH ROW EXECUTE FUNCTION users_copy_phone()
"""

# SQLite: the same with two triggers.
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER users_copy_phone_insert AFTER INSERT ON users
    WHEN NEW.phone_number IS NULL
    BEGIN
        UPDATE users SET phone_number = NEW.phone WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER users_copy_phone_update AFTER UPDATE OF phone ON users
    BEGIN
        UPDATE users SET phone_number = NEW.phone WHERE id = NEW.id;
    END
    """,
]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        # Wait at most 2 seconds for the lock on users, then fail (and run it again later)
        # instead of making every query on users wait behind this ALTER TABLE.
        op.execute("SET LOCAL lock_timeout = '2s'")
    op.add_column("users", sa.Column("phone_number", sa.String(20), nullable=True))
    if postgres:
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER users_copy_phone ON users")
        op.execute("DROP FUNCTION users_copy_phone()")
    else:
        op.execute("DROP TRIGGER users_copy_phone_insert")
        op.execute("DROP TRIGGER users_copy_phone_update")
    op.drop_column("users", "phone_number")
