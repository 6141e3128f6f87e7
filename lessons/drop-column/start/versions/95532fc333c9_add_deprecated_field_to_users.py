"""add deprecated_field to users

Revision ID: 95532fc333c9
Revises: a3136ec7a24b
Create Date: 2025-12-15 16:48:03.772914

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "95532fc333c9"
down_revision: Union[str, Sequence[str], None] = "a3136ec7a24b"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("deprecated_field", sa.String(30), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "deprecated_field")
