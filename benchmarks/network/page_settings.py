"""Settings for the network page benchmark (bench_page.py): production-like, DATABASE_URL.

DEBUG off, cached templates, static files collected with hashed names and served by
WhiteNoise, as in production.
"""

from pathlib import Path

from config.settings.base import *  # noqa: F403

BENCH_DIR = Path(__file__).resolve().parents[2] / "var" / "bench"
DEBUG = False
SECRET_KEY = "bench-only-not-secret-3f9b1c7e2a6d4058"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STATIC_ROOT = BENCH_DIR / "network-static"
LOGGING = {"version": 1, "disable_existing_loggers": False}
