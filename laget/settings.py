"""Läget's settings. Every environment variable is declared in the block below.

Production configuration is documented in docs/deployment.md.
"""

from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet as xstatic_leaflet
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from laget.env import env_bool, env_int, env_list, env_str, persistent_secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

# --- Environment ---------------------------------------------------------------------------
VAR_DIR = Path(env_str("LAGET_VAR_DIR", str(PROJECT_DIR / "var")))
DEBUG = env_bool("LAGET_DEBUG", False)
SECRET_KEY = persistent_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("LAGET_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("LAGET_CSRF_TRUSTED_ORIGINS", [])
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'laget.sqlite3'}")
SITE_URL = env_str("LAGET_SITE_URL", "http://127.0.0.1:8000")
REQUIRE_2FA = env_bool("LAGET_REQUIRE_2FA", True)
SECURE_COOKIES = env_bool("LAGET_SECURE_COOKIES", not DEBUG)
HSTS_SECONDS = env_int("LAGET_HSTS_SECONDS", 0)
EMAIL_BACKEND_NAME = env_str("LAGET_EMAIL_BACKEND", "console" if DEBUG else "smtp")
EMAIL_HOST = env_str("LAGET_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LAGET_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("LAGET_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("LAGET_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("LAGET_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("LAGET_EMAIL_FROM", "laget@localhost")
TASK_BACKEND = env_str("LAGET_TASK_BACKEND", "database")
REDIS_URL = env_str("LAGET_REDIS_URL", "redis://127.0.0.1:6379/0")
OIDC_RP_CLIENT_ID = env_str("LAGET_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("LAGET_OIDC_CLIENT_SECRET")
OIDC_ISSUER = env_str("LAGET_OIDC_ISSUER")
MAP_TILE_URL = env_str("LAGET_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
LOGIN_FAILURE_LIMIT = env_int("LAGET_LOGIN_FAILURE_LIMIT", 5)
# 0: seal audit entries in the request, after its commit; > 0: a thread per process seals them
# at most this many milliseconds after the commit, many at a time (docs/deployment.md).
AUDIT_SEAL_DELAY_MS = env_int("LAGET_AUDIT_SEAL_DELAY_MS", 0)
# issue 5: tips – the shared cache (rate limits of anonymous tips) and the limits themselves.
CACHE_URL = env_str("LAGET_CACHE_URL")  # e.g. redis://127.0.0.1:6379/1; empty: local memory
# "count/seconds" pairs, comma-separated: every window must hold (docs/deployment.md).
TIPS_RATE_LIMITS = [
    tuple(int(part) for part in item.split("/", 1))
    for item in env_list("LAGET_TIPS_RATE_LIMIT", ["10/600", "30/86400"])
]
# --------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # Läget's apps, in the order of the cycle (docs/architecture.md).
    "laget.core",
    "laget.accounts",
    "laget.audit",
    "laget.geography",
    "laget.organisations",
    "laget.reporting",
    "laget.situation",
    "laget.planning",
    "laget.jobs",
    "laget.annual",
    "laget.agreements",
    "laget.dialogues",
    "laget.surveys",
    "laget.promises",
    "laget.tips",
    "laget.public",
    "laget.stats",
    "laget.regional",
    "laget.programmes",
    "laget.experience",
    "laget.api",
    "laget.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "laget.accounts.middleware.RequireTwoFactorMiddleware",
    "laget.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "laget.urls"
WSGI_APPLICATION = "laget.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "laget.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=60,
        # Behind a transaction-mode pooler (PgBouncer): no server-side cursors and no prepared
        # statements (laget/api/prepared.py), which such a pooler cannot keep.
        disable_server_side_cursors=env_bool("LAGET_DB_TRANSACTION_POOLER", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("laget.accounts.oidc.LagetOIDCBackend")
    INSTALLED_APPS.append("mozilla_django_oidc")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("LAGET_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("LAGET_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("LAGET_OIDC_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("LAGET_OIDC_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("LAGET_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False  # people get access through memberships made by an administrator

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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Läget"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Leaflet comes from the XStatic-Leaflet package installed at set-up (never committed).
STATICFILES_DIRS = [("leaflet", xstatic_leaflet.BASE_DIR)]
MEDIA_ROOT = VAR_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail (password reset and notifications).
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}.get(EMAIL_BACKEND_NAME, EMAIL_BACKEND_NAME)

# issue 5: tips – a shared cache for rate limits when several processes serve the site.
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: Django's tasks framework; database queue by default, Redis (RQ) at scale.
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "rq": "django_tasks_rq.RQBackend",
        }.get(TASK_BACKEND, TASK_BACKEND)
    }
}
if TASK_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

# Security headers.
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = HSTS_SECONDS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL.startswith("http") else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_tile_origin] if _tile_origin else [])],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF, *([OIDC_ISSUER] if OIDC_ISSUER else [])],
    }
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LAGET_LOG_LEVEL", "WARNING")},
}
