"""Settings for the vote benchmark: production-like (DEBUG off, cached templates), local DB.

The database is DATABASE_URL (scripts/throwaway_postgres.py sets it for PostgreSQL), else a
SQLite file under var/bench/, never the demo database. Background tasks go to the dummy
backend: in production a worker process runs the recompute, not the voter's request, so the
request's time is what the voter waits for (how many recomputes a run asked for is reported).
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'dialogue.sqlite3'}")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "bench-only-not-secret-0d9a1c7e5b3f2a64"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
# --persistent-connections: keep SQLite connections open between requests, as PostgreSQL's
# already are (base settings: CONN_MAX_AGE 0 for SQLite, 60 for PostgreSQL).
if os.environ.get("BENCH_PERSISTENT_CONNECTIONS"):
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
