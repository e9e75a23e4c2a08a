"""The registry of settings: every environment variable the site reads, with its default and what
it does (the README's table is checked against it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "INSPEL_" + self.name.upper()


#: Every setting, its default and its meaning. README.md's configuration table is tested against it.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "env", "development", "`development` or `production`; production refuses default secrets"
    ),
    Setting(
        "data_dir", "./inspel-data", "Directory for the SQLite database and the development secret"
    ),
    Setting("database_url", "", "SQLAlchemy URL; empty means `sqlite:///<data_dir>/inspel.db`"),
    Setting(
        "secret_key",
        "",
        "Key that signs session cookies; required in production, random (such as "
        "`openssl rand -base64 48`): a placeholder or a predictable key is refused",
    ),
    Setting("db_pool_size", "10", "PostgreSQL connections each process keeps open"),
    Setting("db_max_overflow", "10", "Extra PostgreSQL connections a process may open under load"),
    Setting(
        "db_timeout",
        "30",
        "Seconds to wait for a locked SQLite database or a PostgreSQL connection (then 503)",
    ),
    Setting(
        "web_threads",
        "8",
        "Threads each web process runs database work and page rendering in; more only take "
        "turns at Python's lock (the GIL)",
    ),
    Setting(
        "sqlite_inline",
        "1",
        "On SQLite, run database calls and page rendering at once on the event loop, and in a "
        "thread only when a write would wait for a lock; `0`: always in threads",
    ),
    Setting(
        "base_url",
        "",
        "Public address of the site (`https://dialog.example.se`) for links in e-mail and "
        "exports; required in production; empty in development: taken from the request",
    ),
    Setting(
        "allowed_hosts",
        "",
        "Host names requests may name, comma-separated (`*.example.se` allowed); empty: the "
        "host of `INSPEL_BASE_URL`, or any host in development without it",
    ),
    Setting(
        "trusted_proxies",
        "",
        "Addresses or networks of reverse proxies whose `X-Forwarded-For` and "
        "`X-Forwarded-Proto` are believed, comma-separated; empty: none",
    ),
    Setting("host", "127.0.0.1", "Interface `inspel serve` listens on"),
    Setting("port", "8000", "Port `inspel serve` listens on"),
    Setting(
        "header_timeout",
        "10",
        "Seconds `inspel serve` waits for a request's headers before closing the connection",
    ),
    Setting(
        "body_timeout",
        "30",
        "Seconds a request's body may take to arrive (then 408)",
    ),
    Setting("keep_alive_timeout", "5", "Seconds `inspel serve` keeps an idle connection open"),
    Setting(
        "max_connections",
        "1000",
        "Connections and requests each web process takes at once; more are answered 503",
    ),
    Setting("default_language", "sv", "Language of the site when the visitor has not chosen one"),
    Setting("max_body_bytes", "1000000", "Largest accepted request body in bytes (larger: 413)"),
    Setting(
        "max_upload_bytes",
        "10000000",
        "Largest file staff may attach to a consultation or article, in bytes (larger: 413)",
    ),
    Setting("page_size", "20", "Proposals per page on a consultation page"),
    Setting(
        "page_cache_mb",
        "32",
        "Memory (MB) each web process keeps for rendered thread pages of readers who are not "
        "signed in, reused while the thread is unchanged; `0` turns it off",
    ),
    Setting(
        "login_max_attempts",
        "5",
        "Failed logins allowed per (account, address) pair per window; then that pair waits "
        "(the owner elsewhere does not)",
    ),
    Setting(
        "login_window_seconds",
        "900",
        "Length of the login rate-limit window in seconds (at most 86400)",
    ),
    Setting(
        "oidc_issuer",
        "",
        "Issuer of an OpenID Connect sign-in service (an e-ID broker, a municipal identity "
        "provider), exactly as in its ID tokens; empty: off (docs/accounts.md)",
    ),
    Setting("oidc_client_id", "", "Client id Inspel has at the OpenID Connect provider"),
    Setting(
        "oidc_client_secret",
        "",
        "Client secret for `INSPEL_OIDC_CLIENT_ID`; empty: a public client (PKCE only)",
    ),
    Setting(
        "oidc_name",
        "",
        "Name of the sign-in service on the login button, such as `Freja eID`; empty: the "
        "issuer's host name",
    ),
    Setting("oidc_scopes", "openid email profile", "Scopes asked of the OpenID Connect provider"),
    Setting("https_only", "false", "Mark the session cookie Secure (set `true` behind HTTPS)"),
    Setting(
        "rate_submissions",
        "30/600",
        "Proposals and replies per address and per account: `count/seconds`",
    ),
    Setting("rate_supports", "60/600", "Supports per address and per account: `count/seconds`"),
    Setting(
        "rate_previews",
        "60/600",
        "Checks before sending (the inline preview) per address and per account: `count/seconds`",
    ),
    Setting(
        "rate_cases",
        "20/600",
        "Notices, appeals and accessibility reports per address and per account: `count/seconds`",
    ),
    Setting(
        "rate_logins", "30/600", "Login and registration attempts per address: `count/seconds`"
    ),
    Setting(
        "rate_api",
        "600/60",
        "Open-data requests (the JSON API, feeds and downloads) per address: `count/seconds`",
    ),
    Setting(
        "classifier",
        "off",
        "`detoxify` or `transformers` to score every post with the classifier (see "
        "docs/moderation.md), or `off`",
    ),
    Setting(
        "local_model",
        "builtin",
        "The local model: it may hold posts for review beside the rules and the classifier, "
        "never reject (docs/moderation.md). `builtin` for the one Inspel ships, a directory "
        "`inspel model train` wrote, or `off`",
    ),
    Setting(
        "shadow_local_model",
        "",
        "Directory of a candidate local model (or `builtin`) that runs only in shadow mode, "
        "beside the live one, so its effect can be compared before it is put in force; "
        "empty: none",
    ),
    Setting("worker_in_process", "true", "Run one classifier worker inside `inspel serve`"),
    Setting("worker_batch", "64", "Revisions a classifier worker claims and scores per batch"),
    Setting(
        "worker_lease_seconds", "120", "How long a worker's claim lasts before others may retry"
    ),
    Setting(
        "new_account_posts",
        "0",
        "Posts of a new account held for a moderator until this many are published (0: off)",
    ),
    Setting("smtp_host", "", "SMTP server for e-mail; empty: messages wait in the outbox"),
    Setting("smtp_port", "587", "Port of the SMTP server"),
    Setting("smtp_tls", "starttls", "`starttls`, `ssl` (TLS from the first byte) or `none`"),
    Setting("smtp_username", "", "SMTP login; empty: send without logging in"),
    Setting("smtp_password", "", "Password for `INSPEL_SMTP_USERNAME`"),
    Setting("mail_from", "Inspel <noreply@localhost>", "Sender (From) of every e-mail"),
)
