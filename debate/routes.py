"""The one route table: every views module exports its ``routes`` beside its views, and this
table only puts them in order (the first match wins). Names are dotted by area:
``proposals.create``, ``staff.articles.edit``."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from debate.core.paths import STATIC
from debate.views import (
    account,
    admin,
    answers,
    api,
    branding,
    cases,
    exports,
    feeds,
    moderator,
    mydata,
    oidc,
    opendata,
    outbox,
    pages,
    passwords,
    proposals,
    public,
    search,
    shadow,
    staff,
    submissions,
    threads,
    users,
)

routes: list[BaseRoute] = [
    *public.routes,
    *search.routes,
    *feeds.routes,
    *opendata.routes,
    *proposals.routes,
    *threads.routes,
    *submissions.routes,
    *account.routes,
    *oidc.routes,
    *passwords.routes,
    *staff.routes,
    *moderator.routes,
    *cases.routes,
    *admin.routes,
    *branding.routes,
    *shadow.routes,
    *users.routes,
    *outbox.routes,
    *exports.routes,
    *answers.routes,
    *mydata.routes,
    *pages.routes,
    *api.routes,
    Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
]
