"""add phone to users

Revision ID: f256861f3708
Revises: 4e4f389a9fa4
Create Date: 2026-03-02 09:26:51.735012

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
    pass


def downgrade() -> None:
    pass
