"""The author's view of a submission: by secret link, or from "my submissions" when logged in.
The page shows the statement of reasons of a moderator's decision and the appeal form."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from debate import cases, queries
from debate.i18n import _
from debate.models import User
from debate.permissions import Permission
from debate.queries import SubmissionStatus
from debate.security import hash_token
from debate.status import describe
from debate.web import render, require, run_db


async def by_token(request: Request) -> SubmissionStatus:
    token = request.path_params["token"]
    found = await run_db(request, queries.submission_by_token_hash, token_hash=hash_token(token))
    if found is None:
        raise HTTPException(
            404, _("There is no submission behind this link. Check that you copied all of it.")
        )
    return found


async def own_status(request: Request, user: User) -> SubmissionStatus:
    found = await run_db(
        request,
        queries.own_submission,
        user_id=user.id,
        submission_id=request.path_params["submission_id"],
    )
    if found is None:
        raise HTTPException(404, _("There is no such submission among yours."))
    return found


async def render_status(
    request: Request,
    found: SubmissionStatus,
    *,
    page: str,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The status page; ``page`` is its own path, the secret link or the account page."""
    submission_id = found.submission.id
    case = await run_db(request, cases.author_case, submission_id=submission_id)
    by_link = "token" in request.path_params
    if by_link:
        action = request.url_for("appeals.create_by_author", token=request.path_params["token"])
    else:
        action = request.url_for("appeals.create_by_account", submission_id=submission_id)
    context = {
        "status": found,
        "describe": describe(found),
        "status_url": page if by_link else None,
        "case": case,
        "appeal_action": action.path,
        "errors": errors or {},
        "values": values or {},
    }
    return await render(request, "submissions/status.html", context, status_code=status_code)


async def status(request: Request) -> Response:
    found = await by_token(request)
    page = request.url_for("submissions.status", token=request.path_params["token"]).path
    return await render_status(request, found, page=page)


async def mine(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    assert user.id is not None
    items = await run_db(request, queries.my_submissions, user_id=user.id)
    warnings = await run_db(request, cases.warnings, user_id=user.id)
    suspension = await run_db(request, cases.active_suspension, user_id=user.id)
    context = {"items": items, "warnings": warnings, "suspension": suspension}
    return await render(request, "submissions/mine.html", context)


async def own(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    found = await own_status(request, user)
    return await render_status(request, found, page=request.url.path)
