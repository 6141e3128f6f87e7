"""create products

Revision ID: 6f2b8d0a4c15
Revises: 4a7c1e9d2b30
Create Date: 2026-02-23 17:48:05.266917

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "6f2b8d0a4c15"
down_revision: Union[str, Sequence[str], None] = "4a7c1e9d2b30"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("price", sa.Numeric(10, 2), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("products")
