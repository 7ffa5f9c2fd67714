"""privacy: plan sharing, server-side staff sessions and answer drafts, lockout by address

Issue 16. Plans get `shared_at`/`shared_via`: a plan with a consent row was made or changed by a
caseworker with the family's consent and stays visible to staff; every other existing plan was
made by a family and becomes unshared. Staff sessions and questionnaire drafts move to the
server. Sign-in failures and locks are counted by a keyed hash of the address typed, so
addresses without an account lock the same way; failures in flight (15 minutes' worth) are
dropped, since the old rows cannot be re-keyed without the app's secret.

Revision ID: a7c31e5f0b92
Revises: eb903d353181
Create Date: 2026-12-02 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c31e5f0b92'
down_revision = 'eb903d353181'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('shared_via', sa.String(length=16), nullable=True))
    # Plans made (or changed) with a caseworker, consent recorded, stay visible to staff.
    op.execute(
        "UPDATE plan SET shared_via = 'caseworker', shared_at = "
        "(SELECT MIN(consent.created_at) FROM consent WHERE consent.plan_id = plan.id) "
        "WHERE EXISTS (SELECT 1 FROM consent WHERE consent.plan_id = plan.id)"
    )

    op.create_table('answer_draft',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('data_enc', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_answer_draft'))
    )
    with op.batch_alter_table('answer_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_draft_expires_at'), ['expires_at'], unique=False)

    op.create_table('staff_session',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('pending_totp_enc', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_staff_session_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_staff_session'))
    )
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.create_index('ix_staff_session_user', ['user_id'], unique=False)

    op.create_table('staff_login_lock',
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('account_key', name=op.f('pk_staff_login_lock'))
    )

    with op.batch_alter_table('staff_login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_login_failure_user_at')
    op.drop_table('staff_login_failure')
    op.create_table('staff_login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_login_failure'))
    )
    with op.batch_alter_table('staff_login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_staff_login_failure_key_at', ['account_key', 'at'], unique=False)

    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('locked_until')


def downgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))

    with op.batch_alter_table('staff_login_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_login_failure_key_at')
    op.drop_table('staff_login_failure')
    op.create_table('staff_login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_staff_login_failure_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_login_failure'))
    )
    with op.batch_alter_table('staff_login_failure', schema=None) as batch_op:
        batch_op.create_index('ix_staff_login_failure_user_at', ['user_id', 'at'], unique=False)

    op.drop_table('staff_login_lock')
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_session_user')
    op.drop_table('staff_session')
    with op.batch_alter_table('answer_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_draft_expires_at'))
    op.drop_table('answer_draft')

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('shared_via')
        batch_op.drop_column('shared_at')
