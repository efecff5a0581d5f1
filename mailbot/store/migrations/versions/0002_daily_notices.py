"""daily notices

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 11:13:29.476419
"""

import sqlalchemy as sa
from alembic import op

import mailbot.store.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('daily_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('sent_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daily_notices')),
    sa.UniqueConstraint('kind', 'day', name=op.f('uq_daily_notices_kind'))
    )



def downgrade() -> None:

    op.drop_table('daily_notices')

