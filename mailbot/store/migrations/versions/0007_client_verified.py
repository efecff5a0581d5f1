"""remember whether the client proved their mailbox, and which inbound mails were signed replies

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_verified', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('inbound_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_reply', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Cases past their intake already wrote to the partner; an intake under way now waits for
    # the client's answer from their mailbox before anyone else is contacted.
    op.execute(sa.text("UPDATE cases SET client_verified = :yes WHERE status <> 'intake'").bindparams(yes=True))


def downgrade() -> None:
    with op.batch_alter_table('inbound_mails', schema=None) as batch_op:
        batch_op.drop_column('signed_reply')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('client_verified')
