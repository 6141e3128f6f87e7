"""add full_name to users

Revision ID: 9c3f6a2e8d15
Revises: 5b8e2d1c7a40
Create Date: 2026-02-03 14:20:51.884301

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from models import User


# revision identifiers, used by Alembic.
revision: str = "9c3f6a2e8d15"
down_revision: Union[str, Sequence[str], None] = "5b8e2d1c7a40"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("full_name", sa.String(101), nullable=True))
    op.execute(
        sa.update(User).values(
            full_name=sa.func.trim(
                User.first_name + " " + sa.func.coalesce(User.last_name, "")
            )
        )
    )
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("full_name", existing_type=sa.String(101), nullable=False)


def downgrade() -> None:
    op.drop_column("users", "full_name")
