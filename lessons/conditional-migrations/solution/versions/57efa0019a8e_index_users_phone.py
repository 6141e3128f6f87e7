"""index users phone

Revision ID: 57efa0019a8e
Revises: b299ef39c24b
Create Date: 2026-03-10 09:41:12.774120

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "57efa0019a8e"
down_revision: Union[str, Sequence[str], None] = "b299ef39c24b"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_users_phone", "users", ["phone"])


def downgrade() -> None:
    op.drop_index("ix_users_phone", table_name="users")
