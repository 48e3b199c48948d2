"""Settings for NPS Portal, read from environment variables (documented in .env.example)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from npsportal.sqlite import for_web_server

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# No default outside DEBUG: Django refuses an empty SECRET_KEY wherever it is used (sessions,
# CSRF, signing) and npsportal/wsgi.py refuses to serve without one, while commands that need no
# secret (check, makemigrations) still run on a newcomer's machine.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # nosec B105 # DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "npsportal",
    "assessments",
    "casestudies",
    "strategies",
]

MIDDLEWARE = [
    # The security headers first, so that every response carries them: static files (WhiteNoise
    # answers them itself) and the early refusals below included.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Oversized bodies (413, unread) and NUL bytes (400) never reach a view or the database.
    "npsportal.middleware.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Past capacity, the busy page (503) for requests that waited too long for a thread; static
    # files (cheap, and the busy page's own style) are still served.
    "npsportal.middleware.BusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Cache-Control: no-store on everything sent to a signed-in session.
    "npsportal.middleware.NoStoreMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before the login requirement: until their second factor, people who must use one are
    # anonymous, and pages that need signing in send them to the code page, not the sign-in page.
    "npsportal.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the final response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "npsportal.urls"
WSGI_APPLICATION = "npsportal.wsgi.application"

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
                "npsportal.context_processors.portal",
            ],
            "builtins": [
                "npsportal.templatetags.portal",
                "rules.templatetags.rules",
                "crispy_forms.templatetags.crispy_forms_tags",
            ],
        },
    },
]

# An SQLite file in the project is the embedded default; production sets a PostgreSQL URL.
# Without DATABASE_URL, an SQLite file, set up for several requests at once (npsportal/sqlite.py).
DATABASES = {
    "default": for_web_server(
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    )
}
# Behind PgBouncer in transaction mode (README, "Capacity and overload"), a cursor cannot outlive
# its transaction: streamed exports then fetch in chunks without a server-side cursor.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_BEHIND_PGBOUNCER")
# On PostgreSQL the reads every page makes run as statements prepared once per connection
# (npsportal/compiled.py); PgBouncer in transaction mode would hand them to other connections.
DATABASE_PREPARED_STATEMENTS = not env_bool("DATABASE_BEHIND_PGBOUNCER")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "npsportal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "npsportal.backends.EmailPasswordBackend",
]
# Argon2 (Django's recommendation) for new passwords; PBKDF2 hashes from before still verify
# and Django rewrites them as Argon2 at each person's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after 30 minutes without a request, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed sign-ins: five wrong passwords for one account from one address lock that account
# from that address for 30 minutes, so a stranger elsewhere can lock out only themselves; and one
# address may get at most AXES_FAILURE_LIMIT_PER_ADDRESS wrong in that time, whichever accounts
# it tries (high enough for a council office behind one NAT address). The address is counted in
# one spelling (npsportal.models.normalise_email), whatever capitals are typed.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("AXES_FAILURE_LIMIT_PER_ADDRESS", "50"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "npsportal.backends.lockout_username"
AXES_HANDLER = "npsportal.backends.LockoutHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password reset emails one account may be sent in an hour; the page looks the same either way.
PASSWORD_RESET_EMAILS_PER_HOUR = int(os.environ.get("PASSWORD_RESET_EMAILS_PER_HOUR", "3"))

# Two-factor sign-in (django-otp): council and LGA staff accounts confirm a code from an
# authenticator app. Demo accounts (*.example.org) may skip it, but only while DEBUG is on.
OTP_TOTP_ISSUER = "NPS Portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
TWO_FACTOR_DEMO_SKIP = env_bool("TWO_FACTOR_DEMO_SKIP", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:ia"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Only the fonts and images of govuk-frontend; its script is copied into static/build/.
    ("govuk/assets", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production; tests set STATICFILES_BACKEND to the plain storage
    # because the test live server serves static files from their sources.
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# govuk-frontend ships source maps for some files and not others.
WHITENOISE_MANIFEST_STRICT = False

# Uploaded files live outside the web root and are only served through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
# A request body declaring more than this (one 10 MB file and the form around it) is refused
# with 413 before it is read (npsportal.middleware.RequestGuardMiddleware). Cap it in front of
# the portal too (nginx: client_max_body_size 12m).
# Past capacity: a request that waited longer than this for one of gunicorn's threads gets the
# "service busy" page (HTTP 503, try again after BUSY_RETRY_AFTER_SECONDS) instead of a slow
# answer or a reset connection. Measured with `make load` (README, "Capacity and overload").
BUSY_AFTER_SECONDS = float(os.environ.get("BUSY_AFTER_SECONDS", "0.25"))
BUSY_RETRY_AFTER_SECONDS = int(os.environ.get("BUSY_RETRY_AFTER_SECONDS", "30"))
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(12 * 1024 * 1024)))

# Finished PDF reports are kept under a hash of their HTML (assessments/dashboards/reports.py),
# for a day: in a folder every app server process shares when REPORT_CACHE_DIR is set, else in
# each process's memory. The folder holds council data: keep it beside MEDIA_ROOT, not in the web
# root.
REPORT_CACHE_DIR = os.environ.get("REPORT_CACHE_DIR", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Each person's header and navigation (templates/base.html), small and many: kept apart so
    # they never push the dashboards' and task lists' parts out of "default" (300 entries).
    "chrome": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "chrome",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Whole pages kept for the person who asked (npsportal/kept_pages.py), ~30 KB each.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    "reports": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache"
        if REPORT_CACHE_DIR
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": REPORT_CACHE_DIR or "reports",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 2000 if REPORT_CACHE_DIR else 200},
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
# Background work (emails, reminders, report layout, bulk jobs) runs on django-tasks' database
# queue, drained by `manage.py db_worker` processes on any number of machines. Tests and anyone
# who wants tasks run inside the request use django_tasks.backends.immediate.ImmediateBackend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A failed email is tried again after each of these waits (seconds), then kept, marked as given
# up, for LGA staff to send again from the back office: never dropped.
EMAIL_RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60, 12 * 60 * 60)

DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "NPS Portal <no-reply@nps-portal.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers; the HTTPS ones switch on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy: only the portal's own files run or style a page, so injected markup
# cannot execute; no inline script or style anywhere (charts use SVG attributes, not style=).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Days an invitation's link works (npsportal.teams); re-sending it gives a new link for as long.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))

# The portal's address as people reach it, for links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The client's address (rate limits, the sign-in lockout, the audit log; npsportal.audit.client_ip)
# is REMOTE_ADDR unless proxies stand in front: AUDIT_TRUSTED_PROXY_COUNT is how many, each
# appending to X-Forwarded-For; only the entries they added are believed, never the visitor's own.
# AUDIT_TRUST_X_FORWARDED_FOR=true, the older setting, means one proxy.
AUDIT_TRUSTED_PROXY_COUNT = int(os.environ.get("AUDIT_TRUSTED_PROXY_COUNT", "0"))
AUDIT_TRUST_X_FORWARDED_FOR = env_bool("AUDIT_TRUST_X_FORWARDED_FOR")
# django-axes would otherwise ask django-ipware itself, which believes the visitor's first entry.
AXES_CLIENT_IP_CALLABLE = "npsportal.audit.client_ip"

# Days after a consultation's outcome is published before respondents' personal data is removed
# (`manage.py anonymise_consultation_responses`, run daily). The privacy page states the period.
CONSULTATION_RETENTION_DAYS = int(os.environ.get("CONSULTATION_RETENTION_DAYS", "365"))
# Responses one address may send a consultation in an hour (a council office shares one address).
STRATEGIES_RESPONSES_PER_IP_PER_HOUR = int(
    os.environ.get("STRATEGIES_RESPONSES_PER_IP_PER_HOUR", "20")
)

# The read API (/api/v1/, issue 19): personal access tokens, the apps' rules, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["npsportal.api.authentication.AccessTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["npsportal.api.permissions.HasPortalPermission"],
    "DEFAULT_PAGINATION_CLASS": "npsportal.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "npsportal.api.throttling.AnonymousThrottle",
        "npsportal.api.throttling.PersonThrottle",
    ],
    # Requests per address without a token, and per person with one.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANONYMOUS", "60/minute"),
        "user": os.environ.get("API_THROTTLE_PER_PERSON", "600/minute"),
    },
    "EXCEPTION_HANDLER": "npsportal.api.exceptions.handle_exception",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NPS Portal API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Read-only access to the NPS Portal's data. Public endpoints (frameworks, published case "
        "studies, strategies and consultations) need no token. For a council's assessments, or "
        "LGA staff's national data, create a personal access token in the portal (API access "
        "tokens, in the header) and send it as `Authorization: Bearer <token>`. The same rules "
        "apply as on the pages. Lists come 50 a page (`page`, and `page_size` up to 200)."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets several fields share, each named once in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "ActionStatusEnum": "assessments.models.Action.Status",
        "LevelEnum": "assessments.models.Level",
        "CaseStudyStatusEnum": "casestudies.models.CaseStudy.Status",
        "StrategyStatusEnum": "strategies.models.CategoryStrategy.Status",
    },
}
# Days a new access token may last, as offered on its form.
API_TOKEN_LIFETIMES = (30, 90, 365)

SERVICE_NAME = "NPS Portal"
SERVICE_PHASE = os.environ.get("SERVICE_PHASE", "beta")
FEEDBACK_EMAIL = os.environ.get("FEEDBACK_EMAIL", "nps-portal@lga.example.org")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
