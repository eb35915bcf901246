"""Settings, read from the environment.

Every setting has a safe default for the embedded mode (SQLite in WAL mode, one
machine), so `doorstep demo` works with nothing set. The scale-out mode sets
DATABASE_URL (PostgreSQL), REDIS_URL and EMAIL_URL.
"""

import hashlib
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
import dj_email_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DOORSTEP_DATA_DIR", Path.cwd() / "var")).resolve()

TESTING = "pytest" in sys.modules or os.environ.get("DOORSTEP_TESTING") == "1"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if TESTING:
        return "tests-only-not-secret"
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The address Doorstep is reached at, for links in emails and the JSON API.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Doorstep")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_altcha",
    "doorstep.core",
    "doorstep.places",
    "doorstep.maps",
    "doorstep.accounts",
    "doorstep.mailings",
    "doorstep.petitions",
    "doorstep.trust",
    "doorstep.signatures",
    "doorstep.paper",
    "doorstep.campaigns",
    "doorstep.website",
    "doorstep.backoffice",
    "doorstep.api",
    "doorstep.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with the authenticator code (staff who set one up).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "doorstep.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Failed staff sign-ins are counted (django-axes, in the database, so across servers);
# AXES_FAILURE_LIMIT in a row lock the account for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
OTP_TOTP_ISSUER = SITE_NAME
# The self-hosted proof-of-work puzzle (django-altcha), used when staff switch it on.
ALTCHA_HMAC_KEY = hashlib.sha256(f"doorstep-altcha:{SECRET_KEY}".encode()).hexdigest()
AXES_FAILURE_LIMIT = int(os.environ.get("DOORSTEP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DOORSTEP_LOGIN_LOCKOUT_HOURS", "0.5"))
# By account (guessing one password from many addresses) and by address (trying many accounts).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Axes would otherwise log each attempt's username and IP address.
AXES_VERBOSE = False

ROOT_URLCONF = "doorstep.urls"
WSGI_APPLICATION = "doorstep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "doorstep.core.context_processors.site",
            ],
        },
    },
]

# Databases: SQLite in WAL mode unless DATABASE_URL names another.
SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait
    # (up to `timeout`) instead of failing with "database is locked".
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=30000;PRAGMA foreign_keys=ON;"
    ),
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "doorstep.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else 600
    DATABASES["default"].setdefault("TEST", {})
    # A file, not memory, so the live server and the test share one database.
    DATABASES["default"]["TEST"]["NAME"] = str(DATA_DIR / f"test-{os.getpid()}.sqlite3")
    if TESTING:
        DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "website:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Caches: Redis when REDIS_URL is set (shared by every app server), else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: EMAIL_URL (smtp://user:pass@host:port, or console:) else printed on the console.
