"""The author changes their text (issue 19): edit it ("rewrite and send again" for a held
text) or withdraw it, from the secret status link or from "my submissions". The edit is a new
revision, moderated again as a new submission is (``debate.submissions.revise``)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.core.models import SubmissionKind
from debate.core.permissions import Permission
from debate.submissions import masking, revise
from debate.submissions.status import StatusText, SubmissionStatus, describe
from debate.web import fields as forms
from debate.web.context import FormState
from debate.web.http import current_user, flash, read_form, redirect, render, require, run_db
from debate.web.posting import (
    by_token,
    change_urls,
    own_status,
    refuse_if_suspended,
    render_status,
    store_and_screen,
)


@dataclass(frozen=True, slots=True)
class EditPage:
    """The author's edit form (with ``FormState``) beside what became of the text."""

    status: SubmissionStatus
    describe: StatusText
    change: revise.ChangeOptions
    is_proposal: bool
    any_masked: bool
    status_page: str
    action: str


def _flat(pieces: list[masking.Piece] | None) -> str:
    return "".join(piece.text for piece in pieces or [])


async def _found(request: Request) -> tuple[SubmissionStatus, str]:
    """The submission and its status page's path: by the secret link, or the account's."""
    if "token" in request.path_params:
        found = await by_token(request)
        page = request.url_for("submissions.status", token=request.path_params["token"]).path
        return found, page
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    found = await own_status(request, user)
    page = request.url_for("account.submission", submission_id=found.submission.id).path
    return found, page


async def _edit_page(
    request: Request,
    found: SubmissionStatus,
    page: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    submission_id = found.submission.id
    assert submission_id is not None
    change = await run_db(request, revise.change_options, submission_id=submission_id)
    if change.edit_refusal is not None:
        raise change.edit_refusal
    # Anyone holding the link opens this page: the text is shown as the status page shows it,
    # with personal data masked; the original revision is kept unchanged.
    text = await run_db(request, masking.status_text, revision=found.revision)
    if values is None:
        values = {"title": _flat(text.title), "body": _flat(text.body)}
    context = EditPage(
        status=found,
        describe=describe(found),
        change=change,
        is_proposal=found.submission.kind is SubmissionKind.PROPOSAL,
        any_masked=text.any_masked,
        status_page=page,
        action=change_urls(request, submission_id)["edit"],
    )
    form = FormState(errors or {}, values)
    return await render(request, "submissions/edit.html", (context, form), status_code)


async def edit(request: Request) -> Response:
    found, page = await _found(request)
    if refused := await refuse_if_suspended(request):
        return refused
    return await _edit_page(request, found, page)


async def revise_text(request: Request) -> Response:
    found, page = await _found(request)
    if refused := await refuse_if_suspended(request):
        return refused
    form = await read_form(request)
    errors = forms.Errors()
    is_proposal = found.submission.kind is SubmissionKind.PROPOSAL
    title = forms.text(form, "title", errors, max_length=forms.TITLE_MAX) if is_proposal else None
    body = forms.text(form, "body", errors, max_length=forms.BODY_MAX)
    if errors:
        return await _edit_page(
            request, found, page, errors=errors, values=form.fields, status_code=400
        )
    actor, submission_id = await current_user(request), found.submission.id
    assert submission_id is not None
    try:
        await store_and_screen(
            request,
            lambda session, screening: revise.edit_submission(
                session,
                actor=actor,
                submission_id=submission_id,
                title=title,
                body=body,
                screening=screening,
            ),
        )
    except revise.NothingChangedError as error:
        errors["body"] = error.message
        return await _edit_page(
            request, found, page, errors=errors, values=form.fields, status_code=400
        )
    flash(request, _("Thank you! Your new version has been received and is checked again."))
    return redirect(page)


async def withdraw(request: Request) -> Response:
    found, page = await _found(request)
    form = await read_form(request)
    submission_id = found.submission.id
    assert submission_id is not None
    if form.get("confirm") != "yes":
        error = _("Tick the box to confirm that you want to withdraw the text.")
        return await render_status(request, found, page=page, withdraw_error=error, status_code=400)
    actor = await current_user(request)
    await run_db(request, revise.withdraw_submission, actor=actor, submission_id=submission_id)
    flash(request, _("Your text is withdrawn. It is no longer shown to the public."), "success")
    return redirect(page)


GET, POST = ["GET"], ["POST"]

routes: list[BaseRoute] = [
    Route("/status/{token}/edit", edit, name="submissions.edit", methods=GET),
    Route("/status/{token}/edit", revise_text, name="submissions.revise", methods=POST),
    Route("/status/{token}/withdraw", withdraw, name="submissions.withdraw", methods=POST),
    Route(
        "/me/submissions/{submission_id:id}/edit",
        edit,
        name="account.submission_edit",
        methods=GET,
    ),
    Route(
        "/me/submissions/{submission_id:id}/edit",
        revise_text,
        name="account.submission_revise",
        methods=POST,
    ),
    Route(
        "/me/submissions/{submission_id:id}/withdraw",
        withdraw,
        name="account.submission_withdraw",
        methods=POST,
    ),
]
