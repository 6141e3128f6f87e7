"""index and foreign key for posts.user_id

Revision ID: b4e81f0c6d27
Revises: 8d2f4b6a1e93
Create Date: 2026-02-10 10:48:33.620417

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "b4e81f0c6d27"
down_revision: Union[str, Sequence[str], None] = "8d2f4b6a1e93"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# One file for both databases. The postgresql_* options are ignored on SQLite, where these
# steps run in the migration's transaction as usual.


def upgrade() -> None:
    # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction: the autocommit block
    # commits what came before and runs them on their own. Writes to posts go on meanwhile.
    with op.get_context().autocommit_block():
        op.create_index("ix_posts_user_id", "posts", ["user_id"], postgresql_concurrently=True)
        op.drop_index("ix_posts_title", table_name="posts", postgresql_concurrently=True)
    # NOT VALID: existing rows are not checked now, new ones are. A short lock only.
    # Batch mode: SQLite cannot add a constraint with ALTER TABLE; PostgreSQL just ALTERs.
    with op.batch_alter_table("posts") as batch_op:
        batch_op.create_foreign_key(
            "fk_posts_user_id_users", "users", ["user_id"], ["id"], postgresql_not_valid=True
        )
    if op.get_context().dialect.name == "postgresql":
        # A transaction of its own: the ADD above is committed (its lock released), and the
        # check of the existing rows does not block writes.
        with op.get_context().autocommit_block():
            op.execute("ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_user_id_users")


def downgrade() -> None:
    with op.batch_alter_table("posts") as batch_op:
        batch_op.drop_constraint("fk_posts_user_id_users", type_="foreignkey")
    with op.get_context().autocommit_block():
        op.create_index("ix_posts_title", "posts", ["title"], postgresql_concurrently=True)
        op.drop_index("ix_posts_user_id", table_name="posts", postgresql_concurrently=True)
