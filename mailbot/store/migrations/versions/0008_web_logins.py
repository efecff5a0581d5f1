"""one-time sign-in links and sessions of the web console; the indexes its lists use

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:30:00
"""

import sqlalchemy as sa
from alembic import op

import mailbot.store.models

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'web_logins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('nonce_sha256', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('created_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column('ended_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_web_logins')),
        sa.UniqueConstraint('nonce_sha256', name=op.f('uq_web_logins_nonce_sha256')),
    )
    with op.batch_alter_table('web_logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_logins_email'), ['email'], unique=False)
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index('ix_milestones_state_due', ['state', 'due'], unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_due', mailbot.store.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_cases_opened', ['opened_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_status_opened', ['status', 'opened_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_next_due'), ['next_due'], unique=False)
    # Each open case's earliest running deadline (what apply_decision keeps from now on).
    op.execute(sa.text(
        "UPDATE cases SET next_due = (SELECT MIN(m.due) FROM milestones m WHERE m.case_id = cases.id "
        "AND m.state = 'pending' AND m.due IS NOT NULL "
        "AND NOT (cases.status = 'disputed' AND m.name = 'waiver')) "
        "WHERE status IN ('intake', 'waiting', 'disputed', 'transferring')"))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_next_due'))
        batch_op.drop_index('ix_cases_status_opened')
        batch_op.drop_index('ix_cases_opened')
        batch_op.drop_column('next_due')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index('ix_milestones_state_due')
    with op.batch_alter_table('web_logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_logins_email'))
    op.drop_table('web_logins')