EMAIL_URL = os.environ.get("EMAIL_URL", "console:")
vars().update(dj_email_url.parse(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Doorstep <petitions@doorstep.invalid>")
EMAIL_TIMEOUT = 20

# Background work: the database queue, run by `doorstep worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even when empty
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Served from the app directories directly, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The public JSON API may be read from any site.
CORS_URLS_REGEX = r"^/(petitions(/\d+(/count)?)?\.json|api/.*)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", SITE_URL.startswith("https://"))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS only when served over HTTPS (a year by default; 0 turns it off).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SITE_URL.startswith("https://") else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto, set SECURE_PROXY_SSL_HEADER=1.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# The Content Security Policy (core.middleware); on unless DOORSTEP_CSP=0.
DOORSTEP_CSP = env_bool("DOORSTEP_CSP", True)

# Petition rules.
DOORSTEP = {
    # How many confirmation emails one signer may be sent for one petition.
    "MAX_CONFIRMATION_EMAILS": int(os.environ.get("DOORSTEP_MAX_CONFIRMATION_EMAILS", "3")),
    # A signature made before the close may still be confirmed this long after it.
    "CONFIRMATION_GRACE_HOURS": int(os.environ.get("DOORSTEP_CONFIRMATION_GRACE_HOURS", "24")),
    # Count rows per petition and channel; more shards, less lock contention on PostgreSQL.
    "COUNT_SHARDS": int(os.environ.get("DOORSTEP_COUNT_SHARDS", "8")),
    "EMAIL_MAX_ATTEMPTS": 5,
    # Paper sheets may be keyed in for this many days after the petition closes.
    "PAPER_ENTRY_DAYS": int(os.environ.get("DOORSTEP_PAPER_ENTRY_DAYS", "14")),
    # A posted pack not back this many days after posting is overdue.
    "PACK_OVERDUE_DAYS": int(os.environ.get("DOORSTEP_PACK_OVERDUE_DAYS", "28")),
    # Supporter emails per batch (each batch is one task, which queues the next).
    "MAILING_BATCH_SIZE": int(os.environ.get("DOORSTEP_MAILING_BATCH_SIZE", "200")),
    # Rows of the hand-in schedule laid out by WeasyPrint at a time (bounds its memory).
    "HANDIN_CHUNK_ROWS": int(os.environ.get("DOORSTEP_HANDIN_CHUNK_ROWS", "2000")),
}
# The address paper packs are sent back to, printed on every letter and sheet; lines split by "|".
PAPER_RETURN_ADDRESS = os.environ.get(
    "DOORSTEP_PAPER_RETURN_ADDRESS", "Doorstep Petitions|FREEPOST DOORSTEP|London|RM10 7XX"
).split("|")


# Keeping fake signatures out and signers' data safe (the trust app). Over-limit
# signatures are held as suspect, not refused.
DOORSTEP_TRUST = {
    # Signatures of one petition from one IP address: a short burst window and a day.
    "IP_BURST_LIMIT": env_int("DOORSTEP_IP_BURST_LIMIT", 10),
    "IP_BURST_SECONDS": env_int("DOORSTEP_IP_BURST_SECONDS", 600),
    "IP_SUSTAINED_LIMIT": env_int("DOORSTEP_IP_SUSTAINED_LIMIT", 50),
    "IP_SUSTAINED_SECONDS": env_int("DOORSTEP_IP_SUSTAINED_SECONDS", 86400),
    # Signatures of one petition from one email domain (big providers are exempt).
    "DOMAIN_LIMIT": env_int("DOORSTEP_DOMAIN_LIMIT", 100),
    "DOMAIN_SECONDS": env_int("DOORSTEP_DOMAIN_SECONDS", 3600),
    # Staff are emailed when one source reaches this many signatures in an hour.
    "ALERT_PER_HOUR": env_int("DOORSTEP_ALERT_PER_HOUR", 200),
    # IP addresses are needed only for fraud checks: after this they are replaced by a keyed hash.
    "IP_RETENTION_DAYS": env_int("DOORSTEP_IP_RETENTION_DAYS", 30),
    # Months after hand-in (or close) before signers' personal data is anonymised, unless set per petition.
    "RETENTION_MONTHS": env_int("DOORSTEP_RETENTION_MONTHS", 6),
    # Signatures a bulk invalidation takes out per transaction (between progress updates).
    "INVALIDATION_BATCH": env_int("DOORSTEP_INVALIDATION_BATCH", 500),
    # How hard the proof-of-work puzzle is (the largest number a browser may have to try):
    # about a second on a phone at 100,000.
    "PROOF_OF_WORK_MAX_NUMBER": env_int("DOORSTEP_PROOF_OF_WORK_MAX_NUMBER", 100_000),
}
# Queued by `doorstep worker` when it starts; each queues itself again a day later.
DOORSTEP_DAILY_TASKS = ["doorstep.signatures.tasks.apply_retention"]
# Who gets the unusual-signing alert; empty means every active administrator.
DOORSTEP_ALERT_EMAILS = env_list("DOORSTEP_ALERT_EMAILS", "")
# Where the limit counters live: Redis through the cache at scale, else the database,
# because the embedded mode's local-memory cache is not shared between processes.
DOORSTEP_COUNTER_STORE = os.environ.get("DOORSTEP_COUNTER_STORE", "cache" if REDIS_URL else "database")

# Supporter emails a second the worker sends at most (keep under the mail provider's limit).
DOORSTEP_MAILING_RATE = float(os.environ.get("DOORSTEP_MAILING_RATE", "10"))

# Uploaded reply documents and generated hand-in bundles: private, served only to staff.
MEDIA_ROOT = Path(os.environ.get("DOORSTEP_MEDIA_ROOT", DATA_DIR / "media"))

# The mail provider's tracking webhooks (bounces, complaints) at /anymail/<provider>/tracking/,
# protected by HTTP basic auth with this "user:password".
ANYMAIL = {"WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", "")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"no_personal_data": {"()": "doorstep.core.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
