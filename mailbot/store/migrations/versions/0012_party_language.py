"""each party's language (and where it came from), and the language of the waiver text sent

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('language_source', sa.String(length=8), nullable=True))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiver_language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('waiver_language')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('language_source')
        batch_op.drop_column('language')
