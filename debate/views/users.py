"""Admins' account pages: list and search accounts; change a role; deactivate, reactivate and
unlock an account. Every change is recorded in the audit log (``debate.accounts.actions``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.accounts import actions, security
from debate.core.i18n import _
from debate.core.models import Role, User
from debate.core.permissions import Permission
from debate.web.http import (
    flash,
    int_param,
    read_form,
    redirect_to,
    render,
    require,
    run_db,
    settings,
)

GET, POST = ["GET"], ["POST"]


async def index(request: Request) -> Response:
    await require(request, Permission.MANAGE_USERS)
    query = request.query_params.get("q", "").strip()[:254]
    page = int_param(request.query_params.get("page"), 1)
    users, more = await run_db(request, actions.search_users, query=query, page=page)
    return await render(request, "admin/users.html", UserList(users, more, query, page))


@dataclass(frozen=True, slots=True)
class UserList:
    """The admins' list of accounts: a page of a search, and whether there are more."""

    users: list[User]
    more: bool
    query: str
    page: int


@dataclass(frozen=True, slots=True)
class Account:
    """One account as admins see it, with its recent failed logins."""

    account: User
    failed_logins: int


@dataclass(frozen=True, slots=True)
class AccountPage:
    """One account's page (with ``Account``): the roles to choose and what went wrong."""

    error: str | None
    is_self: bool
    roles: tuple[Role, ...] = tuple(Role)


def _account(session: Session, *, user_id: int, window_seconds: int) -> Account | None:
    user = session.get(User, user_id)
    if user is None:
        return None
    failed = security.failed_logins(session, email=user.email, window_seconds=window_seconds)
    return Account(user, failed)


async def _page(
    request: Request, admin: User, error: str | None = None, status_code: int = 200
) -> Response:
    found = await run_db(
        request,
        _account,
        user_id=request.path_params["user_id"],
        window_seconds=settings(request).login_window_seconds,
    )
    if found is None:
        raise HTTPException(404, _("There is no such account."))
    context = (found, AccountPage(error, admin.id == found.account.id))
    return await render(request, "admin/user.html", context, status_code=status_code)


async def show(request: Request) -> Response:
    admin = await require(request, Permission.MANAGE_USERS)
    return await _page(request, admin)


async def change_role(request: Request) -> Response:
    admin = await require(request, Permission.MANAGE_USERS)
    form = await read_form(request)
    try:
        role = Role(form.get("role"))
    except ValueError:
        return await _page(request, admin, _("Choose one of the options."), 400)
    return await _change(request, admin, actions.set_role, role=role)


async def change_active(request: Request) -> Response:
    admin = await require(request, Permission.MANAGE_USERS)
    form = await read_form(request)
    if form.get("active") not in ("0", "1"):
        return await _page(request, admin, _("Choose one of the options."), 400)
    return await _change(request, admin, actions.set_active, active=form.get("active") == "1")


async def _change(request: Request, admin: User, action: Any, **values: Any) -> Response:
    user_id = request.path_params["user_id"]
    try:
        await run_db(request, action, actor=admin, user_id=user_id, **values)
    except actions.AccountError as exc:
        return await _page(request, admin, str(exc), 400)
    flash(request, _("The account is changed."), "success")
    return redirect_to(request, "admin.users.show", user_id=user_id)


async def unlock(request: Request) -> Response:
    admin = await require(request, Permission.MANAGE_USERS)
    await read_form(request)
    user_id = request.path_params["user_id"]
    if await run_db(request, _exists, user_id=user_id) is False:
        raise HTTPException(404, _("There is no such account."))
    await run_db(request, actions.unlock, actor=admin, user_id=user_id)
    flash(request, _("The account's failed logins are forgotten: it is unlocked."), "success")
    return redirect_to(request, "admin.users.show", user_id=user_id)


def _exists(session: Session, *, user_id: int) -> bool:
    return session.get(User, user_id) is not None


routes: list[BaseRoute] = [
    Route("/admin/users", index, name="admin.users", methods=GET),
    Route("/admin/users/{user_id:id}", show, name="admin.users.show", methods=GET),
    Route("/admin/users/{user_id:id}/role", change_role, name="admin.users.role", methods=POST),
    Route(
        "/admin/users/{user_id:id}/active", change_active, name="admin.users.active", methods=POST
    ),
    Route("/admin/users/{user_id:id}/unlock", unlock, name="admin.users.unlock", methods=POST),
]
