#!/bin/sh
# Random secrets for compose.yaml in ./secrets: the session key, PostgreSQL's password and the
# database URL that carries it. Readable by the owner and group 10001 (the image's user) only.
# Run once from the repository root; it never overwrites an existing secret.
set -eu
umask 077
mkdir -p secrets
new() { [ -e "secrets/$1" ] || printf '%s' "$2" > "secrets/$1"; }
new inspel_secret_key "$(openssl rand -base64 48 | tr -d '\n')"
new postgres_password "$(openssl rand -hex 24)"
new inspel_database_url "postgresql+psycopg://inspel:$(cat secrets/postgres_password)@db:5432/inspel"
chmod 0640 secrets/*
# Docker Compose mounts file secrets as they are: the image's user (gid 10001) must read them.
# PostgreSQL's image reads its password as the user postgres (uid and gid 999).
{ chgrp 10001 secrets/inspel_secret_key secrets/inspel_database_url \
  && chgrp 999 secrets/postgres_password; } 2>/dev/null \
  || echo "make-secrets: run 'sudo chgrp 10001 secrets/inspel_*; sudo chgrp 999 secrets/postgres_password'" >&2
echo "Secrets are in ./secrets; keep that directory out of version control and backups you share."
