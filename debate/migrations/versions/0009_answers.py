"""answers: a proposal's state and the region's official answer; a consultation's phases and
the link to its published agenda

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_STATES = ('received', 'considering', 'included', 'partly_included', 'not_included')


def upgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'state',
                sa.Enum(*_STATES, name='proposalstate', native_enum=False, length=24),
                nullable=False,
                server_default='received',
            )
        )
        batch_op.add_column(sa.Column('state_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('answer', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_proposal_answered_by_id_user', 'user', ['answered_by_id'], ['id']
        )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('analysis_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answered_from', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column('agenda_url', sa.String(length=500), nullable=False, server_default='')
        )


def downgrade() -> None:
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_column('agenda_url')
        batch_op.drop_column('answered_from')
        batch_op.drop_column('analysis_until')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint('fk_proposal_answered_by_id_user', type_='foreignkey')
        batch_op.drop_column('answered_by_id')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answer')
        batch_op.drop_column('state_reason')
        batch_op.drop_column('state')
