"""Use cases refuse with domain errors that know no HTTP; the web layer maps each kind to a
status in one table (``debate.web.errors.STATUS``), and the app renders them as error pages."""

from __future__ import annotations

import pytest
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient

from debate.accounts.oidc import SignInRefusedError
from debate.cases.appeals import (
    AppealExistsError,
    AppealRefusedError,
    AppealTooLateError,
    NothingToAppealError,
)
from debate.core.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from debate.policy.validate import PolicyConflictError, PolicyError
from debate.privacy.mydata import ErasureRefusedError
from debate.review.decisions import ConflictOfInterestError, ReviewError
from debate.web.errors import as_http, status_of


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (AppealExistsError("open"), 409),
        (AppealTooLateError("late"), 403),
        (NothingToAppealError("none"), 404),
        (SignInRefusedError("who?"), 403),
        (ErasureRefusedError("staff"), 403),
        (ConflictOfInterestError("own"), 403),
        (PolicyConflictError(7, "newer"), 409),
        (DomainError("anything else"), 400),
        (PolicyError({"key": "bad"}), 400),
        (ReviewError("bad form"), 400),
    ],
)
def test_each_kind_maps_to_one_status(error: Exception, status: int) -> None:
    assert status_of(error) == status


def test_domain_errors_carry_no_http() -> None:
    for kind in (AppealExistsError, AppealTooLateError, NothingToAppealError, ErasureRefusedError):
        assert not issubclass(kind, HTTPException)
        assert not hasattr(kind("x"), "status_code")
    # The views that catch the area's own error still catch every kind of it.
    assert issubclass(AppealTooLateError, AppealRefusedError)
    assert issubclass(ConflictOfInterestError, ReviewError)


def test_as_http_keeps_the_message() -> None:
    converted = as_http(AppealTooLateError("The time to appeal has run out."))
    assert (converted.status_code, converted.detail) == (403, "The time to appeal has run out.")


@pytest.mark.parametrize(
    ("kind", "status"), [(NotFoundError, 404), (ForbiddenError, 403), (ConflictError, 409)]
)
def test_a_refusal_escaping_a_view_is_an_error_page(
    client: TestClient, kind: type[DomainError], status: int
) -> None:
    async def refuse(request: Request) -> None:
        raise kind("Det går inte.")

    client.app.router.routes.insert(0, Route("/refuse-for-test", refuse))  # type: ignore[attr-defined]
    response = client.get("/refuse-for-test")
    assert response.status_code == status
    assert "Det går inte." in response.text
    assert "<html" in response.text.lower()
