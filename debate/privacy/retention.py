"""Destroying content under a retention decision (gallring), and backups of the database.

Revisions are append-only: database triggers refuse to change them, so that nothing in the web
application can alter a public record. Destruction is allowed only under a decision of the
archive authority (arkivlagen), and only here: ``purge`` lifts the revision trigger inside its
own transaction, blanks the text, puts the trigger back, and records what it destroyed (ids,
lengths and SHA-256 digests, never the text) with the decision's id in the append-only audit
log, all in that one transaction. On PostgreSQL, ``ALTER TABLE … DISABLE TRIGGER`` holds an
exclusive lock on ``revision`` until the commit, so no other session ever sees it unprotected;
on SQLite the schema change is part of the transaction and the write lock excludes every
other writer.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from debate.audit.record import record
from debate.core.models import Revision, Submission, Visibility, utcnow
from debate.core.settings import make_private_dir
from debate.follow import actions as follow

#: What a purged text reads as.
PURGED = ""
_SQLITE_TRIGGER = (
    "CREATE TRIGGER revision_no_update BEFORE UPDATE ON revision "
    "BEGIN SELECT RAISE(ABORT, 'revision is append-only'); END"
)


class PurgeRefusedError(Exception):
    """Nothing was destroyed: no retention decision, or no such submission."""


@dataclass(frozen=True, slots=True)
class Purged:
    submission_id: int
    revisions: int
    characters: int


def _digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def purge(
    session: Session, *, retention_decision: str, submission_ids: Sequence[int]
) -> list[Purged]:
    """Blank the text of every revision of these submissions and their published copies."""
    decision = retention_decision.strip()
    if not decision:
        raise PurgeRefusedError("a retention decision id is required")
    submissions = [session.get(Submission, sid) for sid in submission_ids]
    missing = [sid for sid, s in zip(submission_ids, submissions, strict=True) if s is None]
    if missing:
        raise PurgeRefusedError(f"no such submission: {', '.join(map(str, missing))}")
    with _revisions_writable(session):
        return [_purge_one(session, s, decision) for s in submissions if s is not None]


def _purge_one(session: Session, submission: Submission, decision: str) -> Purged:
    revisions = list(session.exec(select(Revision).where(Revision.submission_id == submission.id)))
    destroyed: list[dict[str, Any]] = []
    for revision in sorted(revisions, key=lambda r: r.number):
        destroyed.append(
            {
                "revision": revision.number,
                "title_sha256": _digest(revision.title),
                "body_sha256": _digest(revision.body),
                "characters": len(revision.title or "") + len(revision.body),
            }
        )
        session.execute(
            sa.update(Revision)
            .where(col(Revision.id) == revision.id)
            .values(title=None if revision.title is None else PURGED, body=PURGED)
        )
    submission.published_title = None
    submission.published_body = None
    submission.author_name = ""
    follow.erase(session, submission_ids=[submission.id or 0])
    submission.visibility = Visibility.HIDDEN_FINAL
    submission.updated_at = utcnow()
    session.add(submission)
    assert submission.id is not None
    record(
        session,
        actor=None,
        action="submission.purged",
        object_type=submission.kind.value,
        object_id=submission.id,
        retention_decision=decision,
        destroyed=destroyed,
    )
    session.flush()
    return Purged(submission.id, len(destroyed), sum(d["characters"] for d in destroyed))


class _revisions_writable:  # noqa: N801  used as a context manager, named like one
    """Lift the append-only trigger on ``revision`` updates for this transaction only."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def __enter__(self) -> None:
        if self.dialect == "sqlite":
            # Python's sqlite3 opens a transaction only before a data change, and DDL outside
            # one would commit at once: this no-op change opens it first.
            self.session.execute(sa.text("UPDATE submission SET id = id WHERE 0 = 1"))
            self.session.execute(sa.text("DROP TRIGGER revision_no_update"))
        else:
            self.session.execute(sa.text("ALTER TABLE revision DISABLE TRIGGER revision_no_update"))

    def __exit__(self, *exc: object) -> None:
        # On an error the whole transaction, the trigger's removal included, is rolled back.
        if exc[0] is not None:
            return
        if self.dialect == "sqlite":
            self.session.execute(sa.text(_SQLITE_TRIGGER))
        else:
            self.session.execute(sa.text("ALTER TABLE revision ENABLE TRIGGER revision_no_update"))


# --- Backups --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    integrity: str


def backup_target(to: Path | None, data_dir: Path, now: datetime | None = None) -> Path:
    """``to`` if it names a file; else a timestamped file in ``to`` or ``<data_dir>/backups``."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    name = f"inspel-{stamp}.db"
    if to is None:
        return data_dir / "backups" / name
    return to / name if to.is_dir() or str(to).endswith("/") else to


def backup_sqlite(database: Path, target: Path) -> Backup:
    """A consistent copy of a live SQLite database (the online backup API copies one snapshot
    while the site goes on writing), then ``PRAGMA integrity_check`` on the copy."""
    make_private_dir(target.parent)
    partial = target.with_name(target.name + ".partial")
    # Private from the first byte: the copy holds everything the database holds.
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        integrity = str(copy.execute("PRAGMA integrity_check").fetchone()[0])
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()
    shutil.move(partial, target)
    target.chmod(0o600)
    return Backup(target, integrity)


def pg_dump_command(url: str, target: Path) -> str:
    """The documented PostgreSQL backup: a consistent ``pg_dump`` in custom format (the
    password comes from ``PGPASSWORD`` or ``~/.pgpass``, never the command line)."""
    parsed = sa.engine.make_url(url)
    parts = ["pg_dump", "--format=custom", f"--file={target.with_suffix('.dump')}"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts.append(str(parsed.database))
    return " ".join(parts)
