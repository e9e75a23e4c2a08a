"""Permission-matrix rows for the cases routes (see tests/test_permissions.py).

The notice form, the reference page and both appeal forms are open to anyone who has the
link; appealing from the account page needs an account and one's own submission. The POST rows
are sent empty, so an allowed request is a 400 (validation) — which is why ``world`` makes the
cases eligible: a notice handled without action and an item a moderator hid.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from debate.cases import notices
from debate.core.db import session_scope
from debate.core.models import (
    CaseState,
    Consultation,
    ModerationDecision,
    Notice,
    Proposal,
    Submission,
    Visibility,
    utcnow,
)
from debate.submissions import actions
from tests.factories import PUBLIC, SIGNED_IN

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "notices.new": ("GET", "/report/{cases_item}", PUBLIC, 200),
    "notices.create": ("POST", "/report/{cases_item}", PUBLIC, 400),
    "notices.show": ("GET", "/notices/{cases_notice}", PUBLIC, 200),
    "appeals.create_by_notifier": ("POST", "/notices/{cases_notice}/appeal", PUBLIC, 400),
    "appeals.create_by_author": ("POST", "/status/{cases_status}/appeal", PUBLIC, 400),
    # Nobody in the matrix wrote the hidden item, so a signed-in persona gets a 404.
    "appeals.create_by_account": ("POST", "/me/submissions/{cases_hidden}/appeal", SIGNED_IN, 404),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    with session_scope(engine) as session:
        item = session.get_one(Proposal, int(base["proposal"])).submission_id
        receipt = notices.submit_notice(
            session,
            actor=None,
            submission_id=item,
            category=notices.NOTICE_CATEGORIES[0],
            explanation="Ett hot mot en person.",
            notifier_name="",
            notifier_email="",
            good_faith=True,
            lang="sv",
            counted=True,
            link=lambda token: token,
        )
        assert receipt is not None
        _decide_notice(session, receipt.notice_id, _decision(session, item, Visibility.PUBLISHED))
        hidden = actions.submit_proposal(
            session,
            actor=None,
            consultation=session.get_one(Consultation, int(base["consultation"])),
            title="Dold",
            body="Ett dolt förslag.",
            topic_id=None,
            municipality=None,
            author_name="",
            lang="sv",
        )
        _decision(session, hidden.submission_id, Visibility.HIDDEN)
    return {
        "cases_item": str(item),
        "cases_notice": receipt.token,
        "cases_status": hidden.token,
        "cases_hidden": str(hidden.submission_id),
    }


def _decision(session: Any, submission_id: int, visibility: Visibility) -> int:
    decision = ModerationDecision(
        submission_id=submission_id, action="keep", visibility=visibility, automated_decision=False
    )
    session.add(decision)
    session.get_one(Submission, submission_id).visibility = visibility
    session.flush()
    assert decision.id is not None
    return decision.id


def _decide_notice(session: Any, notice_id: int, decision_id: int) -> None:
    notice = session.exec(select(Notice).where(Notice.id == notice_id)).one()
    notice.state, notice.outcome = CaseState.DECIDED, "no_action"
    notice.decision_id, notice.decided_at = decision_id, utcnow()
