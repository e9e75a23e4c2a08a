"""What each role may do, as ``scope:resource:action`` strings."""

from __future__ import annotations

from enum import StrEnum

from debate.core.models import Role


class Permission(StrEnum):
    VIEW_OWN_SUBMISSIONS = "account:submissions:view"
    MANAGE_CONSULTATIONS = "staff:consultations:manage"
    MANAGE_ARTICLES = "staff:articles:manage"
    #: Work the review queue: claim, decide, redact, note, sanction, notices and appeals.
    MODERATE = "moderation:queue:work"
    #: Read and filter the audit log.
    READ_AUDIT = "moderation:audit:read"
    #: Thresholds, word lists, modes, report threshold.
    MANAGE_MODERATION_SETTINGS = "admin:moderation:manage"
    #: The e-mail outbox.
    VIEW_OUTBOX = "admin:outbox:view"
    #: Download exports of proposals and replies (CSV, XLSX, JSON, NDJSON) and agenda briefs.
    EXPORT_DATA = "staff:exports:run"
    #: Set a proposal's state and write the region's official answer (one or many at once).
    ANSWER_PROPOSALS = "staff:proposals:answer"
    #: The dashboard and the transparency report.
    VIEW_REPORTS = "staff:reports:view"
    #: List and search accounts, change roles, deactivate, reactivate and unlock them.
    MANAGE_USERS = "admin:users:manage"
    #: Edit the public rule pages: terms, debate rules, privacy notice, contacts.
    MANAGE_RULE_PAGES = "admin:pages:manage"


_SIGNED_IN = frozenset({Permission.VIEW_OWN_SUBMISSIONS})
_STAFF = _SIGNED_IN | {
    Permission.MANAGE_CONSULTATIONS,
    Permission.MANAGE_ARTICLES,
    Permission.EXPORT_DATA,
    Permission.VIEW_REPORTS,
    Permission.ANSWER_PROPOSALS,
}
_MODERATOR = _SIGNED_IN | {Permission.MODERATE, Permission.READ_AUDIT}
_ADMIN = (
    _STAFF
    | _MODERATOR
    | {
        Permission.MANAGE_MODERATION_SETTINGS,
        Permission.VIEW_OUTBOX,
        Permission.READ_AUDIT,
        Permission.MANAGE_USERS,
        Permission.MANAGE_RULE_PAGES,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CITIZEN: _SIGNED_IN,
    Role.MODERATOR: frozenset(_MODERATOR),
    Role.STAFF: frozenset(_STAFF),
    Role.ADMIN: frozenset(_ADMIN),
}


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
