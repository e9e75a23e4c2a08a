"""Staff answer proposals (issue 19, item 1): states, the official answer on the proposal and
in its thread, the author's e-mail, bulk answers, the audit log, and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from starlette.testclient import TestClient

from debate.core.db import session_scope
from debate.core.models import (
    AuditEvent,
    OutboxMessage,
    Proposal,
    ProposalState,
    Role,
    Submission,
)
from debate.core.permissions import Permission, has_permission
from tests.factories import (
    login,
    make_consultation,
    make_user,
    post_form,
    seed_proposal,
)

REASON = "Regionen driver frågan i trafiknämnden 2027."
ANSWER = "Tack för förslaget. Vi tar med kvällsbussarna i agendan."


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def proposal_by(client: TestClient, engine: Engine, author_email: str, verified: bool) -> int:
    """A proposal sent from a citizen's account (the author an answer is mailed to)."""
    author = make_user(engine, Role.CITIZEN, author_email, verified=verified)
    login(client, author)
    response = post_form(
        client,
        "/consultations/agenda/proposals",
        {"title": "Kvällsbussar", "body": "Bussarna borde gå oftare på kvällen."},
    )
    assert response.status_code == 303
    client.cookies.clear()
    with session_scope(engine) as session:
        proposal = session.exec(
            select(Proposal)
            .join(Submission, col(Submission.id) == col(Proposal.submission_id))
            .where(Submission.author_id == author.id)
        ).one()
        assert proposal.id is not None
        return proposal.id


def as_staff(client: TestClient, engine: Engine) -> None:
    login(client, make_user(engine, Role.STAFF, "staff@example.se"))


def answer_one(client: TestClient, proposal_id: int, **fields: str) -> Any:
    data = {"new_state": "included", "reason": REASON, "answer": ANSWER} | fields
    return post_form(client, f"/staff/proposals/{proposal_id}", data)


def stored(engine: Engine, proposal_id: int) -> Proposal:
    with session_scope(engine) as session:
        return session.get_one(Proposal, proposal_id)


def answer_mails(engine: Engine) -> list[OutboxMessage]:
    with session_scope(engine) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.kind == "answer")))


@pytest.mark.parametrize("role", list(Role))
def test_the_answer_permission_is_staffs_and_admins(role: Role) -> None:
    expected = role in (Role.STAFF, Role.ADMIN)
    assert has_permission(role, Permission.ANSWER_PROPOSALS) is expected


def test_a_new_proposal_is_received_and_shows_no_answer(client, engine):
    consultation = make_consultation(engine)
    proposal_id = seed_proposal(engine, consultation)
    assert stored(engine, proposal_id).state is ProposalState.RECEIVED
    shown = page(client.get(f"/proposals/{proposal_id}"))
    assert shown.select_one("[data-proposal-state]") is None
    assert shown.select_one("[data-official-answer]") is None


def test_staff_answer_is_shown_badged_audited_and_mailed_to_the_author(client, engine):
    make_consultation(engine)
    proposal_id = proposal_by(client, engine, "author@example.se", verified=True)
    # An anonymous reader's page is cached: the answer must still reach it at once.
    client.get(f"/proposals/{proposal_id}")
    as_staff(client, engine)
    response = answer_one(client, proposal_id)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/staff/proposals/{proposal_id}"
    flashed = page(client.get(response.headers["location"])).select_one(".flash")
    assert flashed is not None and "1 förslag har fått nytt läge eller svar." in flashed.text

    client.cookies.clear()
    shown = page(client.get(f"/proposals/{proposal_id}"))
    state = shown.select_one("[data-proposal-state]")
    assert state["data-proposal-state"] == "included"
    assert "Besvarat: med i agendan" in state.text
    assert shown.select_one("[data-state-reason]").text == REASON
    official = shown.select_one(".thread [data-official-answer]")
    assert official.select_one("[data-official]").text == "Regionens svar"
    assert official.select_one(".text").text == ANSWER

    saved = stored(engine, proposal_id)
    assert (saved.state, saved.state_reason, saved.answer) == (
        ProposalState.INCLUDED,
        REASON,
        ANSWER,
    )
    assert saved.answered_at is not None and saved.answered_by_id is not None
    with session_scope(engine) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "proposal.answered")
        ).one()
    assert event.object_id == proposal_id and event.actor_id == saved.answered_by_id
    assert event.detail["state"] == "included" and event.detail["previous_state"] == "received"
    assert event.detail["answer"] == ANSWER

    (message,) = answer_mails(engine)
    assert message.to_address == "author@example.se"
    assert message.subject.startswith("Regionens svar på ditt förslag INS-")
    assert "Besvarat: med i agendan" in message.body and ANSWER in message.body
    assert f"/proposals/{proposal_id}" in message.body


