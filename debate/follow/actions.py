"""What followers do: give an address with an anonymous submission and confirm it, follow or
stop following a thread with an account, unsubscribe by link, choose a daily digest, have the
status link sent again. Mail goes through the outbox in the same transaction."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from debate.core.i18n import _
from debate.core.models import (
    Follow,
    FollowEvent,
    FollowFrequency,
    Submission,
    User,
    utcnow,
)
from debate.follow import texts, tokens, urls
from debate.outbox import mail

ADDRESS_MAX = 254
#: One ``@``, a dot in the domain, no spaces, quotes, brackets or control characters: what
#: a person types, not everything RFC 5322 allows.
_ADDRESS = re.compile(r"[^@\s\"'<>()\[\]\\,;:]+@[^@\s\"'<>()\[\]\\,;:]+\.[^@\s\"'<>()\[\]\\,;:.]+")


class FollowError(ValueError):
    """Something a follower asked for that cannot be done; the message is for them."""


def clean_address(text: str) -> str:
    value = text.strip()
    if len(value) > ADDRESS_MAX or not _ADDRESS.fullmatch(value) or not value.isprintable():
        raise FollowError(
            _("Write an e-mail address such as namn@example.se, or leave the field empty.")
        )
    return value


def mask(address: str) -> str:
    """An address as pages show it: ``a•••@example.se``."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def author_follow(session: Session, *, submission_id: int) -> Follow | None:
    """The address an anonymous author gave for a submission, if it is still in use."""
    return session.exec(
        select(Follow)
        .where(Follow.submission_id == submission_id, col(Follow.ended_at).is_(None))
        .order_by(col(Follow.id).desc())
    ).first()


def ask_author_follow(
    session: Session,
    *,
    submission_id: int,
    address: str,
    lang: str,
    site_url: str,
    secret: str,
    status_token: str,
) -> Follow:
    """Keep the address, unconfirmed, and send it the confirmation link (nothing else is sent
    to it until the link is opened)."""
    if author_follow(session, submission_id=submission_id) is not None:
        raise FollowError(_("An e-mail address is already given for this post."))
    follow = Follow(
        email=clean_address(address), submission_id=submission_id, lang=lang, site_url=site_url
    )
    session.add(follow)
    session.flush()
    assert follow.id is not None
    link = urls.confirm(site_url, tokens.confirm_token(secret, follow.id, status_token))
    with texts.language(lang):
        subject, body = texts.confirmation(texts.reference(submission_id), link)
    mail.enqueue(session, to=follow.email, subject=subject, body=body, kind="follow_confirm")
    return follow


def confirm(session: Session, *, token: str, secret: str) -> tuple[Follow, bool]:
    """Confirm the address behind a confirmation link; whether it was confirmed just now (the
    receipt is mailed then, once). ``tokens.BadLinkError`` / ``ExpiredLinkError`` else."""
    follow_id, status_token = tokens.read_confirm_token(secret, token)
    follow = session.get(Follow, follow_id, with_for_update=True)
    if follow is None or follow.ended_at is not None:
        raise tokens.ExpiredLinkError  # made here, but the address was removed or stopped
    if follow.confirmed_at is not None:
        return follow, False
    follow.confirmed_at = utcnow()
    session.add(follow)
    _mail_status_link(session, follow, status_token, secret, asked=False)
    return follow, True


def send_status_link(
    session: Session, *, submission_id: int, status_token: str, secret: str
) -> Follow:
    """The status link again, to the author's confirmed address."""
    follow = author_follow(session, submission_id=submission_id)
    if follow is None or follow.confirmed_at is None:
        raise FollowError(_("There is no confirmed e-mail address for this post."))
    _mail_status_link(session, follow, status_token, secret, asked=True)
    return follow


def _mail_status_link(
    session: Session, follow: Follow, status_token: str, secret: str, *, asked: bool
) -> None:
    assert follow.submission_id is not None
    with texts.language(follow.lang):
        ref = texts.reference(follow.submission_id)
        subject, body = texts.receipt(ref, urls.status(follow.site_url, status_token), asked=asked)
        stop = urls.unsubscribe(follow, secret)
        body = f"{body}\n\n{texts.footer(texts.own_post(ref), stop)}"
    mail.enqueue(
        session,
        to=follow.email,
        subject=subject,
        body=body,
        kind="follow_receipt" if not asked else "follow_status_link",
        unsubscribe_url=stop,
    )


