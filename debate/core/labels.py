"""Labels for states, stances and moderation modes, in the reader's language."""

from __future__ import annotations

from debate.core.i18n import _
from debate.core.models import ProposalState, Stance, Visibility
from moderation import ModerationMode


def state_label(visibility: Visibility) -> str:
    labels = {
        Visibility.RECEIVED: _("Received"),
        Visibility.SCREENING: _("Awaiting moderation"),
        Visibility.PUBLISHED: _("Published"),
        Visibility.PUBLISHED_REDACTED: _("Published with parts masked"),
        Visibility.HELD: _("Awaiting moderation"),
        Visibility.HIDDEN: _("Not published"),
        Visibility.HIDDEN_FINAL: _("Not published"),
        Visibility.RESTORED: _("Published again"),
        Visibility.WITHDRAWN: _("Withdrawn by the author"),
    }
    return labels[visibility]


def stance_label(value: str) -> str:
    labels = {Stance.FOR: _("For"), Stance.AGAINST: _("Against"), Stance.NEUTRAL: _("Neutral")}
    return labels[Stance(value)]


def stance_options() -> list[tuple[str, str]]:
    return [(stance.value, stance_label(stance.value)) for stance in Stance]


def mode_label(mode: ModerationMode) -> str:
    return dict(mode_options())[mode.value]


def mode_options() -> list[tuple[str, str]]:
    labels = {
        ModerationMode.FLAGGED_ONLY: _("Hold only what a check flags (default)"),
        ModerationMode.POST: _("Publish, and review flagged items afterwards"),
        ModerationMode.PRE: _("A moderator reviews every item before publication"),
    }
    return [(mode.value, labels[mode]) for mode in ModerationMode]


def proposal_state_options() -> list[tuple[str, str]]:
    """A proposal's states (``ProposalState``) and their labels, in handling order."""
    labels = {
        ProposalState.RECEIVED: _("Received by the region"),
        ProposalState.CONSIDERING: _("Being considered"),
        ProposalState.INCLUDED: _("Answered: included in the agenda"),
        ProposalState.PARTLY_INCLUDED: _("Answered: partly included"),
        ProposalState.NOT_INCLUDED: _("Answered: not included"),
    }
    return [(state.value, labels[state]) for state in ProposalState]


def proposal_state_label(state: ProposalState | str) -> str:
    return dict(proposal_state_options())[ProposalState(state).value]
