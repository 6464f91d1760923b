"""Tandem's settings: one module, configured from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from tandem.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("TANDEM_DATA_DIR") or BASE_DIR / "var").resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Served over HTTPS in production; `HTTPS=false` runs production settings on plain HTTP on a
# trusted network (the benchmark does so on the loopback interface).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    "huey.contrib.djhuey",
    "tandem.lib",
    "tandem.outbox",
    "tandem.accounts",
    "tandem.workspaces",
    "tandem.notify",
    "tandem.acks",
    "tandem.work",
    "tandem.rhythm",
    "tandem.roles",
    "tandem.continuity",
    "tandem.planning",
    "tandem.insights",
    "tandem.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tandem.accounts.middleware.PreferencesMiddleware",
    "tandem.accounts.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tandem.lib.htmx.VaryOnHtmxMiddleware",
    "tandem.lib.drafts.SavedDraftsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tandem" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.workspaces.context_processors.workspaces",
            ],
        },
    },
]

FORM_RENDERER = "tandem.lib.forms.FormRenderer"

# Database: SQLite in the data directory unless DATABASE_URL names another. Importing the
# settings creates no folder: the entry points do (tandem/lib/data_folders.py).
_database_url = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tandem.sqlite3'}")
_database = environ.Env.db_url_config(_database_url)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two writers queue up
        # behind the busy timeout instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, so a job consumer in another process can share it; one per test run.
    _database["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    _database["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
    _database["TEST"] = {"NAME": f"test_tandem_{os.getpid()}"}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits count in the database (tandem.lib.throttle): every web process sees the same
# counts, with no server beyond the database. `manage.py createcachetable` makes the table
# (`make run` does; the test database gets it by itself).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tandem_cache",
    },
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Password reset emails asked for, per hour: per email, and per address across all emails.
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 5)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 20)

# The client's address (rate limits): the direct peer, unless it is one of these reverse
# proxies (addresses or networks), whose X-Forwarded-For is then read (tandem.lib.http).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks; got {_proxy!r}."
        ) from None

# Login attempts: five failures for one email from one address lock that pair for 15 minutes,
# and twenty from one address, whatever the emails, lock that address (password spraying).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "tandem.accounts.throttle.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "tandem.lib.http.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, which holds the email
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Language and time
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål"), ("it", "Italiano")]
LOCALE_PATHS = [BASE_DIR / "tandem" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Static files, served by WhiteNoise from the web process.
STATIC_URL = "/static/"
# collectstatic makes STATIC_ROOT (`make run` runs it before the web server starts), so
# WhiteNoise finds the folder and does not warn.
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "tandem" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email: EMAIL_URL such as smtp+tls://user:password@host:587, consolemail:// or
# filemail:///path/to/folder.
_email_url = env_str("EMAIL_URL", "consolemail://")
vars().update(environ.Env.email_url_config(_email_url))
if _email_url.startswith("filemail:"):
    # The folder is the URL's path as written: filemail:///var/mail is /var/mail. Each email is
    # a file of its own there, with one line in the log (tandem/lib/mail_folder.py).
    EMAIL_FILE_PATH = urlsplit(_email_url).path
    EMAIL_BACKEND = "tandem.lib.mail_folder.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs (Huey): SQLite storage in the data directory, Redis when HUEY_REDIS_URL is set.
_huey_redis_url = env_str("HUEY_REDIS_URL")
HUEY = {
    "name": "tandem",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "utc": True,
    "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
}
if _huey_redis_url:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": _huey_redis_url}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")}

# Content Security Policy: our own scripts and styles only, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# A delivery's lease: how long the job that took it has before the redelivery sweep takes it
# again (tandem/outbox). Emails are sent under the same lease.
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 120)
# An SMTP server that does not answer must not hold a delivery past its lease.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# Invitations stay valid for a week; a link that confirms the invited email, for a day.
INVITATION_VALID_FOR = timedelta(days=7)
INVITATION_CONFIRMATION_VALID_FOR = timedelta(days=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_traceback_below_500": {"()": "tandem.lib.logs.NoTracebackBelow500"},
        "job_once": {"()": "tandem.lib.logs.JobOnce"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # A 403 or a 404 is an answer, not a fault: one line, no traceback.
        "django.request": {"filters": ["no_traceback_below_500"]},
        # Huey's consumer adds its own handler to a "huey" logger that has none, and the root's
        # then prints each line again: this one prints once, and a job's end only.
        "huey": {"handlers": ["console"], "filters": ["job_once"], "propagate": False},
    },
}

# Attachments: kept under MEDIA_ROOT in random folders and never served from a public URL; a
# view that checks the member may see the task sends each file.
MEDIA_ROOT = DATA_DIR / "media"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# The allow-list: file name extension → content type. Uploads are typed by name, never by what
# the browser claims.
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".zip": "application/zip",
}
