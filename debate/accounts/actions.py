"""The account lifecycle: registration with a verified address, one-time links (verify the
address, reset the password), password changes, and what admins do to accounts (roles,
deactivation, unlocking), each recorded in the audit log.

Passwords arrive here already hashed: argon2 takes a tenth of a second and more, so the views
hash in a thread, off the event loop, before they call these functions. A link is a random
secret of which only the SHA-256 is stored (``security.hash_token``); it expires and works once.
Registering an address that already has an account answers exactly as a new one would and
mails the owner instead, so that the form tells no one which addresses have accounts.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, or_, select

from debate.accounts import security
from debate.accounts.security import hash_password
from debate.audit.record import record
from debate.core.i18n import _
from debate.core.models import (
    AccountToken,
    Role,
    TokenPurpose,
    User,
    utcnow,
)
from debate.outbox import mail

#: How long a link works.
LIFETIME = {TokenPurpose.VERIFY: timedelta(days=3), TokenPurpose.RESET: timedelta(hours=1)}
#: A new link of the same kind is not mailed sooner than this after the last one.
RESEND_AFTER = timedelta(minutes=2)
USERS_PAGE = 50

#: ``link(purpose, secret)``: the absolute address of a link, for the mail.
LinkMaker = Callable[[TokenPurpose, str], str]


class AccountError(Exception):
    """A change to an account that is refused; the message says why (translated)."""


# --- One-time links -------------------------------------------------------------------------


def issue_token(session: Session, *, user: User, purpose: TokenPurpose) -> str | None:
    """A new secret for ``user``; earlier unused links of the same kind stop working. ``None``
    when one was mailed a moment ago (no flood of mail to one address)."""
    assert user.id is not None
    now = utcnow()
    recent = session.exec(
        select(AccountToken.id).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            col(AccountToken.created_at) > now - RESEND_AFTER,
        )
    ).first()
    if recent is not None:
        return None
    _retire(session, user_id=user.id, purpose=purpose)
    secret = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=security.hash_token(secret),
            expires_at=now + LIFETIME[purpose],
        )
    )
    return secret


def _retire(session: Session, *, user_id: int, purpose: TokenPurpose) -> None:
    session.execute(
        sa.update(AccountToken)
        .where(col(AccountToken.user_id) == user_id, col(AccountToken.purpose) == purpose)
        .where(col(AccountToken.used_at).is_(None))
        .values(used_at=utcnow())
    )


def token_user(session: Session, *, secret: str, purpose: TokenPurpose) -> User | None:
    """The active account a link that still works belongs to (nothing is used up)."""
    token = _live_token(session, secret=secret, purpose=purpose)
    if token is None:
        return None
    user = session.get(User, token.user_id)
    return user if user is not None and user.is_active else None


def _live_token(session: Session, *, secret: str, purpose: TokenPurpose) -> AccountToken | None:
    if not secret or len(secret) > 100:
        return None
    token = session.exec(
        select(AccountToken).where(AccountToken.token_hash == security.hash_token(secret))
    ).first()
    if token is None or token.purpose != purpose or token.used_at is not None:
        return None
    return token if token.expires_at > utcnow() else None


def _use_token(session: Session, *, secret: str, purpose: TokenPurpose) -> User | None:
    """Use a link up: only one of two requests at once gets the account (a conditional
    UPDATE, so the database decides)."""
    user = token_user(session, secret=secret, purpose=purpose)
    if user is None:
        return None
    used = session.execute(
        sa.update(AccountToken)
        .where(col(AccountToken.token_hash) == security.hash_token(secret))
        .where(col(AccountToken.used_at).is_(None))
        .values(used_at=utcnow())
    )
    return user if getattr(used, "rowcount", 0) == 1 else None


# --- Registration and verification ------------------------------------------------------------


def register(
    session: Session, *, email: str, display_name: str, password_hash: str, link: LinkMaker
) -> User | None:
    """A new, unverified account and a mail with its verification link; for an address that
    already has an account, a mail to its owner instead and ``None``."""
    existing = session.exec(select(User).where(User.email == email)).first()
    if existing is not None:
        _mail_existing(session, existing, link)
        return None
    user = User(email=email, display_name=display_name, password_hash=password_hash)
    session.add(user)
    session.flush()
    record(session, actor=user, action="user.registered", object_type="user", object_id=user.id)
    send_verification(session, user=user, link=link)
    return user


def _mail_existing(session: Session, user: User, link: LinkMaker) -> None:
    if not user.is_active:
        return
    reset = issue_token(session, user=user, purpose=TokenPurpose.RESET)
    if reset is None:
        return
    body = "\n\n".join(
        [
            _("Someone tried to create a new account on Inspel with this e-mail address."),
            _(
                "You already have an account. If you have forgotten your password, set a new one "
                "here (the link works for one hour): {url}"
            ).format(url=link(TokenPurpose.RESET, reset)),
            _("If it was not you, you need not do anything."),
        ]
    )
    mail.enqueue(
        session,
        to=user.email,
        subject=_("You already have an account on Inspel"),
        body=body,
        kind="account_exists",
    )


def send_verification(session: Session, *, user: User, link: LinkMaker) -> bool:
    """Mail a verification link; False when the address is verified or one went just now."""
    if user.verified_at is not None:
        return False
    secret = issue_token(session, user=user, purpose=TokenPurpose.VERIFY)
    if secret is None:
        return False
    body = "\n\n".join(
        [
            _("Confirm that this is your e-mail address by opening this link: {url}").format(
                url=link(TokenPurpose.VERIFY, secret)
            ),
            _(
                "Until then your account cannot support proposals, appeal decisions or show "
                "data tied to this address. The link works for three days."
            ),
            _("If you did not create an account on Inspel, you need not do anything."),
        ]
    )
    mail.enqueue(
        session,
        to=user.email,
        subject=_("Confirm your e-mail address for Inspel"),
        body=body,
        kind="verify_address",
    )
    return True


def verify(session: Session, *, secret: str) -> User | None:
    """Mark the address of the link's account as verified; ``None`` for a bad link."""
    user = _use_token(session, secret=secret, purpose=TokenPurpose.VERIFY)
    if user is None:
        return None
    if user.verified_at is None:
        user.verified_at = utcnow()
        session.add(user)
        record(session, actor=user, action="user.verified", object_type="user", object_id=user.id)
    return user


