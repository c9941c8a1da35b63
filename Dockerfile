# Corporate Parenting: one image for the web process (gunicorn), the Celery worker and beat.
# Build:  docker build -t corporate-parenting .
# Run the whole stack with docker-compose.yml (PostgreSQL, Redis, migrate, web, worker, beat).
FROM python:3.11-slim

# MPLCONFIGDIR: the code and the home folder are read-only, so matplotlib (the evidence's
# charts) keeps its font list in one writable folder shared by the processes, rather than a
# new temporary folder per process with a warning (decision 0025).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    MPLCONFIGDIR=/tmp/matplotlib

# Shared libraries WeasyPrint needs (Pango, HarfBuzz subsetting) and a base font, installed
# now so adding WeasyPrint later is a requirements change only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user owns nothing but the media folder; the code stays root-owned, read-only.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. Every package is hash-pinned.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes --no-cache-dir -r requirements/base.txt

COPY . .

# Static files are collected (and compressed, with a manifest) into the image. The settings
# refuse DEBUG=false without a real-looking SECRET_KEY and ALLOWED_HOSTS: these values are
# build-only, exist for this one command and are not kept in the image's environment.
RUN DEBUG=false \
    SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789abcdef \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown app:app /app/media

USER app

EXPOSE 8000

CMD ["gunicorn", "corporate_parenting.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
