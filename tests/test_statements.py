"""Statements of reasons for the machine's own restrictions: a redaction or a proposed
rejection is stated at once (stored with the decision, e-mailed to an account's address); a
plain hold waits for the person who decides it."""

from __future__ import annotations

from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import ModerationDecision, OutboxMessage, Role, Visibility
from debate.submissions import actions, screening
from moderation import PolicySettings
from tests.factories import make_consultation, make_user

PNR_REPLY = "Ring mig, mitt personnummer är 19811218-9876."


def screened(engine, body: str, author=None, lang: str = "sv") -> ModerationDecision:
    consultation = make_consultation(engine)
    with session_scope(engine) as session:
        receipt = actions.submit_proposal(
            session,
            actor=author,
            consultation=consultation,
            title="Kollektivtrafik",
            body=body,
            topic_id=None,
            municipality=None,
            author_name="",
            lang=lang,
        )
    with session_scope(engine) as session:
        # The site's default: no pre-moderation of new accounts (INSPEL_NEW_ACCOUNT_POSTS=0).
        policy = PolicySettings(new_account_posts=0)
        screening.screen_submission(session, submission_id=receipt.submission_id, policy=policy)
        return session.exec(
            select(ModerationDecision).where(
                ModerationDecision.submission_id == receipt.submission_id
            )
        ).one()


def outbox(engine) -> list[OutboxMessage]:
    with session_scope(engine) as session:
        return list(session.exec(select(OutboxMessage)))


def test_a_redaction_is_stated_and_mailed_to_the_account(client, engine):
    author = make_user(engine, Role.CITIZEN, email="forfattare@example.se")
    decision = screened(engine, PNR_REPLY, author=author)
    assert decision.visibility is Visibility.PUBLISHED_REDACTED
    assert decision.explanation.startswith(
        "Beslut: inlägget är publicerat med vissa uppgifter dolda."
    )
    assert "sidan Mina inlägg när du är inloggad" in decision.explanation
    (message,) = outbox(engine)
    assert (message.to_address, message.kind) == ("forfattare@example.se", "statement_of_reasons")
    assert message.subject == f"Beslut om ditt inlägg INS-{decision.submission_id}"
    assert message.body == decision.explanation


def test_without_an_account_the_statement_points_to_the_receipt(client, engine):
    decision = screened(engine, PNR_REPLY, lang="en")
    assert "your status link (the receipt)" in decision.explanation
    assert outbox(engine) == []


def test_a_plain_hold_waits_for_the_person_who_decides(client, engine):
    author = make_user(engine, Role.CITIZEN, email="forfattare@example.se")
    decision = screened(engine, "Du är en idiot.", author=author)
    assert decision.visibility is Visibility.HELD
    assert decision.action == "review"
    assert decision.explanation == ""
    assert outbox(engine) == []
