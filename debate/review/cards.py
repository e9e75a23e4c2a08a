"""Deciding an item from its queue card, without opening it: the card carries the revision and
decision the moderator saw, the item is claimed and decided in one transaction, and a card
that went stale (changed, decided or claimed by someone else meanwhile) is refused like a
decision on an opened item (``debate.review.decisions.decide_item``). The bulk action decides
each selected item the same way."""

from __future__ import annotations

from sqlmodel import Session

from debate.core.i18n import _
from debate.core.models import User
from debate.review import claims
from debate.review.decisions import Choice, Decision, ReviewError, Seen, StaleDecisionError
from debate.review.decisions import decide_item as _decide_item

#: What a card offers; escalation and "keep" need the item's page.
CARD_DECISIONS = (Decision.APPROVE, Decision.REDACT, Decision.REJECT)


def decide_unopened(
    session: Session,
    *,
    actor: User,
    submission_id: int,
    revision_id: int,
    decision_id: int | None,
    choice: Choice,
    site_url: str,
) -> None:
    """Claim the item for ``actor`` and decide it, if it is still as the card showed it."""
    if choice.decision not in CARD_DECISIONS:
        raise ReviewError(_("Choose what to do with the item."))
    claim = claims.claim_item(session, actor=actor, submission_id=submission_id)
    if not claim.held_by(actor):
        raise StaleDecisionError(_("Another moderator is working on this item. Nothing was saved."))
    seen = Seen(claim.token, revision_id, decision_id)
    _decide_item(
        session,
        actor=actor,
        submission_id=submission_id,
        seen=seen,
        choice=choice,
        site_url=site_url,
    )
