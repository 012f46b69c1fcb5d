"""The one place where cakupan reads its environment.

CAKUPAN_HOME   data directory (embedded database, snapshots, runs); default ~/.local/share/cakupan
DATABASE_URL   database; default SQLite at $CAKUPAN_HOME/cakupan.sqlite3 (postgres://... for PostgreSQL)
CAKUPAN_SECRET_KEY, CAKUPAN_DEBUG, CAKUPAN_ALLOWED_HOSTS  for production serving; the production
               settings refuse to start without the key, DATABASE_URL and the hosts (production_refusals)
CAKUPAN_HSTS_SECONDS  production: Strict-Transport-Security max-age (default 31536000, one year)
CAKUPAN_MAX_UPLOAD_MB  largest accepted upload (default 2048)
CAKUPAN_JOB_STEP_DELAY  seconds a job pauses at each progress step (tests and demonstrations; default 0)
CAKUPAN_SMTP_HOST, CAKUPAN_SMTP_PORT, CAKUPAN_SMTP_USER, CAKUPAN_SMTP_PASSWORD, CAKUPAN_SMTP_TLS,
CAKUPAN_SMTP_SSL, CAKUPAN_MAIL_FROM  the SMTP server the monthly report is sent through (docs/reports.md)
CAKUPAN_RUN_RETENTION_DAYS  runs older than this many days are pruned by `cakupan prune` but the
                        latest published run of each month and what a worklist, target or report
                        names (default 30; docs/deploy.md "Retention"); the same period then
                        applies to registry snapshots no remaining run reads and to export files
                        (docs/privacy.md)
CAKUPAN_SUPPRESS_BELOW  aggregates shown to roles without person-level access hide cells 0 < n < k
                        (default 5; 0 or 1 turns it off; docs/privacy.md "Small cells")
CAKUPAN_REGION  the kabupaten/kota (or province, e.g. 34) whose areas a fresh instance loads at its
                        first start (e.g. 33.10); default none: the first population import brings in
                        the areas its rows name, from the packaged national list (docs/wilayah.md)
CAKUPAN_API_RATE, CAKUPAN_API_ANON_RATE  API rate limits per user (default 600/minute) and per
                        address for requests without credentials (default 60/minute); docs/api.md
"""
from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    raw = os.environ.get("CAKUPAN_HOME") or str(Path.home() / ".local" / "share" / "cakupan")
    path = Path(raw).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{home() / 'cakupan.sqlite3'}"


# public, in the source: good for a laptop, the demo and the tests, never for a server
DEV_SECRET_KEY = "cakupan-dev-only-not-secret"


def secret_key() -> str:
    return os.environ.get("CAKUPAN_SECRET_KEY") or DEV_SECRET_KEY


def debug() -> bool:
    return os.environ.get("CAKUPAN_DEBUG", "0").lower() in {"1", "true", "yes"}


def allowed_hosts() -> list[str]:
    raw = os.environ.get("CAKUPAN_ALLOWED_HOSTS") or "127.0.0.1,localhost"
    return [h.strip() for h in raw.split(",") if h.strip()]


def hsts_seconds() -> int:
    try:
        return max(0, int(os.environ.get("CAKUPAN_HSTS_SECONDS") or 31536000))
    except ValueError:
        return 31536000


def production_refusals() -> list[str]:
    """Why a production server must not start, one phrase per problem (Indonesian, English in
    brackets); empty when it may. The development defaults above (the public key, SQLite in
    CAKUPAN_HOME, localhost) are refused rather than used."""
    problems = []
    key = os.environ.get("CAKUPAN_SECRET_KEY", "").strip()
    if not key:
        problems.append("CAKUPAN_SECRET_KEY belum diisi (not set)")
    elif key == DEV_SECRET_KEY:
        problems.append("CAKUPAN_SECRET_KEY masih kunci pengembangan yang publik (is the public development key)")
    elif len(key) < 50 or len(set(key)) < 5:
        problems.append("CAKUPAN_SECRET_KEY terlalu lemah: minimal 50 karakter acak (too weak: at least 50 random characters)")
    if not os.environ.get("DATABASE_URL", "").strip():
        problems.append("DATABASE_URL belum diisi (not set; no silent SQLite in production)")
    hosts = [h.strip() for h in os.environ.get("CAKUPAN_ALLOWED_HOSTS", "").split(",") if h.strip()]
    if not hosts:
        problems.append("CAKUPAN_ALLOWED_HOSTS belum diisi (not set)")
    elif "*" in hosts:
        problems.append("CAKUPAN_ALLOWED_HOSTS tidak boleh '*' (must name the hosts, not '*')")
    return problems


def max_upload_bytes() -> int:
    return int(float(os.environ.get("CAKUPAN_MAX_UPLOAD_MB", "2048")) * 1024 * 1024)


def job_step_delay() -> float:
    try:
        return max(0.0, float(os.environ.get("CAKUPAN_JOB_STEP_DELAY", "0") or 0))
    except ValueError:
        return 0.0


def region() -> str:
    """CAKUPAN_REGION: the region a fresh instance starts with ("" = none: the first import decides)."""
    return os.environ.get("CAKUPAN_REGION", "").strip().strip(".")


def suppress_below() -> int:
    """k of the small-cell rule: counts 0 < n < k are shown as "< k" to roles without person access."""
    try:
        return max(0, int(os.environ.get("CAKUPAN_SUPPRESS_BELOW", "5") or 5))
    except ValueError:
        return 5


def _rate(name: str, default: str) -> str:
    """A DRF throttle rate, "<n>/<second|minute|hour|day>"; a malformed value keeps the default."""
    raw = (os.environ.get(name) or "").strip().lower()
    n, _, unit = raw.partition("/")
    if n.isdigit() and int(n) > 0 and unit[:1] in {"s", "m", "h", "d"}:
        return raw
    return default


def api_rates() -> dict[str, str]:
    """Rate limits of the REST API: `user` per signed-in user or token, `anon` per address."""
    return {"user": _rate("CAKUPAN_API_RATE", "600/minute"), "anon": _rate("CAKUPAN_API_ANON_RATE", "60/minute")}


def run_retention_days() -> int:
    try:
        return max(0, int(os.environ.get("CAKUPAN_RUN_RETENTION_DAYS") or 30))
    except ValueError:
        return 30


def smtp() -> dict:
    """SMTP for the monthly report: host (default localhost), port (25; 587 with TLS, 465 with SSL),
    user, password, tls (STARTTLS), ssl (implicit TLS; wins over tls), sender address."""
    ssl = os.environ.get("CAKUPAN_SMTP_SSL", "0").lower() in {"1", "true", "yes"}
    tls = not ssl and os.environ.get("CAKUPAN_SMTP_TLS", "0").lower() in {"1", "true", "yes"}
    try:
        port = int(os.environ.get("CAKUPAN_SMTP_PORT") or (465 if ssl else 587 if tls else 25))
    except ValueError:
        port = 25
    return {"host": os.environ.get("CAKUPAN_SMTP_HOST", "localhost"), "port": port,
            "user": os.environ.get("CAKUPAN_SMTP_USER", ""), "password": os.environ.get("CAKUPAN_SMTP_PASSWORD", ""),
            "tls": tls, "ssl": ssl, "from": os.environ.get("CAKUPAN_MAIL_FROM", "cakupan@localhost")}
