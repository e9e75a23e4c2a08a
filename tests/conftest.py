"""A fresh database per test: a copy of a migrated SQLite file or, when INSPEL_TEST_DATABASE_URL is
set, this worker's PostgreSQL database put back to the migrated template (tests/databases.py)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from debate.accounts import security
from debate.app import create_app
from debate.core.db import create_db_engine, migrate
from debate.core.settings import Settings
from tests.databases import WorkerDatabase, admin_engine
from tests.factories import CHEAP_HASHER
from tests.moderation.checkpoints import tiny_checkpoints  # noqa: F401 (tiny detoxify models)
from tests.moderation.hf_models import tiny_hf_models  # noqa: F401 (tiny Hugging Face models)

PG_URL = os.environ.get("INSPEL_TEST_DATABASE_URL")
#: The moderation engine's tests: no database (checked below), so they run on the SQLite pass
#: only and are left out when INSPEL_TEST_DATABASE_URL is set, unless named on the command line.
ENGINE_TESTS = Path(__file__).parent / "moderation"
DATABASE_FIXTURES = frozenset({"_template", "database_url", "settings", "client", "engine"})
#: The dummy hash (security.DUMMY_HASH) that goes with the cheap hasher.
CHEAP_DUMMY_HASH = str(CHEAP_HASHER.hash(uuid.uuid4().hex))


def _database_fixtures(item: pytest.Item) -> set[str]:
    """The database fixtures (this file's) that a test uses, directly or through others."""
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs if info is not None else {}
    return {
        name
        for name in DATABASE_FIXTURES & set(defs)
        if any(d.func.__module__ == __name__ for d in defs[name])
    }


def _named(config: pytest.Config, directory: Path) -> bool:
    """Whether a path on the command line lies inside ``directory``."""
    here = config.invocation_params.dir
    return any(
        (here / arg.split("::")[0]).resolve().is_relative_to(directory) for arg in config.args
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    engine = [item for item in items if item.path.is_relative_to(ENGINE_TESTS)]
    wrong = [
        f"{item.nodeid} ({', '.join(sorted(uses))})"
        for item in engine
        if (uses := _database_fixtures(item))
    ]
    if wrong:
        raise pytest.UsageError(
            "tests/moderation runs once, on the SQLite pass, because no test there touches a "
            "database; these use database fixtures, move them out of tests/moderation:\n  "
            + "\n  ".join(wrong)
        )
    if PG_URL is not None and engine and not _named(config, ENGINE_TESTS):
        config.hook.pytest_deselected(items=engine)
        kept = set(map(id, engine))
        items[:] = [item for item in items if id(item) not in kept]


def pytest_report_header(config: pytest.Config) -> str | None:
    if PG_URL is None or _named(config, ENGINE_TESTS):
        return None
    return "tests/moderation left out: no database there, it runs on the SQLite pass"


@pytest.fixture(autouse=True)
def cheap_passwords(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test hashes and checks passwords with argon2 at its cheapest (factories.CHEAP_HASHER)
    unless it is marked ``real_hasher`` (a test of the production parameters). In-process only:
    a server started as a subprocess hashes with the real parameters."""
    if request.node.get_closest_marker("real_hasher") is None:
        monkeypatch.setattr(security, "_hasher", CHEAP_HASHER)
        monkeypatch.setattr(security, "DUMMY_HASH", CHEAP_DUMMY_HASH)


_admin = admin_engine


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if PG_URL is None:
        path = tmp_path_factory.mktemp("template") / "template.db"
        engine = create_db_engine(f"sqlite:///{path}")
        migrate(engine)
        engine.dispose()
        yield str(path)
        return
    name = f"inspel_tpl_{uuid.uuid4().hex[:10]}"
    admin = _admin(PG_URL)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = create_db_engine(str(sa.engine.make_url(PG_URL).set(database=name)))
    migrate(engine)
    engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="session")
def _worker_database(_template: str) -> Iterator[WorkerDatabase]:
    """PostgreSQL only: this worker's copy of the template, reset before each test."""
    assert PG_URL is not None
    database = WorkerDatabase(PG_URL, _template)
    yield database
    database.drop()


@pytest.fixture
def database_url(_template: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if PG_URL is None:
        target = tmp_path / "inspel.db"
        shutil.copy(_template, target)
        return f"sqlite:///{target}"
    database: WorkerDatabase = request.getfixturevalue("_worker_database")
    database.reset()
    return database.url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        {}, data_dir=tmp_path, database_url=database_url, secret_key="test-secret-" + "x" * 32
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.fixture
def engine(client: TestClient) -> Engine:
    found: Engine = client.app.state.engine  # type: ignore[attr-defined]
    return found
