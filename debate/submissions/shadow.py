"""Shadow mode in the classifier worker: after the live decision is committed, the same
revision is judged again, from the same signals, under the shadow threshold set, and that
verdict is stored beside the live one (``ShadowVerdict``). It writes nothing else: not the
submission, not a signal, not a decision, not a message (docs/moderation.md, "Trying a change
in shadow")."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from debate.core.models import Revision, Submission
from debate.core.shadow_models import ShadowVerdict
from debate.policy import shadow
from debate.submissions import screening
from moderation import ClassifierStatus, PolicySettings, Verdict
from moderation.pipeline import Phase

__all__ = ["judge"]


def judge(
    session: Session,
    *,
    submission_id: int,
    revision_id: int,
    live: Verdict,
    phases: Sequence[Phase],
    defaults: PolicySettings,
) -> ShadowVerdict | None:
    """Store the shadow set's verdict on a revision the live policy has just decided as
    ``live``; ``None`` when no shadow runs, the item is outside its share, or it was judged
    under this set before."""
    settings = shadow.in_force(session, defaults)
    if settings is None or not shadow.chosen(submission_id, settings.share):
        return None
    done = session.exec(
        select(ShadowVerdict.id).where(
            ShadowVerdict.revision_id == revision_id, ShadowVerdict.shadow_id == settings.id
        )
    ).first()
    if done is not None:
        return None
    submission = session.get_one(Submission, submission_id)
    revision = session.get_one(Revision, revision_id)
    verdict = screening.judge_revision(
        session,
        submission,
        revision,
        policy=settings.policy,
        phases=phases,
        classifier=ClassifierStatus.READY,
    )
    row = ShadowVerdict(
        submission_id=submission_id,
        revision_id=revision_id,
        shadow_id=settings.id,
        lang=(verdict.lang or submission.lang or "")[:8],
        action=verdict.action.value,
        rule_ids=list(verdict.flagged),
        live_action=live.action.value,
        live_rule_ids=list(live.flagged),
    )
    session.add(row)
    return row
