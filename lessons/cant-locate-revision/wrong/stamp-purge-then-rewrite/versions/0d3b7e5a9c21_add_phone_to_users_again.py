"""add phone to users again

Revision ID: 0d3b7e5a9c21
Revises: 4e4f389a9fa4
Create Date: 2026-03-02 09:41:13.220587

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0d3b7e5a9c21"
down_revision: Union[str, Sequence[str], None] = "4e4f389a9fa4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
