"""Samhandling settings, driven by the environment.

This module is the development and demo default (SQLite, DEBUG off unless asked for);
config/production.py tightens it for production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-for-the-demo-never-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The demo banner and the demo_data command depend on this; production turns it off.
DEMO_MODE = env_bool("DEMO_MODE", True)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mozilla_django_oidc",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks_db",
    "samhandling.core",
    "samhandling.accounts",
    "samhandling.organisations",
    "samhandling.audit",
    "samhandling.catalogue",
    "samhandling.plans",
    "samhandling.indicators",
    "samhandling.cases",
    "samhandling.collaboration",
    "samhandling.places",
    "samhandling.welfare",
    "samhandling.results",
    "samhandling.defectors",
]

MIDDLEWARE = [
    # Outermost: one log line per request, and a 503 page without the database during an outage.
    "samhandling.core.middleware.RequestLogMiddleware",
    "samhandling.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samhandling.core.middleware.SwedishFirstLocaleMiddleware",
    "samhandling.core.middleware.RefuseNullBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samhandling.accounts.middleware.SessionLifetimeMiddleware",
    "samhandling.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samhandling.core.middleware.NoStoreForAuthenticatedMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that the user is known: a form sent twice acts once (samhandling.core.idempotency).
    "samhandling.core.idempotency.IdempotencyMiddleware",
]
if env_bool("SAMHANDLING_URL_COVERAGE"):
    # Test runs record which URL patterns were requested (scripts/check_url_coverage.py).
    MIDDLEWARE.append("samhandling.core.testing.UrlCoverageMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samhandling.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'samhandling.sqlite3'}"),
        # Persistent connections: opening one per request cost more than the page's queries (bench/results/load-*).
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound on the server, so that psycopg prepares a statement after its fifth use on a
    # connection: planning the workload view's query cost twice its execution (bench/results/load-*).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets the web server and the worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "samhandling.accounts.backends.RoleBackend",
    "samhandling.accounts.oidc.CityOIDCBackend",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: 30 minutes idle (the cookie is renewed on every request), 10 hours in all
# (SessionLifetimeMiddleware), stored server-side so that logout really ends them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60
# The idle limit is renewed by samhandling.accounts.middleware.SessionLifetimeMiddleware once a minute of
# activity, not by a session write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_INTERVAL = timedelta(minutes=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=10)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lock-out after repeated failures, by username, whether or not the user exists.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP address as well would lock whole offices out: the city's staff share a few
# outgoing addresses. See docs/adr/0003-login-and-lockout.md.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_CALLABLE = "samhandling.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# OpenID Connect (the city's single sign-on); enabled when OIDC_OP_ISSUER is set.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", f"{OIDC_OP_ISSUER}/oauth2/authorize")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", f"{OIDC_OP_ISSUER}/oauth2/token")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", f"{OIDC_OP_ISSUER}/userinfo")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", f"{OIDC_OP_ISSUER}/jwks")
OIDC_RP_SCOPES = "openid profile email"
# Unknown subjects get an account without any membership, hence without any rights.
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/?sso=failed"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Serve static files straight from the source folders too, so tests need no collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "var" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security headers (HSTS and secure cookies are switched on in config/production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF, *([OIDC_OP_ISSUER] if OIDC_OP_ISSUER else [])],
    "frame-ancestors": [CSP.NONE],
}
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Background work: Django's task framework with the database backend and its worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The worker (core.worker, docs/adr/0006-reliable-background-work.md): each process beats every
# WORKER_HEARTBEAT_SECONDS; /healthz calls the worker stale after HEALTHZ_WORKER_STALE_SECONDS, and
# a task whose worker has not beaten for WORKER_STALE_SECONDS is run again by another worker.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))
HEALTHZ_WORKER_STALE_SECONDS = float(os.environ.get("HEALTHZ_WORKER_STALE_SECONDS", "15"))
WORKER_STALE_SECONDS = float(os.environ.get("WORKER_STALE_SECONDS", "60"))
WORKER_WRITE_RETRY_SECONDS = float(os.environ.get("WORKER_WRITE_RETRY_SECONDS", "120"))
HEALTHZ_MAX_TASK_WAIT_SECONDS = float(os.environ.get("HEALTHZ_MAX_TASK_WAIT_SECONDS", "600"))
# Transient failures (mail server, database, disk) are retried with exponential back-off:
# 15 s, 30 s, 1 min ... at most an hour apart, 8 attempts in all (about 1 h 4 min).
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "8"))
TASK_RETRY_BASE_SECONDS = float(os.environ.get("TASK_RETRY_BASE_SECONDS", "15"))
TASK_RETRY_MAX_SECONDS = float(os.environ.get("TASK_RETRY_MAX_SECONDS", "3600"))

# /metrics (Prometheus): a bearer token, or a direct request from these networks (docs/operations.md).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")

# E-mail: SMTP by default (EMAIL_HOST/EMAIL_PORT); `make run` writes the demo's mail to files in
# var/mail instead (EMAIL_BACKEND=...filebased.EmailBackend), since no mail server runs there.
EMAIL_BACKEND_PATH = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
elif EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "127.0.0.1"),
        "port": int(os.environ.get("EMAIL_PORT", "1025")),
        "timeout": 10,
    }
else:
    _mail_options = {}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samhandling <noreply@samhandling.stockholm.se>")
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samhandling API",
    "DESCRIPTION": "Samhandlings API, version 1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Application logs never carry personal data: no request bodies, no query strings, and
# the audit trail (not the log) records who looked at what.
# JSON lines (LOG_FORMAT=json, the default) for the log collector; LOG_FORMAT=text for people.
# samhandling.request writes one line per request, samhandling.worker one per task event.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query": {"()": "samhandling.core.logging.StripQueryStringFilter"}},
    "formatters": {
        "json": {"()": "samhandling.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["strip_query"],
            "formatter": os.environ.get("LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "axes": {"level": "ERROR"},
        # The request line has the status; the error line with its reference is samhandling.errors.
        "django.request": {"level": "CRITICAL"},
        "samhandling.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "samhandling.worker": {"level": "INFO"},
    },
}

FORM_RENDERER = "samhandling.core.forms.FKUIFormRenderer"

# Audit anchors: the worker appends the newest audit row's id and hash to this file every
# AUDIT_ANCHOR_SECONDS and e-mails it to the log reviewers (plus AUDIT_ANCHOR_EMAILS). In
# production the file lives on storage the database role cannot reach, made append-only
# (chattr +a) or write-once; audit_verify checks the log against its newest line by default.
AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE", str(BASE_DIR / "var" / "audit-anchors.jsonl"))
AUDIT_ANCHOR_SECONDS = int(os.environ.get("AUDIT_ANCHOR_SECONDS", "900"))
AUDIT_ANCHOR_EMAILS = [a.strip() for a in os.environ.get("AUDIT_ANCHOR_EMAILS", "").split(",") if a.strip()]

# SQLite (the demo) cannot enforce a UniqueConstraint with nulls_distinct=False; PostgreSQL, which
# production and the tests use, does (collaboration.ForumMember).
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "models.W047"]
