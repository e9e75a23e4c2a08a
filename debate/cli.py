"""The ``inspel`` command: serve the site, migrate, load demo content, manage users."""

from __future__ import annotations

import argparse
import io
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import select

from debate import actions, demo
from debate.db import create_db_engine, migrate, session_scope
from debate.models import Role, User
from debate.settings import Settings, SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        print(f"inspel: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspel", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the web site (creates and migrates the database)")
    serve.add_argument("--host", help="interface to listen on (default: INSPEL_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (default: INSPEL_PORT)")
    serve.add_argument("--demo", action="store_true", help="load demo content on first start")
    serve.set_defaults(func=_serve)

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply all migrations").set_defaults(func=_upgrade)

    demo_cmd = sub.add_parser("demo", help="load demo consultations, proposals and debates")
    demo_cmd.set_defaults(func=_demo)

    user = sub.add_parser("user", help="user accounts")
    user_sub = user.add_subparsers(required=True, metavar="ACTION")
    create = user_sub.add_parser("create", help="create an account with a role")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", choices=[r.value for r in Role], default=Role.CITIZEN.value)
    create.add_argument("--password", help="default: a random password, printed once")
    create.set_defaults(func=_create_user)

    moderation = sub.add_parser("moderation", help="run the moderation engine without the site")
    mod_sub = moderation.add_subparsers(required=True, metavar="ACTION")
    check = mod_sub.add_parser(
        "check",
        help="judge JSON Lines items on stdin, one JSON line per item on stdout (SPEC §3)",
    )
    check.add_argument(
        "--no-classifier", action="store_true", help="normalisation, rules and word lists only"
    )
    check.set_defaults(func=_moderation_check)
    evaluate = mod_sub.add_parser(
        "eval", help="measure the engine on a labelled JSON Lines file (expected, reasons)"
    )
    evaluate.add_argument("file", help="labelled items, one JSON object per line")
    evaluate.add_argument("--no-classifier", action="store_true", help="as for check")
    evaluate.add_argument("--misses", action="store_true", help="also list every wrong call")
    evaluate.set_defaults(func=_moderation_eval)
    return parser


def _moderation_check(args: argparse.Namespace) -> int:
    from moderation import cli

    stream = cli.make_stream(use_classifier=not args.no_classifier, err=sys.stderr)
    # Bytes that are not UTF-8 must not stop the run: they become U+FFFD and the item is
    # judged like any other.
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    return cli.check(stdin, sys.stdout, sys.stderr, stream=stream)


def _moderation_eval(args: argparse.Namespace) -> int:
    from moderation import cli

    stream = cli.make_stream(use_classifier=not args.no_classifier, err=sys.stderr)
    try:
        with Path(args.file).open(encoding="utf-8") as handle:
            evaluation = cli.evaluate_labelled(handle, stream=stream)
    except OSError as exc:
        print(f"inspel: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except cli.InputError as exc:
        print(f"inspel: {args.file}: {exc}", file=sys.stderr)
        return 2
    evaluation.report(sys.stdout)
    if args.misses:
        print("\nWrong calls")
        for line in evaluation.misses:
            print(f"  {line}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from debate.app import create_app

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = Settings.from_env(**overrides)
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    _ensure_admin(engine)
    if args.demo and demo.load(engine):
        print("Demo content loaded.")
    print(f"Inspel on http://{settings.host}:{settings.port}/  (log in at /login)", flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0


def _ensure_admin(engine: object) -> None:
    """On first start there is no one to log in as: create an admin and say how to log in."""
    with session_scope(engine) as session:  # type: ignore[arg-type]
        if session.exec(select(User).where(User.role == Role.ADMIN)).first() is not None:
            return
        password = secrets.token_urlsafe(12)
        user = actions.register_user(
            session, email="admin@inspel.local", display_name="Admin", password=password
        )
        user.role = Role.ADMIN
    print(f"Created the first admin account: admin@inspel.local / {password}", flush=True)
    print("Log in at /login and change this password before going live.", flush=True)


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


def _create_user(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    password = args.password or secrets.token_urlsafe(12)
    with session_scope(engine) as session:
        email = args.email.strip().lower()
        if session.exec(select(User).where(User.email == email)).first() is not None:
            print(f"inspel: there is already an account for {email}", file=sys.stderr)
            return 1
        user = actions.register_user(
            session, email=email, display_name=args.name, password=password
        )
        user.role = Role(args.role)
    print(f"Created {args.role} {email}" + ("" if args.password else f" with password {password}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
