"""Backups taken while the site writes, restored and checked; purges under a retention decision."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from debate import cli
from debate.core.db import create_db_engine, migrate, session_scope
from debate.core.models import AuditEvent, RateEvent, Revision, Submission, Visibility
from debate.privacy import retention
from tests.conftest import PG_URL
from tests.factories import make_consultation, seed_proposal

sqlite_only = pytest.mark.skipif(PG_URL is not None, reason="SQLite backup (PostgreSQL: pg_dump)")


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


@sqlite_only
def test_a_backup_taken_while_a_writer_inserts_restores_whole(engine, settings, tmp_path):
    database = Path(str(sa.engine.make_url(settings.database_url).database))
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        while not stop.is_set():
            with session_scope(engine) as session:
                session.add_all([RateEvent(key=f"w:{written[0]}:{i}") for i in range(20)])
            written[0] += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while written[0] < 5:
            threading.Event().wait(0.01)
        before = written[0] * 20
        result = retention.backup_sqlite(database, tmp_path / "copy" / "inspel.db")
    finally:
        stop.set()
        thread.join()
    assert result.integrity == "ok"
    # Restore: the copy is a database of its own that opens, is at the head migration and
    # holds whole transactions only (every writer transaction adds 20 rows).
    copied = _count(result.path, "rateevent")
    assert copied % 20 == 0 and before <= copied <= written[0] * 20
    assert not Path(str(result.path) + "-wal").exists()
    restored = create_db_engine(f"sqlite:///{result.path}")
    migrate(restored)
    with restored.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == version
    restored.dispose()
    assert result.path.stat().st_mode & 0o077 == 0


@sqlite_only
def test_the_backup_command_writes_a_timestamped_file(
    settings, engine, tmp_path, monkeypatch, capsys
):
    make_consultation(engine)
    seed_proposal(engine, make_consultation(engine, slug="other"))
    monkeypatch.setenv("INSPEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSPEL_DATA_DIR", str(tmp_path))
    target = tmp_path / "backups-here"
    target.mkdir()
    assert cli.main(["backup", "--to", str(target)]) == 0
    [copy] = list(target.glob("inspel-*.db"))
    assert "integrity_check: ok" in capsys.readouterr().out
    assert _count(copy, "submission") == 1 and _count(copy, "consultation") == 2


def test_postgresql_backups_are_pg_dump(tmp_path):
    command = retention.pg_dump_command(
        "postgresql+psycopg://inspel:hemligt@db.example:5433/inspel", tmp_path / "x.db"
    )
    assert command.startswith("pg_dump --format=custom --file=")
    assert "--host=db.example --port=5433 --username=inspel inspel" in command
    assert "hemligt" not in command


# --- Purge ------------------------------------------------------------------------------------


@pytest.fixture
def submission_id(engine) -> int:
    proposal = seed_proposal(engine, make_consultation(engine), title="Titel", body="Hemlig text")
    with session_scope(engine) as session:
        from debate.core.models import Proposal

        return session.get_one(Proposal, proposal).submission_id


def test_revisions_are_append_only_outside_a_purge(engine, submission_id):
    with pytest.raises(sa.exc.DatabaseError), session_scope(engine) as session:
        session.execute(sa.update(Revision).values(body="changed"))


def test_purge_destroys_the_text_and_records_what_and_why(engine, submission_id):
    with session_scope(engine) as session:
        [done] = retention.purge(
            session, retention_decision=" RA-2026/17 ", submission_ids=[submission_id]
        )
    assert (done.revisions, done.characters) == (1, len("Titel") + len("Hemlig text"))
    with session_scope(engine) as session:
        revision = session.exec(select(Revision)).one()
        submission = session.get_one(Submission, submission_id)
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "submission.purged")
        ).one()
    assert (revision.title, revision.body) == ("", "")
    assert submission.published_body is None and submission.visibility == Visibility.HIDDEN_FINAL
    assert event.detail["retention_decision"] == "RA-2026/17"
    [destroyed] = event.detail["destroyed"]
    assert destroyed["body_sha256"] == hashlib.sha256(b"Hemlig text").hexdigest()
    assert "Hemlig text" not in str(event.detail)
    # The protection is back once the purge is committed.
    with pytest.raises(sa.exc.DatabaseError), session_scope(engine) as session:
        session.execute(sa.update(Revision).values(body="changed"))


@pytest.mark.parametrize("decision", ["", "   "])
def test_purge_refuses_without_a_retention_decision(engine, submission_id, decision):
    with pytest.raises(retention.PurgeRefusedError), session_scope(engine) as session:
        retention.purge(session, retention_decision=decision, submission_ids=[submission_id])
    with session_scope(engine) as session:
        assert session.exec(select(Revision.body)).one() == "Hemlig text"


def test_a_failed_purge_destroys_nothing_and_keeps_the_trigger(engine, submission_id):
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        retention.purge(session, retention_decision="RA-1", submission_ids=[submission_id])
        raise RuntimeError("the disk is full")
    with session_scope(engine) as session:
        assert session.exec(select(Revision.body)).one() == "Hemlig text"
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() >= 1
    with pytest.raises(sa.exc.DatabaseError), session_scope(engine) as session:
        session.execute(sa.update(Revision).values(body="changed"))


def test_the_purge_command(engine, settings, submission_id, monkeypatch, capsys):
    monkeypatch.setenv("INSPEL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("INSPEL_DATA_DIR", str(settings.data_dir))
    with pytest.raises(SystemExit):
        cli.main(["purge", "--submission", str(submission_id)])
    assert cli.main(["purge", "--retention-decision", "RA-9", "--submission", "999"]) == 2
    assert "nothing purged: no such submission: 999" in capsys.readouterr().err
    code = cli.main(["purge", "--retention-decision", "RA-9", "--submission", str(submission_id)])
    assert code == 0
    assert f"purged submission {submission_id}: 1 revision(s)" in capsys.readouterr().out
