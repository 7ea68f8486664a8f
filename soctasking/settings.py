"""Settings for every installation, read from the environment.

SQLite under ``SOCTASKING_HOME`` unless ``SOCTASKING_DATABASE_URL`` names a
database; PostgreSQL is the production choice and passes the same suite.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from soctasking.lib.env import database_from_url, env_bool, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(env_str("SOCTASKING_HOME", "./var")).resolve()

DEBUG = env_bool("SOCTASKING_DEBUG", default=False)
SECRET_KEY = env_str("SOCTASKING_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("SOCTASKING_REQUIRE_SECRET_KEY", default=False):
        raise ImproperlyConfigured("SOCTASKING_SECRET_KEY must be set in production")
    # A per-installation key kept in the data directory, so a zero-set-up
    # install is still not running on a key published in this repository.
    key_file = HOME / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text(encoding="utf-8").strip()
    else:
        import secrets

        HOME.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        key_file.write_text(SECRET_KEY, encoding="utf-8")
        key_file.chmod(0o600)

ALLOWED_HOSTS = [
    h for h in env_str("SOCTASKING_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("SOCTASKING_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    # Django's admin, on a site that writes every change to the audit trail.
    "soctasking.audit.admin_app.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    # For the API documentation page's own copy of Swagger UI, served from
    # here rather than a CDN so the Content Security Policy can stay strict.
    "ninja",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "soctasking.accounts",
    "soctasking.audit",
    "soctasking.bodies",
    "soctasking.threats",
    "soctasking.intelligence",
    "soctasking.prioritisation",
    "soctasking.meetings",
    "soctasking.actions",
    "soctasking.governance",
    "soctasking.local_priorities",
    "soctasking.operations",
    "soctasking.referrals",
    "soctasking.assurance",
    "soctasking.performance",
    "soctasking.exchange",
    "soctasking.backup",
    "soctasking.search",
    "soctasking.timetable",
    "soctasking.themes",
    "soctasking.web",
    "soctasking.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an ended session is told why on the sign-in page.
    "soctasking.accounts.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A user cleared SECRET or above reaches no page before their second factor.
    "soctasking.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "soctasking.web.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "soctasking.urls"
WSGI_APPLICATION = "soctasking.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "soctasking.web.context_processors.navigation",
            ],
        },
    },
]

_database_url = env_str("SOCTASKING_DATABASE_URL", "")
if _database_url:
    _database = database_from_url(_database_url)
else:
    HOME.mkdir(parents=True, exist_ok=True)
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(HOME / "soctasking.sqlite3")}
if _database["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing mid-transaction.
    # synchronous=FULL syncs the log at every commit: a receipt is given only
    # for what survives a power cut, not merely a crash of the process.
    _database["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    # A connection per request costs milliseconds of PostgreSQL start-up;
    # keep each worker's open, checked before reuse.
    _database["CONN_MAX_AGE"] = env_int("SOCTASKING_DATABASE_CONN_SECONDS", default=300)
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}

# Each process keeps what it has worked out from the picture (the findings)
# until the picture changes; see soctasking.assurance.selectors.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "findings": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "findings",
        "OPTIONS": {"MAX_ENTRIES": 64},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes goes first: it refuses a locked-out username or address before
# any password is checked.
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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins are counted per username and, separately, per client
# address; either reaching the limit locks that username or address out for
# the cool-off period, whatever the password then given. A lockout that
# every further attempt prolonged would let anyone keep a colleague out for
# good, so attempts during a lockout are refused but not counted.
AXES_FAILURE_LIMIT = env_int("SOCTASKING_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SOCTASKING_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "soctasking.web.views.sign_in_locked_out"
# Never copied into django-axes' own records of the attempt.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken", "otp_token"]
# Unlocking is ``soctasking user unlock``, which is audited; deleting failure
# records in the admin would be an unlock that is not.
AXES_ENABLE_ADMIN = False
OTP_TOTP_ISSUER = "soctasking"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# A session lasts at most this long from signing in, however busy (also the
# cookie's lifetime), and ends sooner after this long without a request.
SESSION_COOKIE_AGE = env_int("SOCTASKING_SESSION_SECONDS", default=8 * 3600)
SOCTASKING_SESSION_IDLE_SECONDS = env_int("SOCTASKING_SESSION_IDLE_SECONDS", default=30 * 60)
# How long giving the password again is remembered before the next
# sensitive action asks for it once more.
SOCTASKING_REAUTHENTICATION_SECONDS = env_int("SOCTASKING_REAUTHENTICATION_SECONDS", default=5 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Production is served over HTTPS, directly or behind a proxy that says so
# in X-Forwarded-Proto: cookies are then Secure, plain HTTP is redirected,
# and browsers are told (HSTS) to use nothing else for a year.
HTTPS = env_bool("SOCTASKING_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS or env_bool("SOCTASKING_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("SOCTASKING_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only marks the header as eligible; joining browsers' preload lists is a
    # separate, deliberate step for whoever owns the domain.
    SECURE_HSTS_PRELOAD = True
    if env_bool("SOCTASKING_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Behind the proxy every request comes from the proxy's address: count
        # failures against the client it names, the last X-Forwarded-For hop.
        AXES_IPWARE_PROXY_COUNT = 1
        AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
# Static files are served from the installed package through WhiteNoise's
# finders; the folder only has to exist (``collectstatic`` may fill it).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = HOME / "files"
#: Reports generated in the background (the quarterly performance report's PDFs).
REPORTS_ROOT = HOME / "reports"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email goes to the console unless an SMTP server is named; the backend can
# still be chosen outright (Django's file backend, say) with its own setting.
EMAIL_HOST = env_str("SOCTASKING_SMTP_HOST", "")
EMAIL_PORT = env_int("SOCTASKING_SMTP_PORT", default=587)
EMAIL_HOST_USER = env_str("SOCTASKING_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("SOCTASKING_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SOCTASKING_SMTP_STARTTLS", default=True)
EMAIL_BACKEND = env_str(
    "SOCTASKING_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("SOCTASKING_EMAIL_FROM", "soctasking@localhost")
# Links in emails need the address users reach the service at.
SOCTASKING_BASE_URL = env_str("SOCTASKING_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A timetable row is reminded of this many days before it is due, and a miss
# is reminded of only while it is this recent.
SOCTASKING_REMINDER_DAYS = env_int("SOCTASKING_REMINDER_DAYS", default=7)
SOCTASKING_REMINDER_MISSED_DAYS = env_int("SOCTASKING_REMINDER_MISSED_DAYS", default=30)

# Bundles larger than this are refused before parsing; the spec's largest
# text is 5 MB a submission, so a gigabyte is far beyond any real picture.
SOCTASKING_MAX_BUNDLE_BYTES = env_int("SOCTASKING_MAX_BUNDLE_BYTES", default=1024**3)
# An uploaded file, what its archive may unpack to (DOCX, XLSX and ODT are zip
# files, and a zip bomb is a few kilobytes), and a batch of submissions as JSON.
# Far above any real assessment: the specification's largest text is 5 MB.
SOCTASKING_MAX_UPLOAD_BYTES = env_int("SOCTASKING_MAX_UPLOAD_BYTES", default=50 * 1024**2)
SOCTASKING_MAX_UNZIPPED_BYTES = env_int("SOCTASKING_MAX_UNZIPPED_BYTES", default=200 * 1024**2)
SOCTASKING_MAX_BATCH_BYTES = env_int("SOCTASKING_MAX_BATCH_BYTES", default=256 * 1024**2)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SOCTASKING_LOG_LEVEL", "WARNING")},
}
