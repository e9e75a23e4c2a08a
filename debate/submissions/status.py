"""What a submission's state means, in words its author understands."""

from __future__ import annotations

from dataclasses import dataclass

from debate.core.i18n import _, get_language
from debate.core.labels import state_label
from debate.core.models import Visibility
from debate.submissions.queries import SubmissionStatus
from moderation import (
    RULES,
    Action,
    HoldReason,
    Span,
    TextField,
    Verdict,
    citizen_explanation,
    hint_texts,
)


@dataclass(frozen=True, slots=True)
class StatusText:
    label: str
    summary: str
    reasons: list[str]
    hints: list[str]
    is_public: bool


def _summary(visibility: Visibility) -> str:
    summaries = {
        Visibility.RECEIVED: _("We have received your text and are checking it."),
        Visibility.SCREENING: _("We have received your text and are checking it."),
        Visibility.PUBLISHED: _("Your text is published and visible to everyone."),
        Visibility.PUBLISHED_REDACTED: _(
            "Your text is published, with some parts masked. Your original is kept unchanged."
        ),
        Visibility.HELD: _(
            "A moderator will read your text before it is published. It is stored and nothing is lost."  # noqa: E501
        ),
        Visibility.HIDDEN: _("A moderator has decided not to publish your text."),
        Visibility.HIDDEN_FINAL: _("A moderator has decided not to publish your text."),
        Visibility.RESTORED: _("Your text is published again after a new review."),
    }
    return summaries[visibility]


def describe(found: SubmissionStatus) -> StatusText:
    lang = get_language()
    visibility = found.submission.visibility
    hint_rules = tuple(r for r in found.signal_rules if r in RULES and RULES[r].hint)
    hints = hint_texts(Verdict(action=Action.PUBLISH, hints=hint_rules), lang=lang)
    return StatusText(
        label=state_label(visibility),
        summary=_summary(visibility),
        reasons=_machine_reasons(found, lang),
        hints=hints,
        is_public=visibility
        in (Visibility.PUBLISHED, Visibility.PUBLISHED_REDACTED, Visibility.RESTORED),
    )


def _machine_reasons(found: SubmissionStatus, lang: str) -> list[str]:
    """Why the machine held or masked the text. A person's decision carries its own statement
    of reasons (``debate.cases.appeals.AuthorCase``), and its actions are not the machine's."""
    decision = found.decision
    if decision is None or decision.decided_by_id is not None:
        return []
    if decision.action not in {action.value for action in Action}:
        return []
    if found.submission.visibility in (Visibility.PUBLISHED, Visibility.RESTORED):
        return []
    verdict = Verdict(
        action=Action(decision.action),
        decisive=tuple(decision.rule_ids),
        hold_reason=_hold_reason(decision.policy_reason),
        # Only rule ids matter for the "will be masked when published" sentences.
        redactions=tuple(
            Span(TextField.BODY, 0, 0, rule_id)
            for rule_id in found.signal_rules
            if rule_id in RULES and RULES[rule_id].default_action is Action.REDACT
        ),
    )
    return citizen_explanation(verdict, lang=lang)


def _hold_reason(value: str | None) -> HoldReason | None:
    if value == "pre_moderation":  # written before hold reasons had their own names
        return HoldReason.MODE
    try:
        return HoldReason(value) if value else None
    except ValueError:
        return None
