"""add phone to users

Revision ID: f256861f3708
Revises: 4e4f389a9fa4
Create Date: 2026-02-03 11:58:20.947361

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "f256861f3708"
down_revision: Union[str, Sequence[str], None] = "4e4f389a9fa4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
