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
    attachments,
    branding,
    cases,
    exports,
    feeds,
    follow,
    moderator,
    mydata,
    oidc,
    opendata,
    outbox,
    pages,
    passwords,
    preview,
    proposals,
    public,
    reports,
    revisions,
    rules,
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
    *reports.routes,
    *feeds.routes,
    *opendata.routes,
    *proposals.routes,
    *threads.routes,
    *preview.routes,
    *submissions.routes,
    *follow.routes,
    *revisions.routes,
    *account.routes,
    *oidc.routes,
    *passwords.routes,
    *staff.routes,
    *attachments.routes,
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
    *rules.routes,
    *api.routes,
    Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
]
