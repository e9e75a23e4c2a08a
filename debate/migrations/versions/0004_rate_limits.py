"""rate limits and revoked sessions: one row per rate-limited request and key; one per
logged-out session until its cookie would have expired

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 00:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rateevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rateevent', schema=None) as batch_op:
        batch_op.create_index('ix_rateevent_key_at', ['key', 'at'], unique=False)

    op.create_table('revokedsession',
    sa.Column('sid', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sid')
    )


def downgrade() -> None:
    op.drop_table('revokedsession')
    with op.batch_alter_table('rateevent', schema=None) as batch_op:
        batch_op.drop_index('ix_rateevent_key_at')
    op.drop_table('rateevent')
