"""drop deprecated_field from users

Revision ID: c7879a056548
Revises: 95532fc333c9
Create Date: 2026-03-09 09:27:51.306114

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c7879a056548"
down_revision: Union[str, Sequence[str], None] = "95532fc333c9"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("CREATE TABLE users_backup AS SELECT id, deprecated_field FROM users")
    op.drop_column("users", "deprecated_field")


def downgrade() -> None:
    pass
