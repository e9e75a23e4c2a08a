"""The deployment's own decisions as training records for the local model
(``inspel model train --from-database``; the mapping is in docs/moderation.md).

Each submission counts once, by its latest decision, with the text of the revision that
decision was about:

- a moderator's latest decision: ``approve``, ``keep`` (a reported item kept as it is) and
  ``restore`` (an appeal that reversed a restriction) → ``approved`` (clean); ``redact`` →
  ``masked`` and ``reject`` → ``rejected`` (held, for the rules recorded with the decision);
  ``escalate`` is not an outcome yet (the item waits for the police or a lawyer): left out;
- no moderator decision: what the machine published and the public still sees →
  ``published`` (clean; ``human_only`` leaves these out), what it published with spans
  masked → ``masked``; what it holds waits for a person and is not a decision yet.

Text that was purged under a retention decision is never read. The records are plain dictionaries
(``body``, ``title``, ``lang``, ``state``, ``rules``, and ``group``: the month of the decision,
``decided 2026-11``, over which the trainer cross-validates its threshold), the input of
``moderation.learned.examples_from_decisions``; nothing leaves the deployment.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from debate.core.models import ModerationDecision, Revision, Submission, Visibility

__all__ = ["MODERATOR_STATES", "decided_records"]

#: A moderator's decision → the state the trainer reads (``escalate``: left out).
MODERATOR_STATES = {
    "approve": "approved",
    "keep": "approved",  # a reported item the moderator kept as it is
    "restore": "approved",  # an appeal that reversed a restriction
    "redact": "masked",
    "reject": "rejected",
}
#: The machine's decision on an item no moderator decided, where it is an outcome.
_MACHINE_STATES = {
    (Visibility.PUBLISHED, "publish"): "published",
    (Visibility.PUBLISHED_REDACTED, "redact"): "masked",
}


def decided_records(
    session: Session, *, human_only: bool = False, since: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """One record per decided submission, oldest first (``since``: decided at or after)."""
    latest = (
        select(
            col(ModerationDecision.submission_id).label("submission_id"),
            func.max(ModerationDecision.id).label("decision_id"),
        )
        .group_by(col(ModerationDecision.submission_id))
        .subquery()
    )
    query = (
        sa.select(
            col(ModerationDecision.action),
            col(ModerationDecision.decided_by_id),
            col(ModerationDecision.rule_ids),
            col(Submission.visibility),
            col(Submission.lang),
            col(Revision.title),
            col(Revision.body),
            col(ModerationDecision.created_at),
        )
        .select_from(latest)
        .join(ModerationDecision, col(ModerationDecision.id) == latest.c.decision_id)
        .join(Submission, col(Submission.id) == latest.c.submission_id)
        .join(Revision, col(Revision.id) == col(ModerationDecision.revision_id))
        .where(col(Revision.body) != "")  # purged text (debate.privacy.retention.PURGED)
        .order_by(latest.c.decision_id)
    )
    if since is not None:
        query = query.where(col(ModerationDecision.created_at) >= since)
    for action, decided_by, rules, visibility, lang, title, body, decided in session.execute(query):
        if decided_by is not None:
            state = MODERATOR_STATES.get(action)
        elif human_only:
            state = None
        else:
            state = _MACHINE_STATES.get((Visibility(visibility), action))
        if state is None:
            continue
        yield {
            "title": title,
            "body": body,
            "lang": lang,
            "state": state,
            "rules": [] if state in ("approved", "published") else list(rules or []),
            "group": f"decided {decided:%Y-%m}",
        }
