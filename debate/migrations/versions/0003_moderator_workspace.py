"""moderator workspace: claims, notes, notices, appeals, sanctions, outbox, policy versions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 23:31:40
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outboxmessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index('ix_outboxmessage_sent_due', ['sent_at', 'due_at'], unique=False)

    op.create_table('policyversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('version')
    )
    op.create_table('moderatornote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('subject_user_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['subject_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('moderatornote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderatornote_subject_user_id'), ['subject_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderatornote_submission_id'), ['submission_id'], unique=False)

    op.create_table('reviewclaim',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('submission_id')
    )
    with op.batch_alter_table('reviewclaim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviewclaim_moderator_id'), ['moderator_id'], unique=False)

    op.create_table('sanction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('warning', 'suspension', name='sanctionkind', native_enum=False, length=24), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sanction_user_id'), ['user_id'], unique=False)

    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('notifier_name', sa.String(length=80), nullable=False),
    sa.Column('notifier_email', sa.String(length=254), nullable=False),
    sa.Column('good_faith', sa.Boolean(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('state', sa.Enum('open', 'decided', name='casestate', native_enum=False, length=24), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['decision_id'], ['moderationdecision.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index('ix_notice_state_created', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_submission_id'), ['submission_id'], unique=False)

    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('appellant', sa.String(length=20), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('state', sa.Enum('open', 'decided', name='casestate', native_enum=False, length=24), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['decision_id'], ['moderationdecision.id'], ),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index('ix_appeal_state_created', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeal_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('moderationdecision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('spans', sa.JSON(), nullable=False, server_default='[]'))

    with op.batch_alter_table('moderationsignal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=40), nullable=True))

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('escalated', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('escalated')
        batch_op.drop_column('report_count')

    with op.batch_alter_table('moderationsignal', schema=None) as batch_op:
        batch_op.drop_column('label')

    with op.batch_alter_table('moderationdecision', schema=None) as batch_op:
        batch_op.drop_column('spans')

    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_submission_id'))
        batch_op.drop_index('ix_appeal_state_created')
        batch_op.drop_index(batch_op.f('ix_appeal_decision_id'))

    op.drop_table('appeal')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_submission_id'))
        batch_op.drop_index('ix_notice_state_created')

    op.drop_table('notice')
    with op.batch_alter_table('sanction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sanction_user_id'))

    op.drop_table('sanction')
    with op.batch_alter_table('reviewclaim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviewclaim_moderator_id'))

    op.drop_table('reviewclaim')
    with op.batch_alter_table('moderatornote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderatornote_submission_id'))
        batch_op.drop_index(batch_op.f('ix_moderatornote_subject_user_id'))

    op.drop_table('moderatornote')
    op.drop_table('policyversion')
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_index('ix_outboxmessage_sent_due')

    op.drop_table('outboxmessage')
