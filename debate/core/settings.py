"""Typed settings from environment variables, with one registry the docs are checked against."""

from __future__ import annotations

import ipaddress
import math
import os
import secrets
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from debate.core.registry import SETTINGS, Setting
from moderation import PolicySettings


class SettingsError(ValueError):
    """A setting has a value Inspel refuses to run with."""


_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    env: str
    data_dir: Path
    database_url: str
    secret_key: str = field(repr=False)
    db_pool_size: int
    db_max_overflow: int
    db_timeout: int
    web_threads: int
    sqlite_inline: bool
    #: Scheme and host (and any path prefix) without a trailing slash; empty: from the request.
    base_url: str
    allowed_hosts: tuple[str, ...]
    trusted_proxies: tuple[str, ...]
    host: str
    port: int
    header_timeout: int
    body_timeout: int
    keep_alive_timeout: int
    max_connections: int
    default_language: str
    max_body_bytes: int
    #: Staff's attachments (``debate.views.attachments``): their route takes bodies this large.
    max_upload_bytes: int
    page_size: int
    page_cache_mb: int
    login_max_attempts: int
    login_window_seconds: int
    #: OpenID Connect sign-in (``debate.views.oidc``); off while ``oidc_issuer`` is empty.
    oidc_issuer: str
    oidc_client_id: str
    oidc_client_secret: str = field(repr=False)
    oidc_name: str
    oidc_scopes: str
    https_only: bool
    #: Rate limits as (count, window in seconds).
    rate_submissions: tuple[int, int]
    rate_supports: tuple[int, int]
    rate_previews: tuple[int, int]
    rate_cases: tuple[int, int]
    rate_logins: tuple[int, int]
    rate_api: tuple[int, int]
    classifier: str
    #: Directories of the local model in force and of a candidate run only in shadow ("": none).
    local_model: str
    shadow_local_model: str
    worker_in_process: bool
    worker_batch: int
    worker_lease_seconds: int
    new_account_posts: int
    smtp_host: str
    smtp_port: int
    smtp_tls: str
    smtp_username: str
    #: Kept out of ``repr`` so that a logged Settings object does not leak it.
    smtp_password: str = field(repr=False)
    mail_from: str

    def moderation_policy(self) -> PolicySettings:
        """The moderation policy these settings choose (the rest is the shipped default)."""
        return PolicySettings(new_account_posts=self.new_account_posts)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        environ = os.environ if environ is None else environ
        raw = {s.name: _from_env(environ, s) for s in SETTINGS}
        raw.update({k: str(v) for k, v in overrides.items()})
        return cls._build(raw)

    @classmethod
    def _build(cls, raw: dict[str, str]) -> Settings:
        env = raw["env"]
        if env not in ("development", "production"):
            raise SettingsError(f"INSPEL_ENV must be development or production, not {env!r}")
        data_dir = Path(raw["data_dir"]).expanduser()
        secret = raw["secret_key"]
        if not secret:
            if env == "production":
                raise SettingsError("INSPEL_SECRET_KEY must be set in production")
            secret = _development_secret(data_dir)
        elif env == "production":
            _check_secret(secret)
        base_url = _base_url(raw["base_url"])
        if env == "production" and not base_url:
            # Without it, links in e-mail would name whatever host a request claimed.
            raise SettingsError("INSPEL_BASE_URL must be set in production")
        language = raw["default_language"]
        if language not in ("sv", "en"):
            raise SettingsError(f"INSPEL_DEFAULT_LANGUAGE must be sv or en, not {language!r}")
        return cls(
            env=env,
            data_dir=data_dir,
            database_url=raw["database_url"] or f"sqlite:///{data_dir / 'inspel.db'}",
            secret_key=secret,
            db_pool_size=_int(raw, "db_pool_size"),
            db_max_overflow=_int(raw, "db_max_overflow", minimum=0),
            db_timeout=_int(raw, "db_timeout"),
            web_threads=_int(raw, "web_threads"),
            sqlite_inline=raw["sqlite_inline"].lower() in ("1", "true", "yes"),
            base_url=base_url,
            allowed_hosts=_allowed_hosts(raw["allowed_hosts"], base_url, env),
            trusted_proxies=_proxies(raw["trusted_proxies"]),
            host=raw["host"],
            port=_int(raw, "port"),
            header_timeout=_int(raw, "header_timeout"),
            body_timeout=_int(raw, "body_timeout"),
            keep_alive_timeout=_int(raw, "keep_alive_timeout"),
            max_connections=_int(raw, "max_connections"),
            default_language=language,
            max_body_bytes=_int(raw, "max_body_bytes"),
            max_upload_bytes=_int(raw, "max_upload_bytes"),
            page_size=_int(raw, "page_size"),
            page_cache_mb=_int(raw, "page_cache_mb", minimum=0),
            login_max_attempts=_int(raw, "login_max_attempts"),
            # Failed logins older than a day are pruned (ratelimit.prune): no longer window.
            login_window_seconds=_int(raw, "login_window_seconds", maximum=86_400),
            **_oidc(raw, env),
            https_only=raw["https_only"].lower() in ("1", "true", "yes"),
            rate_submissions=_rate(raw, "rate_submissions"),
            rate_supports=_rate(raw, "rate_supports"),
            rate_previews=_rate(raw, "rate_previews"),
            rate_cases=_rate(raw, "rate_cases"),
            rate_logins=_rate(raw, "rate_logins"),
            rate_api=_rate(raw, "rate_api"),
            classifier=_choice(raw, "classifier", ("off", "detoxify", "transformers")),
            local_model=raw["local_model"].strip(),
            shadow_local_model=raw["shadow_local_model"].strip(),
            worker_in_process=raw["worker_in_process"].lower() in ("1", "true", "yes"),
            worker_batch=_int(raw, "worker_batch"),
            worker_lease_seconds=_int(raw, "worker_lease_seconds"),
            new_account_posts=_int(raw, "new_account_posts", minimum=0),
            smtp_host=raw["smtp_host"].strip(),
            smtp_port=_int(raw, "smtp_port"),
            smtp_tls=_choice(raw, "smtp_tls", ("starttls", "ssl", "none")),
            smtp_username=raw["smtp_username"],
            smtp_password=raw["smtp_password"],
            mail_from=_sender(raw),
        )


