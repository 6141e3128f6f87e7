"""contract: drop phone

Revision ID: 472d1c71a03a
Revises: 034e5ed67bcf
Create Date: 2026-04-20 08:15:39.447016

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "472d1c71a03a"
down_revision: Union[str, Sequence[str], None] = "034e5ed67bcf"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Deployed later: only once no running code reads or writes phone any more.
# The SQL of the triggers is repeated from the expand revision, for the downgrade.
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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL lock_timeout = '2s'")
        op.execute("DROP TRIGGER users_copy_phone ON users")
        op.execute("DROP FUNCTION users_copy_phone()")
    else:
        op.execute("DROP TRIGGER users_copy_phone_insert")
        op.execute("DROP TRIGGER users_copy_phone_update")
    op.drop_column("users", "phone")


def downgrade() -> None:
    # Back to the expand phase: phone again, filled from phone_number, kept in step.
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))
    op.execute("UPDATE users SET phone = phone_number")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
