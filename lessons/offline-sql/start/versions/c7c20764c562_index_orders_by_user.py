"""index orders by user

Revision ID: c7c20764c562
Revises: a0a967d0ae3c
Create Date: 2026-02-10 16:31:05.774190

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c7c20764c562"
down_revision: Union[str, Sequence[str], None] = "a0a967d0ae3c"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index("ix_orders_user_id", "orders", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_orders_user_id", table_name="orders")
