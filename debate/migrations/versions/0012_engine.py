"""engine: a consultation may make swearing a hint instead of a hold (SPEC §3)

``consultation.profanity_hint``: when true, DECENCY-PROFANITY publishes the post and keeps its
signal (``moderation.PolicyContext.profanity_hint``); false, the default, holds it for review.

Revision ID: 0012_engine
Revises: 0012_follow
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_engine'
down_revision = '0012_follow'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('profanity_hint', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_column('profanity_hint')
