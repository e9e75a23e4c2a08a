"""The one route table. Names are dotted by area: ``proposals.create``, ``staff.articles.edit``.
Larger areas keep their routes beside their views (``moderator.routes``) and are listed here."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from debate.core.paths import STATIC
from debate.views import (
    account,
    admin,
    answers,
    api,
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

GET, POST = ["GET"], ["POST"]

routes: list[BaseRoute] = [
    Route("/", public.home, name="home", methods=GET),
    Route("/healthz", public.health, name="health", methods=GET),
    Route("/readyz", public.ready, name="ready", methods=GET),
    Route("/search", search.search, name="search", methods=GET),
    Route("/lang/{code}", public.set_language, name="language.set", methods=GET),
    Route("/consultations/{slug}", public.consultation, name="consultations.show", methods=GET),
    Route(
        "/consultations/{slug}/feed.atom",
        feeds.consultation,
        name="feeds.consultation",
        methods=GET,
    ),
    Route(
        "/proposals/{proposal_id:id}/feed.atom",
        feeds.proposal,
        name="feeds.proposal",
        methods=GET,
    ),
    Route("/open-data", opendata.index, name="opendata.index", methods=GET),
    Route("/open-data/{name}", opendata.download, name="opendata.download", methods=GET),
    Route("/consultations/{slug}/proposals/new", proposals.new, name="proposals.new", methods=GET),
    Route(
        "/consultations/{slug}/proposals", proposals.create, name="proposals.create", methods=POST
    ),
    Route("/proposals/{proposal_id:id}", proposals.show, name="proposals.show", methods=GET),
    Route(
        "/proposals/{proposal_id:id}/support",
        proposals.support,
        name="proposals.support",
        methods=POST,
    ),
    Route(
        "/proposals/{proposal_id:id}/support/resume",
        proposals.resume_support,
        name="proposals.support.resume",
        methods=GET,
    ),
    Route(
        "/proposals/{proposal_id:id}/replies",
        threads.reply_to_proposal,
        name="replies.create_on_proposal",
        methods=POST,
    ),
    Route("/articles/{slug}", threads.article, name="articles.show", methods=GET),
    Route(
        "/articles/{slug}/replies",
        threads.reply_to_article,
        name="replies.create_on_article",
        methods=POST,
    ),
    Route("/status/{token}", submissions.status, name="submissions.status", methods=GET),
    Route("/me/submissions", submissions.mine, name="account.submissions", methods=GET),
    Route(
        "/me/submissions/{submission_id:id}",
        submissions.own,
        name="account.submission",
        methods=GET,
    ),
    *account.routes,
    *oidc.routes,
    *passwords.routes,
    Route("/staff", staff.index, name="staff.index", methods=GET),
    Route(
        "/staff/consultations/new",
        staff.consultation_form,
        name="staff.consultations.new",
        methods=GET,
    ),
    Route(
        "/staff/consultations/new",
        staff.save_consultation,
        name="staff.consultations.create",
        methods=POST,
    ),
    Route(
        "/staff/consultations/{consultation_id:id}",
        staff.consultation_form,
        name="staff.consultations.edit",
        methods=GET,
    ),
    Route(
        "/staff/consultations/{consultation_id:id}",
        staff.save_consultation,
        name="staff.consultations.update",
        methods=POST,
    ),
    Route(
        "/staff/consultations/{consultation_id:id}/topics",
        staff.add_topic,
        name="staff.topics.create",
        methods=POST,
    ),
    Route(
        "/staff/topics/{topic_id:id}", staff.rename_topic, name="staff.topics.update", methods=POST
    ),
    Route("/staff/articles/new", staff.article_form, name="staff.articles.new", methods=GET),
    Route("/staff/articles/new", staff.save_article, name="staff.articles.create", methods=POST),
    Route(
        "/staff/articles/{article_id:id}",
        staff.article_form,
        name="staff.articles.edit",
        methods=GET,
    ),
    Route(
        "/staff/articles/{article_id:id}",
        staff.save_article,
        name="staff.articles.update",
        methods=POST,
    ),
    *moderator.routes,
    *cases.routes,
    *admin.routes,
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
