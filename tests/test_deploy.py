"""The production recipe (issue 15): what can be checked here without Docker — that
compose.yaml parses and wires secrets, users and checks as docs/operations.md says, that the
image installs the CPU build of torch and not in editable mode, and that an installed package
finds its templates. Building and running the images is not tested here (no Docker)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from debate.core import paths
from debate.core.paths import ROOT
from debate.core.registry import SETTINGS

INSPEL_SERVICES = ("migrate", "web", "worker", "mailer")


@pytest.fixture(scope="module")
def compose() -> dict:
    yaml = pytest.importorskip("yaml")  # PyYAML, where something installed it
    loaded: dict = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def test_compose_has_every_part(compose):
    assert set(compose["services"]) == {"db", *INSPEL_SERVICES, "proxy"}
    assert compose["services"]["db"]["image"].startswith("postgres:")
    assert compose["services"]["migrate"]["command"] == ["inspel", "db", "upgrade"]
    assert compose["services"]["web"]["command"][:2] == ["inspel", "serve"]
    assert compose["services"]["worker"]["command"][:2] == ["inspel", "worker"]
    assert "inspel mail send" in " ".join(compose["services"]["mailer"]["command"])


def test_inspel_services_run_as_a_user_and_read_secrets_from_files(compose):
    names = {s.env for s in SETTINGS}
    for name in INSPEL_SERVICES:
        service = compose["services"][name]
        assert service["user"] == "10001:10001", name
        assert service["read_only"] is True and service["cap_drop"] == ["ALL"], name
        env = service["environment"]
        assert set(env) - {"INSPEL_MODEL_DIR"} <= {*names, *(n + "_FILE" for n in names)}, name
        assert "INSPEL_SECRET_KEY" not in env and "INSPEL_DATABASE_URL" not in env, name
        for variable in ("INSPEL_SECRET_KEY_FILE", "INSPEL_DATABASE_URL_FILE"):
            secret = env[variable].removeprefix("/run/secrets/")
            assert secret in service["secrets"] and secret in compose["secrets"], name
        assert env["INSPEL_ENV"] == "production" and env["INSPEL_BASE_URL"].startswith("https://")
    assert compose["services"]["db"]["environment"]["POSTGRES_PASSWORD_FILE"]


def test_migrations_run_before_the_rest_and_web_is_checked_for_readiness(compose):
    services = compose["services"]
    for name in ("web", "worker", "mailer"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_only_the_proxy_is_trusted_and_only_it_is_published(compose):
    services = compose["services"]
    proxy_ip = services["proxy"]["networks"]["edge"]["ipv4_address"]
    assert services["web"]["environment"]["INSPEL_TRUSTED_PROXIES"] == proxy_ip
    assert [name for name, s in services.items() if "ports" in s] == ["proxy"]
    assert compose["networks"]["backend"]["internal"] is True


def test_the_image_installs_cpu_torch_not_editable_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert not re.search(r"pip install[^\n]*\s(-e|--editable)\b", dockerfile)
    assert re.search(r"pip install --index-url \S+ \"torch==2\.13\.0\"", dockerfile)
    assert "https://download.pytorch.org/whl/cpu" in dockerfile
    assert re.search(r"^USER inspel", dockerfile, flags=re.M)
    assert '"torch==2.13.0"' in (ROOT / "pyproject.toml").read_text()


def test_the_proxy_example_terminates_tls_compresses_and_sets_the_client_address():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "encode zstd gzip" in caddyfile and "reverse_proxy web:8000" in caddyfile
    assert "header_up X-Forwarded-For {remote_host}" in caddyfile
    assert "read_header" in caddyfile and "read_body" in caddyfile


def test_an_installed_package_finds_its_templates_in_share(tmp_path: Path):
    share = tmp_path / "share"
    (share / "templates").mkdir(parents=True)
    assert paths.assets("templates", root=tmp_path / "site-packages", share=share) == (
        share / "templates"
    )
    assert paths.assets("templates") == ROOT / "templates"


def test_operations_docs_name_what_is_tested_and_what_is_not():
    text = (ROOT / "docs" / "operations.md").read_text()
    for needed in ("compose.yaml", "INSPEL_TRUSTED_PROXIES", "/readyz", "INSPEL_BASE_URL"):
        assert needed in text, needed
    assert "Not tested here" in text
    assert (ROOT / "SECURITY.md").exists()
