"""The contexts of the moderator's and admins' pages (``debate.web.context``): the review
queue, one item, the button a navigation from elsewhere gets, the moderation settings and
the audit log. Each is a frozen dataclass, so mypy checks what the templates get."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from debate.core.models import Consultation
from debate.policy import preview
from debate.policy.shadow import ShadowSettings
from debate.policy.store import HistoryEntry, StoredPolicy
from debate.review import claims, words
from debate.review.card import Card
from debate.review.filters import Filters
from debate.review.queue import Page, Tab
from moderation import ModerationMode, Rule


@dataclass(frozen=True, slots=True)
class Words:
    """The workspace's words for codes (``debate.review.words``), for every review template."""

    tab_label: Callable[..., str] = words.tab_label
    how_label: Callable[..., str] = words.how_label
    rule_name: Callable[..., str] = words.rule_name
    kind_label: Callable[..., str] = words.kind_label
    language_label: Callable[..., str] = words.language_label
    visibility_label: Callable[..., str] = words.visibility_label
    decision_label: Callable[..., str] = words.decision_label
    source_label: Callable[..., str] = words.source_label
    urgency_label: Callable[..., str] = words.urgency_label
    notice_category_label: Callable[..., str] = words.notice_category_label
    case_state_label: Callable[..., str] = words.case_state_label


WORDS = Words()


@dataclass(frozen=True, slots=True)
class QueuePage:
    page: Page
    tab: Tab
    filters: Filters
    dropped: Sequence[str]
    rules: Sequence[Rule]
    labels: Sequence[str]
    reason_rules: Sequence[str]
    query_with: Callable[..., str]
    tabs: Sequence[Tab] = tuple(Tab)


@dataclass(frozen=True, slots=True)
class ItemPage:
    card: Card
    claim: claims.Claim | None
    mine: bool
    error: str | None
    values: Mapping[str, str]
    reason_rules: Sequence[Rule]
    user_id: int | None


@dataclass(frozen=True, slots=True)
class OpenPage:
    """A navigation from another site: a button that opens (claims) the item."""

    submission_id: int


@dataclass(frozen=True, slots=True)
class SettingsData:
    """The version in force, its form values, its history, the consultations whose mode still
    matters, and the shadow run."""

    stored: StoredPolicy
    consultations: Sequence[Consultation]
    history: Sequence[HistoryEntry]
    stored_values: Mapping[str, str]
    shadow: ShadowSettings | None


@dataclass(frozen=True, slots=True)
class SettingsPage:
    values: Mapping[str, str]
    errors: Mapping[str, str]
    placeholders: Mapping[str, str]
    rules: Sequence[Rule]
    labels: Sequence[str]
    label_languages: Sequence[str]
    categories: Sequence[str]
    preview: preview.Preview | None
    preview_limit: int
    modes: Sequence[ModerationMode] = tuple(ModerationMode)


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: Sequence[Any]
    more: bool
    notice: str | None
    errors: Mapping[str, str]
    values: Mapping[str, str]
    older: str | None
