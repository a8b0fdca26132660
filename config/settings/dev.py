"""Local development and `make demo`: debug on, SQLite under var/ by default."""

from config.env import env_str

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-not-secret-4f1c9a7e2b")  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
