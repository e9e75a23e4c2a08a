# Inspel web image: `docker build -t inspel .` then
# `docker run -p 8000:8000 -e INSPEL_SECRET_KEY=... -e INSPEL_ENV=production inspel`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    INSPEL_HOST=0.0.0.0 \
    INSPEL_PORT=8000 \
    INSPEL_DATA_DIR=/data

RUN useradd --create-home --uid 10001 inspel \
    && mkdir -p /app /data && chown inspel:inspel /data

WORKDIR /app
# Pass the CPU-only PyTorch wheel index as PIP_EXTRA_INDEX_URL to keep CUDA packages out.
ARG PIP_EXTRA_INDEX_URL=""
COPY pyproject.toml README.md ./
COPY debate ./debate
COPY moderation ./moderation
COPY templates ./templates
COPY static ./static
RUN pip install -e .

USER inspel
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["inspel", "serve"]
