"""follow: confirmed addresses on anonymous submissions, accounts following a proposal or an
article's thread, what each follower is to be told, and the outbox's unsubscribe link

Revision ID: 0012_follow
Revises: 0012_authoring
Create Date: 2026-12-07 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_follow'
down_revision = '0012_authoring'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.Enum('immediate', 'daily', name='followfrequency', native_enum=False, length=24), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('site_url', sa.String(length=300), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_submission_id'), ['submission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_user_id'), ['user_id'], unique=False)

    op.create_table('followevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('follow_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['follow_id'], ['follow.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('followevent', schema=None) as batch_op:
        batch_op.create_index('ix_followevent_follow_mailed', ['follow_id', 'mailed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_followevent_submission_id'), ['submission_id'], unique=False)

    # Plain ADD COLUMN with a default: SQLite adds it in place (see 0009).
    op.add_column(
        'outboxmessage',
        sa.Column('unsubscribe_url', sa.String(length=500), nullable=False, server_default=''),
    )


def downgrade() -> None:
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')
    with op.batch_alter_table('followevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followevent_submission_id'))
        batch_op.drop_index('ix_followevent_follow_mailed')
    op.drop_table('followevent')
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_user_id'))
        batch_op.drop_index(batch_op.f('ix_follow_submission_id'))
        batch_op.drop_index(batch_op.f('ix_follow_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_follow_article_id'))
    op.drop_table('follow')
