"""Faults: a web process killed mid-burst, a locked, unreachable, read-only or full database.

The site must answer 503 with a friendly page and ``Retry-After`` (never a traceback), lose
nothing it acknowledged, leave nothing half-written, and recover by itself.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient

from debate.app import create_app
from debate.core.db import _sqlite_pragmas, inline_twin, is_unavailable
from debate.core.settings import Settings
from tests.conftest import PG_URL
from tests.factories import make_consultation, post_form, seed_proposal
from tests.test_server import free_port

BUSY_SV = "Vi når inte vår databas just nu. Försök igen om några sekunder."
BUSY_EN = "We cannot reach our database just now. Please try again in a few seconds."
sqlite_only = pytest.mark.skipif(PG_URL is not None, reason="a SQLite file fault")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: The ``inspel`` command with this interpreter.
INSPEL = [sys.executable, "-c", "import sys; from debate.cli import main; sys.exit(main())"]


def assert_busy_page(response: httpx.Response, text: str = BUSY_SV) -> None:
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert text in response.text
    assert "Traceback" not in response.text and "sqlalchemy" not in response.text.lower()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Starlette]:
    """The site with a one-second busy timeout, so a held lock turns into a 503 quickly."""
    settings = Settings.from_env(
        {},
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="test-secret-" + "x" * 32,
        db_timeout=1,
    )
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def site(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


def sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    assert path is not None
    return path


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        query = f'SELECT count(*) FROM "{table}"'  # noqa: S608 (a table name from this file)
        return int(conn.exec_driver_sql(query).scalar_one())


def integrity(path: str) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def reply(client: TestClient, proposal_id: int, body: str) -> httpx.Response:
    return post_form(client, f"/proposals/{proposal_id}/replies", {"body": body})


@pytest.mark.parametrize(
    ("statement", "unavailable"),
    [
        ("SELECT * FROM no_such_table", False),  # a bug: 500 with its traceback in the log
        ("INSERT INTO t VALUES (1)", True),  # attempt to write a readonly database
    ],
)
def test_only_the_database_state_counts_as_unavailable(tmp_path, statement, unavailable):
    path = tmp_path / "ro.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    engine = sa.create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    )
    with pytest.raises(sa.exc.DBAPIError) as raised, engine.begin() as conn:
        conn.exec_driver_sql(statement)
    assert is_unavailable(raised.value) is unavailable
    engine.dispose()


# --- A locked database (SQLite) ---------------------------------------------------------------


@sqlite_only
def test_locked_database_answers_503_in_both_languages_then_recovers(site, app):
    engine = app.state.engine
    proposal = seed_proposal(engine, make_consultation(engine))
    before = count(engine, "submission")
    holder = sqlite3.connect(sqlite_path(engine), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the one writer's lock, held past the busy timeout
    try:
        assert_busy_page(reply(site, proposal, "Under låset."))
        # Readers are not blocked in WAL mode: the thread page still works.
        assert site.get(f"/proposals/{proposal}").status_code == 200
        site.get("/lang/en")
        assert_busy_page(reply(site, proposal, "Under the lock."), BUSY_EN)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert count(engine, "submission") == before
    assert reply(site, proposal, "Efter låset.").status_code == 303
    assert count(engine, "submission") == before + 1
    assert integrity(sqlite_path(engine)) == "ok"


def test_database_unreachable_answers_503_and_health_says_so(tmp_path):
    """A PostgreSQL server that does not answer (a closed port): 503, not a traceback."""
    settings = Settings.from_env(
        {},
        data_dir=tmp_path,
        database_url=f"postgresql+psycopg://inspel@127.0.0.1:{free_port()}/inspel",
        secret_key="test-secret-" + "x" * 32,
        db_timeout=1,
    )
    app = create_app(settings)
    client = TestClient(app, follow_redirects=False)  # no lifespan: it would migrate
    assert_busy_page(client.get("/"))
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json() == {
        "status": "error",
        "database": "unavailable",
    }
    assert health.headers["retry-after"] == "5"


@pytest.mark.skipif(PG_URL is None, reason="PostgreSQL only")
def test_postgresql_connections_cut_by_the_server_are_replaced(site, app):
    """A restarted or failed-over server drops every connection; the pool notices (pre-ping)
    and the next request works without an error."""
    engine = app.state.engine
    proposal = seed_proposal(engine, make_consultation(engine))
    assert site.get(f"/proposals/{proposal}").status_code == 200
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (engine.url.database,),
        )
    admin.dispose()
    assert site.get(f"/proposals/{proposal}").status_code == 200
    assert site.get("/healthz").json() == {"status": "ok", "database": "ok"}


# --- A read-only or full SQLite file ----------------------------------------------------------


def _swap_engine(app: Starlette, engine: Engine) -> Engine:
    old: Engine = app.state.engine
    old.dispose()
    app.state.engine = engine
    # Calls made on the event loop go through the engine's twin (web.db_call); the faulty
    # engines here have none, so every call goes through them.
    if app.state.inline_engine is not None:
        app.state.inline_engine.dispose()
    app.state.inline_engine = inline_twin(engine)
    return old


@sqlite_only
def test_read_only_database_refuses_submissions_with_503_and_stays_intact(site, app):
    engine = app.state.engine
    proposal = seed_proposal(engine, make_consultation(engine))
    before = count(engine, "submission")
    path = sqlite_path(engine)
    read_only = sa.create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False),
    )
    sa.event.listen(read_only, "connect", _sqlite_pragmas)
    writable = _swap_engine(app, read_only)
    assert site.get(f"/proposals/{proposal}").status_code == 200
    assert_busy_page(reply(site, proposal, "Skrivskyddad."))
    assert site.get("/healthz").status_code == 200  # reading works: the balancer keeps it
    _swap_engine(app, writable)
    assert count(engine, "submission") == before
    assert integrity(path) == "ok"
    assert reply(site, proposal, "Skrivbar igen.").status_code == 303


@sqlite_only
def test_full_database_refuses_submissions_with_503_and_stays_intact(site, app, caplog):
    engine = app.state.engine
    proposal = seed_proposal(engine, make_consultation(engine))
    before = count(engine, "submission")
    path = sqlite_path(engine)
    full = sa.create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    sa.event.listen(full, "connect", _sqlite_pragmas)

    @sa.event.listens_for(full, "connect")
    def _no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    writable = _swap_engine(app, full)
    long_text = "Ett långt inlägg om bussar. " * 3000  # more than the free pages can hold
    assert_busy_page(reply(site, proposal, long_text[:4900]))
    assert "database or disk is full" in caplog.text
    _swap_engine(app, writable)
    full.dispose()
    assert count(engine, "submission") == before
    assert integrity(path) == "ok"
    assert reply(site, proposal, "Plats igen.").status_code == 303


# --- kill -9 of a web process during a burst of submissions -----------------------------------


def _start(data: Path, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "INSPEL_DATA_DIR": str(data),
        "INSPEL_DATABASE_URL": "",
        "INSPEL_SECRET_KEY": "fault-test-" + "x" * 40,
        "INSPEL_RATE_SUBMISSIONS": "100000/600",  # one address sends the whole burst
    }
    process = subprocess.Popen(
        [*INSPEL, "serve", "--port", str(port), "--demo", *extra],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    pytest.fail("server did not start:\n" + log.read_text())


def _submit_until_refused(base: str, acknowledged: list[str], stop: threading.Event) -> None:
    with httpx.Client(base_url=base, timeout=5) as browser:
        try:
            while not stop.is_set():
                page = browser.get("/consultations/regionens-agenda/proposals/new")
                token = _CSRF.search(page.text)
                assert token is not None
                marker = uuid.uuid4().hex
                sent = browser.post(
                    "/consultations/regionens-agenda/proposals",
                    data={
                        "csrf_token": token.group(1),
                        "title": f"Förslag {marker[:8]}",
                        "body": f"Fler cykelbanor i regionen, märke {marker}.",
                    },
                )
                if sent.status_code == 303:
                    acknowledged.append(marker)
        except httpx.TransportError:
            return  # the server is gone


@sqlite_only
def test_kill_9_during_a_burst_loses_no_acknowledged_submission(tmp_path):
    data, port, log = tmp_path / "data", free_port(), tmp_path / "server.log"
    process = _start(data, port, log)
    acknowledged: list[str] = []
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=_submit_until_refused, args=(f"http://127.0.0.1:{port}", acknowledged, stop)
        )
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)  # in the middle of the burst: no clean shutdown
    process.wait(10)
    for thread in threads:
        thread.join(10)
    stop.set()
    assert len(acknowledged) >= 20, log.read_text()

    restarted = _start(data, port, log)
    try:
        _assert_all_stored_and_whole(data / "inspel.db", acknowledged)
    finally:
        restarted.terminate()
        restarted.wait(10)


def _assert_all_stored_and_whole(path: Path, acknowledged: list[str]) -> None:
    assert integrity(str(path)) == "ok"
    with sqlite3.connect(path) as conn:
        bodies = "\n".join(body for (body,) in conn.execute("SELECT body FROM revision"))
        orphans = conn.execute(
            "SELECT count(*) FROM submission s WHERE s.kind = 'proposal' AND ("
            " NOT EXISTS (SELECT 1 FROM revision r WHERE r.submission_id = s.id)"
            " OR NOT EXISTS (SELECT 1 FROM proposal p WHERE p.submission_id = s.id))"
        ).fetchone()[0]
    lost = [marker for marker in acknowledged if marker not in bodies]
    assert lost == [], f"{len(lost)} of {len(acknowledged)} acknowledged submissions lost"
    assert orphans == 0, "a submission was stored half"


# --- Several web processes --------------------------------------------------------------------


@sqlite_only
def test_two_web_processes_share_everything_through_the_cookie_and_the_database(tmp_path):
    """``serve --workers 2``: a form from one process is accepted by the other (the CSRF token
    lives in the signed cookie), and SQLite's single writer is named in a warning."""
    data, port, log = tmp_path / "data", free_port(), tmp_path / "server.log"
    process = _start(data, port, log, "--workers", "2")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as browser:
            page = browser.get("/consultations/regionens-agenda/proposals/new")
            token = _CSRF.search(page.text)
            assert token is not None
            answers = {
                browser.post(
                    "/consultations/regionens-agenda/proposals",
                    data={"csrf_token": token.group(1), "title": f"Nr {n}", "body": "Fler tåg."},
                ).status_code
                for n in range(12)
            }
        assert answers == {303}
        # The first process may serve everything while the second still starts (a loaded
        # machine): give it time to say it has started.
        deadline = time.monotonic() + 60
        while True:
            text = log.read_text()
            started = set(re.findall(r"Started server process \[(\d+)\]", text))
            if len(started) == 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert "SQLite has one writer; 2 web processes take turns" in text
        assert len(started) == 2
    finally:
        process.terminate()
        process.wait(15)
