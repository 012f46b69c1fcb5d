"""Production: PostgreSQL via DATABASE_URL, gunicorn behind an HTTPS proxy, collected static files.

Fail closed: without CAKUPAN_SECRET_KEY (a strong one, not the public development key),
DATABASE_URL and CAKUPAN_ALLOWED_HOSTS these settings refuse to load, with one line naming what is
missing (config.refusal), before anything is created on disk. `manage.py check --deploy` is clean
with them (tests/deploy/test_deploy_settings.py); docs/deploy.md says what to set."""
from config import env
from config.refusal import refuse

_problems = env.production_refusals()
if _problems:
    refuse(__name__, _problems)

from .base import *  # noqa: E402,F401,F403

DEBUG = False
SECRET_KEY = env.secret_key()
ALLOWED_HOSTS = env.allowed_hosts()

# HTTPS only. TLS ends at the proxy (nginx, Caddy, a load balancer), which forwards plain HTTP to
# gunicorn on 127.0.0.1 and must set X-Forwarded-Proto itself (overwriting what a client sent):
# Django then knows the request came over HTTPS and redirects the rest there.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = env.hsts_seconds()
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # no page script reads the token from the cookie (forms carry it)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
