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


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index("ix_posts_user_id", "posts", ["user_id"], postgresql_concurrently=True)
        op.drop_index("ix_posts_title", table_name="posts", postgresql_concurrently=True)
    op.create_foreign_key(
        "fk_posts_user_id_users", "posts", "users", ["user_id"], ["id"],
        postgresql_not_valid=True,
    )
    op.execute("ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_user_id_users")


def downgrade() -> None:
    op.drop_constraint("fk_posts_user_id_users", "posts", type_="foreignkey")
    with op.get_context().autocommit_block():
        op.create_index("ix_posts_title", "posts", ["title"], postgresql_concurrently=True)
        op.drop_index("ix_posts_user_id", table_name="posts", postgresql_concurrently=True)
