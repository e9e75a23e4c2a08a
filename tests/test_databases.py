"""The PostgreSQL pass's one database per worker (tests/databases.py): before each test it is
what the migrated template is, whatever the test before it did."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from debate.core.db import create_db_engine
from tests.conftest import PG_URL
from tests.databases import WorkerDatabase
from tests.factories import make_consultation, make_user, seed_proposal

pytestmark = pytest.mark.skipif(PG_URL is None, reason="PostgreSQL only (INSPEL_TEST_DATABASE_URL)")


def _filled(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return {
            table
            for table in sa.inspect(connection).get_table_names()
            if table != "alembic_version"
            and connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one()  # noqa: S608
        }


def test_a_reset_empties_every_table_and_restarts_the_ids(_worker_database: WorkerDatabase):
    _worker_database.reset()
    engine = create_db_engine(_worker_database.url)
    seed_proposal(engine, make_consultation(engine))
    make_user(engine)
    with engine.begin() as connection:  # the audit trail is append-only: no DELETE by triggers
        connection.exec_driver_sql(
            "INSERT INTO auditevent (at, action, object_type, detail)"
            " VALUES (now(), 'test', 'test', '{}')"
        )
    assert {"user", "consultation", "topic", "submission", "auditevent"} <= _filled(engine)
    engine.dispose()

    _worker_database.reset()
    engine = create_db_engine(_worker_database.url)
    assert _filled(engine) == set()
    assert make_user(engine).id == 1  # as in a fresh copy of the template
    engine.dispose()


def test_a_changed_schema_is_copied_again_from_the_template(_worker_database: WorkerDatabase):
    _worker_database.reset()
    engine = create_db_engine(_worker_database.url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE stray (x integer)")
        connection.exec_driver_sql('ALTER TABLE "user" ADD COLUMN extra integer')
    engine.dispose()

    _worker_database.reset()
    engine = create_db_engine(_worker_database.url)
    inspector = sa.inspect(engine)
    assert not inspector.has_table("stray")
    assert "extra" not in {column["name"] for column in inspector.get_columns("user")}
    engine.dispose()


def test_connections_a_test_left_open_are_ended(_worker_database: WorkerDatabase):
    """A connection left in a transaction that holds a row lock would make the next reset wait:
    it is ended, as ``DROP DATABASE … WITH (FORCE)`` ended it when every test had a copy."""
    _worker_database.reset()
    engine = create_db_engine(_worker_database.url)
    make_user(engine)
    left_open = engine.connect()
    left_open.exec_driver_sql('SELECT * FROM "user" FOR UPDATE').all()

    _worker_database.reset()
    with pytest.raises(sa.exc.OperationalError):
        left_open.exec_driver_sql("SELECT 1")
    assert _filled(engine) == set()
    left_open.invalidate()
    engine.dispose()


def test_a_reset_after_a_test_cut_every_connection(_worker_database: WorkerDatabase):
    """As tests/test_faults.py does to prove the pool replaces connections the server cut."""
    _worker_database.reset()
    engine = create_db_engine(_worker_database.url)
    make_user(engine)
    with _worker_database.admin.connect() as connection:
        connection.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (_worker_database.name,),
        )
    _worker_database.reset()
    assert _filled(engine) == set()
    engine.dispose()
