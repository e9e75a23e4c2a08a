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
    # Plain ADD COLUMN, no batch copy: SQLite adds these columns in place (each has a default),
    # so the file keeps no free pages from a copied table (tests/test_faults.py fills the file
    # to its last page and expects the next write to fail).
    op.add_column(
        'proposal',
        sa.Column(
            'state',
            sa.Enum(*_STATES, name='proposalstate', native_enum=False, length=24),
            nullable=False,
            server_default='received',
        ),
    )
    op.add_column('proposal', sa.Column('state_reason', sa.Text(), nullable=False, server_default=''))
    op.add_column('proposal', sa.Column('answer', sa.Text(), nullable=False, server_default=''))
    op.add_column('proposal', sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite takes a REFERENCES clause in ADD COLUMN (the default is NULL), but Alembic
        # would add the constraint with a table copy.
        op.execute('ALTER TABLE proposal ADD COLUMN answered_by_id INTEGER REFERENCES "user" (id)')
    else:
        op.add_column(
            'proposal',
            sa.Column(
                'answered_by_id',
                sa.Integer(),
                sa.ForeignKey('user.id', name='fk_proposal_answered_by_id_user'),
                nullable=True,
            ),
        )
    op.add_column('consultation', sa.Column('analysis_until', sa.DateTime(timezone=True), nullable=True))
    op.add_column('consultation', sa.Column('answered_from', sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        'consultation',
        sa.Column('agenda_url', sa.String(length=500), nullable=False, server_default=''),
    )


def downgrade() -> None:
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_column('agenda_url')
        batch_op.drop_column('answered_from')
        batch_op.drop_column('analysis_until')
    # A column in a foreign key: SQLite drops it only by copying the table.
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table('proposal', recreate='always' if sqlite else 'auto') as batch_op:
        batch_op.drop_column('answered_by_id')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answer')
        batch_op.drop_column('state_reason')
        batch_op.drop_column('state')
