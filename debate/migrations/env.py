"""Alembic environment: the engine comes from ``debate.core.db.alembic_config``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from debate.core import models  # noqa: F401  (registers the tables on the metadata)

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
