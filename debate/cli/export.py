"""``inspel export``: the same exports as the staff page, from the command line.

Entities: ``proposals``, ``replies``, ``supports`` (per proposal), ``decisions`` or ``all``
(XLSX and JSON only).

The file goes to ``--output`` (or standard output); a row counter goes to standard error. The
export is recorded in the audit log like one from the web (``via: cli``), under the account
given with ``--actor`` when there is one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session, select

from debate.core.db import create_db_engine, session_scope
from debate.core.models import User
from debate.core.permissions import Permission, has_permission
from debate.core.settings import Settings
from debate.reporting import writers
from debate.reporting.exports import (
    ENTITIES,
    FORMATS,
    STATUSES,
    ExportError,
    ExportSpec,
    parse_spec,
)


def add_parser(sub: Any) -> None:
    export = sub.add_parser(
        "export", help="export proposals, replies, supports or decisions (CSV, XLSX, JSON, NDJSON)"
    )
    export.add_argument("entity", choices=[*ENTITIES, "all"], help="what to export")
    export.add_argument("--format", choices=FORMATS, default="csv")
    export.add_argument("--delimiter", choices=(";", ","), default=";", help="CSV separator")
    export.add_argument("--consultation", default="", help="a consultation's number")
    export.add_argument("--topic", default="", help="a topic's number")
    export.add_argument("--from", dest="date_from", default="", help="sent from YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", default="", help="sent up to YYYY-MM-DD")
    export.add_argument("--status", choices=STATUSES, default="public")
    export.add_argument("--personal", action="store_true", help="include personal data")
    export.add_argument("--reason", default="", help="why personal data is needed (required)")
    export.add_argument("--actor", default="", help="e-mail of the staff member exporting")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    export.set_defaults(func=run)


def _values(args: argparse.Namespace) -> dict[str, str]:
    return {
        "entity": args.entity,
        "format": args.format,
        "delimiter": args.delimiter,
        "consultation": args.consultation,
        "topic": args.topic,
        "from": args.date_from,
        "to": args.date_to,
        "status": args.status,
        "personal": "1" if args.personal else "",
        "reason": args.reason,
    }


def _actor(session: Session, email: str) -> User | None:
    if not email:
        return None
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not has_permission(user.role, Permission.EXPORT_DATA):
        raise ExportError(f"{email}: no staff account with that address")
    return user


def _prepare(engine: Any, args: argparse.Namespace) -> tuple[ExportSpec, int]:
    with session_scope(engine) as session:
        spec = parse_spec(session, _values(args))
        actor = _actor(session, args.actor)
        rows = writers.start_export(session, actor=actor, spec=spec, via="cli")
    return spec, rows


def progress_printer(total: int, stream: IO[str]) -> Callable[[int], None]:
    done = 0

    def report(rows: int) -> None:
        nonlocal done
        done += rows
        stream.write(f"\r{done:,} / {total:,} rows")
        stream.flush()

    return report


def run(args: argparse.Namespace) -> int:
    engine = create_db_engine(Settings.from_env().database_url)
    try:
        spec, total = _prepare(engine, args)
    except ExportError as exc:
        print(f"inspel: {exc}", file=sys.stderr)
        return 2
    target = args.output.open("wb") if args.output else nullcontext(sys.stdout.buffer)
    with target as out:
        for chunk in writers.stream(engine, spec, progress_printer(total, sys.stderr)):
            out.write(chunk)
    print(f"\r{total:,} rows exported.", file=sys.stderr)
    return 0
