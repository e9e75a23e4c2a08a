"""Whole journeys across the citizens' pages and the review queue, through HTTP only: a reply
held, rejected with reasons, appealed from the status page and restored by a second moderator;
a published reply reported, kept, appealed by the notifier and then hidden."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import col, select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import OutboxMessage, Role, Submission
from tests.factories import login, make_consultation, make_user, post_form, seed_proposal

INSULT = "Du är en idiot som skriver så här om bussarna."
CLEAN = "Bussarna borde gå oftare på kvällarna, särskilt till Vännäs."


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def moderator_client(client: TestClient, engine, email: str) -> TestClient:
    other = TestClient(client.app, follow_redirects=False)
    login(other, make_user(engine, Role.MODERATOR, email=email))
    other.get("/lang/en")
    return other


def decide(moderator: TestClient, submission_id: int, **fields: str) -> int:
    page = html(moderator.get(f"/moderation/items/{submission_id}"))
    hidden = {
        i["name"]: i.get("value", "")
        for i in page.select("[data-decide-form] input[type=hidden]")
        if i["name"] != "csrf_token"
    }
    response = post_form(moderator, f"/moderation/items/{submission_id}/decide", hidden | fields)
    return response.status_code


def newest_submission(engine) -> int:
    with session_scope(engine) as session:
        found = session.exec(select(Submission).order_by(col(Submission.id).desc())).first()
        assert found is not None and found.id is not None
        return found.id


def test_held_reply_rejected_appealed_and_restored(client, engine):
    make_consultation(engine)
    proposal = seed_proposal(engine, _consultation(engine))
    citizen = TestClient(client.app, follow_redirects=False)
    citizen.get("/lang/en")
    sent = post_form(citizen, f"/proposals/{proposal}/replies", {"body": INSULT})
    assert sent.status_code == 303
    status_url = sent.headers["location"]
    reply = newest_submission(engine)
    first = moderator_client(client, engine, "first@example.se")
    queue = html(first.get("/moderation")).select("[data-queue-item]")
    assert reply in [int(li["data-queue-item"]) for li in queue]
    verdict = {"action": "reject", "reason": "DECENCY-INSULT", "note": "Personangrepp."}
    assert decide(first, reply, **verdict) == 303

    status = html(citizen.get(status_url))
    statement = status.select_one("[data-statement]").text
    # The statement is in the language the author wrote in (here the English site).
    assert "Decision: a moderator has reviewed your post and decided not to publish it." in (
        statement
    )
    assert "The moderator's note: Personangrepp." in statement
    assert "via your status link (the receipt)" in statement
    form = status.select_one("[data-appeal-section] form")
    appealed = post_form(
        citizen, form["action"], {"grounds": "Jag menade kritik av förslaget, inte av personen."}
    )
    assert appealed.status_code == 303
    assert html(citizen.get(status_url)).select_one("[data-appeal-reference]") is not None

    # The first moderator may not decide the appeal; a second one reverses it.
    listed = html(first.get("/moderation?tab=appeals"))
    assert listed.select_one("[data-own-decision]") is not None
    second = moderator_client(client, engine, "second@example.se")
    appeal_form = html(second.get("/moderation?tab=appeals")).select_one("[data-appeal-form]")
    response = post_form(
        second, appeal_form["action"], {"outcome": "reverse", "reason": "Skarpt men sakligt."}
    )
    assert response.status_code == 303
    thread = citizen.get(f"/proposals/{proposal}").text
    assert INSULT in thread
    assert html(citizen.get(status_url)).select_one("[data-appeal-outcome]") is not None


def test_reported_reply_kept_then_hidden_on_the_notifiers_appeal(client, engine):
    make_consultation(engine)
    proposal = seed_proposal(engine, _consultation(engine))
    author = TestClient(client.app, follow_redirects=False)
    assert post_form(author, f"/proposals/{proposal}/replies", {"body": CLEAN}).status_code == 303
    reply = newest_submission(engine)
    notifier = TestClient(client.app, follow_redirects=False)
    notifier.get("/lang/en")
    report_link = html(notifier.get(f"/proposals/{proposal}")).select_one(
        f'a[href="/report/{reply}"]'
    )
    assert report_link is not None
    reported = post_form(
        notifier,
        f"/report/{reply}",
        {
            "category": "rules:OFFTOPIC",
            "explanation": "Svaret handlar inte om förslaget alls.",
            "notifier_email": "anmalare@example.se",
            "good_faith": "yes",
        },
    )
    assert reported.status_code == 303
    notice_url = reported.headers["location"]

    first = moderator_client(client, engine, "first@example.se")
    listed = html(first.get("/moderation?tab=reported")).select("[data-queue-item]")
    assert [int(li["data-queue-item"]) for li in listed] == [reply]
    assert decide(first, reply, action="keep", note="Svaret rör kollektivtrafiken.") == 303
    outcome = html(notifier.get(notice_url))
    assert outcome.select_one("[data-notice-outcome]") is not None
    form = outcome.select_one("[data-appeal-section] form")
    assert form is not None
    appealed = post_form(notifier, form["action"], {"grounds": "Det är fortfarande off topic."})
    assert appealed.status_code == 303

    second = moderator_client(client, engine, "second@example.se")
    appeal_form = html(second.get("/moderation?tab=appeals")).select_one("[data-appeal-form]")
    response = post_form(
        second, appeal_form["action"], {"outcome": "reverse", "reason": "Inlägget är off topic."}
    )
    assert response.status_code == 303
    assert CLEAN not in notifier.get(f"/proposals/{proposal}").text
    with session_scope(engine) as session:
        kinds = [m.kind for m in session.exec(select(OutboxMessage))]
    assert kinds.count("notice_outcome") == 1 and kinds.count("appeal_outcome") == 1


def _consultation(engine):
    from debate.core.models import Consultation

    with session_scope(engine) as session:
        return session.exec(select(Consultation)).one()
