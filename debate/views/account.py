"""Register, log in and out. Passwords are argon2 hashes; failed logins are rate limited."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from debate import actions, forms, queries, security, sessions
from debate.i18n import _
from debate.models import User
from debate.views.public import safe_next
from debate.web import flash, read_form, redirect, render, run_db, settings


async def login_form(request: Request) -> Response:
    context = {"errors": {}, "values": {}, "next": safe_next(request.query_params.get("next"))}
    return await render(request, "account/login.html", context)


async def login(request: Request) -> Response:
    form = await read_form(request)
    email = form.get("email").strip().lower()[:254]
    next_url = safe_next(form.get("next"))
    client = request.client.host if request.client else "unknown"
    user = await run_db(
        request,
        _attempt,
        email=email,
        password=form.get("password"),
        client=client,
        limit=settings(request),
    )
    if user is None:
        context = {
            "errors": {"email": _("Wrong e-mail address or password.")},
            "values": {"email": email},
            "next": next_url,
        }
        return await render(request, "account/login.html", context, status_code=400)
    _start_session(request, user)
    flash(request, _("You are logged in."), "success")
    return redirect(next_url)


def _attempt(session: Any, *, email: str, password: str, client: str, limit: Any) -> User | None:
    keys = [f"ip:{client}", f"email:{email}"]
    if security.login_blocked(
        session, keys, limit=limit.login_max_attempts, window_seconds=limit.login_window_seconds
    ):
        raise HTTPException(
            429,
            _("Too many failed logins. Wait a while and try again."),
            headers={"Retry-After": str(limit.login_window_seconds)},
        )
    user = queries.user_by_email(session, email=email)
    if (
        user is None
        or not user.is_active
        or not security.verify_password(user.password_hash, password)
    ):
        security.record_failed_login(session, keys)
        return None
    return user


def _start_session(request: Request, user: User) -> None:
    # A fresh session on login, so a session fixed before login is worth nothing after it.
    lang = request.session.get("lang")
    request.session.clear()
    request.session.update({"user_id": user.id, **({"lang": lang} if lang else {})})
    request.session["csrf"] = security.new_csrf_token()
    request.session["sid"] = sessions.new_sid()


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
    return await render(request, "account/register.html", {"errors": {}, "values": {}})


async def register(request: Request) -> Response:
    form = await read_form(request)
    errors = forms.Errors()
    email = forms.email(form, "email", errors)
    name = forms.text(form, "display_name", errors, max_length=forms.NAME_MAX)
    password = forms.password(form, "password", errors)
    if not errors and await run_db(request, queries.user_by_email, email=email) is not None:
        errors["email"] = _("There is already an account with this e-mail address.")
    if errors:
        values = {"email": form.get("email"), "display_name": form.get("display_name")}
        return await render(
            request, "account/register.html", {"errors": errors, "values": values}, status_code=400
        )
    user = await run_db(
        request, actions.register_user, email=email, display_name=name, password=password
    )
    _start_session(request, user)
    flash(request, _("Welcome! Your account is ready."), "success")
    return redirect("/")
