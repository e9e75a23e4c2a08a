"""The author's view of a submission: by secret link, or from "my submissions" when logged in."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from debate import queries
from debate.i18n import _
from debate.permissions import Permission
from debate.security import hash_token
from debate.status import describe
from debate.web import render, require, run_db


async def status(request: Request) -> Response:
    token = request.path_params["token"]
    found = await run_db(request, queries.submission_by_token_hash, token_hash=hash_token(token))
    if found is None:
        raise HTTPException(
            404, _("There is no submission behind this link. Check that you copied all of it.")
        )
    context = {"status": found, "describe": describe(found), "status_url": request.url.path}
    return await render(request, "submissions/status.html", context)


async def mine(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    items = await run_db(request, queries.my_submissions, user_id=user.id)
    return await render(request, "submissions/mine.html", {"items": items})


async def own(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    found = await run_db(
        request,
        queries.own_submission,
        user_id=user.id,
        submission_id=request.path_params["submission_id"],
    )
    if found is None:
        raise HTTPException(404, _("There is no such submission among yours."))
    context = {"status": found, "describe": describe(found), "status_url": None}
    return await render(request, "submissions/status.html", context)
