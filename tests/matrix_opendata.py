"""Permission-matrix rows for search and open data (see tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.factories import PUBLIC

#: name -> (method, url, access, status when allowed); access from tests.factories.
MATRIX: dict[str, tuple[str, str, str, int]] = {
    "search": ("GET", "/search?q=bussar", PUBLIC, 200),
    "api.openapi": ("GET", "/api/v1/openapi.json", PUBLIC, 200),
    "api.consultations": ("GET", "/api/v1/consultations", PUBLIC, 200),
    "api.consultation": ("GET", "/api/v1/consultations/agenda", PUBLIC, 200),
    "api.proposals": ("GET", "/api/v1/proposals", PUBLIC, 200),
    "api.proposal": ("GET", "/api/v1/proposals/{proposal}", PUBLIC, 200),
    "api.proposal_replies": ("GET", "/api/v1/proposals/{proposal}/replies", PUBLIC, 200),
    "api.articles": ("GET", "/api/v1/articles", PUBLIC, 200),
    "api.article": ("GET", "/api/v1/articles/debatt", PUBLIC, 200),
    "api.article_replies": ("GET", "/api/v1/articles/debatt/replies", PUBLIC, 200),
    "feeds.consultation": ("GET", "/consultations/agenda/feed.atom", PUBLIC, 200),
    "feeds.proposal": ("GET", "/proposals/{proposal}/feed.atom", PUBLIC, 200),
    "opendata.index": ("GET", "/open-data", PUBLIC, 200),
    "opendata.download": ("GET", "/open-data/proposals.csv", PUBLIC, 200),
    "api.preflight": ("OPTIONS", "/api/v1/proposals", PUBLIC, 204),
}


def world(client: Any, engine: Any, base: dict[str, str]) -> dict[str, str]:
    """Extra URL parts these rows need, created in the test database."""
    return {}