def _from_env(environ: Mapping[str, str], setting: Setting) -> str:
    """``INSPEL_X``, or the content of the file ``INSPEL_X_FILE`` names (Docker and systemd
    secrets), without its trailing newline."""
    path = environ.get(setting.env + "_FILE")
    if not path:
        return environ.get(setting.env, setting.default)
    if setting.env in environ:
        raise SettingsError(f"Set {setting.env} or {setting.env}_FILE, not both")
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{setting.env}_FILE: cannot read {path}: {exc}") from None


def _base_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c in value for c in "?#@ ")
    ):
        raise SettingsError("INSPEL_BASE_URL must be an address such as https://inspel.example.se")
    return value


def _allowed_hosts(value: str, base_url: str, env: str) -> tuple[str, ...]:
    hosts = tuple(h.strip().lower() for h in value.split(",") if h.strip())
    if hosts:
        return hosts
    if base_url:
        return (str(urlsplit(base_url).hostname),)
    return ("*",) if env == "development" else ()


def _proxies(value: str) -> tuple[str, ...]:
    found = tuple(p.strip() for p in value.split(",") if p.strip())
    for proxy in found:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise SettingsError(
                f"INSPEL_TRUSTED_PROXIES: {proxy!r} is not an address or network"
            ) from None
    return found


