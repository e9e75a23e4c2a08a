"""Domain errors as HTTP responses: the one table from a kind of refusal to a status code."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from debate.core.errors import ConflictError, DomainError, ForbiddenError, NotFoundError

#: The status of each kind of domain error; the first kind an error is an instance of wins.
STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFoundError, 404),
    (ForbiddenError, 403),
    (ConflictError, 409),
)
#: Any other refusal is a bad request.
DEFAULT_STATUS = 400


def status_of(error: Exception) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return DEFAULT_STATUS


def as_http(error: DomainError) -> HTTPException:
    return HTTPException(status_of(error), error.message)
