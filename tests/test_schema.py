"""Migrations, the models they must match, UTC timestamps and append-only records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from debate.core.db import alembic_config, create_db_engine, migrate, session_scope
from debate.core.models import AuditEvent, Consultation, Revision
from debate.search.queries import SEARCH_OBJECTS
from tests.conftest import PG_URL
from tests.factories import make_consultation, seed_proposal


def _not_search(name: str | None, type_: str, _parent: object) -> bool:
    """The search tables (SQLite FTS5 and its shadow tables) and indexes (PostgreSQL GIN)
    are built by migration 0010 and have no model."""
    return not (name or "").startswith(tuple(SEARCH_OBJECTS))


def test_migrations_match_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_search})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_migrations_apply_to_an_empty_database_and_downgrade(database_url):
    engine = create_db_engine(database_url)
    command.downgrade(alembic_config(engine), "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    tables = set(sa.inspect(engine).get_table_names())
    assert {
        "user",
        "consultation",
        "submission",
        "revision",
        "moderationsignal",
        "moderationdecision",
        "auditevent",
        "support",
        "reply",
        "proposal",
    } <= tables
    engine.dispose()


@pytest.mark.parametrize("table", [Revision, AuditEvent])
def test_records_are_append_only(engine, table):
    seed_proposal(engine, make_consultation(engine))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.update(table).values(id=999))
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.delete(table))


def test_timestamps_come_back_aware_utc(engine):
    make_consultation(engine)
    with session_scope(engine) as session:
        consultation = session.exec(select(Consultation)).one()
    assert consultation.created_at.tzinfo is not None
    assert consultation.created_at.utcoffset() == timedelta(0)


def test_non_utc_input_is_stored_as_the_same_instant(engine):
    stockholm = timezone(timedelta(hours=1))
    local = datetime(2026, 12, 24, 15, 0, tzinfo=stockholm)
    with session_scope(engine) as session:
        session.add(Consultation(slug="jul", title="Jul", opens_at=local))
    with session_scope(engine) as session:
        stored = session.exec(select(Consultation)).one().opens_at
    assert stored == local and stored.tzinfo == UTC


def test_naive_datetimes_are_refused(engine):
    with pytest.raises(sa.exc.StatementError, match="naive"), session_scope(engine) as session:
        session.add(Consultation(slug="naiv", title="Naiv", opens_at=datetime(2026, 1, 1)))  # noqa: DTZ001
        session.flush()


def test_postgres_run_is_really_postgres(engine):
    assert engine.dialect.name == ("postgresql" if PG_URL else "sqlite")


def test_the_accounts_migration_vouches_for_operator_made_accounts_only(database_url):
    """0007: staff, moderators and admins keep working; citizens confirm their address."""
    engine = create_db_engine(database_url)
    command.downgrade(alembic_config(engine), "0006")
    insert = sa.text(
        'INSERT INTO "user" (email, display_name, password_hash, role, is_active, created_at) '
        "VALUES (:email, 'N', 'x', :role, :active, :at)"
    )
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for role in ("admin", "citizen"):
            conn.execute(
                insert, {"email": f"{role}@example.se", "role": role, "active": True, "at": now}
            )
    migrate(engine)
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.text('SELECT role, verified_at FROM "user"')).all())
    engine.dispose()
    assert rows["admin"] is not None and rows["citizen"] is None
