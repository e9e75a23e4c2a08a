"""The ``inspel`` command: serve the site, migrate, load demo content, manage users."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from debate.cli import demo, export
from debate.cli import users as user_cli
from debate.cli.serve import serve_command, worker_command
from debate.core.db import create_db_engine, migrate, session_scope
from debate.core.settings import Settings, SettingsError
from debate.follow import dispatch as follow_dispatch
from debate.outbox import mail
from moderation.learned import cli as learned_cli


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        print(f"inspel: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        # A database that cannot be reached is one line, not a traceback of the driver's.
        print(f"inspel: cannot use the database: {_first_line(exc)}", file=sys.stderr)
        return 1


def _first_line(exc: OperationalError) -> str:
    reason = str(getattr(exc, "orig", None) or exc).strip()
    return reason.splitlines()[0] if reason else type(exc).__name__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspel", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the web site (creates and migrates the database)")
    serve.add_argument("--host", help="interface to listen on (default: INSPEL_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default: INSPEL_PORT)")
    serve.add_argument("--demo", action="store_true", help="load demo content on first start")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="web processes (default 1); with more, run the classifier as `inspel worker`",
    )
    serve.set_defaults(func=serve_command)

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply all migrations").set_defaults(func=_upgrade)

    demo_cmd = sub.add_parser("demo", help="load demo consultations, proposals and debates")
    demo_cmd.set_defaults(func=_demo)

    user_cli.add_parser(sub)

    worker = sub.add_parser(
        "worker", help="run classifier workers that take the moderation queue (CPU or GPU)"
    )
    worker.add_argument("--processes", type=int, default=1, help="worker processes (default 1)")
    worker.add_argument("--once", action="store_true", help="decide what is due now, then stop")
    worker.set_defaults(func=worker_command)

    mail_cmd = sub.add_parser("mail", help="the e-mail outbox (SMTP: INSPEL_SMTP_HOST and others)")
    mail_sub = mail_cmd.add_subparsers(required=True, metavar="ACTION")
    mail_sub.add_parser("send", help="send the e-mail that is due now, once").set_defaults(
        func=_mail_send
    )
    mail_sub.add_parser(
        "digest", help="put the day's digest for followers who chose one in the outbox, and send"
    ).set_defaults(func=_mail_digest)
    outbox = mail_sub.add_parser("outbox", help="list the messages not sent yet, oldest first")
    outbox.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    outbox.set_defaults(func=_mail_outbox)

    moderation = sub.add_parser("moderation", help="run the moderation engine without the site")
    mod_sub = moderation.add_subparsers(required=True, metavar="ACTION")
    check = mod_sub.add_parser(
        "check",
        help="judge JSON Lines items on stdin, one JSON line per item on stdout (SPEC §3)",
    )
    check.add_argument(
        "--no-classifier", action="store_true", help="normalisation, rules and word lists only"
    )
    learned_cli.add_local_model_option(check)
    check.set_defaults(func=_moderation_check)
    evaluate = mod_sub.add_parser(
        "eval", help="measure the engine on a labelled JSON Lines file (expected, reasons)"
    )
    evaluate.add_argument(
        "file", nargs="+", help="labelled items, one JSON object per line (several add up)"
    )
    evaluate.add_argument("--no-classifier", action="store_true", help="as for check")
    evaluate.add_argument(
        "--by-batch", action="store_true", help="also give the targets per batch of the corpus"
    )
    evaluate.add_argument("--misses", action="store_true", help="also list every wrong call")
    learned_cli.add_local_model_option(evaluate)
    evaluate.set_defaults(func=_moderation_eval)

    model = sub.add_parser("model", help="detoxify's weights and the local model")
    model_sub = model.add_subparsers(required=True, metavar="ACTION")
    model_sub.add_parser(
        "fetch", help="download the configured models' weights into INSPEL_MODEL_DIR (internet)"
    ).set_defaults(func=_model_fetch)
    model_sub.add_parser(
        "info", help="what the classifier loads: models, versions, labels, device"
    ).set_defaults(func=_model_info)
    learned_cli.add_commands(mod_sub, model_sub, decided=_decided_items)

    export.add_parser(sub)
    _add_data_commands(sub)
    return parser


def _mail_send(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    # Followers' news becomes mail in the outbox first, even with nowhere to send it yet.
    while follow_dispatch.dispatcher(engine, settings)():
        pass
    if not mail.configured(settings):
        print(f"inspel: INSPEL_SMTP_HOST is not set; {_unsent(engine)} unsent", file=sys.stderr)
        return 1
    total = mail.SendReport()
    while (report := mail.send_due(engine, settings)).claimed:
        total += report
    print(f"{total}; {_unsent(engine)} unsent")
    return 1 if total.failed else 0


def _mail_digest(args: argparse.Namespace) -> int:
    """Run once a day (a timer or cron): one message per address with daily news."""
    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        written = follow_dispatch.send_digests(session, secret=settings.secret_key)
    print(f"digests: {written}")
    return _mail_send(args)


def _mail_outbox(args: argparse.Namespace) -> int:
    engine = create_db_engine(Settings.from_env().database_url)
    with session_scope(engine) as session:
        messages = mail.unsent(session, limit=max(args.limit, 1))
    for m in messages:
        print(f"{m.id:>7}  due {m.due_at:%Y-%m-%d %H:%M} UTC  attempts {m.attempts}  ", end="")
        print(f"{m.kind}  {m.to_address}  {m.subject}")
        if m.last_error:
            print(f"         last error: {m.last_error}")
    waiting = _unsent(engine)
    print(f"{waiting} unsent" + (f", {len(messages)} listed" if waiting > len(messages) else ""))
    return 0


def _unsent(engine: Engine) -> int:
    with session_scope(engine) as session:
        return mail.waiting_count(session)


def _moderation_check(args: argparse.Namespace) -> int:
    from moderation import cli

    stream = learned_cli.make_stream(args, sys.stderr)
    # Bytes that are not UTF-8 must not stop the run: they become U+FFFD and the item is
    # judged like any other.
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    return cli.check(stdin, sys.stdout, sys.stderr, stream=stream)


def _moderation_eval(args: argparse.Namespace) -> int:
    from moderation import cli

    stream = learned_cli.make_stream(args, sys.stderr)
    evaluation = cli.Evaluation()
    for name in args.file:
        try:
            with Path(name).open(encoding="utf-8") as handle:
                cli.evaluate_labelled(handle, stream=stream, evaluation=evaluation)
        except OSError as exc:
            print(f"inspel: cannot read {name}: {exc.strerror}", file=sys.stderr)
            return 2
        except cli.InputError as exc:
            print(f"inspel: {name}: {exc}", file=sys.stderr)
            return 2
    evaluation.report(sys.stdout, by_batch=args.by_batch)
    if args.misses:
        print("\nWrong calls")
        for line in evaluation.misses:
            print(f"  {line}")
    return 0


def _decided_items(args: argparse.Namespace) -> list[dict[str, Any]]:
    """``inspel model train --from-database``: the site's decided items as training records."""
    from debate.review import training

    engine = create_db_engine(Settings.from_env().database_url)
    with session_scope(engine) as session:
        return list(training.decided_records(session, human_only=args.human_only))


