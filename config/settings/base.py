"""Settings shared by every environment. Values from the environment come only via config.env."""
from __future__ import annotations

from pathlib import Path

import dj_database_url

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CAKUPAN_HOME = env.home()

SECRET_KEY = env.secret_key()
DEBUG = env.debug()
ALLOWED_HOSTS = env.allowed_hosts()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_tasks",
    "django_tasks_db",
    "drf_spectacular",
    "axes",
    "cakupan.accounts",
    "cakupan.wilayah",
    "cakupan.registries",
    "cakupan.linkage",
    "cakupan.coverage",
    "cakupan.targets",
    "cakupan.outreach",
    "cakupan.compliance",
    "cakupan.runs",
    "cakupan.explain",
    "cakupan.privacy",
    "cakupan.jobs",
    "cakupan.reports",
    "cakupan.api",
    "cakupan.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",  # SECURE_CSP below (Django 6 reads the same setting)
    "cakupan.core.middleware.RejectNulMiddleware",  # a NUL in the address: 400, never a 500
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cakupan.core.middleware.ChosenLanguageMiddleware",  # Indonesian unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy, in every environment (so the tests see what production sends): only
# the app's own static scripts and styles, no inline script, handler or style (docs/deploy.md).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # data: for the empty favicon (<link rel="icon" href="data:,">)
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env.database_url(), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # the web server and the job worker are two processes on one file: WAL lets pages read while a
    # job writes; IMMEDIATE takes the write lock at the start of a transaction (no upgrade deadlock)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30, "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Page bodies and aggregates of published (immutable) runs, per worker process; keys carry the run
# (docs/performance.md, "Fast pages"). A shared cache (database or memcached) also works.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cakupan",
        "OPTIONS": {"MAX_ENTRIES": 3000, "CULL_FREQUENCY": 3},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Bahasa Indonesia by default, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "cakupan" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = CAKUPAN_HOME / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/masuk/"
LOGIN_REDIRECT_URL = "/"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # one query less per page, still in the database
SESSION_COOKIE_AGE = 8 * 60 * 60  # sessions expire after a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes): 5 failures lock the username+IP for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

# REST API (docs/api.md "For integrations"): the token first, so a request without credentials is
# answered 401 with `WWW-Authenticate: Token`; every list paginated; rate limits per user (token or
# session) and per address, counted in the cache (per process with the local-memory cache).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "cakupan.api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "cakupan.api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": env.api_rates(),
}
SPECTACULAR_SETTINGS = {"TITLE": "cakupan API", "VERSION": "0.1.0"}

# Background jobs (imports, runs): a database-backed queue, no extra server (docs/jobs.md).
# `cakupan worker` runs them; `cakupan serve` and the demo start one beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CAKUPAN_JOB_STEP_DELAY = env.job_step_delay()  # seconds to pause at each progress step (tests, demos)
CAKUPAN_MAX_UPLOAD_BYTES = env.max_upload_bytes()
# aggregates shown to roles without person-level access hide cells 0 < n < k as "< k" (docs/privacy.md)
CAKUPAN_SUPPRESS_BELOW = env.suppress_below()
# the region whose areas a fresh instance loads at its first start; "" = none, the first population
# import brings its own (no region is assumed: docs/wilayah.md)
CAKUPAN_REGION = env.region()
# uploads stream to disk in chunks (never whole in memory), next to where they are kept
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = CAKUPAN_HOME / "uploads" / ".incoming"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)

# E-mail: the monthly report is sent through this SMTP server (docs/reports.md)
_SMTP = env.smtp()
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _SMTP["host"], _SMTP["port"], _SMTP["user"], _SMTP["password"]
EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT = _SMTP["tls"], _SMTP["ssl"], 30
DEFAULT_FROM_EMAIL = SERVER_EMAIL = _SMTP["from"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "cakupan.core.logs.CurrentStderrHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
