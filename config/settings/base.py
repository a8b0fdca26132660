"""Settings shared by every environment.

Twelve-factor: everything that differs between deployments (database, secrets, hosts) comes
from the environment; see docs/operations.md for the variables.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("OPBOUW_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",  # the queue table; prod.py selects its backend
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "opbouw.core",
    "opbouw.accounts",
    "opbouw.audit",
    "opbouw.areas",
    "opbouw.people",
    "opbouw.journal",
    "opbouw.dialogue",
    "opbouw.initiatives",
    "opbouw.assets",
    "opbouw.network",
    "opbouw.privacy",
    "opbouw.reports",
    "opbouw.demo",
]

MIDDLEWARE = [
    # First: a 400 for input no view can handle (control characters, foreign charsets, an
    # oversized body; opbouw.core.guards), before anything reads it.
    "opbouw.core.guards.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "opbouw.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their own caching): every dynamic response is
    # private, no-store unless its view set a Cache-Control itself.
    "opbouw.core.guards.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opbouw.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After CSRF, authentication and messages: a create form posted twice stores one object.
    "opbouw.core.submission.SubmissionTokenMiddleware",
    # After authentication, OTP and messages: they read the session and the user.
    "opbouw.accounts.middleware.SessionTimeoutMiddleware",
    "opbouw.accounts.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page with a message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "opbouw" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.navigation.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'opbouw.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a worker saves an entry; the busy timeout avoids
    # "database is locked" under the dev server's threads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    # Connections stay open between requests (CONN_MAX_AGE 60 with health checks, above),
    # as for PostgreSQL: opening a SQLite connection and running the PRAGMAs cost ~25 ms a
    # request on a loaded machine (benchmarks/dialogue/RESULTS.md). Safe: each thread has
    # its own connection, autocommit holds no read transaction between requests, and the
    # dev server closes a thread's connections when its request thread ends.

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    # First: django-axes refuses a locked-out username + address before the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "opbouw" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "opbouw" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("OPBOUW_MEDIA_ROOT", str(VAR_DIR / "media")))

# Sessions end after OPBOUW_SESSION_IDLE_SECONDS without a request and, whatever happens,
# OPBOUW_SESSION_ABSOLUTE_SECONDS after logging in (accounts.middleware.SessionTimeoutMiddleware).
OPBOUW_SESSION_IDLE_SECONDS = env_int("OPBOUW_SESSION_IDLE_MINUTES", 30) * 60
OPBOUW_SESSION_ABSOLUTE_SECONDS = env_int("OPBOUW_SESSION_ABSOLUTE_HOURS", 8) * 60 * 60
SESSION_COOKIE_AGE = OPBOUW_SESSION_ABSOLUTE_SECONDS  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a <meta> tag, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Two-factor login (django-otp): the name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = "opbouw"
OTP_TOTP_THROTTLE_FACTOR = 1
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one username
# from one address, that pair waits OPBOUW_LOGIN_COOLOFF_MINUTES. Nothing personal in logs;
# successful logins are not stored (AccessLog off); failures are cleared on success.
AXES_FAILURE_LIMIT = env_int("OPBOUW_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPBOUW_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "opbouw.accounts.views.lockout_response"
AXES_CLIENT_STR_CALLABLE = "opbouw.accounts.views.login_attempt_description"
# Behind a reverse proxy, the client's address is in X-Forwarded-For: set the number of
# proxies in front of opbouw (0: use the connection's address).
AXES_IPWARE_PROXY_COUNT = env_int("OPBOUW_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Password reset and other mail. Development prints mail on the console; production sends it
# through the SMTP server in the environment (see config/settings/prod.py).
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "opbouw <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# Dev and tests run tasks inline; production queues them in the database for a worker
# (`manage.py db_worker`, see config/settings/prod.py and docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A task RUNNING this long without finishing is taken to have lost its worker (killed mid-run):
# queued again, or failed after this many attempts (opbouw.core.task_worker).
OPBOUW_TASK_STALE_MINUTES = env_int("OPBOUW_TASK_STALE_MINUTES", 30)
OPBOUW_TASK_MAX_ATTEMPTS = env_int("OPBOUW_TASK_MAX_ATTEMPTS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "opbouw.core.logging.StripQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_query_strings"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# opbouw's own settings
# True only in config/settings/prod.py: demo commands (seed_demo) refuse to run there.
OPBOUW_PRODUCTION = False
OPBOUW_JOURNAL_PAGE_SIZE = 25
OPBOUW_MAX_NOTE_LENGTH = 10_000
OPBOUW_NOTICE_VERSION = "2026-1"
# Map tiles: a URL template such as "https://tile.example.org/{z}/{x}/{y}.png" (add its host to
# the CSP img-src). Empty: no tiles; the maps still work, drawing the areas' own boundaries.
OPBOUW_MAP_TILE_URL = env_str("OPBOUW_MAP_TILE_URL", "")
OPBOUW_MAP_TILE_ATTRIBUTION = env_str("OPBOUW_MAP_TILE_ATTRIBUTION", "")
# Receipts and photos of buurtbudget applications: outside the web root (never under
# STATIC_ROOT or MEDIA_ROOT), served only through a permission-checked view.
OPBOUW_UPLOAD_ROOT = Path(env_str("OPBOUW_UPLOAD_ROOT", str(VAR_DIR / "uploads")))
OPBOUW_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# `manage.py backup` writes here unless --output says otherwise (see docs/operations.md).
OPBOUW_BACKUP_DIR = Path(env_str("OPBOUW_BACKUP_DIR", str(VAR_DIR / "backups")))
# Audit trail: viewing more than this many distinct people or journal notes within the window
# raises an alert on the audit page (docs/privacy.md, "Audit trail").
OPBOUW_AUDIT_BULK_THRESHOLD = 50
OPBOUW_AUDIT_BULK_WINDOW_MINUTES = 10
# Privacy (docs/privacy.md). Retention per category, in days; `manage.py retention` (or the
# task opbouw.privacy.tasks.retention_run) removes what is due.
OPBOUW_RETENTION = {
    # journal notes are emptied this long after the last contact with every person in them
    "journal_person_notes": env_int("OPBOUW_RETENTION_JOURNAL_NOTES_DAYS", 2 * 365),
    # contacts without an account are anonymised after this long without any contact
    "inactive_people": env_int("OPBOUW_RETENTION_INACTIVE_PEOPLE_DAYS", 3 * 365),
    # a data export (inzage) can be downloaded this long, then it is deleted
    "exports": env_int("OPBOUW_RETENTION_EXPORTS_DAYS", 7),
    # a Pol.is export of a conversation (opbouw.dialogue.exports) can be downloaded this long
    "conversation_exports": env_int("OPBOUW_RETENTION_CONVERSATION_EXPORTS_DAYS", 2),
    # audit trail rows
    "audit": env_int("OPBOUW_RETENTION_AUDIT_DAYS", 2 * 365),
}
# Data exports are written here: outside the web root, served only to their requester.
OPBOUW_EXPORT_ROOT = Path(env_str("OPBOUW_EXPORT_ROOT", str(VAR_DIR / "exports")))
# deduce (de-identifying released story texts) keeps its built lookup structures here; empty:
# its own package folder. `manage.py deduce_cache` builds them at install time; the
# application server loads them in the background at start (OPBOUW_DEDUCE_WARM_UP).
OPBOUW_DEDUCE_CACHE_DIR = env_str("OPBOUW_DEDUCE_CACHE_DIR", "")
OPBOUW_DEDUCE_WARM_UP = env_bool("OPBOUW_DEDUCE_WARM_UP", True)
