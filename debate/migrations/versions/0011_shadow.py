"""shadow: threshold sets tried in shadow, and what they would have decided

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07 03:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shadowpolicy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('share', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('shadowverdict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('shadow_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('rule_ids', sa.JSON(), nullable=False),
    sa.Column('live_action', sa.String(length=20), nullable=False),
    sa.Column('live_rule_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.ForeignKeyConstraint(['shadow_id'], ['shadowpolicy.id'], ),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('revision_id', 'shadow_id')
    )
    with op.batch_alter_table('shadowverdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shadowverdict_shadow_id'), ['shadow_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shadowverdict_submission_id'), ['submission_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('shadowverdict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shadowverdict_submission_id'))
        batch_op.drop_index(batch_op.f('ix_shadowverdict_shadow_id'))
    op.drop_table('shadowverdict')
    op.drop_table('shadowpolicy')
