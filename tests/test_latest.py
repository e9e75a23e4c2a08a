"""One query each for a submission's latest revision and latest decision
(``debate.submissions.latest``), used by screening, status, cases, review and the worker."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from debate.core.db import session_scope
from debate.core.models import ModerationDecision, Proposal, Revision, Role, Visibility
from debate.submissions.latest import latest_decision, latest_revision
from tests.factories import make_consultation, make_user, seed_proposal


def _submission(engine: Engine) -> int:
    proposal_id = seed_proposal(engine, make_consultation(engine))
    with session_scope(engine) as session:
        return session.get_one(Proposal, proposal_id).submission_id


def _decide(engine: Engine, submission_id: int, action: str, by: int | None) -> int:
    with session_scope(engine) as session:
        decision = ModerationDecision(
            submission_id=submission_id,
            action=action,
            visibility=Visibility.HIDDEN if action == "reject" else Visibility.PUBLISHED,
            decided_by_id=by,
        )
        session.add(decision)
        session.flush()
        assert decision.id is not None
        return decision.id


def test_latest_decision_is_the_newest_and_by_person_skips_the_machine(engine: Engine) -> None:
    submission_id = _submission(engine)  # screened: the machine's decision is stored
    moderator = make_user(engine, Role.MODERATOR, email="mod@example.se")
    assert moderator.id is not None
    with session_scope(engine) as session:
        machine = latest_decision(session, submission_id)
        assert machine is not None and machine.decided_by_id is None
        assert latest_decision(session, submission_id, by_person=True) is None
    person = _decide(engine, submission_id, "reject", by=moderator.id)
    later_machine = _decide(engine, submission_id, "approve", by=None)
    with session_scope(engine) as session:
        newest = latest_decision(session, submission_id)
        by_person = latest_decision(session, submission_id, by_person=True)
    assert newest is not None and newest.id == later_machine
    assert by_person is not None and by_person.id == person


def test_latest_decision_of_a_submission_without_one_is_none(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert latest_decision(session, 999_999) is None


def test_latest_revision_is_the_highest_number(engine: Engine) -> None:
    submission_id = _submission(engine)
    with session_scope(engine) as session:
        first = latest_revision(session, submission_id)
        session.add(Revision(submission_id=submission_id, number=first.number + 1, body="Ny."))
    with session_scope(engine) as session:
        assert latest_revision(session, submission_id).body == "Ny."
        numbers = session.exec(
            select(Revision.number).where(Revision.submission_id == submission_id)
        ).all()
    assert sorted(numbers) == [first.number, first.number + 1]
