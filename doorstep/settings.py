"""Settings, read from the environment.

Every setting has a safe default for the embedded mode (SQLite in WAL mode, one
machine), so `doorstep demo` works with nothing set. The scale-out mode sets
DATABASE_URL (PostgreSQL), REDIS_URL and EMAIL_URL.
"""

import dataclasses
import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url

from doorstep.core.conf import DoorstepSettings, env_value

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_value("DOORSTEP_DATA_DIR", str(Path.cwd() / "var"))).resolve()
# The data folder holds signers' personal data, password hashes and authenticator keys:
# nothing Doorstep creates (database, its -wal and -shm, media, bundles) is readable by
# other users of the machine.
os.umask(0o077)
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    try:
        # Created with mode 0600 from the first byte; O_EXCL so two processes starting at once agree.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = env_value("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = list(env_value("ALLOWED_HOSTS", ("127.0.0.1", "localhost", "[::1]", "testserver")))
CSRF_TRUSTED_ORIGINS = list(env_value("CSRF_TRUSTED_ORIGINS", ()))
# The address Doorstep is reached at, for links in emails and the JSON API.
SITE_URL = env_value("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_value("SITE_NAME", "Doorstep")

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
    "doorstep.canvass",
    "doorstep.scans",
    "doorstep.evidence",
    "doorstep.campaigns",
    "doorstep.scheme",
    "doorstep.website",
    "doorstep.backoffice",
    "doorstep.api",
    "doorstep.demo",
]

MIDDLEWARE = [
    # Behind load balancers (DOORSTEP_PROXY_ADDRESSES): the visitor's address from X-Forwarded-For.
    "doorstep.core.middleware.ForwardedForMiddleware",
    # /healthz and /readyz, answered before host checks and HTTPS redirects.
    "doorstep.core.middleware.HealthCheckMiddleware",
    # A view that meets an outage (database, Redis) answers 503, not 500.
    "doorstep.core.middleware.OutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: Welsh under /cy/, English elsewhere (staff pages: the visitor's choice).
    "doorstep.core.middleware.LanguageMiddleware",
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
# AXES_FAILURE_LIMIT in a row from one address lock the account for that address, and
# DOORSTEP.login_account_failure_limit from anywhere lock it everywhere, for AXES_COOLOFF_TIME
# hours (doorstep.accounts.lockout). Never the address alone: that would lock out every
# member of staff behind it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
OTP_TOTP_ISSUER = SITE_NAME
# The self-hosted proof-of-work puzzle (django-altcha), used when staff switch it on.
ALTCHA_HMAC_KEY = hashlib.sha256(f"doorstep-altcha:{SECRET_KEY}".encode()).hexdigest()
AXES_FAILURE_LIMIT = env_value("DOORSTEP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_value("DOORSTEP_LOGIN_LOCKOUT_HOURS", 0.5)
AXES_LOCKOUT_PARAMETERS = "doorstep.accounts.lockout.lockout_parameters"
AXES_HANDLER = "doorstep.accounts.lockout.LockoutHandler"
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
    # Seconds a web request waits for the write lock. Doorstep's writes hold it for
    # milliseconds, so a wait this long means something else holds it (a backup, a
    # migration): a 503 asking to try again beats a signer staring at a spinner for 30 s.
    # `doorstep worker` waits longer (core.worker.WORKER_SQLITE_WAIT): nobody is waiting on it.
    "timeout": 5,
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;",
}
DATABASE_URL = env_value("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "doorstep.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails in seconds (then 503), not after the TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    DATABASES["default"]["CONN_MAX_AGE"] = 600

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
REDIS_URL = env_value("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: EMAIL_URL (smtp://user:pass@host:port, or console:) else printed on the console.
EMAIL_URL = env_value("EMAIL_URL", "console:")
_email = dj_email_url.parse(EMAIL_URL)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env_value("DEFAULT_FROM_EMAIL", "Doorstep <petitions@doorstep.invalid>")
EMAIL_TIMEOUT = 20

# Background work: the database queue, run by `doorstep worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en-gb"
# English and Welsh (doorstep.core.languages.Language); public pages in Welsh are under /cy/.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# Every user-facing string is marked for translation; catalogues live in doorstep/locale.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_value("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even when empty
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Served from the app directories directly, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The public JSON API may be read from any site: its paths (doorstep/api/urls.py), its 404s included.
CORS_URLS_REGEX = r"^/(petitions(/.+)?\.json|constituencies\.json|api/.*)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag"]  # Last-Modified is readable anyway

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_value("SECURE_COOKIES", SITE_URL.startswith("https://"))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
# An expired form answers with the site's own "This form has expired" page.
CSRF_FAILURE_VIEW = "doorstep.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS only when served over HTTPS (a year by default; 0 turns it off).
SECURE_HSTS_SECONDS = env_value("SECURE_HSTS_SECONDS", 31536000 if SITE_URL.startswith("https://") else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_value("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto, set SECURE_PROXY_SSL_HEADER=1.
if env_value("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_value("SECURE_SSL_REDIRECT", False)
# The Content Security Policy (core.middleware); on unless DOORSTEP_CSP=0.
DOORSTEP_CSP = env_value("DOORSTEP_CSP", True)

# Uploads: a view marked with core.uploads.upload_max_bytes keeps nothing of a file past its limit.
FILE_UPLOAD_HANDLERS = [
    "doorstep.core.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Doorstep's own settings, each with its environment variable and meaning: doorstep/core/conf.py.
DOORSTEP = DoorstepSettings.from_env()
if not DOORSTEP.counter_store:
    # Redis through the cache at scale; else the database, because the embedded mode's
    # local-memory cache is not shared between processes.
    DOORSTEP = dataclasses.replace(DOORSTEP, counter_store="cache" if REDIS_URL else "database")

# Uploaded reply documents and generated hand-in bundles: private, served only to staff.
MEDIA_ROOT = Path(env_value("DOORSTEP_MEDIA_ROOT", str(DATA_DIR / "media")))

# The mail provider's tracking webhooks (bounces, complaints) at /anymail/<provider>/tracking/,
# protected by HTTP basic auth with this "user:password".
ANYMAIL = {"WEBHOOK_SECRET": env_value("ANYMAIL_WEBHOOK_SECRET", "")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"no_personal_data": {"()": "doorstep.core.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_personal_data"]}},
    "root": {"handlers": ["console"], "level": env_value("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
