"""Which account an OpenID Connect sign-in is: the use case behind ``views/oidc.py``.

The view has already checked the ID token (signature against the provider's keys, issuer,
audience, expiry, nonce); here its claims pick the account:

1. a known (issuer, subject) pair is that account's, whatever address the provider sends now;
2. else an address the provider says is verified (``email_verified`` true) is matched to the
   account that has it, which is then linked to the pair; an account with no account yet gets
   a verified citizen account;
3. else the sign-in is refused: an address nobody has proved could be anyone's.

An existing account whose address Inspel had not verified may have been registered by someone
else who chose its password (to take over the account once its owner signs in): on linking, its
password stops working and its other sessions end. The owner can set a password by a reset link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from debate.accounts.names import is_reserved
from debate.audit.record import record
from debate.core.errors import ForbiddenError
from debate.core.i18n import _
from debate.core.models import OidcIdentity, User, utcnow

#: As ``forms.EMAIL_RE`` and ``forms.NAME_MAX`` (this module does without the web layer).
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX = 80

#: The password of an account made by a sign-in: no argon2 hash, so no password matches it
#: (``security.check_password``); a reset link sets a real one. Unlike an erased account's
#: marker ("!…"), an admin may deactivate and reactivate it.
NO_PASSWORD = "*oidc"  # noqa: S105  a marker, not a secret


class SignInRefusedError(ForbiddenError):
    """The provider's answer names no account Inspel may sign in; the message says why."""


def sign_in(session: Session, *, issuer: str, claims: Mapping[str, Any]) -> User:
    """The account the verified claims of an ID token name, made or linked as needed."""
    subject = str(claims.get("sub") or "")
    if not subject or len(subject) > 255 or len(issuer) > 255:
        raise SignInRefusedError(_("The sign-in service did not say who you are."))
    found = session.exec(
        select(OidcIdentity).where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject)
    ).first()
    if found is not None:
        return _usable(session.get_one(User, found.user_id))
    email = verified_email(claims)
    if email is None:
        raise SignInRefusedError(
            _(
                "The sign-in service did not confirm an e-mail address for you, so it cannot "
                "be matched to an account. Log in with your e-mail address and password instead."
            )
        )
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        user = _new_account(session, email=email, claims=claims)
    else:
        _usable(user)
        _check_not_linked_elsewhere(session, user=user, issuer=issuer)
        _take_over_unverified(session, user)
    assert user.id is not None
    session.add(OidcIdentity(user_id=user.id, issuer=issuer, subject=subject))
    record(session, actor=user, action="user.oidc_linked", object_type="user", object_id=user.id)
    return user


def verified_email(claims: Mapping[str, Any]) -> str | None:
    """The address in the claims, lower-cased, if the provider says it is verified."""
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str):
        return None
    email = email.strip().lower()
    if not 3 <= len(email) <= 254 or not EMAIL_RE.fullmatch(email):
        return None
    return email


def _usable(user: User) -> User:
    if not user.is_active:
        raise SignInRefusedError(_("This account cannot sign in."))
    return user


def _check_not_linked_elsewhere(session: Session, *, user: User, issuer: str) -> None:
    """An account already linked to another person at the same provider is not theirs to
    take: the provider may have given the address to someone new."""
    other = session.exec(
        select(OidcIdentity).where(OidcIdentity.user_id == user.id, OidcIdentity.issuer == issuer)
    ).first()
    if other is not None:
        raise SignInRefusedError(
            _("This e-mail address belongs to an account linked to another person.")
        )


def _new_account(session: Session, *, email: str, claims: Mapping[str, Any]) -> User:
    user = User(
        email=email,
        display_name=display_name(claims, email),
        password_hash=NO_PASSWORD,
        verified_at=utcnow(),
    )
    session.add(user)
    session.flush()
    record(session, actor=user, action="user.registered", object_type="user", object_id=user.id)
    return user


def _take_over_unverified(session: Session, user: User) -> None:
    if user.verified_at is not None:
        return
    user.verified_at = utcnow()
    user.password_hash = NO_PASSWORD
    user.session_version += 1
    session.add(user)
    record(session, actor=user, action="user.verified", object_type="user", object_id=user.id)


def display_name(claims: Mapping[str, Any], email: str) -> str:
    """``name``, else given and family name, else the address's local part, at most
    ``NAME_MAX`` characters; never a name reserved for the organisation
    (``debate.accounts.names``)."""
    given = f"{claims.get('given_name') or ''} {claims.get('family_name') or ''}"
    for part in (claims.get("name"), given, email.split("@", 1)[0]):
        if not isinstance(part, str):
            continue
        name = " ".join(part.split())[:NAME_MAX]
        if name and not is_reserved(name):
            return name
    return _("Citizen")
