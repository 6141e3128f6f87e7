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

# The UNIQUE on phone was created without a name. Batch mode reads the table back from the
# database, and this convention names what it finds there: uq_users_phone.
NAMING_CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    with op.batch_alter_table("users", naming_convention=NAMING_CONVENTION) as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(100), nullable=False)
        batch_op.drop_constraint("uq_users_phone", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("users", naming_convention=NAMING_CONVENTION) as batch_op:
        batch_op.create_unique_constraint("uq_users_phone", ["phone"])
        batch_op.alter_column("email", existing_type=sa.String(100), nullable=True)
