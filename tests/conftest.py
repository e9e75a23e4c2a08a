"""A fresh database per test: a copy of a migrated SQLite file, or a new PostgreSQL database made
from a migrated template when INSPEL_TEST_DATABASE_URL is set."""

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

from debate.app import create_app
from debate.core.db import create_db_engine, migrate
from debate.core.settings import Settings
from tests.moderation.checkpoints import tiny_checkpoints  # noqa: F401 (tiny detoxify models)
from tests.moderation.hf_models import tiny_hf_models  # noqa: F401 (tiny Hugging Face models)

PG_URL = os.environ.get("INSPEL_TEST_DATABASE_URL")


def _admin(url: str) -> Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


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


@pytest.fixture
def database_url(_template: str, tmp_path: Path) -> Iterator[str]:
    if PG_URL is None:
        target = tmp_path / "inspel.db"
        shutil.copy(_template, target)
        yield f"sqlite:///{target}"
        return
    name = f"inspel_t_{uuid.uuid4().hex[:12]}"
    admin = _admin(PG_URL)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"')
    yield str(sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
