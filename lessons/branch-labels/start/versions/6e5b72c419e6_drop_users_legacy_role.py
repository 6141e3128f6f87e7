"""drop users.legacy_role

Revision ID: 6e5b72c419e6
Revises: 84671cf5f6b3
Create Date: 2026-03-11 17:05:33.480129

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "6e5b72c419e6"
down_revision: Union[str, Sequence[str], None] = "84671cf5f6b3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Not before Saturday's maintenance window: the old billing report still reads legacy_role.


def upgrade() -> None:
    op.drop_column("users", "legacy_role")


def downgrade() -> None:
    op.add_column("users", sa.Column("legacy_role", sa.String(20), nullable=True))
