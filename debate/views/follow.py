"""Following: confirm an address by link, the unsubscribe page (one click, no login), the
choice of a daily digest, following a proposal or an article's thread with an account, and
the status page's address (give one, send the link to it, remove it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _, get_language
from debate.core.models import Follow, FollowFrequency
from debate.follow import actions, dispatch, tokens
from debate.submissions import queries
from debate.web import following
from debate.web.http import flash, read_form, redirect, render, require, run_db, settings
from debate.web.posting import by_token, render_status


@dataclass(frozen=True, slots=True)
class FollowPage:
    follow: Follow
    title: str
    address: str


@dataclass(frozen=True, slots=True)
class Confirmed:
    """An address confirmed by its link: masked, whether it is new, and for which submission."""

    address: str
    new: bool
    ref: int | None


@dataclass(frozen=True, slots=True)
class Manage:
    """The page behind a follow's signed link, and what the one-click stop did."""

    page: FollowPage
    token: str
    stopped: bool = False
    already: bool = False


@dataclass(frozen=True, slots=True)
class DigestPage:
    """The page behind a digest's stop link: what it would stop, or what it stopped."""

    token: str
    titles: list[str]
    stopped: list[str] | None = None


def _page(session: Session, *, token: str, secret: str) -> FollowPage:
    follow = actions.by_link(session, token=token, secret=secret)
    return FollowPage(
        follow, dispatch.title_of(session, follow), actions.address_of(session, follow)
    )


def _bad_link() -> HTTPException:
    return HTTPException(400, _("This link is not valid. Check that you copied all of it."))


async def confirm(request: Request) -> Response:
    try:
        follow, new = await run_db(
            request,
            actions.confirm,
            token=request.path_params["token"],
            secret=settings(request).secret_key,
        )
    except tokens.ExpiredLinkError:
        raise HTTPException(
            410,
            _(
                "This confirmation link has expired or is no longer in use. Give your address "
                "again on your status page."
            ),
        ) from None
    except tokens.BadLinkError:
        raise _bad_link() from None
    context = Confirmed(actions.mask(follow.email), new, follow.submission_id)
    return await render(request, "follow/confirmed.html", context)


async def manage(request: Request) -> Response:
    token = request.path_params["token"]
    try:
        page = await run_db(request, _page, token=token, secret=settings(request).secret_key)
    except tokens.BadLinkError:
        raise _bad_link() from None
    return await render(request, "follow/manage.html", Manage(page, token))


async def unsubscribe(request: Request) -> Response:
    """One click, RFC 8058: the mail service POSTs ``List-Unsubscribe=One-Click`` with no
    cookie, so there is no CSRF token to check; the signed link is the only authority, and
    it can do nothing but stop the mail it came with."""
    token = request.path_params["token"]
    secret = settings(request).secret_key
    try:
        follow_id = tokens.read_unsubscribe_token(secret, token)
        stopped = await run_db(request, actions.unsubscribe, follow_id=follow_id)
        page = await run_db(request, _page, token=token, secret=secret)
    except tokens.BadLinkError:
        raise _bad_link() from None
    context = Manage(page, token, stopped=stopped, already=not stopped)
    return await render(request, "follow/manage.html", context)


async def digest(request: Request) -> Response:
    """The page behind a digest's stop link: what it would stop, and the button."""
    token = request.path_params["token"]
    try:
        follow_ids = tokens.read_digest_token(settings(request).secret_key, token)
    except tokens.BadLinkError:
        raise _bad_link() from None
    titles = await run_db(request, dispatch.digest_titles, follow_ids=follow_ids)
    return await render(request, "follow/digest.html", DigestPage(token, titles))


async def stop_digest(request: Request) -> Response:
    """One click, RFC 8058, as ``unsubscribe``: the digest's List-Unsubscribe link ends every
    follow the digest carried news of, and nothing else."""
    token = request.path_params["token"]
    try:
        follow_ids = tokens.read_digest_token(settings(request).secret_key, token)
    except tokens.BadLinkError:
        raise _bad_link() from None
    stopped = await run_db(request, dispatch.stop_digest, follow_ids=follow_ids)
    return await render(request, "follow/digest.html", DigestPage(token, [], stopped))


async def frequency(request: Request) -> Response:
    token = request.path_params["token"]
    secret = settings(request).secret_key
    form = await read_form(request)
    chosen = _frequency(form.get("frequency"))
    try:
        follow_id = tokens.read_unsubscribe_token(secret, token)
        await run_db(request, actions.set_frequency, follow_id=follow_id, frequency=chosen)
    except tokens.BadLinkError:
        raise _bad_link() from None
    except actions.FollowError as exc:
        raise HTTPException(409, str(exc)) from None
    flash(request, _("Saved."), "success")
    return redirect(request.url_for("follow.manage", token=token).path)