def following(
    session: Session, *, user_id: int, proposal_id: int | None = None, article_id: int | None = None
) -> Follow | None:
    return session.exec(
        select(Follow).where(
            Follow.user_id == user_id,
            Follow.proposal_id == proposal_id,
            Follow.article_id == article_id,
            col(Follow.ended_at).is_(None),
        )
    ).first()


def follow_thread(
    session: Session,
    *,
    actor: User,
    frequency: FollowFrequency,
    site_url: str,
    lang: str,
    proposal_id: int | None = None,
    article_id: int | None = None,
) -> bool:
    """Follow a proposal or an article's thread (or change how often); True when new. An
    account's address is its own, verified when the account was: no confirmation mail."""
    assert actor.id is not None and (proposal_id is None) != (article_id is None)
    if not actor.is_verified:
        raise FollowError(_("Confirm your account's e-mail address first."))
    found = following(session, user_id=actor.id, proposal_id=proposal_id, article_id=article_id)
    if found is not None:
        found.frequency = frequency
        session.add(found)
        return False
    session.add(
        Follow(
            user_id=actor.id,
            proposal_id=proposal_id,
            article_id=article_id,
            frequency=frequency,
            lang=lang,
            site_url=site_url,
            confirmed_at=utcnow(),
        )
    )
    return True


def unfollow_thread(
    session: Session, *, actor: User, proposal_id: int | None = None, article_id: int | None = None
) -> bool:
    assert actor.id is not None
    found = following(session, user_id=actor.id, proposal_id=proposal_id, article_id=article_id)
    return found is not None and unsubscribe(session, follow_id=found.id or 0)


def by_link(session: Session, *, token: str, secret: str) -> Follow:
    """The follow behind an unsubscribe link (``tokens.BadLinkError`` when there is none)."""
    follow = session.get(Follow, tokens.read_unsubscribe_token(secret, token))
    if follow is None:
        raise tokens.BadLinkError
    return follow


def unsubscribe(session: Session, *, follow_id: int) -> bool:
    """Stop the mail; False when it was already stopped. What was not yet mailed is dropped."""
    follow = session.get(Follow, follow_id, with_for_update=True)
    if follow is None or follow.ended_at is not None:
        return False
    follow.ended_at = utcnow()
    session.add(follow)
    return True


def set_frequency(session: Session, *, follow_id: int, frequency: FollowFrequency) -> Follow:
    follow = session.get_one(Follow, follow_id, with_for_update=True)
    if follow.ended_at is not None:
        raise FollowError(_("These e-mails are already stopped."))
    follow.frequency = frequency
    session.add(follow)
    return follow


def recipient(session: Session, follow: Follow) -> str:
    """Where a follow's mail goes: the confirmed address, or the active account's."""
    if follow.user_id is None:
        return follow.email if follow.confirmed_at is not None else ""
    user = session.get(User, follow.user_id)
    return user.email if user is not None and user.is_active else ""


# --- Personal data ----------------------------------------------------------------------------


def follows_of_user(session: Session, *, user_id: int) -> list[Follow]:
    return list(
        session.exec(select(Follow).where(Follow.user_id == user_id).order_by(col(Follow.id)))
    )


def erase(
    session: Session, *, user_id: int | None = None, submission_ids: list[int] | None = None
) -> int:
    """Delete the follows of an account, or the addresses given with these submissions, and
    what they were still to be told; how many follows."""
    query = select(Follow)
    if user_id is not None:
        query = query.where(Follow.user_id == user_id)
    else:
        query = query.where(col(Follow.submission_id).in_(submission_ids or []))
    found = list(session.exec(query))
    ids = [follow.id for follow in found]
    for event in session.exec(select(FollowEvent).where(col(FollowEvent.follow_id).in_(ids))):
        session.delete(event)
    session.flush()
    for follow in found:
        session.delete(follow)
    return len(found)


def submission_of(session: Session, follow: Follow) -> Submission | None:
    return session.get(Submission, follow.submission_id) if follow.submission_id else None


def address_of(session: Session, follow: Follow) -> str:
    """The follow's address, masked as pages show it."""
    if follow.user_id is None:
        return mask(follow.email)
    user = session.get(User, follow.user_id)
    return mask(user.email) if user is not None else ""
