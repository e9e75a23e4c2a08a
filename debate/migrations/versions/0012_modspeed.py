"""branding: the organisation's name, logo, favicon and colours (one row)

Revision ID: 0012_modspeed
Revises: 0012_engine
Create Date: 2026-12-07 05:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_modspeed'
down_revision = '0012_engine'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sitebranding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_name', sa.String(length=120), nullable=False),
    sa.Column('primary_colour', sa.String(length=7), nullable=False),
    sa.Column('accent_colour', sa.String(length=7), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=40), nullable=False),
    sa.Column('favicon', sa.LargeBinary(), nullable=True),
    sa.Column('favicon_type', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('sitebranding')
