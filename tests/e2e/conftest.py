"""Real-browser journeys: ``inspel serve`` as a subprocess on a free loopback port with its own
SQLite file, driven by Debian's chromium through Playwright. Run them alone with
``.venv/bin/python -m pytest tests/e2e``. Skipped when chromium or Playwright is missing, and on
the PostgreSQL pass (``INSPEL_TEST_DATABASE_URL``): the server runs on its own SQLite file, so one
run per CI run is enough.

A failing test leaves a screenshot of every page it had open in ``tests/e2e/artifacts/``; the
journeys also save one picture of each main page there (``artifacts/pages/``)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from debate.accounts import actions as accounts
from debate.accounts import security
from debate.cli import demo
from debate.core.db import create_db_engine, migrate, session_scope
from debate.core.models import Role, utcnow
from tests.factories import CHEAP_HASHER
from tests.test_server import free_port

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "e2e-password-long-enough"
#: The fixed cast: e-mail -> role, created before the server starts.
CAST = {
    "moderator@e2e.se": Role.MODERATOR,
    "second@e2e.se": Role.MODERATOR,
    "staff@e2e.se": Role.STAFF,
    "admin@e2e.se": Role.ADMIN,
}


def _why_skipped() -> str | None:
    if os.environ.get("INSPEL_TEST_DATABASE_URL"):
        return "browser tests run once, on the SQLite pass (INSPEL_TEST_DATABASE_URL is set)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _why_skipped()
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    log: Path


def _prepare(data_dir: Path) -> None:
    """Schema, demo content and the cast, written before the server opens the file. The cast's
    passwords are hashed with the tests' cheap argon2 parameters: the server checks a hash with
    the parameters written in it."""
    engine = create_db_engine(f"sqlite:///{data_dir / 'inspel.db'}")
    migrate(engine)
    demo.load(engine)
    with pytest.MonkeyPatch.context() as patch, session_scope(engine) as session:
        patch.setattr(security, "_hasher", CHEAP_HASHER)
        for email, role in CAST.items():
            user = accounts.register_user(
                session, email=email, display_name=email.split("@")[0].title(), password=PASSWORD
            )
            user.role = role
            user.verified_at = utcnow()
    engine.dispose()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("e2e")
    _prepare(data_dir)
    port = free_port()
    log = data_dir / "server.log"
    env = os.environ | {
        "INSPEL_DATA_DIR": str(data_dir),
        "INSPEL_DATABASE_URL": "",
        "INSPEL_CLASSIFIER": "off",
        "INSPEL_SMTP_HOST": "",
        # Every visitor in these journeys comes from 127.0.0.1: lift the per-address limits.
        "INSPEL_RATE_SUBMISSIONS": "1000/600",
        "INSPEL_RATE_PREVIEWS": "1000/600",
        "INSPEL_RATE_CASES": "1000/600",
        "INSPEL_RATE_LOGINS": "1000/600",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "debate.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield Server(url, data_dir, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("inspel serve did not start:\n" + log.read_text())


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


#: new_page(javascript=True, bypass_csp=False) -> a page in a fresh context (its own cookies).
NewPage = Callable[..., Any]


@pytest.fixture
def new_page(browser: Any, server: Server, request: pytest.FixtureRequest) -> Iterator[NewPage]:
    contexts: list[Any] = []

    def make(*, javascript: bool = True, bypass_csp: bool = False) -> Any:
        context = browser.new_context(
            base_url=server.url,
            java_script_enabled=javascript,
            bypass_csp=bypass_csp,
            viewport={"width": 1100, "height": 900},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        pages = [p for c in contexts for p in c.pages]
        for n, page in enumerate(pages, 1):
            page.screenshot(path=ARTIFACTS / f"{name}-{n}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Any:
    return new_page()
