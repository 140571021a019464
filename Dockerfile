# One image for web, worker, beat and the one-shot migrate (docker-compose.yml picks the
# command). The application code belongs to root and is read-only to the user that runs
# it; only var/ (org-import previews, paused syncs, exports, beat's schedule and heartbeat)
# is writable.

# Front-end assets: pinned npm packages copied into static/vendor by scripts/vendor-assets.
# Node 24 is an LTS line (Node 20 reached its end of life).
FROM node:24-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/vendor-assets scripts/
RUN bash scripts/vendor-assets

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# No system packages: the compiled translations (locale/*/django.mo) are committed, and
# Django reads them with Python's own gettext module; GNU gettext is only needed to
# recompile them (`make messages`), which is never done in the image.
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin app
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
COPY --from=assets /src/static/vendor ./static/vendor
# Static files and bytecode are built here, as root: at run time nothing under /app but
# var/ can be written. var/'s folders exist in the image, owned by app, so that the named
# volumes mounted on them start with that owner.
RUN DJANGO_DEBUG=False DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --no-input -v0 \
    && python -m compileall -q config talent assessments \
    && rm -rf var && mkdir -p var/private var/beat \
    && chown -R app:app var && chmod 0700 var/private \
    && chmod -R go-w /app
USER app
EXPOSE 8000
# Workers, threads, timeout and recycling come from the environment (config/gunicorn.py).
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
