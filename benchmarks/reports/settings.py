"""Settings for the report benchmark: production-like (DEBUG off), its own database.

DATABASE_URL if set, else var/bench/reports.sqlite3 — never the demo database.
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'reports.sqlite3'}")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "bench-only-not-secret-7c1e52a9d04b3f86"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
