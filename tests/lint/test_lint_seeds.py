"""The seed guides' own examples (copied verbatim from shared/seeds, comments dropped)."""

from __future__ import annotations

from lint_helpers import lint_text, rule_ids

# seed 000 (Persian), section 5: "Adding NOT NULL Column", the wrong way.
SEED_000_NOT_NULL_AT_ONCE = """
def upgrade():
    op.add_column('users', sa.Column('age', sa.Integer, nullable=False))
"""

# seed 000, section 5, the right way: add nullable, backfill, then SET NOT NULL.
SEED_000_THREE_STEPS = """
def upgrade():
    # مرحله 1: ستون NULL اضافه کنید
    op.add_column('users', sa.Column('age', sa.Integer, nullable=True))

    # مرحله 2: مقادیر پیش‌فرض تنظیم کنید
    op.execute("UPDATE users SET age = 18 WHERE age IS NULL")

    # مرحله 3: الآن NOT NULL کنید
    op.alter_column('users', 'age', nullable=False)
"""

# seed 000, section 2: "Dropping Column".
SEED_000_DROP_COLUMN = """
def upgrade():
    op.drop_column('users', 'phone')

def downgrade():
    op.add_column('users', sa.Column('phone', sa.String(20)))
"""

# seed 000, section 1: "Adding Column (safe)".
SEED_000_ADD_COLUMN = """
def upgrade():
    op.add_column('users', sa.Column('phone', sa.String(20), nullable=True))

def downgrade():
    op.drop_column('users', 'phone')
"""

# seed 000, section 4: VARCHAR(255) -> TEXT and back.
SEED_000_CHANGE_TYPE = """
def upgrade():
    # VARCHAR(255) → TEXT
    op.alter_column('users', 'email',
                    existing_type=sa.String(255),
                    type_=sa.Text())

def downgrade():
    op.alter_column('users', 'email',
                    existing_type=sa.Text(),
                    type_=sa.String(255))
"""

# seed 000, "common mistakes" 2: a downgrade that is only pass.
SEED_000_FORGOTTEN_DOWNGRADE = """
def upgrade():
    op.add_column('users', sa.Column('age', sa.Integer))

def downgrade():
    pass
"""

# seed 003 (Russian), "Создание индекса".
SEED_003_CREATE_INDEX = """
def upgrade():
    op.create_index('ix_projects_user_id', 'projects', ['user_id'])

def downgrade():
    op.drop_index('ix_projects_user_id', table_name='projects')
"""

# seed 003, the first migration: a new table and its index in one revision.
SEED_003_CREATE_TABLE_WITH_INDEX = """
def upgrade():
    op.create_table('users',
        sa.Column('id', sa.UUID(), nullable=False),
        sa.Column('email', sa.String(length=255), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_users_email', 'users', ['email'], unique=True)

def downgrade():
    op.drop_index('ix_users_email', table_name='users')
    op.drop_table('users')
"""

# seed 003, "Добавление внешнего ключа".
SEED_003_FOREIGN_KEY = """
def upgrade():
    op.create_foreign_key('fk_projects_user_id', 'projects', 'users', ['user_id'], ['id'])

def downgrade():
    op.drop_constraint('fk_projects_user_id', 'projects', type_='foreignkey')
"""

# seed 003, "batch_alter_table" for SQLite.
SEED_003_BATCH = """
def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('new_field', sa.String(255)))
        batch_op.create_index('ix_users_new_field', ['new_field'])

def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_index('ix_users_new_field')
        batch_op.drop_column('new_field')
"""


def test_seed_000_not_null_at_once_is_an_error_on_both_dialects() -> None:
    for dialect in ("postgresql", "sqlite"):
        findings = lint_text(SEED_000_NOT_NULL_AT_ONCE, dialect)
        errors = [f for f in findings if f.rule == "not-null-without-default"]
        assert len(errors) == 1 and errors[0].severity == "error"
        assert errors[0].line == 5
        assert errors[0].lesson == "not-null-backfill"


def test_seed_000_three_steps_do_not_give_the_not_null_error() -> None:
    for dialect in ("postgresql", "sqlite"):
        findings = lint_text(SEED_000_THREE_STEPS, dialect)
        assert "not-null-without-default" not in rule_ids(findings)
    # On PostgreSQL the remaining advice is about locks, not a failure:
    pg = lint_text(SEED_000_THREE_STEPS, "postgresql")
    assert {"set-not-null", "backfill-with-ddl"} <= rule_ids(pg)
    assert all(f.severity != "error" for f in pg)
    # On SQLite the third step needs batch mode:
    assert "sqlite-alter-outside-batch" in rule_ids(lint_text(SEED_000_THREE_STEPS, "sqlite"))


def test_seed_000_drop_column_warns_data_loss() -> None:
    findings = lint_text(SEED_000_DROP_COLUMN)
    (drop,) = [f for f in findings if f.rule == "drop-column"]
    assert drop.severity == "warning" and "data" in drop.message
    assert drop.lesson == "drop-column"


def test_seed_000_add_nullable_column_is_clean() -> None:
    assert lint_text(SEED_000_ADD_COLUMN, "postgresql") == []
    assert lint_text(SEED_000_ADD_COLUMN, "sqlite") == []


def test_seed_000_text_widening_is_free_but_its_downgrade_narrows() -> None:
    findings = lint_text(SEED_000_CHANGE_TYPE)
    assert [(f.rule, f.line) for f in findings] == [("type-narrowing", 11)]
    assert findings[0].severity == "error"


def test_seed_000_forgotten_downgrade() -> None:
    assert "downgrade-missing" in rule_ids(lint_text(SEED_000_FORGOTTEN_DOWNGRADE))


def test_seed_003_index_creation_warns_on_postgresql_only() -> None:
    pg = lint_text(SEED_003_CREATE_INDEX, "postgresql")
    assert [f.rule for f in pg] == ["index-not-concurrent"]
    (index,) = [f for f in pg if f.rule == "index-not-concurrent"]
    assert index.severity == "warning" and "CONCURRENTLY" in index.message
    assert index.line == 5
    assert lint_text(SEED_003_CREATE_INDEX, "sqlite") == []


def test_seed_003_index_on_a_table_created_in_the_same_migration_is_fine() -> None:
    assert lint_text(SEED_003_CREATE_TABLE_WITH_INDEX, "postgresql") == []


def test_seed_003_foreign_key_without_not_valid() -> None:
    assert "constraint-without-not-valid" in rule_ids(lint_text(SEED_003_FOREIGN_KEY))
    assert "sqlite-alter-outside-batch" in rule_ids(lint_text(SEED_003_FOREIGN_KEY, "sqlite"))


def test_seed_003_batch_block_is_clean_on_sqlite() -> None:
    assert lint_text(SEED_003_BATCH, "sqlite") == []
