"""``inspel user …``: create accounts, set a password, set a role; and the first admin.

A password is never printed in production: a generated one goes to a file in the data
directory that only its owner may read (0600), and the command prints where. A password given
to ``set-password`` is read from the terminal (twice) or from standard input, never from the
command line, where other users could read it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from debate.accounts import actions, security
from debate.audit.record import record
from debate.core.db import create_db_engine, migrate, session_scope
from debate.core.models import Role, User, utcnow
from debate.core.settings import Settings

FIRST_ADMIN = "admin@inspel.local"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="user accounts")
    user_sub = user.add_subparsers(required=True, metavar="ACTION")
    create = user_sub.add_parser("create", help="create an account with a role")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", choices=[r.value for r in Role], default=Role.CITIZEN.value)
    create.add_argument(
        "--password",
        help="default: a random password, printed once (production: written to a file)",
    )
    create.set_defaults(func=_create)
    password = user_sub.add_parser(
        "set-password",
        help="set an account's password (from the terminal or stdin), end its sessions, unlock it",
    )
    password.add_argument("--email", required=True)
    password.set_defaults(func=_set_password)
    role = user_sub.add_parser("set-role", help="change an account's role")
    role.add_argument("--email", required=True)
    role.add_argument("--role", choices=[r.value for r in Role], required=True)
    role.set_defaults(func=_set_role)


def _engine() -> tuple[Settings, Engine]:
    settings = Settings.from_env()
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    return settings, engine


def _find(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def _create(args: argparse.Namespace) -> int:
    settings, engine = _engine()
    password = args.password or secrets.token_urlsafe(12)
    email = args.email.strip().lower()
    with session_scope(engine) as session:
        if _find(session, email) is not None:
            print(f"inspel: there is already an account for {email}", file=sys.stderr)
            return 1
        create_account(
            session, email=email, name=args.name, role=Role(args.role), password=password
        )
    if args.password:
        print(f"Created {args.role} {email}")
    else:
        print(f"Created {args.role} {email} with password {_reveal(settings, email, password)}")
    return 0


def create_account(session: Session, *, email: str, name: str, role: Role, password: str) -> User:
    """An account made by the operator: its address counts as verified."""
    user = User(
        email=email,
        display_name=name,
        password_hash=security.hash_password(password),
        role=role,
        verified_at=utcnow(),
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor=None,
        action="user.created",
        object_type="user",
        object_id=user.id,
        role=role.value,
        via="cli",
    )
    return user


def _reveal(settings: Settings, email: str, password: str) -> str:
    """The password itself in development; in production the path of a file holding it."""
    if settings.env != "production":
        return password
    path = write_secret(settings.data_dir, f"password-{email}.txt", password)
    return f"in {path} (readable only by you; delete it once you have logged in)"


def write_secret(directory: Path, name: str, secret: str) -> Path:
    """``secret`` in ``directory/name``, created readable and writable by the owner only."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret + "\n")
    return path


def ensure_admin(engine: Engine, settings: Settings) -> None:
    """On first start there is no one to log in as: create an admin and say how to log in."""
    with session_scope(engine) as session:
        if session.exec(select(User).where(User.role == Role.ADMIN)).first() is not None:
            return
        password = secrets.token_urlsafe(12)
        create_account(session, email=FIRST_ADMIN, name="Admin", role=Role.ADMIN, password=password)
    shown = _reveal(settings, FIRST_ADMIN, password)
    print(f"Created the first admin account: {FIRST_ADMIN} / {shown}", flush=True)
    print(
        "Log in at /login and change this password (Change password) before going live, or "
        "set it with `inspel user set-password`.",
        flush=True,
    )


def _read_password() -> str | None:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != first:
        print("inspel: the passwords differ", file=sys.stderr)
        return None
    return first


def _set_password(args: argparse.Namespace) -> int:
    _settings, engine = _engine()
    with session_scope(engine) as session:
        user = _find(session, args.email)
    if user is None or user.id is None:
        print(f"inspel: there is no account for {args.email}", file=sys.stderr)
        return 1
    password = _read_password()
    if password is None:
        return 1
    if not 10 <= len(password) <= 200:
        print("inspel: use 10 to 200 characters", file=sys.stderr)
        return 1
    password_hash = security.hash_password(password)
    with session_scope(engine) as session:
        actions.set_password(session, actor=None, user_id=user.id, password_hash=password_hash)
        security.clear_failed_logins(session, email=user.email)
    print(f"Password set for {user.email}; its sessions are ended and it is unlocked.")
    return 0


def _set_role(args: argparse.Namespace) -> int:
    _settings, engine = _engine()
    with session_scope(engine) as session:
        user = _find(session, args.email)
        if user is None:
            print(f"inspel: there is no account for {args.email}", file=sys.stderr)
            return 1
        before, user.role = user.role, Role(args.role)
        session.add(user)
        record(
            session,
            actor=None,
            action="user.role_changed",
            object_type="user",
            object_id=user.id,
            before=before.value,
            after=args.role,
            via="cli",
        )
    print(f"{user.email} is now {args.role} (was {before.value}).")
    return 0
