"""email required, phone shared

Revision ID: 8d3f6a2c1e57
Revises: 5b1e0c7d9a42
Create Date: 2026-02-03 14:48:09.527614

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "8d3f6a2c1e57"
down_revision: Union[str, Sequence[str], None] = "5b1e0c7d9a42"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.alter_column("users", "email", existing_type=sa.String(100), nullable=False)
    op.drop_constraint("uq_users_phone", "users", type_="unique")


def downgrade() -> None:
    op.create_unique_constraint("uq_users_phone", "users", ["phone"])
    op.alter_column("users", "email", existing_type=sa.String(100), nullable=True)
