"""A small OpenID Connect provider for the tests, served by uvicorn on 127.0.0.1 in a thread.

It publishes a discovery document and its RSA key (JWKS), answers /authorize by sending the
browser back with a code (or with ``error=access_denied``), and /token by checking the client
secret, the code, the redirect address and the PKCE verifier, and returning a signed ID token.
``Provider.person`` is who signs in next; ``Provider.tamper`` spoils the next ID token in one way
(wrong nonce, expired, signed with another key, another audience or issuer); ``token_fails``
makes /token answer 500. Nothing leaves the loopback interface.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "inspel"
CLIENT_SECRET = "provider-test-secret"
KID = "test-key-1"


@dataclass
class Provider:
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": KID}))
    #: The claims of who signs in next (besides iss, aud, exp, iat, nonce).
    person: dict[str, Any] = field(default_factory=dict)
    #: One of "nonce", "expired", "signature", "audience", "issuer", "deny", or "".
    tamper: str = ""
    token_fails: bool = False
    #: The query of each /authorize request, for the tests to inspect.
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def reset(self) -> None:
        self.person = {
            "sub": "freja-4711",
            "email": "Anna.Svensson@example.se",
            "email_verified": True,
            "name": "Anna Svensson",
        }
        self.tamper, self.token_fails = "", False
        self.authorize_requests.clear()
        self.codes.clear()

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        query = dict(request.query_params)
        self.authorize_requests.append(query)
        target = query["redirect_uri"]
        if self.tamper == "deny":
            params = {"error": "access_denied", "state": query["state"]}
            return RedirectResponse(f"{target}?{urlencode(params)}", status_code=302)
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        params = {"code": code, "state": query["state"]}
        return RedirectResponse(f"{target}?{urlencode(params)}", status_code=302)

    async def token(self, request: Request) -> Response:
        form = dict(await request.form())
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        if self.token_fails:
            return Response("upstream trouble", status_code=500)
        asked = self.codes.pop(form.get("code", ""), None)
        if asked is None or asked["redirect_uri"] != form.get("redirect_uri"):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != asked["code_challenge"]:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(asked["nonce"]),
            }
        )

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.person,
        }
        key = self.key
        if self.tamper == "nonce":
            claims["nonce"] = "not-the-nonce"
        elif self.tamper == "expired":
            claims.update(iat=now - 3600, exp=now - 1800)
        elif self.tamper == "audience":
            claims["aud"] = "someone-else"
        elif self.tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1/elsewhere"
        elif self.tamper == "signature":
            key = RSAKey.generate_key(2048, parameters={"kid": KID})
        return jwt.encode({"alg": "RS256", "kid": KID}, claims, key)


@contextmanager
def running_provider() -> Iterator[Provider]:
    """A provider listening on a free loopback port until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    provider = Provider(issuer=f"http://127.0.0.1:{sock.getsockname()[1]}")
    provider.reset()
    config = uvicorn.Config(provider.app(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the test OIDC provider did not start"
        time.sleep(0.01)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then let go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