def test_staff_find_the_answer_form_from_the_proposal_page(client, engine):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    assert page(client.get(f"/proposals/{proposal_id}")).select_one("[data-answer-link]") is None
    as_staff(client, engine)
    link = page(client.get(f"/proposals/{proposal_id}")).select_one("[data-answer-link]")
    assert link["href"] == f"/staff/proposals/{proposal_id}"
    assert link.text == "Svara på förslaget"


def test_the_same_answer_again_changes_nothing_and_mails_nobody(client, engine):
    make_consultation(engine)
    proposal_id = proposal_by(client, engine, "author@example.se", verified=True)
    as_staff(client, engine)
    assert answer_one(client, proposal_id).status_code == 303
    assert answer_one(client, proposal_id).status_code == 303
    assert len(answer_mails(engine)) == 1
    with session_scope(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "proposal.answered"))
        assert len(list(events)) == 1


def test_an_unverified_or_anonymous_author_gets_no_mail(client, engine):
    consultation = make_consultation(engine)
    unverified = proposal_by(client, engine, "new@example.se", verified=False)
    anonymous = seed_proposal(engine, consultation)
    as_staff(client, engine)
    for proposal_id in (unverified, anonymous):
        assert answer_one(client, proposal_id).status_code == 303
    assert answer_mails(engine) == []


def test_being_considered_needs_no_reason_or_answer(client, engine):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    as_staff(client, engine)
    response = answer_one(client, proposal_id, new_state="considering", reason="", answer="")
    assert response.status_code == 303
    assert stored(engine, proposal_id).state is ProposalState.CONSIDERING
    shown = page(client.get(f"/proposals/{proposal_id}"))
    assert "Under beredning" in shown.select_one("[data-proposal-state]").text
    assert shown.select_one("[data-official-answer]") is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"new_state": "maybe"}, "new_state", "Välj ett av alternativen."),
        ({"new_state": ""}, "new_state", "Välj ett av alternativen."),
        ({"reason": ""}, "reason", "Ange skälet till detta läge."),
        ({"new_state": "not_included", "reason": "   "}, "reason", "Ange skälet till detta läge."),
        ({"answer": "x" * 10_001}, "answer", "Högst 10000 tecken (du skrev 10001)."),
        ({"reason": "x" * 2_001}, "reason", "Högst 2000 tecken (du skrev 2001)."),
    ],
)
def test_bad_answers_are_refused_with_a_message(client, engine, fields, field, message):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    as_staff(client, engine)
    response = answer_one(client, proposal_id, **fields)
    assert response.status_code == 400
    assert page(response).select_one(f"[data-error-for={field}]").text.endswith(message)
    assert stored(engine, proposal_id).state is ProposalState.RECEIVED


def test_a_hidden_or_missing_proposal_cannot_be_answered(client, engine):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    with session_scope(engine) as session:
        proposal = session.get_one(Proposal, proposal_id)
        session.get_one(Submission, proposal.submission_id).visibility = "hidden"
    as_staff(client, engine)
    assert answer_one(client, proposal_id).status_code == 404
    assert client.get(f"/staff/proposals/{proposal_id}").status_code == 404
    assert answer_one(client, 999_999).status_code == 404


def bulk(client: TestClient, ids: list[int], **fields: str) -> Any:
    data = {"new_state": "partly_included", "reason": REASON, "answer": ANSWER} | fields
    return post_form(client, "/staff/proposals/answer", data | {f"p_{i}": "1" for i in ids})


