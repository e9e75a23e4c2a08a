"""query indexes: the Decided tab's count and a consultation page's topic counts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 00:30:00
"""

from __future__ import annotations

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('moderationdecision', schema=None) as batch_op:
        batch_op.create_index(
            'ix_moderationdecision_decided_by', ['decided_by_id', 'id'], unique=False
        )

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index(
            'ix_proposal_consultation_topic', ['consultation_id', 'topic_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_consultation_topic')

    with op.batch_alter_table('moderationdecision', schema=None) as batch_op:
        batch_op.drop_index('ix_moderationdecision_decided_by')
