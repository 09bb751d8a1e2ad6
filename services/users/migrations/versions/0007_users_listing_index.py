"""users: the listing's order (created_at, id) as one index, so a page is read in index order
instead of sorted again on id for every request (the whole 1,000-user list, issue 15)

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_users_created_at_id", "users", ["created_at", "id"])
    op.drop_index("ix_users_created_at", "users")


def downgrade() -> None:
    op.create_index("ix_users_created_at", "users", ["created_at"])
    op.drop_index("ix_users_created_at_id", "users")
