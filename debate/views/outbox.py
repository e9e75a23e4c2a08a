"""The admin's e-mail outbox: what waits, what was sent, why a message failed, and a retry.

Reading a message's body is recorded in the audit log: it may hold personal data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.core.models import OutboxMessage
from debate.core.permissions import Permission
from debate.outbox import mail
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

#: The filter choices of the list; anything else shows every message.
STATES = ("unsent", "sent")


async def index(request: Request) -> Response:
    await require(request, Permission.VIEW_OUTBOX)
    state = request.query_params.get("state", "")
    listing = await run_db(
        request,
        mail.outbox_page,
        state=state if state in STATES else "",
        page=int_param(request.query_params.get("page"), 1),
        page_size=settings(request).page_size,
    )
    return await render(request, "outbox/index.html", (_sending(request), OutboxList(listing)))


async def show(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OUTBOX)
    message = await run_db(
        request, mail.read_message, actor=user, message_id=request.path_params["message_id"]
    )
    shown = OutboxShow(_found(message))
    return await render(request, "outbox/show.html", (_sending(request), shown))


async def retry(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OUTBOX)
    await read_form(request)
    message_id = request.path_params["message_id"]
    message = _found(await run_db(request, mail.retry_message, actor=user, message_id=message_id))
    if message.sent_at is not None:
        flash(request, _("This e-mail has already been sent."), "error")
    else:
        flash(
            request, _("The e-mail is due again and will be sent at the next attempt."), "success"
        )
    return redirect_to(request, "outbox.show", message_id=message_id)


def _found(message: OutboxMessage | None) -> OutboxMessage:
    if message is None:
        raise HTTPException(404, _("There is no such e-mail."))
    return message


@dataclass(frozen=True, slots=True)
class Sending:
    """What both pages show besides their message(s): whether e-mail leaves at all."""

    smtp_configured: bool
    state_of: Callable[[OutboxMessage], mail.MailState] = mail.state_of


@dataclass(frozen=True, slots=True)
class OutboxList:
    listing: mail.OutboxPage


@dataclass(frozen=True, slots=True)
class OutboxShow:
    message: OutboxMessage


def _sending(request: Request) -> Sending:
    return Sending(mail.configured(settings(request)))


routes: list[BaseRoute] = [
    Route("/admin/outbox", index, name="outbox.index", methods=["GET"]),
    Route("/admin/outbox/{message_id:id}", show, name="outbox.show", methods=["GET"]),
    Route("/admin/outbox/{message_id:id}/retry", retry, name="outbox.retry", methods=["POST"]),
]
