"""add phone to users

Revision ID: a301d8605bdb
Revises: 8b571d867606
Create Date: 2026-02-03 14:47:26.903511

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "a301d8605bdb"
down_revision: Union[str, Sequence[str], None] = "8b571d867606"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
