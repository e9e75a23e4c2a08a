"""The real thing: ``inspel serve`` as a process on SQLite, driven over HTTP; and the CLI."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from debate.cli import main
from tests.conftest import PG_URL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path):
    port = free_port()
    env = os.environ | {"INSPEL_DATA_DIR": str(tmp_path / "data"), "INSPEL_DATABASE_URL": ""}
    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "debate.cli", "serve", "--port", str(port), "--demo"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        process.kill()
        log.seek(0)
        pytest.fail("server did not start:\n" + log.read())
    yield base, tmp_path, log
    process.terminate()
    process.wait(timeout=10)


def test_served_site_creates_schema_demo_and_takes_a_proposal(server):
    base, tmp_path, log = server
    assert (tmp_path / "data" / "inspel.db").exists()
    log.seek(0)
    assert re.search(r"admin@inspel\.local / \S+", log.read())
    with httpx.Client(base_url=base) as browser:
        home = browser.get("/")
        assert home.status_code == 200 and 'lang="sv"' in home.text
        form = browser.get("/consultations/regionens-agenda/proposals/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        sent = browser.post(
            "/consultations/regionens-agenda/proposals",
            data={"csrf_token": token, "title": "Cykelbanor", "body": "Bygg fler cykelbanor."},
        )
        assert sent.status_code == 303
        status = browser.get(sent.headers["location"])
        assert 'data-state="published"' in status.text
        listing = browser.get("/consultations/regionens-agenda")
        assert "Cykelbanor" in listing.text and "Tätare bussar på landsbygden" in listing.text


@pytest.mark.skipif(PG_URL is not None, reason="the CLI test uses its own SQLite file")
def test_cli_upgrade_demo_and_user_create(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("INSPEL_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert main(["demo"]) == 0
    assert main(["demo"]) == 0
    assert (
        main(["user", "create", "--email", "Mod@Example.se", "--name", "Mo", "--role", "moderator"])
        == 0
    )
    assert main(["user", "create", "--email", "mod@example.se", "--name", "Mo"]) == 1
    out = capsys.readouterr()
    assert "Demo content loaded." in out.out and "Demo content was already there." in out.out
    assert "Created moderator mod@example.se with password" in out.out
    assert "there is already an account for mod@example.se" in out.err


def test_cli_refuses_production_without_secret(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INSPEL_ENV", "production")
    monkeypatch.delenv("INSPEL_SECRET_KEY", raising=False)
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    assert main(["db", "upgrade"]) == 2
    assert "INSPEL_SECRET_KEY must be set in production" in capsys.readouterr().err
