"""The test suite: the same as production where it matters, fast where it does not."""

from config.env import env_str

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "test-only-not-secret-81d2f0")  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
