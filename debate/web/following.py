"""What the posting views and the follow views share: the optional address on an anonymous
post (read, and asked to confirm in the post's own transaction) and the site's address that
followers' mail links to."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from starlette.requests import Request

from debate.core.i18n import _, get_language
from debate.core.models import Follow, User
from debate.follow import actions as follow
from debate.submissions.actions import Receipt, Screening
from debate.web.http import Form, current_user, flash, run_db, settings
from debate.web.urls import public_url

Submit = Callable[[Session, Screening], Receipt]


def site_url(request: Request) -> str:
    """The public base URL (``INSPEL_BASE_URL``, else this request's), without a slash."""
    return public_url("/", request).rstrip("/")


def read_address(form: Form, errors: dict[str, str], actor: User | None) -> str:
    """The optional address of an anonymous author (``email``); an account's own is used
    otherwise, so the field is ignored for a signed-in author."""
    value = form.get("email").strip()
    if not value or actor is not None:
        return ""
    try:
        return follow.clean_address(value)
    except follow.FollowError as exc:
        errors["email"] = str(exc)
        return ""


def and_follow(request: Request, submit: Submit, address: str) -> Submit:
    """``submit``, then (when an address was given) the follow and its confirmation mail, in
    the same transaction: the post is never stored without them, nor they without it."""
    if not address:
        return submit
    secret, site, lang = settings(request).secret_key, site_url(request), get_language()

    def both(session: Session, screening: Screening) -> Receipt:
        receipt = submit(session, screening)
        follow.ask_author_follow(
            session,
            submission_id=receipt.submission_id,
            address=address,
            lang=lang,
            site_url=site,
            secret=secret,
            status_token=receipt.token,
        )
        return receipt

    return both


def flash_confirmation(request: Request, address: str) -> None:
    if address:
        message = _("We sent a link to {address}. Open it to confirm the address.")
        flash(request, message.format(address=follow.mask(address)))


async def thread_follow(request: Request, **thread: int) -> Follow | None:
    """The signed-in user's follow of a proposal or article thread, if any."""
    user = await current_user(request)
    if user is None or user.id is None:
        return None
    return await run_db(request, follow.following, user_id=user.id, **thread)
