"""add phone_number, drop phone

Revision ID: 034e5ed67bcf
Revises: a301d8605bdb
Create Date: 2026-04-06 10:02:44.610392

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "034e5ed67bcf"
down_revision: Union[str, Sequence[str], None] = "a301d8605bdb"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone_number", sa.String(20), nullable=True))
    op.execute("UPDATE users SET phone_number = phone")
    op.drop_column("users", "phone")


def downgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))
    op.execute("UPDATE users SET phone = phone_number")
    op.drop_column("users", "phone_number")
