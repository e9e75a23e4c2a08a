"""accounts: verified addresses, a session version per account, one-time account links

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), nullable=False, server_default='0')
        )
    # Staff, moderators and admins were made by an operator (``inspel user create``), who
    # vouches for their addresses; citizens registered unverified and confirm by a link.
    user = sa.table(
        'user',
        sa.column('role', sa.String()),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('verified_at', sa.DateTime(timezone=True)),
    )
    op.execute(
        user.update().where(user.c.role != 'citizen').values(verified_at=user.c.created_at)
    )
    op.create_table('accounttoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('verify', 'reset', name='tokenpurpose', native_enum=False, length=24), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('accounttoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accounttoken_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('accounttoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accounttoken_user_id'))
    op.drop_table('accounttoken')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.drop_column('verified_at')
