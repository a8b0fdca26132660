"""What a municipality's IT deploys: everything secret or host-specific from the environment.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL (PostgreSQL).
See docs/operations.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

DEBUG = False
# Demo commands (seed_demo: public password and TOTP key) refuse to run under these settings.
OPBOUW_PRODUCTION = True
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of 50+ characters")
if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names opbouw serves")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
# Mail (password reset) through the municipality's SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
# Background work (recomputing a conversation's analysis) goes to a queue in the database,
# worked off by `manage.py db_worker` (docs/operations.md): a vote never waits for an analysis.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# deduce's lookup cache: site-packages is read-only in a production install, so under var/
# (built by `manage.py deduce_cache` at deployment; see docs/operations.md).
OPBOUW_DEDUCE_CACHE_DIR = env_str("OPBOUW_DEDUCE_CACHE_DIR", str(VAR_DIR / "cache" / "deduce"))
