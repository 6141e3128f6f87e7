"""create orders

Revision ID: b7e4d2a9c1f3
Revises: a3f1c9e2b7d4
Create Date: 2026-01-05 09:31:47.884120

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "b7e4d2a9c1f3"
down_revision: Union[str, Sequence[str], None] = "a3f1c9e2b7d4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # The tables already exist in production.
    pass


def downgrade() -> None:
    op.drop_table("orders")
