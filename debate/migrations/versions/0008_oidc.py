"""oidc: accounts' identities at an OpenID Connect provider (issuer and subject)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 00:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('oidcidentity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=255), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('issuer', 'subject')
    )
    with op.batch_alter_table('oidcidentity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oidcidentity_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('oidcidentity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oidcidentity_user_id'))
    op.drop_table('oidcidentity')
