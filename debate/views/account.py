"""Register, verify the address, log in and out.

Passwords are argon2 hashes, checked and made in a thread: argon2 takes a tenth of a second
and more, which on the event loop would stall every other request. Failed logins lock the
(account, address) pair and slow the account down (``security.begin_login``). An unknown
address costs as much as a wrong password, and registering an address that has an account
answers as a new one would (``actions.register`` mails the owner instead).
"""

from __future__ import annotations

from dataclasses import dataclass

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.accounts import actions, security, sessions
from debate.accounts import queries as account_queries
from debate.core.i18n import _
from debate.core.models import TokenPurpose, User
from debate.web import fields
from debate.web.context import FormState
from debate.web.http import (
    account_links,
    current_user,
    flash,
    login_redirect,
    read_form,
    redirect,
    redirect_to,
    render,
    require,
    reserve_login,
    run_db,
    safe_next,
    settings,
    start_session,
)

#: Replaced in tests, which need not wait for the delay.
sleep = anyio.sleep


@dataclass(frozen=True, slots=True)
class LoginPage:
    """The login form (with ``FormState``): where to go after it, and the OpenID service."""

    next: str
    oidc_name: str


async def login_form(request: Request) -> Response:
    next_url = safe_next(request.query_params.get("next"))
    context = LoginPage(next=next_url, oidc_name=oidc_name(request))
    return await render(request, "account/login.html", (context, FormState()))


def oidc_name(request: Request) -> str:
    """The name of the OpenID Connect sign-in service for the login page; empty when off."""
    config = settings(request)
    return config.oidc_name if config.oidc_issuer else ""


async def login(request: Request) -> Response:
    form = await read_form(request)
    email = form.get("email").strip().lower()[:254]
    next_url = safe_next(form.get("next"))
    client = request.client.host if request.client else "unknown"
    user = await check_login(request, email=email, password=form.get("password"), client=client)
    if user is None:
        form_state = FormState({"email": _("Wrong e-mail address or password.")}, {"email": email})
        context = (LoginPage(next=next_url, oidc_name=oidc_name(request)), form_state)
        return await render(request, "account/login.html", context, status_code=400)
    start_session(request, user)
    flash(request, _("You are logged in."), "success")
    if user.verified_at is None:
        flash(request, _("Your e-mail address is not confirmed yet."))
    return redirect(next_url)


async def check_login(request: Request, *, email: str, password: str, client: str) -> User | None:
    """The active account if ``password`` is its password; 429 while the pair is locked."""
    delay = await reserve_login(request, email=email, client=client)
    if delay:
        await sleep(delay)
    user = await run_db(request, account_queries.user_by_email, email=email)
    known = user.password_hash if user is not None and user.is_active else None
    ok = await run_in_threadpool(security.check_password, known, password)
    await run_db(request, security.finish_login, email=email, client=client, ok=ok)
    return user if ok else None


async def logout(request: Request) -> Response:
    await read_form(request)
    sid = request.session.get("sid")
    if isinstance(sid, str):
        await run_db(request, sessions.revoke, sid=sid)
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    flash(request, _("You are logged out."))
    return redirect("/")


async def register_form(request: Request) -> Response:
    return await render(request, "account/register.html", FormState())


async def register(request: Request) -> Response:
    form = await read_form(request)
    errors = fields.Errors()
    email = fields.email(form, "email", errors)
    # A citizen's account name may not be the organisation's own ("Regionens redaktion").
    name = fields.author_name(form, "display_name", errors, staff=False)
    password = fields.password(form, "password", errors)
    if errors:
        values = {"email": form.get("email"), "display_name": form.get("display_name")}
        return await render(request, "account/register.html", FormState(errors, values), 400)
    # Hashed whether or not the address has an account: both answers take as long.
    password_hash = await run_in_threadpool(security.hash_password, password)
    await run_db(
        request,
        actions.register,
        email=email,
        display_name=name,
        password_hash=password_hash,
        link=account_links(request),
    )
    message = _(
        "We have sent an e-mail to {email}. Log in and open the link in it to confirm the "
        "address. Already have an account? The e-mail says how to get into it."
    )
    flash(request, message.format(email=email), "success")
    return redirect_to(request, "account.login")


async def verify(request: Request) -> Response:
    """The link in the verification mail. It works only for the account it was made for,
    signed in: someone who registered another person's address cannot have it verified by
    that person clicking a link, since they do not know the password."""
    secret = request.path_params["token"]
    owner = await run_db(request, actions.token_user, secret=secret, purpose=TokenPurpose.VERIFY)
    if owner is None:
        raise HTTPException(400, bad_link())
    user = await current_user(request)
    if user is None or user.id != owner.id:
        flash(request, _("Log in to confirm your e-mail address."))
        return login_redirect(request)
    if await run_db(request, actions.verify, secret=secret) is None:
        raise HTTPException(400, bad_link())
    flash(request, _("Your e-mail address is confirmed."), "success")
    return redirect("/")


def bad_link() -> str:
    return _("This link does not work: it is wrong, already used or too old.")


async def resend_verification(request: Request) -> Response:
    user = await require(request)
    form = await read_form(request)
    if user.verified_at is not None:
        flash(request, _("Your e-mail address is already confirmed."))
    else:
        await run_db(request, actions.send_verification, user=user, link=account_links(request))
        message = _("We have sent a new link to {email}. It may take a few minutes to arrive.")
        flash(request, message.format(email=user.email), "success")
    return redirect(safe_next(form.get("next")))


routes: list[BaseRoute] = [
    Route("/login", login_form, name="account.login", methods=["GET"]),
    Route("/login", login, name="account.login.submit", methods=["POST"]),
    Route("/logout", logout, name="account.logout", methods=["POST"]),
    Route("/register", register_form, name="account.register", methods=["GET"]),
    Route("/register", register, name="account.register.submit", methods=["POST"]),
    Route("/verify/{token}", verify, name="account.verify", methods=["GET"]),
    Route("/me/verify", resend_verification, name="account.verify.resend", methods=["POST"]),
]
