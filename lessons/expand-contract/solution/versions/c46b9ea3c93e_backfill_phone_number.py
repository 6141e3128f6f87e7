"""backfill phone_number in batches

Revision ID: c46b9ea3c93e
Revises: 034e5ed67bcf
Create Date: 2026-04-06 10:05:17.203981

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c46b9ea3c93e"
down_revision: Union[str, Sequence[str], None] = "034e5ed67bcf"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Thousands on a real table; 2 here, so that you see several batches in the SQL pane.
BATCH_SIZE = 2


def upgrade() -> None:
    # Outside the migration's transaction: what ran before is committed first, and each
    # batch is committed on its own, so no row stays locked for long. If it stops halfway,
    # running it again goes on where it stopped.
    with op.get_context().autocommit_block():
        while True:
            batch = op.get_bind().execute(
                sa.text(
                    "UPDATE users SET phone_number = phone WHERE id IN ("
                    "SELECT id FROM users WHERE phone_number IS NULL AND phone IS NOT NULL "
                    "ORDER BY id LIMIT :size)"
                ),
                {"size": BATCH_SIZE},
            )
            if batch.rowcount == 0:
                break


def downgrade() -> None:
    # The copies go away with phone_number itself (the downgrade of the expand revision).
    pass
