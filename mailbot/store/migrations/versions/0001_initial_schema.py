"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 10:37:20.098658
"""

import sqlalchemy as sa
from alembic import op

import mailbot.store.models

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('retail', sa.Boolean(), nullable=False),
    sa.Column('opened_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('form', sa.JSON(), nullable=False),
    sa.Column('waiver_version', sa.String(length=40), nullable=True),
    sa.Column('waiver_text_sha256', sa.String(length=64), nullable=True),
    sa.Column('waiver_signed', sa.Boolean(), nullable=False),
    sa.Column('waiver_overridden', sa.Boolean(), nullable=False),
    sa.Column('waiver_evidence', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('reference', name=op.f('uq_cases_reference'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_status'), ['status'], unique=False)

    op.create_table('mailbox_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailbox', sa.String(length=400), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=True),
    sa.Column('last_uid', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailbox_state')),
    sa.UniqueConstraint('mailbox', name=op.f('uq_mailbox_state_mailbox'))
    )
    op.create_table('reject_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender', sa.String(length=320), nullable=False),
    sa.Column('reason', sa.String(length=60), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reject_notices')),
    sa.UniqueConstraint('sender', 'reason', 'day', name=op.f('uq_reject_notices_sender'))
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=16), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_events_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_case_id'), ['case_id'], unique=False)

    op.create_table('inbound_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=1000), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=400), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=True),
    sa.Column('uid', sa.BigInteger(), nullable=True),
    sa.Column('received_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('processed_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sender', sa.String(length=320), nullable=True),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=60), nullable=True),
    sa.Column('trace', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_inbound_mails_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_mails')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_inbound_mails_idempotency_key'))
    )
    with op.batch_alter_table('inbound_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_mails_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_mails_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_mails_sender'), ['sender'], unique=False)

    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('breached', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_milestones_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones')),
    sa.UniqueConstraint('case_id', 'name', name=op.f('uq_milestones_case_id'))
    )
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestones_case_id'), ['case_id'], unique=False)

    op.create_table('parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failing', sa.Boolean(), nullable=False),
    sa.Column('failing_reason', sa.Text(), nullable=True),
    sa.Column('subject_tags', sa.JSON(), nullable=False),
    sa.Column('created_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_parties_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties'))
    )
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parties_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parties_email'), ['email'], unique=False)

    op.create_table('thread_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('party_email', sa.String(length=320), nullable=True),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_thread_messages_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thread_messages'))
    )
    with op.batch_alter_table('thread_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_thread_messages_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_thread_messages_message_id'), ['message_id'], unique=False)

    op.create_table('timers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('fired_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_timers_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timers'))
    )
    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timers_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_timers_due_open', ['fired_at', 'due_at'], unique=False)

    op.create_table('outbound_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('template', sa.String(length=60), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('to', sa.JSON(), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('cc', sa.JSON(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=False),
    sa.Column('in_reply_to', sa.String(length=998), nullable=True),
    sa.Column('references', sa.JSON(), nullable=False),
    sa.Column('reply_to', sa.String(length=400), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('inbound_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_outbound_mails_case_id_cases')),
    sa.ForeignKeyConstraint(['inbound_id'], ['inbound_mails.id'], name=op.f('fk_outbound_mails_inbound_id_inbound_mails')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_mails')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbound_mails_message_id'))
    )
    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_mails_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_mails_recipient'), ['recipient'], unique=False)
        batch_op.create_index('ix_outbound_mails_status_next', ['status', 'next_attempt_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_mails_status_next')
        batch_op.drop_index(batch_op.f('ix_outbound_mails_recipient'))
        batch_op.drop_index(batch_op.f('ix_outbound_mails_case_id'))

    op.drop_table('outbound_mails')
    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.drop_index('ix_timers_due_open')
        batch_op.drop_index(batch_op.f('ix_timers_case_id'))

    op.drop_table('timers')
    with op.batch_alter_table('thread_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thread_messages_message_id'))
        batch_op.drop_index(batch_op.f('ix_thread_messages_case_id'))

    op.drop_table('thread_messages')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parties_email'))
        batch_op.drop_index(batch_op.f('ix_parties_case_id'))

    op.drop_table('parties')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestones_case_id'))

    op.drop_table('milestones')
    with op.batch_alter_table('inbound_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_mails_sender'))
        batch_op.drop_index(batch_op.f('ix_inbound_mails_message_id'))
        batch_op.drop_index(batch_op.f('ix_inbound_mails_case_id'))

    op.drop_table('inbound_mails')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_case_id'))

    op.drop_table('events')
    op.drop_table('reject_notices')
    op.drop_table('mailbox_state')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_status'))

    op.drop_table('cases')

