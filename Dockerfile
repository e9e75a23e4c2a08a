# Inspel image: the web site, the classifier workers and the mail sender (compose.yaml runs all
# of them from this one image). Build: `docker build -t inspel .`
# Production runs it with compose.yaml (PostgreSQL, secrets from files, a TLS proxy in front);
# see docs/operations.md, "Production with Docker Compose".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp \
    INSPEL_HOST=0.0.0.0 \
    INSPEL_PORT=8000 \
    INSPEL_DATA_DIR=/data

# A system user without a login shell; the data directory is its own, mode 0700.
RUN groupadd --system --gid 10001 inspel \
    && useradd --system --uid 10001 --gid inspel --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin inspel \
    && install -d -o inspel -g inspel -m 0700 /data

# The CPU build of torch, from PyTorch's CPU wheel index, before anything that depends on it:
# the default index would pull gigabytes of CUDA packages. pyproject.toml pins the same version.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
RUN pip install --index-url "${TORCH_INDEX_URL}" "torch==2.13.0"

# A regular (not editable) install: the code lives in site-packages, the build tree goes away.
WORKDIR /build
COPY pyproject.toml README.md ./
COPY debate ./debate
COPY moderation ./moderation
RUN pip install . \
    && python -c "import torch, sys; sys.exit(torch.version.cuda is not None)" \
    && rm -rf /build
# Templates and static files beside an installed package (debate/core/paths.py looks here).
COPY templates /usr/local/share/inspel/templates
COPY static /usr/local/share/inspel/static

WORKDIR /data
USER inspel:inspel
VOLUME ["/data"]
EXPOSE 8000
# Liveness; compose.yaml checks readiness (/readyz: a write and the schema version) instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["inspel", "serve"]
