"""The transparency report (DSA Art. 15(1)(b)–(e) and Art. 24(1)(b)) for a period, and the
period's statements of reasons in the EU Transparency Database's field names (Art. 24(5)).

Nothing here carries personal data: counts, rule ids and the catalogue's legal bases only. The
moderator's free-text explanation is left out of ``decision_facts`` because it may quote the
content or name people; the facts are built from the rules instead.

The error rate of the automated means (Art. 15(1)(e)) is the overturn rate: of the machine's
decisions a person reviewed in the period, the share the person changed (``accuracy.py`` says
exactly what counts). Labels for every key are in ``labels.py``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from debate.core.models import (
    Appeal,
    DecisionSource,
    ModerationDecision,
    Notice,
    Sanction,
    SanctionKind,
    Submission,
    Visibility,
)
from debate.reporting.accuracy import Step, overturns, steps_in
from moderation.rules.catalogue import RULES

RESTRICTING = Visibility.restricting()
VISIBILITY_FIELD = {
    Visibility.HIDDEN: "DECISION_VISIBILITY_CONTENT_DISABLED",
    Visibility.HIDDEN_FINAL: "DECISION_VISIBILITY_CONTENT_REMOVED",
    Visibility.PUBLISHED_REDACTED: "DECISION_VISIBILITY_OTHER",
}
SOURCE_FIELD = {
    DecisionSource.NOTICE: "SOURCE_ARTICLE_16",
    DecisionSource.OWN_INITIATIVE: "SOURCE_VOLUNTARY",
    DecisionSource.APPEAL: "SOURCE_TYPE_OTHER_NOTIFICATION",
}
#: Rule-id prefix (or whole id) -> the database's statement category.
CATEGORY_FIELD = {
    "LAW-THREAT": "STATEMENT_CATEGORY_VIOLENCE",
    "LAW": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "PII": "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "DECENCY-INSULT": "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "DECENCY-SEXUAL": "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
}
DEFAULT_CATEGORY = "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"
#: The fields of each statement, in order; ``docs/exports.md`` documents each one.
STATEMENT_FIELDS = (
    "puid",
    "decision_visibility",
    "decision_visibility_other",
    "decision_monetary",
    "decision_provision",
    "decision_account",
    "account_type",
    "decision_ground",
    "decision_ground_reference_url",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "incompatible_content_illegal",
    "category",
    "category_specification",
    "content_type",
    "content_language",
    "content_date",
    "application_date",
    "decision_facts",
    "source_type",
    "automated_detection",
    "automated_decision",
    "territorial_scope",
)


def _in(column: Any, start: datetime, end: datetime) -> tuple[Any, Any]:
    return col(column) >= start, col(column) < end


def _median_hours(pairs: list[tuple[datetime, datetime | None]]) -> float | None:
    hours = [(done - begun).total_seconds() / 3600 for begun, done in pairs if done is not None]
    return round(statistics.median(hours), 1) if hours else None


def report(session: Session, *, start: datetime, end: datetime) -> dict[str, Any]:
    """The counts, as nested plain data (rendered as HTML, CSV and JSON)."""
    decisions = steps_in(session, start=start, end=end)
    return {
        "period": {"start": start.date().isoformat(), "end": end.date().isoformat()},
        "art_15_1_b_notices": _notices(session, start, end, decisions),
        "art_15_1_c_own_initiative": _own_initiative(decisions),
        "art_15_1_d_complaints": _complaints(session, start, end),
        "art_15_1_e_automated_means": _automated(session, start, end, decisions),
        "art_24_1_b_suspensions": _suspensions(session, start, end),
    }


def _notices(
    session: Session, start: datetime, end: datetime, decisions: list[Step]
) -> dict[str, Any]:
    notices = list(session.exec(select(Notice).where(*_in(Notice.created_at, start, end))))
    acted = [
        d for d in decisions if d.source is DecisionSource.NOTICE and d.visibility in RESTRICTING
    ]
    return {
        "received": len(notices),
        "by_type": dict(sorted(Counter(n.category.split(":")[0] for n in notices).items())),
        "by_rule": dict(sorted(Counter(n.category for n in notices).items())),
        "from_trusted_flaggers": 0,
        "actions_on_legal_ground": sum(d.ground == "legal" for d in acted),
        "actions_on_terms": sum(d.ground != "legal" for d in acted),
        "processed_by_automated_means": 0,
        "outcomes": dict(sorted(Counter(n.outcome or "open" for n in notices).items())),
        "median_hours_to_act": _median_hours([(n.created_at, n.decided_at) for n in notices]),
    }


def _own_initiative(decisions: list[Step]) -> dict[str, Any]:
    own = [
        d
        for d in decisions
        if d.source is DecisionSource.OWN_INITIATIVE
        and d.visibility in (*RESTRICTING, Visibility.HELD)
    ]
    return {
        "measures": len(own),
        "by_category": dict(sorted(Counter(category(d.rule_ids) for d in own).items())),
        "by_detection": {
            "automated": sum(d.automated_detection for d in own),
            "human": sum(not d.automated_detection for d in own),
        },
        "by_restriction": dict(sorted(Counter(d.visibility.value for d in own).items())),
    }


def _complaints(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    appeals = list(session.exec(select(Appeal).where(*_in(Appeal.created_at, start, end))))
    return {
        "received": len(appeals),
        "by_basis": dict(sorted(Counter(a.appellant for a in appeals).items())),
        "outcomes": dict(sorted(Counter(a.outcome or "open" for a in appeals).items())),
        "reversed": sum(a.outcome == "reversed" for a in appeals),
        "median_hours_to_decide": _median_hours([(a.created_at, a.decided_at) for a in appeals]),
    }


def _automated(
    session: Session, start: datetime, end: datetime, decisions: list[Step]
) -> dict[str, Any]:
    rate = overturns(session, start=start, end=end)
    return {
        "automated_decisions": sum(d.automated_decision for d in decisions),
        "automated_holds": sum(
            d.automated_decision and d.visibility is Visibility.HELD for d in decisions
        ),
        "decisions_reviewed_by_people": rate.of,
        "decisions_overturned_by_people": rate.count,
        "error_rate_percent": rate.percent,
    }


def _suspensions(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    query = select(Sanction).where(
        col(Sanction.kind) == SanctionKind.SUSPENSION, *_in(Sanction.created_at, start, end)
    )
    suspensions = list(session.exec(query))
    return {
        "total": len(suspensions),
        "manifestly_illegal_content": len(suspensions),
        "manifestly_unfounded_notices": 0,
        "manifestly_unfounded_complaints": 0,
    }


# --- Statements of reasons ----------------------------------------------------------------------


def category(rule_ids: list[str]) -> str:
    for rule_id in rule_ids:
        for key in (rule_id, rule_id.split("-")[0]):
            if key in CATEGORY_FIELD:
                return CATEGORY_FIELD[key]
    return DEFAULT_CATEGORY


def statements(session: Session, *, start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
    query = (
        select(ModerationDecision, Submission.created_at, Submission.lang)
        .join(Submission, col(Submission.id) == col(ModerationDecision.submission_id))
        .where(col(ModerationDecision.visibility).in_([v.value for v in RESTRICTING]))
        .where(*_in(ModerationDecision.created_at, start, end))
        .order_by(col(ModerationDecision.id))
    )
    for decision, content_date, lang in session.exec(query):
        yield statement(decision, content_date=content_date, lang=lang)


def statement(decision: ModerationDecision, *, content_date: datetime, lang: str) -> dict[str, Any]:
    legal = decision.ground == "legal"
    rules = [RULES[r] for r in decision.rule_ids if r in RULES]
    bases = "; ".join(rule.basis for rule in rules)
    facts = "; ".join(f"{rule.id}: {rule.name_en}" for rule in rules) or "Inspel debate rules"
    redacted = decision.visibility is Visibility.PUBLISHED_REDACTED
    return {
        "puid": f"inspel-decision-{decision.id}",
        "decision_visibility": [VISIBILITY_FIELD[decision.visibility]],
        "decision_visibility_other": "Parts of the text masked" if redacted else None,
        "decision_monetary": None,
        "decision_provision": None,
        "decision_account": None,
        "account_type": None,
        "decision_ground": (
            "DECISION_GROUND_ILLEGAL_CONTENT" if legal else "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        ),
        "decision_ground_reference_url": None,
        "illegal_content_legal_ground": bases if legal else None,
        "illegal_content_explanation": facts if legal else None,
        "incompatible_content_ground": None if legal else bases or "Inspel debate rules",
        "incompatible_content_explanation": None if legal else facts,
        "incompatible_content_illegal": None if legal else "No",
        "category": category(decision.rule_ids),
        "category_specification": sorted(decision.rule_ids),
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_language": lang.upper()[:2],
        "content_date": content_date.date().isoformat(),
        "application_date": decision.created_at.date().isoformat(),
        "decision_facts": facts,
        "source_type": SOURCE_FIELD[decision.source],
        "automated_detection": "Yes" if decision.automated_detection else "No",
        "automated_decision": (
            "AUTOMATED_DECISION_FULLY"
            if decision.automated_decision
            else "AUTOMATED_DECISION_PARTIALLY"
            if decision.automated_detection
            else "AUTOMATED_DECISION_NOT_AUTOMATED"
        ),
        "territorial_scope": ["SE"],
    }
