"""add phone to users

Revision ID: 49d65d513ada
Revises: 411f5e95a778
Create Date: 2026-01-26 14:02:17.660954

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "49d65d513ada"
down_revision: Union[str, Sequence[str], None] = "411f5e95a778"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