def _frequency(value: str) -> FollowFrequency:
    try:
        return FollowFrequency(value or FollowFrequency.IMMEDIATE.value)
    except ValueError:
        raise HTTPException(400, _("Choose how often: at once, or one digest a day.")) from None


# --- Following a thread with an account -------------------------------------------------------


async def follow_proposal(request: Request) -> Response:
    proposal_id = request.path_params["proposal_id"]
    if await run_db(request, queries.published_proposal, proposal_id=proposal_id) is None:
        raise HTTPException(404, _("There is no such proposal, or it is not published."))
    target = request.url_for("proposals.show", proposal_id=proposal_id).path
    return await _follow(request, target, proposal_id=proposal_id)


async def follow_article(request: Request) -> Response:
    found = await run_db(request, queries.public_article, slug=request.path_params["slug"])
    if found is None:
        raise HTTPException(404, _("There is no such article."))
    target = request.url_for("articles.show", slug=request.path_params["slug"]).path
    assert found.article.id is not None
    return await _follow(request, target, article_id=found.article.id)


async def _follow(request: Request, target: str, **thread: int) -> Response:
    user = await require(request)
    form = await read_form(request)
    if form.get("stop"):
        await run_db(request, actions.unfollow_thread, actor=user, **thread)
        flash(request, _("You no longer follow this thread."), "success")
        return redirect(target)
    chosen = _frequency(form.get("frequency"))
    try:
        await run_db(
            request,
            actions.follow_thread,
            actor=user,
            frequency=chosen,
            site_url=following.site_url(request),
            lang=get_language(),
            **thread,
        )
    except actions.FollowError as exc:
        flash(request, str(exc), "error")
        return redirect(target)
    flash(
        request,
        _("You follow this thread: you get an e-mail about replies and answers."),
        "success",
    )
    return redirect(target)


# --- The status page's address --------------------------------------------------------------


def _status_page(request: Request) -> str:
    return request.url_for("submissions.status", token=request.path_params["token"]).path


async def give_address(request: Request) -> Response:
    found = await by_token(request)
    form = await read_form(request)
    errors: dict[str, str] = {}
    address = following.read_address(form, errors, None)
    if not form.get("email").strip():
        errors["email"] = _("Write your e-mail address.")
    page = _status_page(request)
    if errors:
        return await render_status(
            request, found, page=page, errors=errors, values=form.fields, status_code=400
        )
    assert found.submission.id is not None
    try:
        await run_db(
            request,
            actions.ask_author_follow,
            submission_id=found.submission.id,
            address=address,
            lang=get_language(),
            site_url=following.site_url(request),
            secret=settings(request).secret_key,
            status_token=request.path_params["token"],
        )
    except actions.FollowError as exc:
        raise HTTPException(409, str(exc)) from None
    following.flash_confirmation(request, address)
    return redirect(page)


async def send_link(request: Request) -> Response:
    found = await by_token(request)
    await read_form(request)
    assert found.submission.id is not None
    try:
        follow = await run_db(
            request,
            actions.send_status_link,
            submission_id=found.submission.id,
            status_token=request.path_params["token"],
            secret=settings(request).secret_key,
        )
    except actions.FollowError as exc:
        raise HTTPException(409, str(exc)) from None
    message = _("We sent the link to {address}.").format(address=actions.mask(follow.email))
    flash(request, message, "success")
    return redirect(_status_page(request))


async def remove_address(request: Request) -> Response:
    found = await by_token(request)
    await read_form(request)
    assert found.submission.id is not None
    await run_db(request, actions.erase, submission_ids=[found.submission.id])
    flash(request, _("Your e-mail address is removed."), "success")
    return redirect(_status_page(request))


routes: list[BaseRoute] = [
    Route("/follow/confirm/{token}", confirm, name="follow.confirm", methods=["GET"]),
    Route("/follow/unsubscribe/{token}", manage, name="follow.manage", methods=["GET"]),
    Route("/follow/unsubscribe/{token}", unsubscribe, name="follow.unsubscribe", methods=["POST"]),
    Route("/follow/frequency/{token}", frequency, name="follow.frequency", methods=["POST"]),
    Route("/follow/digest/{token}", digest, name="follow.digest", methods=["GET"]),
    Route("/follow/digest/{token}", stop_digest, name="follow.digest.stop", methods=["POST"]),
    Route(
        "/proposals/{proposal_id:id}/follow",
        follow_proposal,
        name="proposals.follow",
        methods=["POST"],
    ),
    Route("/articles/{slug}/follow", follow_article, name="articles.follow", methods=["POST"]),
    Route("/status/{token}/email", give_address, name="follow.address", methods=["POST"]),
    Route("/status/{token}/send-link", send_link, name="follow.send_link", methods=["POST"]),
    Route(
        "/status/{token}/email/remove",
        remove_address,
        name="follow.remove_address",
        methods=["POST"],
    ),
]
