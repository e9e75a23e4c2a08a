"""The author's view of a submission: by secret link, or from "my submissions" when logged in.
The page shows the statement of reasons of a moderator's decision and the appeal form."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.cases import sanctions
from debate.core.models import Revision, Sanction, Submission
from debate.core.permissions import Permission
from debate.submissions.status import my_submissions
from debate.web.http import render, require, run_db
from debate.web.posting import by_token, own_status, render_status


@dataclass(frozen=True, slots=True)
class MySubmissions:
    """An account's submissions, with its warnings and any suspension in force."""

    items: list[tuple[Submission, Revision]]
    warnings: list[Sanction]
    suspension: Sanction | None


async def status(request: Request) -> Response:
    found = await by_token(request)
    page = request.url_for("submissions.status", token=request.path_params["token"]).path
    return await render_status(request, found, page=page)


async def mine(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    assert user.id is not None
    items = await run_db(request, my_submissions, user_id=user.id)
    warnings = await run_db(request, sanctions.warnings, user_id=user.id)
    suspension = await run_db(request, sanctions.active_suspension, user_id=user.id)
    context = MySubmissions(items=items, warnings=warnings, suspension=suspension)
    return await render(request, "submissions/mine.html", context)


async def own(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    found = await own_status(request, user)
    return await render_status(request, found, page=request.url.path)


routes: list[BaseRoute] = [
    Route("/status/{token}", status, name="submissions.status", methods=["GET"]),
    Route("/me/submissions", mine, name="account.submissions", methods=["GET"]),
    Route(
        "/me/submissions/{submission_id:id}",
        own,
        name="account.submission",
        methods=["GET"],
    ),
]
