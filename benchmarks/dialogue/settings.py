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
# The base settings keep connections for 60 s (SQLite too, since 2026-11-28; it was 0 before).
# --persistent-connections: 60 (a no-op now); --conn-max-age N: N, e.g. 0 to compare.
if os.environ.get("BENCH_PERSISTENT_CONNECTIONS"):
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