def test_staff_answer_many_at_once_from_the_list(client, engine):
    consultation = make_consultation(engine)
    other = make_consultation(engine, slug="annan")
    ids = [seed_proposal(engine, consultation, title=f"Förslag {n}") for n in range(3)]
    elsewhere = seed_proposal(engine, other, title="Annat")
    as_staff(client, engine)
    listing = page(client.get(f"/staff/proposals?consultation={consultation.id}"))
    rows = [int(r["data-proposal-row"]) for r in listing.select("[data-proposal-row]")]
    assert sorted(rows) == sorted(ids)

    response = bulk(client, ids[:2], consultation=str(consultation.id))
    assert response.status_code == 303
    assert response.headers["location"] == f"/staff/proposals?consultation={consultation.id}"
    assert [stored(engine, i).state for i in ids] == [
        ProposalState.PARTLY_INCLUDED,
        ProposalState.PARTLY_INCLUDED,
        ProposalState.RECEIVED,
    ]
    assert stored(engine, elsewhere).state is ProposalState.RECEIVED
    answered = page(client.get("/staff/proposals?state=partly_included"))
    shown = sorted(int(r["data-proposal-row"]) for r in answered.select("[data-proposal-row]"))
    assert shown == sorted(ids[:2])


@pytest.mark.parametrize(
    ("picks", "fields", "message"),
    [
        ([], {}, "Välj minst ett förslag."),
        (["unknown"], {}, "Förslaget finns inte eller är inte publicerat."),
        (["ok"], {"new_state": "done"}, "Välj ett av alternativen."),
        (["ok"], {"reason": ""}, "Ange skälet till detta läge."),
        (["ok"], {"answer": "y" * 10_001}, "Högst 10000 tecken (du skrev 10001)."),
    ],
)
def test_bad_bulk_answers_are_refused_and_change_nothing(client, engine, picks, fields, message):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    as_staff(client, engine)
    ids = [proposal_id if p == "ok" else 987_654 for p in picks]
    response = bulk(client, ids, **fields)
    assert response.status_code == 400
    errors = [e.text for e in page(response).select("[data-error-for]")]
    assert any(e.endswith(message) for e in errors), errors
    assert stored(engine, proposal_id).state is ProposalState.RECEIVED


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=answered", "Det finns inget sådant läge."),
        ("consultation=abc", "Samrådet finns inte."),
    ],
)
def test_bad_list_filters_are_400_with_a_message(client, engine, query, message):
    as_staff(client, engine)
    response = client.get(f"/staff/proposals?{query}")
    assert response.status_code == 400
    assert message in response.text


def test_a_citizen_may_not_answer(client, engine):
    proposal_id = seed_proposal(engine, make_consultation(engine))
    login(client, make_user(engine, Role.CITIZEN))
    assert answer_one(client, proposal_id).status_code == 403
    assert bulk(client, [proposal_id]).status_code == 403
    assert stored(engine, proposal_id).state is ProposalState.RECEIVED


def test_exports_brief_and_dashboard_carry_the_state_and_answer(client, engine):
    consultation = make_consultation(engine)
    answered = seed_proposal(engine, consultation, title="Besvarat")
    seed_proposal(engine, consultation, title="Obesvarat")
    as_staff(client, engine)
    assert answer_one(client, answered, new_state="not_included").status_code == 303
    export = post_form(
        client, "/staff/exports", {"format": "json", "consultation": str(consultation.id)}
    )
    assert export.status_code == 200
    rows = {row["title"]: row for row in export.json()["proposals"]}
    assert (rows["Besvarat"]["answer_state"], rows["Besvarat"]["answer"]) == (
        "not_included",
        ANSWER,
    )
    assert (rows["Obesvarat"]["answer_state"], rows["Obesvarat"]["answer"]) == ("received", "")

    brief = page(client.get(f"/staff/brief?consultation={consultation.id}"))
    cells = {c["data-value"]: c.text for c in brief.select("[data-table=proposal-states] td")}
    assert (cells["not_included"], cells["received"], cells["included"]) == ("1", "1", "0")
    dashboard = page(client.get("/staff/dashboard"))
    cells = {c["data-value"]: c.text for c in dashboard.select("[data-table=proposal-states] td")}
    assert (cells["not_included"], cells["received"]) == ("1", "1")
