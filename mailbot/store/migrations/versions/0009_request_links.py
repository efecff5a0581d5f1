"""requests made on the web form, waiting for the client's confirmation link

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 22:40:00
"""

import sqlalchemy as sa
from alembic import op

import mailbot.store.models

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'request_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('nonce_sha256', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('form', sa.JSON(), nullable=False),
        sa.Column('created_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_at', mailbot.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column('reference', sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_request_links')),
        sa.UniqueConstraint('nonce_sha256', name=op.f('uq_request_links_nonce_sha256')),
    )
    with op.batch_alter_table('request_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_links_email'), ['email'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('request_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_links_email'))
    op.drop_table('request_links')
