"""create orders

Revision ID: 746e35637af1
Revises: 89f62d22601f
Create Date: 2026-02-16 15:40:07.552913

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "746e35637af1"
down_revision: Union[str, Sequence[str], None] = "89f62d22601f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("users", "country")
    op.drop_table("orders")
