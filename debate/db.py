"""Engine, sessions and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlmodel import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


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
