"""Engine, sessions and migrations."""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlmodel import Session

from debate.core.settings import make_private_dir

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


#: What a database error that is the database's state, not the request's, looks like: the
#: site answers 503 and tries again with a fresh connection on the next request.
UNAVAILABLE_ERRORS = (sa.exc.OperationalError, sa.exc.InterfaceError)
#: The ``Retry-After`` of those answers, in seconds.
RETRY_SECONDS = 5


def create_db_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 10, timeout: int = 30
) -> Engine:
    """SQLite waits up to ``timeout`` seconds for its one writer; PostgreSQL keeps
    ``pool_size`` (+ ``max_overflow``) connections per process, checks each one before use
    (so a restarted server costs no failed request) and gives up connecting after ``timeout``."""
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": timeout}
        )
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        _WritersInTurn(timeout).install(engine)
        return engine
    return sa.create_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=timeout,
        pool_pre_ping=True,
        # Connections older than this are replaced, so a fail-over or a proxy's idle cut-off
        # is noticed without a failed request.
        pool_recycle=1800,
        connect_args={"connect_timeout": timeout},
    )


#: SQLite's primary result codes for a database that is busy, locked, read-only, failing,
#: full or cannot be opened; its other "operational" errors (no such table …) are bugs.
_SQLITE_UNAVAILABLE = {5, 6, 8, 10, 13, 14, 15}


def is_unavailable(exc: BaseException) -> bool:
    """The database is down, locked, read-only or full: a 503, not a bug."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_UNAVAILABLE
    return isinstance(exc, UNAVAILABLE_ERRORS) or exc.connection_invalidated


def _ensure_sqlite_dir(url: str) -> None:
    """The database's directory (0700) and file (0600) made private to this user before
    SQLite opens it: SQLite gives the -wal and -shm files the database file's mode."""
    path = sa.engine.make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    database = Path(path)
    make_private_dir(database.parent)
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
        database.chmod(0o600)  # the umask may have taken bits away, never added


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class _WritersInTurn:
    """The threads of one process write to SQLite one after the other, waiting on a lock.

    SQLite has one writer; the others get "busy" and its busy handler sleeps and retries
    (1, 2, 5 … up to 100 ms a sleep), so under many concurrent submissions a writer can sleep
    far longer than the writes it waits for: that made the slowest submissions of the load
    harness take seconds. Here a transaction takes this lock at its first write statement and
    gives it back after its COMMIT or ROLLBACK, so writers queue and go the moment the one
    before them is done. Reads never take it (WAL: they do not wait for writers). It only
    orders the threads of this process: other processes still meet SQLite's own locking, and
    after ``timeout`` seconds a writer goes on without the lock rather than wait for ever.
    """

    _WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.lock = threading.Lock()
        #: ids of the DBAPI connections whose transaction holds the lock
        self.holders: set[int] = set()

    def install(self, engine: Engine) -> None:
        _WRITERS[engine] = self
        sa.event.listen(engine, "before_cursor_execute", self._before_execute)
        dialect = engine.dialect
        for name in ("do_commit", "do_rollback", "do_close"):
            setattr(dialect, name, self._then_release(getattr(dialect, name)))

    def _before_execute(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        key = id(conn.connection.dbapi_connection)
        if key in self.holders or not statement.lstrip()[:7].upper().startswith(self._WRITES):
            return
        if getattr(_INLINE, "on", False):
            if not self.lock.acquire(blocking=False):
                raise WouldBlockError("another thread of this process is writing")
            self.holders.add(key)
        elif self.lock.acquire(timeout=self.timeout):
            self.holders.add(key)

    def _then_release(self, original: Callable[[Any], None]) -> Callable[[Any], None]:
        def wrapped(connection: Any) -> None:
            try:
                original(connection)
            finally:
                # SQLAlchemy passes the pool's proxy here, the DBAPI connection elsewhere.
                key = id(getattr(connection, "dbapi_connection", connection))
                if key in self.holders:
                    self.holders.discard(key)
                    self.lock.release()

        return wrapped


_WRITERS: weakref.WeakKeyDictionary[Engine, _WritersInTurn] = weakref.WeakKeyDictionary()


class WouldBlockError(Exception):
    """A database call made on the event loop (``inline``) would have to wait for a lock."""


_INLINE = threading.local()
#: SQLite's result codes for "busy" and "locked": another connection holds the lock.
_SQLITE_BUSY = {5, 6}


@contextmanager
def inline() -> Iterator[None]:
    """Mark this thread's database calls as made on the event loop, where waiting would stop
    every request: a write that would wait for this process's writer lock raises
    ``WouldBlockError`` at once, and so does SQLite's "busy" (the ``inline_twin`` engine waits
    0 s for other processes). The caller rolls back and runs the call again in a thread."""
    _INLINE.on = True
    try:
        yield
    except sa.exc.OperationalError as exc:
        code = getattr(exc.orig, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _SQLITE_BUSY:
            raise WouldBlockError(str(exc.orig)) from exc
        raise
    finally:
        _INLINE.on = False


def inline_twin(engine: Engine) -> Engine | None:
    """For a SQLite engine, one on the same file for calls made on the event loop (``inline``):
    it waits 0 s for other processes' locks and shares ``engine``'s writer lock. ``None`` for
    other databases, whose calls wait on the network and belong in threads."""
    turns = _WRITERS.get(engine)
    if turns is None:
        return None
    twin = sa.create_engine(engine.url, connect_args={"check_same_thread": False, "timeout": 0})
    sa.event.listen(twin, "connect", _sqlite_pragmas)
    turns.install(twin)
    return twin


def writers_lock(engine: Engine) -> threading.Lock | None:
    """The lock a SQLite engine's writers take in turn; ``None`` for other databases."""
    turns = _WRITERS.get(engine)
    return turns.lock if turns is not None else None


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


@cache
def schema_heads() -> frozenset[str]:
    """The revisions a fully migrated database is at (one, unless migrations branch)."""
    script = ScriptDirectory(str(MIGRATIONS))
    return frozenset(script.get_heads())


def schema_revisions(connection: sa.Connection) -> frozenset[str]:
    """The revisions the database says it is at (empty when it was never migrated)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return frozenset()
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
    return frozenset(str(row[0]) for row in rows)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``; safe to call at every start."""
    command.upgrade(alembic_config(engine), revision)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
