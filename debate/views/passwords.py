"""Change the password (signed in, with the current one) or set a new one by a link mailed to
the account's address. Either way every other session of the account ends; a reset also lifts
the login lock. Hashing and checking run in a thread (argon2 is slow)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.accounts import actions, security
from debate.core.i18n import _
from debate.core.models import TokenPurpose
from debate.web import fields
from debate.web.context import FormState
from debate.web.http import (
    account_links,
    flash,
    read_form,
    redirect,
    redirect_to,
    render,
    require,
    reserve_login,
    run_db,
)

GET, POST = ["GET"], ["POST"]


async def change_form(request: Request) -> Response:
    await require(request)
    return await render(request, "account/password.html", FormState())


async def change(request: Request) -> Response:
    user = await require(request)
    form = await read_form(request)
    errors = fields.Errors()
    password = fields.password(form, "new_password", errors)
    if not errors and not await _current_password_ok(request, user.email, form.get("password")):
        errors["password"] = _("That is not your current password.")
    if errors:
        return await render(request, "account/password.html", FormState(errors), status_code=400)
    password_hash = await run_in_threadpool(security.hash_password, password)
    assert user.id is not None
    changed = await run_db(
        request, actions.set_password, actor=user, user_id=user.id, password_hash=password_hash
    )
    # This session goes on; every other one of the account ends.
    request.session["sv"] = changed.session_version
    flash(request, _("Your password is changed. Other sessions are logged out."), "success")
    return redirect("/")


async def _current_password_ok(request: Request, email: str, password: str) -> bool:
    """Checked under the login lock, so a taken-over session cannot guess the password."""
    client = request.client.host if request.client else "unknown"
    await reserve_login(request, email=email, client=client)
    user = await require(request)
    ok = await run_in_threadpool(security.check_password, user.password_hash, password)
    await run_db(request, security.finish_login, email=email, client=client, ok=ok)
    return ok


async def reset_form(request: Request) -> Response:
    return await render(request, "account/reset_request.html", FormState())


async def request_reset(request: Request) -> Response:
    form = await read_form(request)
    errors = fields.Errors()
    email = fields.email(form, "email", errors)
    if errors:
        context = FormState(errors, {"email": form.get("email")})
        return await render(request, "account/reset_request.html", context, status_code=400)
    await run_db(request, actions.request_reset, email=email, link=account_links(request))
    message = _(
        "If there is an account with {email}, we have sent a link to it. It works for one hour."
    )
    flash(request, message.format(email=email), "success")
    return redirect_to(request, "account.login")


async def _reset_owner(request: Request) -> None:
    found = await run_db(
        request,
        actions.token_user,
        secret=request.path_params["token"],
        purpose=TokenPurpose.RESET,
    )
    if found is None:
        raise HTTPException(
            400, _("This link does not work: it is wrong, already used or too old.")
        )


async def new_password_form(request: Request) -> Response:
    await _reset_owner(request)
    return await render(request, "account/reset.html", FormState())


async def reset(request: Request) -> Response:
    form = await read_form(request)
    await _reset_owner(request)
    errors = fields.Errors()
    password = fields.password(form, "password", errors)
    if errors:
        return await render(request, "account/reset.html", FormState(errors), status_code=400)
    password_hash = await run_in_threadpool(security.hash_password, password)
    user = await run_db(
        request,
        actions.reset_password,
        secret=request.path_params["token"],
        password_hash=password_hash,
    )
    if user is None:
        raise HTTPException(
            400, _("This link does not work: it is wrong, already used or too old.")
        )
    flash(request, _("Your new password is set. Log in with it."), "success")
    return redirect_to(request, "account.login")


routes: list[BaseRoute] = [
    Route("/me/password", change_form, name="account.password", methods=GET),
    Route("/me/password", change, name="account.password.submit", methods=POST),
    Route("/password-reset", reset_form, name="account.password_reset", methods=GET),
    Route("/password-reset", request_reset, name="account.password_reset.submit", methods=POST),
    Route(
        "/password-reset/{token}",
        new_password_form,
        name="account.password_reset.confirm",
        methods=GET,
    ),
    Route("/password-reset/{token}", reset, name="account.password_reset.complete", methods=POST),
]
