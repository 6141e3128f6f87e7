"""add phone to users

Revision ID: d93d2bff771b
Revises: a5ef518b232e
Create Date: 2026-02-03 14:07:52.903117

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "d93d2bff771b"
down_revision: Union[str, Sequence[str], None] = "a5ef518b232e"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
