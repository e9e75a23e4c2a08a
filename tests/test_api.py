"""The open-data API under /api/v1/: only published content (masked as shown), paged by key,
ETags, CORS, JSON errors, and an OpenAPI document that covers every route (checked with
schemathesis)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy.engine import Engine
from starlette.routing import Route
from starlette.testclient import TestClient

from debate.routes import routes
from tests.conftest import PG_URL
from tests.factories import make_consultation
from tests.publicdata import PNR, submit_proposal, world
from tests.test_server import server  # noqa: F401  (the running inspel serve)


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params or None)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_only_published_content_masked_as_shown(client: TestClient, engine: Engine) -> None:
    w = world(engine)
    proposals = get(client, "/api/v1/proposals")["data"]
    assert {p["id"] for p in proposals} == {w.published, w.masked}
    masked = next(p for p in proposals if p["id"] == w.masked)
    assert masked["masked"] is True and PNR not in masked["body"]
    assert "emligt" not in client.get("/api/v1/proposals").text
    published = next(p for p in proposals if p["id"] == w.published)
    assert published["supports"] == 0 and published["replies"] == 1
    assert published["municipality"] == "Umeå"
    for hidden in (w.held, w.hidden, w.purged):
        for url in (f"/api/v1/proposals/{hidden}", f"/api/v1/proposals/{hidden}/replies"):
            response = client.get(url)
            assert response.status_code == 404
            assert response.json() == {"error": "Förslaget finns inte eller är inte publicerat."}
    replies = get(client, f"/api/v1/proposals/{w.published}/replies")["data"]
    assert [r["id"] for r in replies] == [w.reply]
    assert [a["slug"] for a in get(client, "/api/v1/articles")["data"]] == [w.article_slug]
    assert client.get(f"/api/v1/articles/{w.draft_slug}").status_code == 404
    assert client.get(f"/api/v1/articles/{w.draft_slug}/replies").status_code == 404
    replies = get(client, f"/api/v1/articles/{w.article_slug}/replies")["data"]
    assert [r["id"] for r in replies] == [w.article_reply]
    (consultation,) = get(client, "/api/v1/consultations")["data"]
    assert consultation["slug"] == "cykel"
    assert consultation["municipalities"] == ["Skellefteå", "Umeå", "Vännäs"]
    assert [t["name"] for t in consultation["topics"]] == ["Trafik", "Vård"]


def test_pages_by_key(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine)
    ids = [submit_proposal(engine, consultation, f"Förslag {n}", "Text.")[0] for n in range(5)]
    first = get(client, "/api/v1/proposals", limit=2)
    assert [p["id"] for p in first["data"]] == ids[:2]
    assert first["next"] == f"/api/v1/proposals?limit=2&after={ids[1]}"
    second = get(client, first["next"])
    assert [p["id"] for p in second["data"]] == ids[2:4]
    last = get(client, second["next"])
    assert [p["id"] for p in last["data"]] == ids[4:] and last["next"] is None
    assert get(client, "/api/v1/proposals", consultation="agenda", limit=100)["next"] is None


def test_etag_and_304(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine)
    submit_proposal(engine, consultation, "Förslag", "Text.")
    first = client.get("/api/v1/proposals")
    etag = first.headers["etag"]
    again = client.get("/api/v1/proposals", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    weak = client.get("/api/v1/proposals", headers={"If-None-Match": f'"x", W/{etag}'})
    assert weak.status_code == 304
    submit_proposal(engine, consultation, "Ett till", "Text.")
    changed = client.get("/api/v1/proposals", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_cors(client: TestClient) -> None:
    response = client.get("/api/v1/consultations", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/api/v1/proposals",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-methods"] == "GET, HEAD"
    assert client.post("/api/v1/proposals").status_code == 405


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=0", "Be om 1 till 100 rader."),
        ("limit=101", "Be om 1 till 100 rader."),
        ("limit=x", "Be om 1 till 100 rader."),
        ("after=-1", "Sidan finns inte."),
        ("after=99999999999", "Sidan finns inte."),
        ("topic=abc", "Ämnet finns inte."),
    ],
)
def test_bad_parameters_are_400_json(client: TestClient, query: str, message: str) -> None:
    response = client.get(f"/api/v1/proposals?{query}")
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_an_unknown_consultation_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/proposals?consultation=finns-inte")
    assert response.status_code == 404
    assert response.json() == {"error": "Dialogen finns inte."}


def test_rate_limit(settings: Any, engine: Engine) -> None:
    from dataclasses import replace

    from debate.app import create_app

    app = create_app(replace(settings, rate_api=(2, 60)))
    with TestClient(app) as limited:
        assert [limited.get("/api/v1/articles").status_code for _ in range(3)] == [200, 200, 429]
        refused = limited.get("/api/v1/articles")
        assert int(refused.headers["retry-after"]) > 0 and "error" in refused.json()
    app.state.engine.dispose()


def _api_paths() -> set[str]:
    return {
        route.path.replace(":id}", "}")
        for route in routes
        if isinstance(route, Route)
        and route.path.startswith("/api/v1/")
        and "GET" in (route.methods or ())
    }


def test_every_route_is_documented_and_every_documented_route_answers(
    client: TestClient, engine: Engine
) -> None:
    w = world(engine)
    document = get(client, "/api/v1/openapi.json")
    assert document["openapi"] == "3.1.0"
    documented = set(document["paths"])
    assert _api_paths() - {"/api/v1/openapi.json"} == documented
    values = {"slug": "cykel", "proposal_id": str(w.published)}
    for path in documented:
        url = path.replace("{proposal_id}", values["proposal_id"])
        if path.startswith("/api/v1/articles/"):
            url = url.replace("{slug}", w.article_slug)
        url = url.replace("{slug}", values["slug"])
        assert client.get(url).status_code == 200, url


def test_schemathesis(client: TestClient, engine: Engine) -> None:
    """Every operation, a few generated requests each, against the ASGI app: no server error,
    and every answer as documented (status, content type, headers, body schema)."""
    world(engine)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", client.app)
    _run_schemathesis(schema)


def _run_schemathesis(schema: Any) -> None:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:

        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate()

        check()


@pytest.mark.skipif(PG_URL is not None, reason="inspel serve runs on its own SQLite file")
def test_schemathesis_against_inspel_serve(server: Any) -> None:  # noqa: F811
    """The same checks over HTTP against a running ``inspel serve --demo``, whose search and
    API serve the demo data."""
    base, _tmp, _log = server
    found = httpx.get(f"{base}/search", params={"q": "bussar"}).text
    assert "<mark>bussar</mark> på landsbygden" in found
    demo = httpx.get(f"{base}/api/v1/proposals").json()["data"]
    assert {p["municipality"] for p in demo} >= {"Vindeln", "Skellefteå", "Umeå"}
    _run_schemathesis(schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json"))
