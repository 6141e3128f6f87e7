"""widen users.email

Revision ID: 631e170f9b9e
Revises: 9ea368262d74
Create Date: 2026-03-16 15:40:12.857301

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "631e170f9b9e"
down_revision: Union[str, Sequence[str], None] = "9ea368262d74"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.drop_column("users", "email")
    op.add_column("users", sa.Column("email", sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "email")
    op.add_column("users", sa.Column("email", sa.String(100), nullable=True))
