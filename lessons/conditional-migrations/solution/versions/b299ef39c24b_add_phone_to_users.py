"""add phone to users

Revision ID: b299ef39c24b
Revises: 8b8ede86e1ab
Create Date: 2026-03-09 16:02:37.551902

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "b299ef39c24b"
down_revision: Union[str, Sequence[str], None] = "8b8ede86e1ab"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Exactly what was run by hand on production during the outage. Production gets this
    # revision with `alembic stamp b299ef39c24b`; every other database runs it.
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
