"""Settings for the asset map benchmark: production-like (DEBUG off, cached templates), local DB.

The database is DATABASE_URL (scripts/throwaway_postgres.py sets it for PostgreSQL), else a
SQLite file under var/bench/, never the demo database.
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'assets.sqlite3'}")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "bench-only-not-secret-7a2c94e1d05b3f68"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Static files as in production: collected with hashed names (the benchmark runs
# collectstatic) and served by WhiteNoise with far-future caching, so a browser's second visit
# fetches no script or stylesheet again.
STATIC_ROOT = BENCH_DIR / "static"
LOGGING = {"version": 1, "disable_existing_loggers": False}
OPBOUW_UPLOAD_ROOT = BENCH_DIR / "uploads"
