"""On SQLite the threads of one process write in turn (``debate.db._WritersInTurn``): a writer
takes the lock at its first write and gives it back at COMMIT or ROLLBACK; readers never take
it; many concurrent writers all get through, none sleeping in SQLite's busy handler."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from debate import db
from debate.db import create_db_engine, migrate, session_scope
from debate.models import RateEvent


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
