"""rename phone to phone_number

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
    op.alter_column("users", "phone", new_column_name="phone_number")


def downgrade() -> None:
    pass
