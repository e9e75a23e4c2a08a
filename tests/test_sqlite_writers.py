"""On SQLite the threads of one process write in turn (``debate.core.db._WritersInTurn``): a writer
takes the lock at its first write and gives it back at COMMIT or ROLLBACK; readers never take
it; many concurrent writers all get through, none sleeping in SQLite's busy handler. Calls made
on the event loop (``db.inline``) never wait: they give way to a thread instead."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from debate.app import create_app
from debate.core import db
from debate.core.db import create_db_engine, migrate, session_scope
from debate.core.models import RateEvent
from tests.conftest import PG_URL
from tests.factories import make_consultation, post_form, seed_proposal


@pytest.fixture
def sqlite_engine(tmp_path: Path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'w.db'}", timeout=10)
    migrate(engine)
    yield engine
    engine.dispose()


def writers_lock(engine: sa.Engine) -> threading.Lock:
    lock = db.writers_lock(engine)
    assert lock is not None
    return lock


def test_the_lock_is_held_from_the_first_write_to_the_commit(sqlite_engine):
    lock = writers_lock(sqlite_engine)
    with session_scope(sqlite_engine) as session:
        session.exec(sa.select(RateEvent))  # type: ignore[call-overload]
        assert not lock.locked()  # reading takes nothing
        session.add(RateEvent(key="k"))
        session.flush()
        assert lock.locked()
    assert not lock.locked()

    with pytest.raises(RuntimeError), session_scope(sqlite_engine) as session:
        session.add(RateEvent(key="k"))
        session.flush()
        assert lock.locked()
        raise RuntimeError("rolled back")
    assert not lock.locked()
    with sqlite_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM rateevent")).scalar() == 1


def test_concurrent_writers_all_get_through_in_turn(sqlite_engine):
    errors: list[BaseException] = []
    slowest = [0.0]

    def write(n: int) -> None:
        try:
            for _ in range(20):
                started = time.perf_counter()
                with session_scope(sqlite_engine) as session:
                    session.add(RateEvent(key=f"writer-{n}"))
                    session.flush()
                    time.sleep(0.001)  # hold the write a moment, as a submission does
                slowest[0] = max(slowest[0], time.perf_counter() - started)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with sqlite_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM rateevent")).scalar() == 160
    assert not writers_lock(sqlite_engine).locked()
    assert db.writers_lock(create_db_engine("postgresql+psycopg://localhost/x")) is None
    # Eight writers in turn wait at most for the seven others: well under a second, where
    # SQLite's busy handler alone let single writes sleep for seconds under load.
    assert slowest[0] < 1.0


# --- Calls made on the event loop (``db.inline``, ``web.db_call``) -----------------------------


def test_an_inline_write_that_would_wait_raises_at_once_instead(sqlite_engine, tmp_path):
    twin = db.inline_twin(sqlite_engine)
    assert twin is not None
    lock = writers_lock(sqlite_engine)
    event = sa.insert(RateEvent).values(key="inline")

    lock.acquire()  # another thread of this process is writing
    try:
        with pytest.raises(db.WouldBlockError), db.inline(), twin.begin() as connection:
            connection.execute(event)
    finally:
        lock.release()

    other = sqlite3.connect(tmp_path / "w.db", isolation_level=None)  # another process writing
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        with pytest.raises(db.WouldBlockError), db.inline(), twin.begin() as connection:
            connection.execute(event)
        assert time.perf_counter() - started < 0.5  # no turn in SQLite's busy handler
        with db.inline(), twin.connect() as connection:  # reading goes on meanwhile
            assert connection.execute(sa.text("SELECT count(*) FROM rateevent")).scalar() == 0
    finally:
        other.execute("ROLLBACK")
        other.close()

    with db.inline(), twin.begin() as connection:  # nobody writing: it goes through
        connection.execute(event)
    assert not lock.locked()
    with sqlite_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM rateevent")).scalar() == 1
    twin.dispose()
    assert db.inline_twin(create_db_engine("postgresql+psycopg://localhost/x")) is None


@pytest.mark.skipif(PG_URL is not None, reason="SQLite's writer lock")
def test_a_submission_waits_in_a_thread_while_another_thread_writes(client, engine):
    proposal = seed_proposal(engine, make_consultation(engine))
    lock = writers_lock(engine)
    lock.acquire()
    releaser = threading.Timer(0.3, lock.release)
    releaser.start()
    started = time.perf_counter()
    response = post_form(client, f"/proposals/{proposal}/replies", {"body": "Medan någon skriver."})
    waited = time.perf_counter() - started
    releaser.join()
    assert response.status_code == 303
    assert waited >= 0.25  # it waited for the lock (in a worker thread, not on the event loop)
    with engine.connect() as connection:
        bodies = connection.execute(sa.text("SELECT body FROM revision")).scalars().all()
    assert "Medan någon skriver." in bodies


def test_without_inline_calls_every_call_runs_in_a_thread(settings):
    app = create_app(dataclasses.replace(settings, sqlite_inline=False))
    assert app.state.inline_engine is None
    app.state.engine.dispose()
