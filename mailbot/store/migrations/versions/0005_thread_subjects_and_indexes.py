"""thread subjects and indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 12:22:35.029353
"""

import sqlalchemy as sa
from alembic import op

import mailbot.store.models

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table('inbound_mails', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_mails_sender_received', ['sender', 'received_at'], unique=False)

    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_mails_recipient_created', ['recipient', 'created_at'], unique=False)

    with op.batch_alter_table('thread_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=500), nullable=True))
        batch_op.create_index('ix_thread_messages_case_role', ['case_id', 'role'], unique=False)
    # Threads started before this revision keep their subject line: copy it from the mails.
    op.execute("UPDATE thread_messages SET subject = (SELECT o.subject FROM outbound_mails o "
               "WHERE o.message_id = thread_messages.message_id) WHERE direction = 'out'")
    op.execute("UPDATE thread_messages SET subject = (SELECT MIN(i.subject) FROM inbound_mails i "
               "WHERE i.message_id = thread_messages.message_id) WHERE direction = 'in'")




def downgrade() -> None:

    with op.batch_alter_table('thread_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_thread_messages_case_role')
        batch_op.drop_column('subject')

    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_mails_recipient_created')

    with op.batch_alter_table('inbound_mails', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_mails_sender_received')


