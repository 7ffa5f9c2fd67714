"""recipient limits and blocks (issue 16, B4)

Per-recipient send counts and "I did not ask for this" blocks, keyed by a keyed hash of the
recipient (never an address), so anonymous plans cannot be used to message strangers freely.

Revision ID: 710ffc23a840
Revises: a7c31e5f0b92
Create Date: 2026-12-02 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '710ffc23a840'
down_revision = 'a7c31e5f0b92'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recipient_block',
    sa.Column('recipient', sa.String(length=32), nullable=False),
    sa.Column('blocked_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('recipient', name=op.f('pk_recipient_block'))
    )
    op.create_table('recipient_send',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=32), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recipient_send'))
    )
    with op.batch_alter_table('recipient_send', schema=None) as batch_op:
        batch_op.create_index('ix_recipient_send_recipient_sent_at', ['recipient', 'sent_at'], unique=False)


def downgrade():
    with op.batch_alter_table('recipient_send', schema=None) as batch_op:
        batch_op.drop_index('ix_recipient_send_recipient_sent_at')

    op.drop_table('recipient_send')
    op.drop_table('recipient_block')
