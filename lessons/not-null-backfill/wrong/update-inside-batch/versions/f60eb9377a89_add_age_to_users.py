"""add age to users

Revision ID: f60eb9377a89
Revises: 71bc5ff4fcd5
Create Date: 2026-02-16 09:33:58.760914

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "f60eb9377a89"
down_revision: Union[str, Sequence[str], None] = "71bc5ff4fcd5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("age", sa.Integer(), nullable=True))
        op.execute("UPDATE users SET age = 18 WHERE age IS NULL")
        batch_op.alter_column("age", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    op.drop_column("users", "age")
