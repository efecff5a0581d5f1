"""paused milestone clocks: when a clock stopped and the business time it had left

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import mailbot.store.models

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('remaining_seconds', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_column('remaining_seconds')
        batch_op.drop_column('paused_at')
