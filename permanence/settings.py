"""Settings of Permanence: one file, every value from the environment (see .env.example)."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from permanence.core.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PERMANENCE_VAR_DIR", str(BASE_DIR / "var")))

TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
# Development default (as in healthchecks): production sets DEBUG=0, then every secret is required.
DEBUG = env_bool("DEBUG", default=True)
# Demo mode: banner on every page, MFA not enforced, demo accounts allowed. Never in production.
PERMANENCE_DEMO = env_bool("PERMANENCE_DEMO", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

# The public address of the site, for links in e-mails (no trailing slash).
PERMANENCE_BASE_URL = env_str("PERMANENCE_BASE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "permanence.core",
    "permanence.audit",
    "permanence.orgs",
    "permanence.accounts",
    "permanence.directory",
    "permanence.cases",
    "permanence.helpline",
    "permanence.inbox",
    "permanence.notifications",
    "permanence.reception",
    "permanence.booking",
    "permanence.deadlines",
    "permanence.stats",
    "permanence.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks_db",
]
if TESTING:
    INSTALLED_APPS.append("permanence.core.tests.testapp")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Above locale and common middleware, so that their redirects get the headers too.
    "permanence.core.middleware.PrivacyHeadersMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "permanence.accounts.middleware.SessionLifetimeMiddleware",
    "permanence.accounts.middleware.MfaRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG and not TESTING:
    # Static files served by the application server itself (compressed, cached forever).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "permanence.urls"
WSGI_APPLICATION = "permanence.wsgi.application"
# Django's form renderer, with selects written in Python (permanence/core/renderers.py).
FORM_RENDERER = "permanence.core.renderers.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "permanence" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "permanence.core.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite in var/ by default (WAL mode), PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'permanence.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: in-process by default (public directory pages); several servers may share one with
# CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache and CACHE_LOCATION=<table name>.
CACHES = {
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("CACHE_LOCATION", "permanence"),
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000, minimum=10)},
    }
}

# --- Background tasks (Django's tasks API, stored in the database, run by `manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if TESTING:
    # Tests see what was enqueued and run tasks themselves (`task.call(...)`).
    TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
# SMS: a dotted path to an SmsGateway subclass (docs/notifications.md).
PERMANENCE_SMS_GATEWAY = env_str(
    "PERMANENCE_SMS_GATEWAY", "permanence.notifications.gateways.OutboxLogGateway"
)

# --- Encryption at rest. Keys never derive from SECRET_KEY.
from permanence.core.lib import crypto  # noqa: E402  (needs django.conf-free import only)


def _development_key(name: str) -> str:
    """A random key kept in var/ so that a developer's data survives restarts."""
    path = VAR_DIR / "dev-keys" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(crypto.generate_key_text(), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


_data_keys = env_str("PERMANENCE_DATA_KEYS")
_index_key = env_str("PERMANENCE_INDEX_KEY")
if TESTING:
    _data_keys = _data_keys or "test1:" + "A" * 43 + "="
    _index_key = _index_key or "B" * 43 + "="
elif DEBUG:
    _data_keys = _data_keys or "dev1:" + _development_key("data-key")
    _index_key = _index_key or _development_key("index-key")
elif not (_data_keys and _index_key):
    raise ImproperlyConfigured(
        "PERMANENCE_DATA_KEYS and PERMANENCE_INDEX_KEY (or their _FILE variants) must be set "
        "when DEBUG is off. See .env.example."
    )
PERMANENCE_DATA_KEYS = crypto.parse_data_keys(_data_keys)
PERMANENCE_INDEX_KEY = crypto.parse_index_key(_index_key)
PERMANENCE_PRIVATE_MEDIA_ROOT = Path(
    env_str("PERMANENCE_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"))
)
if TESTING and "PERMANENCE_PRIVATE_MEDIA_ROOT" not in os.environ:
    import tempfile

    # Tests never write documents into var/ (each run gets a throwaway folder).
    PERMANENCE_PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="permanence-test-media-"))

# --- Accounts, sign-in and MFA.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "permanence.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("PERMANENCE_REAUTH_SECONDS", 300, minimum=30)
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_PASSWORD_MIN_LENGTH = 12
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Permanence"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# django-axes: lock an account+address pair after repeated failures, with a cool-off.
AXES_FAILURE_LIMIT = env_int("PERMANENCE_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PERMANENCE_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "permanence.accounts.lockout.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("PERMANENCE_LOCKOUT_ENABLED", True)

# Sessions: an inactivity timeout and an absolute lifetime, both enforced by middleware.
PERMANENCE_IDLE_TIMEOUT = env_int("PERMANENCE_IDLE_MINUTES", 30, minimum=1) * 60
PERMANENCE_SESSION_LIFETIME = env_int("PERMANENCE_SESSION_HOURS", 12, minimum=1) * 3600

# How long personal data outside the case files is kept (`manage.py retention`, docs/retention.md):
# the first names and notes of arrivals at a desk, the requests answered or closed, the text and
# address of the messages sent.
PERMANENCE_KEEP_ARRIVALS_DAYS = env_int("PERMANENCE_KEEP_ARRIVALS_DAYS", 90, minimum=1)
PERMANENCE_KEEP_CALL_BACKS_DAYS = env_int("PERMANENCE_KEEP_CALL_BACKS_DAYS", 365, minimum=1)
PERMANENCE_KEEP_REQUESTS_DAYS = env_int("PERMANENCE_KEEP_REQUESTS_DAYS", 365, minimum=1)
PERMANENCE_KEEP_MESSAGES_DAYS = env_int("PERMANENCE_KEEP_MESSAGES_DAYS", 90, minimum=1)
# The task worker runs the retention every night on its own (core.tasks.retention_daily); 0 when
# cron or a systemd timer runs `manage.py retention` instead (running both is harmless).
PERMANENCE_RETENTION_DAILY = env_bool("PERMANENCE_RETENTION_DAILY", True)
SESSION_COOKIE_AGE = PERMANENCE_SESSION_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole domain to HTTPS for years: an association's choice, off
        # by default, so Django's reminder about it is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Public booking: online bookings accepted per connection (IP address) per hour. Residents of a
# shelter, or an association booking for the people it helps, share one address.
PERMANENCE_BOOKING_PER_ADDRESS = env_int("PERMANENCE_BOOKING_PER_ADDRESS", 10, minimum=1)

# --- Languages: French first; Arabic, Dari and Pashto are written right to left.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("es", "Español"),
    ("tr", "Türkçe"),
    ("fa-af", "دری"),
    ("ps", "پښتو"),
    ("ti", "ትግርኛ"),
    ("ru", "Русский"),
    ("uk", "Українська"),
]
LANGUAGES_BIDI = ["ar", "fa-af", "ps", "he", "fa", "ur"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day before month and a 24-hour clock in every language (permanence/formats/__init__.py says why).
FORMAT_MODULE_PATH = ["permanence.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files (htmx is vendored; nothing is ever loaded from a third party).
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Uploads stay in memory (never written unencrypted to a temporary file); requests are capped.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 21 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 21 * 1024 * 1024

# --- E-mail (Django 6.1 mailers). The environment keeps the familiar EMAIL_* names.
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_email_options = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25, minimum=1),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
    }
    if _email_options["use_tls"] and _email_options["use_ssl"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Permanence <permanence@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logs never contain personal data: only ids, actions and errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}
