"""Every open surface at once — search, the API, the feeds and the bulk files — after the real
code paths: a moderator rejects a held item, a moderator hides a published one; and citizens'
names, which open data leaves out (the page shows them until the author erases the account)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import Role, User
from debate.privacy import mydata
from debate.review import claims
from debate.review import decisions as review
from debate.submissions import actions, latest, screening
from tests.factories import make_consultation, make_user
from tests.publicdata import THREAT, submit_proposal


def everything(client: TestClient, proposal_id: int) -> str:
    """Every public surface that could show the proposal, as one text."""
    urls = [
        "/search?q=fjällbuss",
        "/api/v1/proposals",
        f"/api/v1/proposals/{proposal_id}",
        "/consultations/agenda/feed.atom",
        f"/proposals/{proposal_id}/feed.atom",
        *(f"/open-data/proposals.{fmt}" for fmt in ("csv", "json")),
    ]
    return "\n".join(client.get(url).text for url in urls)


def decide(engine: Engine, submission_id: int, choice: review.Choice) -> None:
    moderator = make_user(engine, Role.MODERATOR, email=f"mod{submission_id}@example.se")
    with session_scope(engine) as session:
        claim = claims.claim_item(session, actor=moderator, submission_id=submission_id)
        revision = latest.latest_revision(session, submission_id)
        last = latest.latest_decision(session, submission_id)
        seen = review.Seen(claim.token, revision.id or 0, last.id if last else None)
        review.decide_item(
            session,
            actor=moderator,
            submission_id=submission_id,
            seen=seen,
            choice=choice,
            site_url="http://test/",
        )


def test_a_rejected_item_never_appears(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine)
    proposal, submission = submit_proposal(engine, consultation, "Fjällbuss nu", THREAT)
    assert "Fjällbuss nu" not in everything(client, proposal)
    decide(engine, submission, review.Choice(review.Decision.REJECT, reason="LAW-THREAT"))
    assert "Fjällbuss nu" not in everything(client, proposal)


def test_a_published_item_a_moderator_hides_disappears(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine)
    proposal, submission = submit_proposal(engine, consultation, "Fjällbuss nu", "En buss.")
    assert everything(client, proposal).count("Fjällbuss nu") >= 6
    decide(engine, submission, review.Choice(review.Decision.REJECT, reason="OFFTOPIC"))
    assert "Fjällbuss nu" not in everything(client, proposal)


def test_citizens_names_stay_on_the_site_and_go_with_erasure(
    client: TestClient, engine: Engine
) -> None:
    consultation = make_consultation(engine)
    citizen = make_user(engine, Role.CITIZEN, email="karin@example.se")
    with session_scope(engine) as session:
        receipt = actions.submit_proposal(
            session,
            actor=citizen,
            consultation=consultation,
            title="Fjällbuss nu",
            body="En buss till fjället.",
            topic_id=None,
            municipality=None,
            author_name="Karin Kvist",
            lang="sv",
        )
    with session_scope(engine) as session:
        screening.screen_submission(session, submission_id=receipt.submission_id)
    # A new account's first posts wait for a moderator.
    decide(engine, receipt.submission_id, review.Choice(review.Decision.APPROVE))
    proposal = client.get("/api/v1/proposals").json()["data"][0]["id"]
    # The site shows the name beside the post; open data never gives it away.
    assert "Karin Kvist" in client.get(f"/proposals/{proposal}").text
    shown = everything(client, proposal)
    assert "Karin Kvist" not in shown and "Fjällbuss nu" in shown
    with session_scope(engine) as session:
        mydata.erase_user(session, actor=session.get_one(User, citizen.id))
    assert "Karin Kvist" not in client.get(f"/proposals/{proposal}").text
    shown = everything(client, proposal)
    assert "Karin Kvist" not in shown and "Fjällbuss nu" in shown
