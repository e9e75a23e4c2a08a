"""The shadow comparison page: the shadow threshold set beside the live policy, against
moderators' decisions, per language and rule (``debate.reporting.shadow``). Admins start and
stop a shadow set on the moderation settings page (``views/admin.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.permissions import Permission
from debate.policy import store
from debate.reporting import shadow
from debate.web.http import render, require, run_db, settings


@dataclass(frozen=True, slots=True)
class ShadowPage:
    """Shadow settings against live: the comparison and what the shadow set changes."""

    c: shadow.Comparison
    changes: dict[str, Any]
    limit: int = shadow.LIMIT


async def comparison(request: Request) -> Response:
    await require(request, Permission.MANAGE_MODERATION_SETTINGS)
    defaults = store.defaults_for(settings(request))
    found = await run_db(request, shadow.compare, defaults=defaults)
    in_force = await run_db(request, store.current_over, defaults=defaults)
    changes = store.diff(in_force.data, found.settings.data) if found.settings else {}
    return await render(request, "admin/shadow.html", ShadowPage(found, changes))


routes: list[BaseRoute] = [
    Route("/admin/moderation/shadow", comparison, name="admin.moderation.shadow", methods=["GET"]),
]
