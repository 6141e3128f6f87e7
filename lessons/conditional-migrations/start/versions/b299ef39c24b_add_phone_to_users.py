"""add phone to users

Revision ID: b299ef39c24b
Revises: 8b8ede86e1ab
Create Date: 2026-03-09 16:02:37.551902

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "b299ef39c24b"
down_revision: Union[str, Sequence[str], None] = "8b8ede86e1ab"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Production already has phone (added by hand during the outage): skip it there,
    # so this migration does not fail.
    columns = [c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")]
    if "phone" not in columns:
        op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))
        op.create_index("ix_users_phone", "users", ["phone"])


def downgrade() -> None:
    op.drop_index("ix_users_phone", table_name="users")
    op.drop_column("users", "phone")
