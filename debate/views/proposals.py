"""Submitting a proposal, reading it with its thread, and supporting it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from debate.consultations import queries as consultation_queries
from debate.consultations.attachments import AttachmentInfo
from debate.core.i18n import _, get_language
from debate.core.models import Consultation, Follow, Sanction, Topic, User, utcnow
from debate.submissions import actions, queries
from debate.submissions.preview import Preview
from debate.web import fields as forms
from debate.web import following, pagecache
from debate.web.context import FormState
from debate.web.http import (
    csrf_token,
    current_user,
    flash,
    may_see,
    pop_flashes,
    read_form,
    read_now,
    redirect,
    redirect_to,
    refuse_unverified,
    render,
    render_text,
    require,
    run_db,
)
from debate.web.posting import (
    current_suspension,
    preview_post,
    refuse_if_suspended,
    signs_as_staff,
    store_and_screen,
)


@dataclass(frozen=True, slots=True)
class NewProposal:
    """The form for a new proposal (with ``FormState``)."""

    consultation: Consultation
    topics: list[Topic]
    preview: Preview | None = None


@dataclass(frozen=True, slots=True)
class ThreadPage:
    """What a thread's page (a proposal's or an article's) shows beside the query's page and
    the reply form's ``FormState``: the reader's own state, empty for the page cache."""

    now: datetime
    suspension: Sanction | None = None
    preview: Preview | None = None
    following: Follow | None = None
    attachments: list[AttachmentInfo] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Flashes:
    """The messages alone, for a page from the cache."""

    flashes: list[list[str]]


@dataclass(frozen=True, slots=True)
class CacheSlots:
    """The page cache's markers in a page rendered for it (``debate.web.pagecache``)."""

    flash_slot: str
    fragments: pagecache.Fragments


def not_published() -> HTTPException:
    """The 404 for a proposal that does not exist or that the public may not see."""
    return HTTPException(404, _("There is no such proposal, or it is not published."))


async def _open_consultation(request: Request) -> tuple[Consultation, list[Topic]]:
    found = await run_db(
        request, consultation_queries.consultation_and_topics, slug=request.path_params["slug"]
    )
    if found is None:
        raise HTTPException(404, _("There is no such consultation."))
    consultation, topics = found
    if not await may_see(request, consultation):
        raise HTTPException(404, _("There is no such consultation."))
    if not consultation.is_open(utcnow()):
        raise HTTPException(403, _("This consultation is closed: it no longer takes proposals."))
    return consultation, topics


async def new(request: Request) -> Response:
    consultation, topics = await _open_consultation(request)
    if refused := await refuse_if_suspended(request):
        return refused
    context = NewProposal(consultation, topics)
    return await render(request, "proposals/new.html", (context, FormState()))


async def create(request: Request) -> Response:
    consultation, topics = await _open_consultation(request)
    if refused := await refuse_if_suspended(request):
        return refused
    form = await read_form(request)
    errors = forms.Errors()
    title = forms.text(form, "title", errors, max_length=forms.TITLE_MAX)
    body = forms.text(form, "body", errors, max_length=forms.BODY_MAX)
    topic_id = forms.optional_id(form, "topic", errors, {t.id for t in topics if t.id})
    municipality = forms.text(form, "municipality", errors, max_length=80, required=False)
    listed = consultation.municipalities
    if municipality and listed and municipality not in listed:
        errors["municipality"] = _("Choose one of the options.")
    staff = await signs_as_staff(request)
    author_name = forms.author_name(form, "author_name", errors, staff=staff)
    actor, lang = await current_user(request), get_language()
    address = following.read_address(form, errors, actor)
    if errors:
        context = (NewProposal(consultation, topics), FormState(errors, form.fields))
        return await render(request, "proposals/new.html", context, status_code=400)
    if "preview" in form.fields:
        # The check before sending: the form again, filled in, with what the rules found.
        found = await preview_post(
            request, consultation_id=consultation.id, thread=None, title=title, body=body
        )
        context = (NewProposal(consultation, topics, found), FormState(values=form.fields))
        return await render(request, "proposals/new.html", context)
    # The consultation is read again with the write: one that closed meanwhile refuses it.
    submit: following.Submit = lambda session, screening: actions.submit_proposal(  # noqa: E731
        session,
        actor=actor,
        consultation=actions.open_consultation(session, consultation_id=consultation.id or 0),
        title=title,
        body=body,
        topic_id=topic_id,
        municipality=municipality,
        author_name=author_name,
        lang=lang,
        screening=screening,
    )
    receipt = await store_and_screen(request, following.and_follow(request, submit, address))
    flash(request, _("Thank you! Your proposal has been received."), "success")
    following.flash_confirmation(request, address)
    return redirect_to(request, "submissions.status", token=receipt.token)


