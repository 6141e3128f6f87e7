"""rename phone to phone_number

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
    op.alter_column("users", "phone", new_column_name="phone_number")


def downgrade() -> None:
    op.alter_column("users", "phone_number", new_column_name="phone")
