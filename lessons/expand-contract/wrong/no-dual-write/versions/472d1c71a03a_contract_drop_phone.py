"""contract: drop phone

Revision ID: 472d1c71a03a
Revises: c46b9ea3c93e
Create Date: 2026-04-20 08:15:39.447016

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "472d1c71a03a"
down_revision: Union[str, Sequence[str], None] = "c46b9ea3c93e"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL lock_timeout = '2s'")
    op.drop_column("users", "phone")


def downgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))
    op.execute("UPDATE users SET phone = phone_number")
