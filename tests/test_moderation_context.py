"""What the site tells the moderation policy beyond the text: who wrote it (their own
earlier posts for SPAM-REPEAT, their standing for new-account pre-moderation) and the thread
a reply belongs to, and what the author reads when the policy holds a post."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select
from starlette.testclient import TestClient

from debate.app import create_app
from debate.core.db import session_scope
from debate.core.models import ModerationDecision, Submission, Visibility
from tests.factories import as_persona, make_consultation, post_form

LONG = (
    "Bussarna mellan Umeå och Vännäs borde gå varje halvtimme på kvällarna, "
    "annars kan ingen pendla till kvällsskiftet på sjukhuset."
)


def propose(client: TestClient, body: str = LONG, title: str = "Fler kvällsbussar") -> str:
    response = post_form(client, "/consultations/agenda/proposals", {"title": title, "body": body})
    assert response.status_code == 303, response.text
    return response.headers["location"]


def decisions(engine) -> list[ModerationDecision]:
    with session_scope(engine) as session:
        return list(session.exec(select(ModerationDecision).order_by(ModerationDecision.id)))


def test_a_signed_in_author_repeating_themselves_is_held(client, engine):
    make_consultation(engine)
    as_persona(client, engine, "citizen")
    propose(client)
    location = propose(client, body=LONG.replace("halvtimme", "halvtimma") + "!")
    first, second = decisions(engine)
    assert first.visibility is Visibility.PUBLISHED
    assert second.visibility is Visibility.HELD
    assert second.rule_ids == ["SPAM-REPEAT"]
    reasons = BeautifulSoup(client.get(location).text, "html.parser").select_one("[data-reasons]")
    assert "upprepar" in reasons.get_text()


def test_the_same_text_from_different_people_is_not_a_repeat(client, engine):
    make_consultation(engine)
    propose(client)
    as_persona(client, engine, "citizen")
    propose(client)
    assert [d.visibility for d in decisions(engine)] == [Visibility.PUBLISHED] * 2


@pytest.fixture
def strict_client(settings):
    app = create_app(dataclasses.replace(settings, new_account_posts=1))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
    app.state.engine.dispose()


def test_new_accounts_can_be_pre_moderated(strict_client):
    engine = strict_client.app.state.engine
    make_consultation(engine)
    propose(strict_client, title="Anonymt förslag")  # no account: no standing
    as_persona(strict_client, engine, "citizen")
    location = propose(strict_client)
    anonymous, first_own = decisions(engine)
    assert anonymous.visibility is Visibility.PUBLISHED
    assert (first_own.visibility, first_own.policy_reason) == (Visibility.HELD, "new_account")
    page = BeautifulSoup(strict_client.get(location).text, "html.parser")
    assert "nytt konto" in page.select_one("[data-reasons]").get_text()
    # Once a post is published, the account is no longer new.
    with session_scope(engine) as session:
        held = session.get(Submission, first_own.submission_id)
        held.visibility = Visibility.PUBLISHED
    propose(strict_client, body="Ett annat förslag om cykelbanor längs E4 genom Umeå.")
    assert decisions(engine)[-1].visibility is Visibility.PUBLISHED


def test_a_held_post_says_which_details_will_be_masked(client, engine):
    make_consultation(engine)
    location = propose(client, body="Du är en idiot. Ring mig på 070-123 45 67.")
    (decision,) = decisions(engine)
    assert decision.visibility is Visibility.HELD
    reasons = BeautifulSoup(client.get(location).text, "html.parser").select_one("[data-reasons]")
    text = reasons.get_text()
    assert "personangrepp" in text
    assert "telefonnumret" in text  # masked once a moderator publishes it
