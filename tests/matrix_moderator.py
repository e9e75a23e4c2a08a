"""Permission-matrix rows for the review queue (see tests/test_permissions.py): moderators
and admins only; citizens and staff get 403."""

from __future__ import annotations

from typing import Any

from debate.core.db import session_scope
from debate.core.models import Appeal, ModerationDecision, Visibility
from tests.factories import MODERATOR

ITEM = "/moderation/items/{submission}"

#: name -> (method, url, access, status when allowed); an empty POST is refused with 400 or
#: answered with a flash and a redirect (303).
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "review.queue": ("GET", "/moderation", MODERATOR, 200),
    "review.item": ("GET", ITEM, MODERATOR, 200),
    "review.claim": ("POST", ITEM + "/claim", MODERATOR, 303),
    "review.decide": ("POST", ITEM + "/decide", MODERATOR, 400),
    "review.release": ("POST", ITEM + "/release", MODERATOR, 303),
    "review.note": ("POST", ITEM + "/notes", MODERATOR, 400),
    "review.sanction": ("POST", ITEM + "/sanctions", MODERATOR, 400),
    "review.card": ("POST", ITEM + "/card", MODERATOR, 400),
    "review.bulk": ("POST", "/moderation/bulk", MODERATOR, 303),
    "review.appeal": ("POST", "/moderation/appeals/{appeal}", MODERATOR, 303),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """An appeal against a decision on the world's submission."""
    with session_scope(engine) as session:
        decision = ModerationDecision(
            submission_id=int(base["submission"]), action="reject", visibility=Visibility.HIDDEN
        )
        session.add(decision)
        session.flush()
        assert decision.id is not None
        appeal = Appeal(
            reference="A-MATRIX01",
            submission_id=int(base["submission"]),
            decision_id=decision.id,
            appellant="author",
            grounds="Jag vill att beslutet prövas igen.",
        )
        session.add(appeal)
        session.flush()
        return {"appeal": str(appeal.id)}