async def show(
    request: Request,
    reply_errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
    preview: Preview | None = None,
) -> Response:
    proposal_id = request.path_params["proposal_id"]
    personal = reply_errors is not None or preview is not None
    cache = None if personal else pagecache.for_request(request)
    if cache is not None:
        return await _show_cached(request, cache, proposal_id)
    found = await run_db(request, queries.public_proposal, proposal_id=proposal_id)
    if found is None:
        raise not_published()
    reader = ThreadPage(
        now=utcnow(),
        suspension=await current_suspension(request),
        preview=preview,
        following=await following.thread_follow(request, proposal_id=proposal_id),
    )
    form = FormState(reply_errors or {}, values or {})
    return await render(request, "proposals/show.html", (found, form, reader), status_code)


async def _show_cached(request: Request, cache: pagecache.PageCache, proposal_id: int) -> Response:
    """The page for a reader who is not signed in: from the cache while the thread's
    fingerprint is unchanged, else rendered and kept (see ``debate.web.pagecache``)."""
    fingerprint = await read_now(request, queries.proposal_fingerprint, proposal_id=proposal_id)
    if fingerprint is None:
        raise not_published()
    key = ("proposal", proposal_id, get_language())
    token = csrf_token(request)
    flashes = pop_flashes(request)
    shown = b""
    if flashes:
        context = Flashes(flashes)  # this request's own, put into the cached page
        shown = (await render_text(request, "_flashes.html", context, user=None, csrf="")).encode()
    body = cache.get(key, fingerprint, token, shown)
    if body is None:
        # Read after the fingerprint, so the page is never older than the fingerprint it is
        # kept under; a change in between only makes the next request render it again.
        found = await run_db(request, queries.public_proposal, proposal_id=proposal_id)
        if found is None:
            raise not_published()
        slots = CacheSlots(cache.flash_marker, cache.fragments)
        page = (found, FormState(), ThreadPage(now=utcnow()), slots)
        html = await render_text(request, "proposals/show.html", page, user=None, csrf=cache.marker)
        rendered = html.encode("utf-8")
        cache.put(key, fingerprint, rendered)
        body = cache.personalise(rendered, token, shown)
    return HTMLResponse(body)


#: How long a support asked for while signed out waits for the login (seconds).
SUPPORT_INTENT_TTL = 15 * 60


async def support(request: Request) -> Response:
    """One support per person, so supporting needs an account (an anonymous cookie is no person).
    Signed out, the form (its CSRF token checked) leaves the intent in the session, and the
    login sends the visitor to ``resume_support``, which records it."""
    proposal_id = request.path_params["proposal_id"]
    target = request.url_for("proposals.show", proposal_id=proposal_id).path
    user = await current_user(request)
    if user is None:
        await read_form(request)
        request.session["support_intent"] = [proposal_id, int(time.time())]
        flash(request, _("Log in or create an account to support proposals."))
        resume = request.url_for("proposals.support.resume", proposal_id=proposal_id).path
        return redirect(f"{request.url_for('account.login').path}?next={resume}")
    if refused := await refuse_if_suspended(request):
        return refused
    await read_form(request)
    return await _add_support(request, user, proposal_id, target)


async def resume_support(request: Request) -> Response:
    """After the login: the support asked for while signed out, if it is this proposal's and
    recent; otherwise just the proposal. The intent is used once."""
    user = await require(request)
    proposal_id = request.path_params["proposal_id"]
    target = request.url_for("proposals.show", proposal_id=proposal_id).path
    intent = request.session.pop("support_intent", None)
    if not _fresh_intent(intent, proposal_id):
        return redirect(target)
    if refused := await refuse_if_suspended(request):
        return refused
    return await _add_support(request, user, proposal_id, target)


def _fresh_intent(intent: object, proposal_id: int) -> bool:
    if not isinstance(intent, list) or len(intent) != 2:
        return False
    wanted, at = intent
    return wanted == proposal_id and isinstance(at, int) and time.time() - at < SUPPORT_INTENT_TTL


async def _add_support(request: Request, user: User, proposal_id: int, target: str) -> Response:
    # One support per person: a throwaway account with an address nobody reads is no person.
    if refused := await refuse_unverified(request, user):
        return refused
    # Refused in the write's own transaction when the proposal is not public (404).
    added = await run_db(
        request,
        actions.support_proposal,
        actor=user,
        proposal_id=proposal_id,
        supporter_key=f"user:{user.id}",
    )
    if added:
        flash(request, _("Thank you for your support."), "success")
    else:
        flash(request, _("You already support this proposal."))
    return redirect(target)


routes: list[BaseRoute] = [
    Route("/consultations/{slug}/proposals/new", new, name="proposals.new", methods=["GET"]),
    Route("/consultations/{slug}/proposals", create, name="proposals.create", methods=["POST"]),
    Route("/proposals/{proposal_id:id}", show, name="proposals.show", methods=["GET"]),
    Route(
        "/proposals/{proposal_id:id}/support",
        support,
        name="proposals.support",
        methods=["POST"],
    ),
    Route(
        "/proposals/{proposal_id:id}/support/resume",
        resume_support,
        name="proposals.support.resume",
        methods=["GET"],
    ),
]
