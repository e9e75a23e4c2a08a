"""The permission matrix: every route, every persona. A new route must be added here."""

from __future__ import annotations

import pytest
from starlette.routing import Route

from debate.routes import routes
from tests import (
    matrix_accounts,
    matrix_admin,
    matrix_answers,
    matrix_authoring,
    matrix_cases,
    matrix_exports,
    matrix_follow,
    matrix_moderator,
    matrix_mydata,
    matrix_opendata,
    matrix_outbox,
    matrix_pages,
    matrix_rules,
)
from tests.factories import (
    ADMIN,
    MODERATOR,
    PERSONAS,
    PUBLIC,
    SIGNED_IN,
    STAFF,
    as_persona,
    make_article,
    make_consultation,
    post_form,
    seed_proposal,
)

#: name -> (method, url, access, status when allowed)
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "home": ("GET", "/", PUBLIC, 200),
    "health": ("GET", "/healthz", PUBLIC, 200),
    "ready": ("GET", "/readyz", PUBLIC, 200),
    "language.set": ("GET", "/lang/en", PUBLIC, 303),
    "consultations.show": ("GET", "/consultations/agenda", PUBLIC, 200),
    "proposals.new": ("GET", "/consultations/agenda/proposals/new", PUBLIC, 200),
    "proposals.create": ("POST", "/consultations/agenda/proposals", PUBLIC, 400),
    "proposals.show": ("GET", "/proposals/{proposal}", PUBLIC, 200),
    "proposals.support": ("POST", "/proposals/{proposal}/support", SIGNED_IN, 303),
    "replies.create_on_proposal": ("POST", "/proposals/{proposal}/replies", PUBLIC, 400),
    "articles.show": ("GET", "/articles/debatt", PUBLIC, 200),
    "replies.create_on_article": ("POST", "/articles/debatt/replies", PUBLIC, 400),
    "submissions.status": ("GET", "{status}", PUBLIC, 200),
    "account.submissions": ("GET", "/me/submissions", SIGNED_IN, 200),
    "account.submission": ("GET", "/me/submissions/{submission}", SIGNED_IN, 404),
    # Edit and withdraw (issue 19): anyone with the secret link; sent empty, a POST is a 400.
    "submissions.edit": ("GET", "{status}/edit", PUBLIC, 200),
    "submissions.revise": ("POST", "{status}/edit", PUBLIC, 400),
    "submissions.withdraw": ("POST", "{status}/withdraw", PUBLIC, 400),
    # From the account: nobody in the matrix wrote the item, so a signed-in persona gets a 404.
    "account.submission_edit": ("GET", "/me/submissions/{submission}/edit", SIGNED_IN, 404),
    "account.submission_revise": ("POST", "/me/submissions/{submission}/edit", SIGNED_IN, 404),
    "account.submission_withdraw": (
        "POST",
        "/me/submissions/{submission}/withdraw",
        SIGNED_IN,
        404,
    ),
    "account.login": ("GET", "/login", PUBLIC, 200),
    "account.login.submit": ("POST", "/login", PUBLIC, 400),
    "account.logout": ("POST", "/logout", PUBLIC, 303),
    "account.register": ("GET", "/register", PUBLIC, 200),
    "account.register.submit": ("POST", "/register", PUBLIC, 400),
    "staff.index": ("GET", "/staff", STAFF, 200),
    "staff.consultations.new": ("GET", "/staff/consultations/new", STAFF, 200),
    "staff.consultations.create": ("POST", "/staff/consultations/new", STAFF, 400),
    "staff.consultations.edit": ("GET", "/staff/consultations/{consultation}", STAFF, 200),
    "staff.consultations.update": ("POST", "/staff/consultations/{consultation}", STAFF, 400),
    "staff.topics.create": ("POST", "/staff/consultations/{consultation}/topics", STAFF, 400),
    "staff.topics.update": ("POST", "/staff/topics/{topic}", STAFF, 303),
    "staff.articles.new": ("GET", "/staff/articles/new", STAFF, 200),
    "staff.articles.create": ("POST", "/staff/articles/new", STAFF, 400),
    "staff.articles.edit": ("GET", "/staff/articles/{article}", STAFF, 200),
    "staff.articles.update": ("POST", "/staff/articles/{article}", STAFF, 400),
}
#: Areas keep their rows in their own module (``tests/matrix_*.py``), each with a ``world``
#: function that adds what its URLs need.
AREAS = (
    matrix_moderator,
    matrix_authoring,
    matrix_answers,
    matrix_cases,
    matrix_admin,
    matrix_outbox,
    matrix_exports,
    matrix_mydata,
    matrix_pages,
    matrix_rules,
    matrix_accounts,
    matrix_opendata,
    matrix_follow,
)
for _area in AREAS:
    assert not set(_area.MATRIX) & set(MATRIX), f"{_area.__name__}: a route is listed twice"
    MATRIX.update(_area.MATRIX)

ALLOWED = {
    PUBLIC: set(PERSONAS),
    SIGNED_IN: set(PERSONAS) - {"anonymous"},
    STAFF: {"staff", "admin"},
    MODERATOR: {"moderator", "admin"},
    ADMIN: {"admin"},
}


def test_every_route_is_in_the_matrix():
    names = {r.name for r in routes if isinstance(r, Route)}
    assert names == set(MATRIX), f"missing: {names - set(MATRIX)}, stale: {set(MATRIX) - names}"


def _world(client, engine) -> dict[str, str]:
    consultation = make_consultation(engine)
    proposal = seed_proposal(engine, consultation)
    article = make_article(engine)
    submitted = post_form(client, "/consultations/agenda/proposals", {"title": "T", "body": "B"})
    client.cookies.clear()
    from sqlmodel import select

    from debate.core.db import session_scope
    from debate.core.models import Submission, Topic

    with session_scope(engine) as session:
        topic = session.exec(select(Topic)).first()
        submission = session.exec(select(Submission)).first()
    world = {
        "proposal": str(proposal),
        "consultation": str(consultation.id),
        "article": str(article.id),
        "topic": str(topic.id),
        "submission": str(submission.id),
        "status": submitted.headers["location"],
    }
    for area in AREAS:
        world.update(area.world(client, engine, world))
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(client, engine, name, persona):
    method, template, access, allowed_status = MATRIX[name]
    url = template.format(**_world(client, engine))
    as_persona(client, engine, persona)
    if method == "GET":
        response = client.get(url)
    elif method == "OPTIONS":
        response = client.options(url)
    else:
        response = post_form(client, url, {"name": "Nytt namn"} if "topics/" in url else {})
    if persona in ALLOWED[access]:
        assert response.status_code == allowed_status, response.text[:500]
    elif persona == "anonymous":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    else:
        assert response.status_code == 403
    assert response.status_code < 500
