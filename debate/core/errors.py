"""Domain errors: what a use case refuses, in words for the person, and of which kind, without
HTTP. The web layer maps each kind to a response in one table (``debate.web.errors.STATUS``)."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a message for the person; nothing was stored."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotFoundError(DomainError):
    """There is no such thing here (or none the actor may know of)."""


class ForbiddenError(DomainError):
    """The actor may not do this."""


class ConflictError(DomainError):
    """The thing's state forbids it now: it was already done, or changed meanwhile."""
