"""Words for the moderator's workspace, in the page's language: the tabs, how an item was
flagged, its kind, state and rules, and how urgent it is. The codes stay beside the words (in a
``title`` or small text) for those who search the logs by them."""

from __future__ import annotations

from debate.core.i18n import _, get_language
from debate.core.models import CaseState, DecisionSource, SubmissionKind, Visibility
from debate.review.queue import Tab
from moderation import RULES


def tab_label(tab: Tab) -> str:
    labels = {
        Tab.HELD: _("Held"),
        Tab.REPORTED: _("Reported"),
        Tab.NOTICES: _("Notices"),
        Tab.APPEALS: _("Appeals"),
        Tab.DECIDED: _("Decided"),
    }
    return labels[tab]


def how_label(how: str) -> str:
    labels = {
        "rule": _("flagged by a rule"),
        "classifier": _("flagged by the classifier"),
        "report": _("reported"),
        "new_account": _("new account"),
        "pre_moderation": _("pre-moderation"),
        "classifier_unavailable": _("classifier unavailable"),
        "rejection_rate": _("many rejections lately"),
    }
    return labels.get(how, how)


def rule_name(rule_id: str) -> str:
    """The rule's name (``LAW-THREAT`` -> "Olaga hot"); an unknown id as it is."""
    rule = RULES.get(rule_id)
    if rule is None:
        return rule_id
    return rule.name_en if get_language() == "en" else rule.name_sv


def kind_label(kind: SubmissionKind | str) -> str:
    labels = {SubmissionKind.PROPOSAL: _("Proposal"), SubmissionKind.REPLY: _("Reply")}
    return labels[SubmissionKind(kind)]


def language_label(lang: str | None) -> str:
    return {"sv": _("in Swedish"), "en": _("in English")}.get(lang or "", _("language unknown"))


def visibility_label(visibility: Visibility | str) -> str:
    labels = {
        Visibility.RECEIVED: _("Received"),
        Visibility.SCREENING: _("Being screened"),
        Visibility.PUBLISHED: _("Published"),
        Visibility.PUBLISHED_REDACTED: _("Published with parts masked"),
        Visibility.HELD: _("Held for review"),
        Visibility.HIDDEN: _("Hidden"),
        Visibility.HIDDEN_FINAL: _("Hidden for good"),
        Visibility.RESTORED: _("Published again"),
    }
    return labels[Visibility(visibility)]


def decision_label(action: str) -> str:
    """A decision's ``action`` (the machine's or a moderator's) in words."""
    labels = {
        "publish": _("Published"),
        "approve": _("Approved"),
        "redact": _("Approved with parts masked"),
        "review": _("Held for review"),
        "reject": _("Rejected"),
        "escalate": _("Escalated (police report)"),
        "keep": _("Kept as it is"),
        "restore": _("Restored"),
    }
    return labels.get(action, action)


def source_label(source: DecisionSource | str) -> str:
    labels = {
        DecisionSource.OWN_INITIATIVE: _("own initiative"),
        DecisionSource.NOTICE: _("after a notice"),
        DecisionSource.APPEAL: _("after an appeal"),
    }
    return labels[DecisionSource(source)]


def urgency_label(total: int) -> str:
    """The queue's severity sum in words: a legal rule or reports at the escalation threshold
    add 1000 each, a rule up to 1000 by its priority (``debate.review.signals.severity``)."""
    if total >= 1000:
        return _("Urgent")
    if total >= 500:
        return _("High priority")
    if total > 0:
        return _("Normal priority")
    return _("Low priority")


def notice_category_label(category: str) -> str:
    """A notice's category (``illegal:LAW-THREAT``) in words: "Olagligt innehåll: Olaga hot"."""
    group, _sep, rule = category.partition(":")
    groups = {"illegal": _("Illegal content"), "rules": _("Breach of the debate rules")}
    return f"{groups.get(group, group)}: {rule_name(rule)}" if rule else category


def case_state_label(state: CaseState | str) -> str:
    return {CaseState.OPEN: _("Open"), CaseState.DECIDED: _("Decided")}[CaseState(state)]
