"""moderation jobs: the classifier queue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 22:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('moderationjob',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'claimed', 'done', 'waiting', 'failed', name='jobstate', native_enum=False, length=24), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claim_token', sa.String(length=40), nullable=True),
    sa.Column('claimed_by', sa.String(length=120), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('revision_id')
    )
    with op.batch_alter_table('moderationjob', schema=None) as batch_op:
        batch_op.create_index('ix_moderationjob_state_due', ['state', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderationjob_submission_id'), ['submission_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('moderationjob', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderationjob_submission_id'))
        batch_op.drop_index('ix_moderationjob_state_due')
    op.drop_table('moderationjob')
