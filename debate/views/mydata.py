"""My data: download everything held about you, or erase your identity — from your account, or
for one submission from its receipt link."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.core.models import Role, utcnow
from debate.core.permissions import Permission
from debate.privacy import mydata
from debate.submissions.status import SubmissionStatus
from debate.web.context import FormState
from debate.web.http import flash, read_form, redirect, redirect_to, render, require, run_db
from debate.web.posting import by_token


def _zip(files: dict[str, object], name: str) -> Response:
    day = utcnow().strftime("%Y%m%d")
    return Response(
        mydata.to_zip(files),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}-{day}.zip"',
            "Cache-Control": "no-store",
        },
    )


# --- From the account ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MyData:
    """The account's data page (with ``FormState``): whether this account may erase itself."""

    can_erase: bool


@dataclass(frozen=True, slots=True)
class SubmissionData:
    """The data page of one submission, reached by its receipt link."""

    status: SubmissionStatus
    token: str


async def index(request: Request, errors: dict[str, str] | None = None) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    context = (MyData(can_erase=user.role == Role.CITIZEN), FormState(errors or {}))
    return await render(request, "mydata/index.html", context, status_code=400 if errors else 200)


async def export(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    files = await run_db(request, mydata.export_user, actor=user)
    return _zip(files, "inspel-my-data")


async def erase(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    form = await read_form(request)
    if form.get("confirm_email").strip().lower() != user.email.lower():
        errors = {"confirm_email": _("Type the e-mail address of your account to confirm.")}
        return await index(request, errors)
    result = await run_db(request, mydata.erase_user, actor=user)  # ErasureRefusedError: 403
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    flash(request, _("Your account is erased. What you wrote is kept as anonymous."), "success")
    if result.kept:
        flash(
            request,
            _(
                "Some of your submissions are part of an open case; "
                "they stay linked to the erased account until the case is closed."
            ),
        )
    return redirect("/")


# --- From a receipt link -------------------------------------------------------------------


async def submission_page(request: Request) -> Response:
    found = await by_token(request)
    token = request.path_params["token"]
    return await render(request, "mydata/submission.html", SubmissionData(found, token))


async def submission_export(request: Request) -> Response:
    found = await by_token(request)
    submission_id = found.submission.id
    assert submission_id is not None
    files = await run_db(request, mydata.export_submission, submission_id=submission_id)
    return _zip(files, f"inspel-submission-{submission_id}")


async def submission_erase(request: Request) -> Response:
    found = await by_token(request)
    form = await read_form(request)
    token = request.path_params["token"]
    if form.get("confirm") != "yes":
        flash(request, _("Tick the box to confirm."), "error")
        return redirect_to(request, "mydata.submission", token=token)
    assert found.submission.id is not None
    erased = await run_db(request, mydata.erase_author_name, submission_id=found.submission.id)
    if erased:
        flash(request, _("Your name is removed from this submission."), "success")
    else:
        flash(
            request,
            _("This submission is part of an open case; try again when the case is closed."),
            "error",
        )
    return redirect_to(request, "mydata.submission", token=token)


GET, POST = ["GET"], ["POST"]

routes: list[BaseRoute] = [
    Route("/me/data", index, name="mydata.index", methods=GET),
    Route("/me/data/export", export, name="mydata.export", methods=GET),
    Route("/me/data/erase", erase, name="mydata.erase", methods=POST),
    Route("/status/{token}/privacy", submission_page, name="mydata.submission", methods=GET),
    Route("/status/{token}/data", submission_export, name="mydata.submission_export", methods=GET),
    Route("/status/{token}/erase", submission_erase, name="mydata.submission_erase", methods=POST),
]
