"""add country to users

Revision ID: be3a6aa28719
Revises: 746e35637af1
Create Date: 2026-02-17 10:05:31.904127

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "be3a6aa28719"
down_revision: Union[str, Sequence[str], None] = "746e35637af1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("country", sa.String(2), nullable=False))


def downgrade() -> None:
    op.drop_column("users", "country")
