"""What each role may do, as ``scope:resource:action`` strings."""

from __future__ import annotations

from enum import StrEnum

from debate.models import Role


class Permission(StrEnum):
    VIEW_OWN_SUBMISSIONS = "account:submissions:view"
    MANAGE_CONSULTATIONS = "staff:consultations:manage"
    MANAGE_ARTICLES = "staff:articles:manage"


_SIGNED_IN = frozenset({Permission.VIEW_OWN_SUBMISSIONS})
_STAFF = _SIGNED_IN | {Permission.MANAGE_CONSULTATIONS, Permission.MANAGE_ARTICLES}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CITIZEN: _SIGNED_IN,
    Role.MODERATOR: _SIGNED_IN,
    Role.STAFF: frozenset(_STAFF),
    Role.ADMIN: frozenset(_STAFF),
}


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
