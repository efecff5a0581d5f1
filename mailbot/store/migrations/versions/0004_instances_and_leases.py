"""instances and leases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 12:07:20.971918
"""

import sqlalchemy as sa
from alembic import op

import mailbot.store.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('daemon_instances',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daemon_instances'))
    )
    op.create_table('leases',
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('holder', sa.String(length=40), nullable=False),
    sa.Column('expires_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_since', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_leases'))
    )
    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=40), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.drop_column('claimed_by')

    op.drop_table('leases')
    op.drop_table('daemon_instances')

