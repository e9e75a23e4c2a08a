"""Debate articles and replies in the thread of a proposal or an article."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.consultations import attachments
from debate.core.i18n import _, get_language
from debate.core.models import Reply, Stance, utcnow
from debate.core.params import MAX_ID, digits
from debate.submissions import actions, queries
from debate.submissions.preview import Preview
from debate.views import proposals
from debate.web import fields as forms
from debate.web import following
from debate.web.context import FormState
from debate.web.http import Form, current_user, flash, read_form, redirect_to, render, run_db
from debate.web.posting import (
    current_suspension,
    preview_post,
    refuse_if_suspended,
    signs_as_staff,
    store_and_screen,
)


async def article(
    request: Request,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
    preview: Preview | None = None,
) -> Response:
    found = await run_db(request, queries.public_article, slug=request.path_params["slug"])
    if found is None:
        raise HTTPException(404, _("There is no such article."))
    article_id = found.article.id
    assert article_id is not None
    reader = proposals.ThreadPage(
        now=utcnow(),
        suspension=await current_suspension(request),
        preview=preview,
        following=await following.thread_follow(request, article_id=article_id),
        attachments=await run_db(request, attachments.listed, article_id=article_id),
    )
    form = FormState(errors or {}, values or {})
    return await render(request, "articles/show.html", (found, form, reader), status_code)


async def reply_to_proposal(request: Request) -> Response:
    proposal_id = request.path_params["proposal_id"]
    found = await run_db(request, queries.published_proposal, proposal_id=proposal_id)
    if found is None:
        raise proposals.not_published()
    if refused := await refuse_if_suspended(request):
        return refused
    form = await read_form(request)
    cleaned, errors = await _clean_reply(request, form, lambda r: r.proposal_id == proposal_id)
    if errors:
        return await proposals.show(request, errors, form.fields, status_code=400)
    target = {
        "proposal_id": proposal_id,
        "article_id": None,
        "consultation_id": found.consultation_id,
    }
    if "preview" in form.fields:
        checked = await _preview(request, cleaned, target)
        return await proposals.show(request, {}, form.fields, preview=checked)
    return await _submit(request, cleaned, target)


async def reply_to_article(request: Request) -> Response:
    found = await run_db(request, queries.public_article, slug=request.path_params["slug"])
    if found is None:
        raise HTTPException(404, _("There is no such article."))
    article_id = found.article.id
    if refused := await refuse_if_suspended(request):
        return refused
    form = await read_form(request)
    cleaned, errors = await _clean_reply(request, form, lambda r: r.article_id == article_id)
    if errors:
        return await article(request, errors, form.fields, status_code=400)
    consultation = found.consultation
    target = {
        "proposal_id": None,
        "article_id": article_id,
        "consultation_id": consultation.id if consultation else None,
    }
    if "preview" in form.fields:
        checked = await _preview(request, cleaned, target)
        return await article(request, {}, form.fields, preview=checked)
    return await _submit(request, cleaned, target)


async def _preview(request: Request, cleaned: dict[str, Any], target: dict[str, Any]) -> Preview:
    """The check before sending a reply: the thread's page again, the form filled in."""
    return await preview_post(
        request,
        consultation_id=target["consultation_id"],
        thread=(target["proposal_id"], target["article_id"]),
        title=None,
        body=cleaned["body"],
    )


async def _clean_reply(
    request: Request, form: Form, in_thread: Any
) -> tuple[dict[str, Any], forms.Errors]:
    errors = forms.Errors()
    cleaned: dict[str, Any] = {
        "body": forms.text(form, "body", errors, max_length=forms.BODY_MAX),
        "stance": forms.choice(form, "stance", errors, Stance, required=False),
        "author_name": forms.author_name(
            form, "author_name", errors, staff=await signs_as_staff(request)
        ),
        "parent": None,
        "email": following.read_address(form, errors, await current_user(request)),
    }
    parent_id = form.get("parent").strip()
    if parent_id:
        parent = (
            await run_db(request, queries.public_reply, reply_id=int(parent_id))
            if digits(parent_id) and int(parent_id) <= MAX_ID
            else None
        )
        if parent is None or not in_thread(parent):
            errors["body"] = _("The reply you answered is not in this thread.")
        elif parent.depth >= 2:
            errors["body"] = _(
                "Replies can be nested two levels deep; answer the first reply instead."
            )
        cleaned["parent"] = parent
    return cleaned, errors


async def _submit(request: Request, cleaned: dict[str, Any], target: dict[str, Any]) -> Response:
    parent: Reply | None = cleaned.pop("parent")
    address: str = cleaned.pop("email")
    actor, lang = await current_user(request), get_language()

    def submit(session: Session, screening: actions.Screening) -> actions.Receipt:
        # The thread is checked again with the write: one hidden meanwhile refuses it (404).
        actions.published_thread(
            session, proposal_id=target["proposal_id"], article_id=target["article_id"]
        )
        return actions.submit_reply(
            session,
            actor=actor,
            parent=parent,
            lang=lang,
            screening=screening,
            **cleaned,
            **target,
        )

    receipt = await store_and_screen(request, following.and_follow(request, submit, address))
    flash(request, _("Thank you! Your reply has been received."), "success")
    following.flash_confirmation(request, address)
    return redirect_to(request, "submissions.status", token=receipt.token)


routes: list[BaseRoute] = [
    Route(
        "/proposals/{proposal_id:id}/replies",
        reply_to_proposal,
        name="replies.create_on_proposal",
        methods=["POST"],
    ),
    Route("/articles/{slug}", article, name="articles.show", methods=["GET"]),
    Route(
        "/articles/{slug}/replies",
        reply_to_article,
        name="replies.create_on_article",
        methods=["POST"],
    ),
]