def _model_info(args: argparse.Namespace) -> int:
    from moderation import classifier

    try:
        details = classifier.info(classifier.ClassifierConfig.from_env())
    except ValueError as exc:
        print(f"inspel: {exc}", file=sys.stderr)
        return 2
    print(classifier.format_info(details))
    if not details["available"]:
        print(f"inspel: classifier unavailable: {details['error']}", file=sys.stderr)
        return 1
    return 0


def _model_fetch(args: argparse.Namespace) -> int:
    from moderation import classifier

    try:
        config = classifier.ClassifierConfig.from_env()
        paths = classifier.fetch(config, progress=True)
    except ValueError as exc:
        print(f"inspel: {exc}", file=sys.stderr)
        return 2
    except classifier.ModelFetchError as exc:
        print(f"inspel: {exc}", file=sys.stderr)
        return 2
    if config.checkpoint is not None:
        print(f"A local checkpoint is configured ({config.checkpoint}): nothing to fetch.")
        return 0
    for path in paths:
        print(f"Weights in {path}")
    if not paths:  # only Hugging Face model directories, which the administrator brings
        print("No detoxify model is configured: nothing to fetch.")
    print("Check them with `inspel model info`.")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    migrate(create_db_engine(settings.database_url))
    print(f"Database is up to date: {settings.database_url.split('@')[-1]}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    print("Demo content loaded." if demo.load(engine) else "Demo content was already there.")
    return 0


# --- Retention, erasure and backups (docs/operations.md, "Data protection") ---------------------


def _add_data_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    purge = sub.add_parser(
        "purge", help="destroy submissions' text under a retention decision (gallringsbeslut)"
    )
    purge.add_argument(
        "--retention-decision", required=True, help="the archive authority's decision id"
    )
    purge.add_argument(
        "--submission", type=int, nargs="+", required=True, metavar="ID", help="submission ids"
    )
    purge.set_defaults(func=_purge)
    backup = sub.add_parser("backup", help="a consistent copy of the SQLite database while it runs")
    backup.add_argument("--to", help="file or directory (default: <data_dir>/backups)")
    backup.set_defaults(func=_backup)
    sub.add_parser(
        "erasures", help="unlink erased accounts from items whose open case has closed"
    ).set_defaults(func=_erasures)


def _purge(args: argparse.Namespace) -> int:
    from debate.privacy import retention

    engine = create_db_engine(Settings.from_env().database_url)
    try:
        with session_scope(engine) as session:
            done = retention.purge(
                session,
                retention_decision=args.retention_decision,
                submission_ids=args.submission,
            )
    except retention.PurgeRefusedError as exc:
        print(f"inspel: nothing purged: {exc}", file=sys.stderr)
        return 2
    for item in done:
        print(
            f"purged submission {item.submission_id}: {item.revisions} revision(s), "
            f"{item.characters} characters (decision {args.retention_decision.strip()})"
        )
    return 0


def _backup(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from debate.privacy import retention

    settings = Settings.from_env()
    to = Path(args.to) if args.to else None
    if args.to and args.to.endswith(("/", os.sep)) and not Path(args.to).is_dir():
        print(f"inspel: backup directory {args.to} does not exist", file=sys.stderr)
        return 2
    target = retention.backup_target(to, settings.data_dir)
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite":
        print("PostgreSQL: back up with pg_dump (docs/operations.md), for example:")
        print(f"  {retention.pg_dump_command(settings.database_url, target)}")
        return 0
    result = retention.backup_sqlite(Path(str(url.database)), target)
    print(f"backup: {result.path} (integrity_check: {result.integrity})")
    return 0 if result.integrity == "ok" else 1


def _erasures(args: argparse.Namespace) -> int:
    from debate.privacy import mydata

    engine = create_db_engine(Settings.from_env().database_url)
    with session_scope(engine) as session:
        done = mydata.complete_erasures(session)
    print(f"{len(done)} submission(s) unlinked from erased accounts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