# --- Passwords --------------------------------------------------------------------------------


def set_password(session: Session, *, actor: User | None, user_id: int, password_hash: str) -> User:
    """A new password; every session signed in before it ends."""
    user = session.get_one(User, user_id)
    user.password_hash = password_hash
    user.session_version += 1
    session.add(user)
    record(session, actor=actor, action="user.password_set", object_type="user", object_id=user_id)
    return user


def request_reset(session: Session, *, email: str, link: LinkMaker) -> None:
    """Mail a reset link if ``email`` has an active account; the caller answers the same
    either way."""
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.is_active:
        return
    secret = issue_token(session, user=user, purpose=TokenPurpose.RESET)
    if secret is None:
        return
    body = "\n\n".join(
        [
            _("Set a new password for your account on Inspel here: {url}").format(
                url=link(TokenPurpose.RESET, secret)
            ),
            _("The link works once, for one hour."),
            _("If you did not ask for this, you need not do anything: your password stays."),
        ]
    )
    mail.enqueue(
        session,
        to=user.email,
        subject=_("A new password for Inspel"),
        body=body,
        kind="password_reset",
    )


def reset_password(session: Session, *, secret: str, password_hash: str) -> User | None:
    """Use a reset link: the new password, the old sessions ended, the login lock lifted,
    and the address counts as verified (the link was read in its mailbox)."""
    user = _use_token(session, secret=secret, purpose=TokenPurpose.RESET)
    if user is None:
        return None
    assert user.id is not None
    set_password(session, actor=user, user_id=user.id, password_hash=password_hash)
    security.clear_failed_logins(session, email=user.email)
    if user.verified_at is None:
        user.verified_at = utcnow()
    return user


# --- Admins -----------------------------------------------------------------------------------


def search_users(session: Session, *, query: str, page: int) -> tuple[list[User], bool]:
    """Accounts whose address or name contains ``query``, newest first; and whether there
    are more."""
    found = select(User)
    if query:
        pattern = query.casefold()
        found = found.where(
            or_(
                col(User.email).contains(pattern, autoescape=True),
                func.lower(User.display_name).contains(pattern, autoescape=True),
            )
        )
    found = found.order_by(col(User.id).desc()).offset((page - 1) * USERS_PAGE)
    rows = list(session.exec(found.limit(USERS_PAGE + 1)))
    return rows[:USERS_PAGE], len(rows) > USERS_PAGE


def set_role(session: Session, *, actor: User, user_id: int, role: Role) -> User:
    user = _other(session, actor=actor, user_id=user_id)
    if user.role == role:
        return user
    before = user.role
    user.role = role
    session.add(user)
    record(
        session,
        actor=actor,
        action="user.role_changed",
        object_type="user",
        object_id=user_id,
        before=before.value,
        after=role.value,
    )
    return user


def set_active(session: Session, *, actor: User, user_id: int, active: bool) -> User:
    """Deactivate (signed out at once, cannot log in) or reactivate an account."""
    user = _other(session, actor=actor, user_id=user_id)
    if user.is_active == active:
        return user
    if user.password_hash.startswith("!"):
        raise AccountError(_("An erased account cannot be reactivated."))
    user.is_active = active
    user.session_version += 1
    session.add(user)
    action = "user.reactivated" if active else "user.deactivated"
    record(session, actor=actor, action=action, object_type="user", object_id=user_id)
    return user


def unlock(session: Session, *, actor: User, user_id: int) -> int:
    """Forget the account's failed logins; returns how many were forgotten."""
    user = session.get_one(User, user_id)
    count = security.clear_failed_logins(session, email=user.email)
    record(
        session,
        actor=actor,
        action="user.unlocked",
        object_type="user",
        object_id=user_id,
        failed_logins=count,
    )
    return count


def _other(session: Session, *, actor: User, user_id: int) -> User:
    if user_id == actor.id:
        raise AccountError(_("You cannot change your own role or deactivate yourself."))
    user = session.get(User, user_id)
    if user is None:
        raise AccountError(_("There is no such account."))
    return user


def register_user(session: Session, *, email: str, display_name: str, password: str) -> User:
    user = User(email=email, display_name=display_name, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record(session, actor=user, action="user.registered", object_type="user", object_id=user.id)
    return user