def _int(raw: dict[str, str], name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    try:
        value = int(raw[name])
    except ValueError:
        raise SettingsError(f"INSPEL_{name.upper()} must be a whole number") from None
    if value < minimum:
        raise SettingsError(f"INSPEL_{name.upper()} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise SettingsError(f"INSPEL_{name.upper()} must be at most {maximum}")
    return value


def _rate(raw: dict[str, str], name: str) -> tuple[int, int]:
    count, _, seconds = raw[name].partition("/")
    if not (count.strip().isdigit() and seconds.strip().isdigit()):
        raise SettingsError(f"INSPEL_{name.upper()} must be count/seconds, such as 30/600")
    if int(count) < 1 or not 1 <= int(seconds) <= 86_400:
        raise SettingsError(f"INSPEL_{name.upper()} needs a count of 1 or more, seconds 1 to 86400")
    return int(count), int(seconds)


def _choice(raw: dict[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = raw[name].strip().lower()
    if value not in allowed:
        raise SettingsError(f"INSPEL_{name.upper()} must be one of {', '.join(allowed)}")
    return value


def _sender(raw: dict[str, str]) -> str:
    """Refused at start-up rather than by the SMTP server at the first message."""
    value = raw["mail_from"].strip()
    if "@" not in parseaddr(value)[1]:
        raise SettingsError("INSPEL_MAIL_FROM must contain an e-mail address")
    return value


#: Parts of the placeholders that documentation and examples use for a key.
_PLACEHOLDERS = ("change", "secret", "example", "placeholder", "replace", "default", "password")
#: Bits a production key must carry, estimated from its own characters.
SECRET_MIN_BITS = 96


def _check_secret(secret: str) -> None:
    """A placeholder such as "change-me" or a repeated character signs cookies anyone could
    forge: refuse keys that are short, contain a placeholder word, or carry too little
    entropy (Shannon entropy of the key's own characters times its length) or a pattern."""
    if len(secret) < 32:
        raise SettingsError("INSPEL_SECRET_KEY must be at least 32 characters in production")
    lowered = secret.lower()
    counts = Counter(secret)
    bits = -sum(n * math.log2(n / len(secret)) for n in counts.values())
    # A repeated pattern ("0123456789" four times) has many distinct characters but
    # compresses to a fraction of its length; random keys do not.
    patterned = len(zlib.compress(secret.encode(), 9)) < len(secret) * 3 // 4
    if any(word in lowered for word in _PLACEHOLDERS) or bits < SECRET_MIN_BITS or patterned:
        raise SettingsError(
            "INSPEL_SECRET_KEY looks like a placeholder or is too predictable; "
            "use a random key, such as the output of `openssl rand -base64 48`"
        )


def _oidc(raw: dict[str, str], env: str) -> dict[str, str]:
    """The OpenID Connect settings; with an issuer, a client id and the ``openid`` scope are
    required, and in production the issuer must use HTTPS."""
    issuer = raw["oidc_issuer"].strip()
    client_id = raw["oidc_client_id"].strip()
    scopes = " ".join(raw["oidc_scopes"].split())
    name = raw["oidc_name"].strip()
    if issuer:
        scheme, sep, rest = issuer.partition("://")
        allowed = ("https",) if env == "production" else ("http", "https")
        if scheme not in allowed or not sep or not rest.split("/", 1)[0]:
            raise SettingsError(
                "INSPEL_OIDC_ISSUER must be an address such as https://login.example.se"
                + (" (HTTPS in production)" if env == "production" else "")
            )
        if any(c in issuer for c in "?# "):
            raise SettingsError("INSPEL_OIDC_ISSUER must not contain a query or a fragment")
        if not client_id:
            raise SettingsError("INSPEL_OIDC_CLIENT_ID must be set when INSPEL_OIDC_ISSUER is")
        if "openid" not in scopes.split():
            raise SettingsError("INSPEL_OIDC_SCOPES must include openid")
        name = name or rest.split("/", 1)[0]
    return {
        "oidc_issuer": issuer,
        "oidc_client_id": client_id,
        "oidc_client_secret": raw["oidc_client_secret"].strip(),
        "oidc_name": name,
        "oidc_scopes": scopes,
    }


def _development_secret(data_dir: Path) -> str:
    """A random key kept in the data directory, so sessions survive restarts in development."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    make_private_dir(data_dir)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by this user only: it holds the
    database and the secret. An existing directory keeps the mode its owner chose."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode passes through the umask


assert {f.name for f in fields(Settings)} == set(_DEFAULTS), "SETTINGS and Settings disagree"
