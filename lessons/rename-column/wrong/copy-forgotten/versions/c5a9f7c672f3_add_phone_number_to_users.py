"""add phone_number to users

Revision ID: c5a9f7c672f3
Revises: d93d2bff771b
Create Date: 2026-03-02 11:25:40.184562

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c5a9f7c672f3"
down_revision: Union[str, Sequence[str], None] = "d93d2bff771b"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone_number", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone_number")
