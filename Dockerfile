# Woonzorg: one image for the web server (gunicorn), the Celery worker and Celery beat.
# docker-compose.yml runs them together with PostgreSQL and Redis.

FROM python:3.11-slim-bookworm

# PYTHONPATH: the packages are imported from /app (next to templates/ and static/,
# which settings find relative to the code), not from the copy pip puts in site-packages.
# The image runs in production mode; SECRET_KEY and ALLOWED_HOSTS must come from the
# environment (woonzorg/settings/production.py refuses to start without them).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=woonzorg.settings.production

# Runtime libraries for WeasyPrint (PDF reports) and a font for it to render with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY pyproject.toml README.md LICENSE manage.py ./
COPY woonzorg/ woonzorg/
COPY analyses/ analyses/
COPY visies/ visies/
COPY prestatieafspraken/ prestatieafspraken/
COPY uitvoering/ uitvoering/
COPY borging/ borging/
COPY templates/ templates/
COPY static/ static/

RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info

# A user of its own; it may write only the collected static files and the media volume.
RUN groupadd --system woonzorg \
    && useradd --system --gid woonzorg --create-home woonzorg \
    && mkdir -p /app/staticfiles /app/media \
    && chown woonzorg:woonzorg /app/staticfiles /app/media
USER woonzorg

# Collect static files into the image as well, so that every container (also the worker, which
# renders PDFs) has the WhiteNoise manifest. The key below exists only for this command and is
# not stored in the image; production settings demand one of at least 50 characters.
RUN SECRET_KEY=build-time-only-collectstatic-does-not-use-a-secret-key-0000 \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "woonzorg.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
