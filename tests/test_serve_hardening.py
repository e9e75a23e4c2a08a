"""``inspel serve`` and the CLI under hostile or broken conditions (issue 15, items 20-24 and
30): header timeouts and a concurrency limit, web processes that stop with their parent,
private data files, readiness that proves a write, and one clear line for each failure."""

from __future__ import annotations

import faulthandler
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from debate.cli import main
from debate.core.db import create_db_engine
from debate.core.settings import Settings
from debate.web import server
from tests.conftest import PG_URL
from tests.test_server import free_port

# --- Timeouts and the concurrency limit ---------------------------------------------------------


def test_serve_passes_timeouts_and_limits_and_believes_no_proxy_headers(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("INSPEL_DATABASE_URL", f"sqlite:///{tmp_path / 'inspel.db'}")
    monkeypatch.setenv("INSPEL_KEEP_ALIVE_TIMEOUT", "3")
    monkeypatch.setenv("INSPEL_MAX_CONNECTIONS", "50")
    monkeypatch.setenv("INSPEL_HEADER_TIMEOUT", "7")
    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(kwargs))
    faulthandler.disable()
    try:
        assert main(["serve", "--port", "8123"]) == 0
        # A fatal signal (SIGBUS on a database file gone bad) leaves a traceback in the log.
        assert faulthandler.is_enabled()
    finally:
        faulthandler.enable()
    assert seen["timeout_keep_alive"] == 3 and seen["limit_concurrency"] == 50
    assert seen["proxy_headers"] is False and seen["port"] == 8123
    assert seen["http"] == "debate.web.server:HeaderTimeoutProtocol"
    assert os.environ[server.HEADER_TIMEOUT_ENV] == "7"


def _serve_in_thread(port: int) -> uvicorn.Server:
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    config = uvicorn.Config(
        app,
        port=port,
        http="debate.web.server:HeaderTimeoutProtocol",
        log_level="error",
        lifespan="off",
    )
    instance = uvicorn.Server(config)
    threading.Thread(target=instance.run, daemon=True).start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return instance


def test_a_connection_that_trickles_its_headers_is_closed(monkeypatch):
    monkeypatch.setenv(server.HEADER_TIMEOUT_ENV, "1")
    port = free_port()
    instance = _serve_in_thread(port)
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/").text == "ok"
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            slow.settimeout(5)
            began = time.monotonic()
            assert slow.recv(100) == b""  # closed, without an answer
            assert time.monotonic() - began < 4
    finally:
        instance.should_exit = True


# --- Web processes stop with their parent -------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups on Linux")
def test_web_processes_stop_when_the_workers_parent_is_killed(tmp_path):
    port = free_port()
    env = os.environ | {
        "INSPEL_DATA_DIR": str(tmp_path / "data"),
        "INSPEL_DATABASE_URL": "",
        "INSPEL_CLASSIFIER": "off",
    }
    log = (tmp_path / "server.log").open("w+")
    parent = subprocess.Popen(
        [sys.executable, "-m", "debate.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/healthz"
    try:
        assert _until(lambda: _answers(base), 90), _log(log)
        parent.kill()
        parent.wait(10)
        assert _until(lambda: not _answers(base), 20), "web processes still serve: " + _log(log)
    finally:
        if _group_alive(parent.pid):
            os.killpg(parent.pid, signal.SIGKILL)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _log(handle) -> str:
    handle.seek(0)
    return handle.read()[-3000:]


# --- One clear line ---------------------------------------------------------------------------


def test_serve_against_a_closed_database_port_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(
        "INSPEL_DATABASE_URL", f"postgresql+psycopg://u:pw@127.0.0.1:{free_port()}/x"
    )
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("inspel: cannot use the database: ") and err.count("\n") == 1
    assert "pw" not in err and "Traceback" not in err


@pytest.mark.skipif(PG_URL is not None, reason="a SQLite backup")
def test_backup_to_a_missing_directory_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("INSPEL_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    missing = tmp_path / "nowhere"
    assert main(["backup", "--to", f"{missing}/"]) == 2
    assert capsys.readouterr().err == f"inspel: backup directory {missing}/ does not exist\n"
    assert not missing.exists()
    (tmp_path / "here").mkdir()
    assert main(["backup", "--to", f"{tmp_path / 'here'}/"]) == 0
    [copy] = (tmp_path / "here").glob("inspel-*.db")
    assert _mode(copy) == 0o600
    assert main(["backup"]) == 0  # the default directory is made private
    assert _mode(tmp_path / "backups") == 0o700


# --- Private files ------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_directory_and_database_files_are_private(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "umask", os.umask)  # restored either way
    old = os.umask(0o022)
    try:
        data = tmp_path / "fresh" / "data"
        engine = create_db_engine(f"sqlite:///{data / 'inspel.db'}")
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT x FROM t").scalar() == 1
            assert _mode(data) == 0o700
            for name in ("inspel.db", "inspel.db-wal", "inspel.db-shm"):
                assert _mode(data / name) == 0o600, name
        engine.dispose()
        Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path / "other")})
        assert _mode(tmp_path / "other") == 0o700
    finally:
        os.umask(old)


# --- Readiness --------------------------------------------------------------------------------


def test_readyz_proves_a_write_and_the_schema_version(client, engine):
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "schema": "ok"}
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    stale = client.get("/readyz")
    assert stale.status_code == 503 and stale.json()["schema"] == "not at the migration head"
    assert stale.headers["retry-after"]
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE rateevent"))
    broken = client.get("/readyz")
    assert broken.status_code == 503 and broken.json()["database"] == "unwritable"
    assert client.get("/healthz").status_code == 200  # liveness: the process answers
