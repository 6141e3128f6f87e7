"""create posts

Revision ID: 8d2f4b6a1e93
Revises: 3a71c0e9d2b4
Create Date: 2026-01-16 17:22:09.507316

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "8d2f4b6a1e93"
down_revision: Union[str, Sequence[str], None] = "3a71c0e9d2b4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
    )
    op.create_index("ix_posts_title", "posts", ["title"])


def downgrade() -> None:
    op.drop_index("ix_posts_title", table_name="posts")
    op.drop_table("posts")
