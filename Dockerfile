# mllens production image: gunicorn for the web, the same image runs the Celery worker.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MLLENS_DATA_DIR=/var/lib/mllens \
    MEDIA_ROOT=/var/lib/mllens/media \
    STATIC_ROOT=/app/staticfiles

# WeasyPrint needs Pango and HarfBuzz; fonts make reports readable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY mllens ./mllens
COPY catalog ./catalog
COPY reviews ./reviews
COPY people ./people
RUN pip install -c constraints.txt .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --home-dir /var/lib/mllens mllens \
 && mkdir -p /var/lib/mllens/media && chown -R mllens /var/lib/mllens
USER mllens
EXPOSE 8000
CMD ["gunicorn", "mllens.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
