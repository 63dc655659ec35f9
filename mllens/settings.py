"""Settings for mllens, read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

from corsheaders.defaults import default_headers

from mllens.env import (
    ConfigError,
    cache_from_redis_url,
    database_from_url,
    email_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_proxy_ssl_header,
    env_rate,
    env_site_url,
    env_str,
    env_trusted_proxies,
    redis_database_url,
    redis_url,
)
from mllens.oidc_env import allauth_apps, group_teams, oidc_providers

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY", "required when DEBUG is off (set a long random string)")
    # A fixed, obviously unsafe key: sessions survive restarts in development,
    # and nothing random hides a missing key in production.
    SECRET_KEY = "django-insecure-mllens-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "mllens.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "mllens.apps.MllensConfig",
    "catalog",
    "reviews",
    "people",
    # django-allauth (README, "People and sign-in"): sign-up, e-mail verification, password
    # reset, OpenID Connect single sign-on and the TOTP second factor.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # High up, so that every answer under /api/v1/ (refusals too) carries the CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "mllens.request_checks.RejectNulMiddleware",
    "mllens.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mllens.api.routes.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Dates on pages in the person's time zone (their profile's), from the session.
    "people.middleware.TimeZoneMiddleware",
    "people.sso.PasswordLoginOffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mllens.api.throttling.RateLimitHeadersMiddleware",
    "mllens.api.versions.DeprecationMiddleware",
    # After authentication: keys are per user (mllens.api.idempotency).
    "mllens.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "mllens.urls"
WSGI_APPLICATION = "mllens.wsgi.application"
ASGI_APPLICATION = "mllens.asgi.application"

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
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------

DATA_DIR = env_path("MLLENS_DATA_DIR", BASE_DIR / "var")
_database_url = env_str("DATABASE_URL")
if _database_url:
    _database = database_from_url("DATABASE_URL", _database_url)
else:
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "mllens.sqlite3",
        # A file, not memory, so a worker process in the tests sees the same data;
        # one per test process, so parallel runs do not share it.
        "TEST": {"NAME": DATA_DIR / f"test-{os.getpid()}.sqlite3"},
    }
    DATA_DIR.mkdir(parents=True, exist_ok=True)
_database["ATOMIC_REQUESTS"] = False
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Static and media -------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Auth -------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Sign-in failures per username and address before further attempts wait (mllens/login_limits.py).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)

# Password sign-in goes through these; PASSWORD_LOGIN=false turns it off (people.backends).
AUTHENTICATION_BACKENDS = [
    "people.backends.PasswordBackend",
    "people.backends.AllauthPasswordBackend",
]

# --- People and sign-in (README, "People and sign-in") -------------------------

# Who may create an account: closed (staff only), invite (through an invitation), domain
# (anyone with a verified address in SIGNUP_DOMAINS), open (anyone with a verified address).
SIGNUP = env_choice("SIGNUP", ("closed", "invite", "domain", "open"), "invite")
SIGNUP_DOMAINS = frozenset(d.lower().lstrip("@") for d in env_list("SIGNUP_DOMAINS", []))
if SIGNUP == "domain" and not SIGNUP_DOMAINS:
    raise ConfigError("SIGNUP_DOMAINS", "SIGNUP=domain needs at least one domain (example.org)")

# Days an invitation link stays valid; a re-send starts the count again.
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 7)
if INVITATION_TTL_DAYS < 1:
    raise ConfigError("INVITATION_TTL_DAYS", "expected a number of days, at least 1")

# Where people reach mllens: the base of every link in a mail.
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000")

# Mail: EMAIL_URL names the transport (smtp://user:pass@host:587?tls=true). Unset, mails are
# printed to the log (console:), which is what `make run` wants; in production the system
# check mllens.W002 warns that nobody receives them.
EMAIL_URL = env_str("EMAIL_URL") or ""
_email = email_from_url("EMAIL_URL", EMAIL_URL or "console:")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "mllens <mllens@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail the server refused or could not take is tried again by its Celery task after this
# many seconds, doubling each time (MAIL_RETRIES times at most, about 2 hours in all).
MAIL_RETRY_DELAY = env_int("MAIL_RETRY_DELAY", 60)
MAIL_RETRIES = env_int("MAIL_RETRIES", 7)

# django-allauth: usernames sign in (as on /login/); e-mail addresses are unique and verified.
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_FORMS = {"reset_password": "people.forms.LimitedResetPasswordForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Self sign-up needs a verified address before the account may sign in; invitations verify the
# address they were sent to; a changed address is verified before it replaces the old one.
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if SIGNUP in ("domain", "open") else "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[mllens] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_URL.partition(":")[0]
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_PRESERVE_USERNAME_CASING = True
# A reset asked for an address without an account mails nobody (the page reads the same).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False

# Single sign-on with OpenID Connect (mllens/oidc_env.py; README, "People and sign-in"):
# one or more providers, each a button on the sign-in page. Users are matched by a verified
# e-mail address or created under SIGNUP; OIDC_GROUPS_CLAIM names the claim whose groups give
# team memberships (OIDC_GROUP_TEAMS maps group names to team names; unmapped groups join
# the team of the same name, if there is one).
OIDC_PROVIDERS = oidc_providers("OIDC_PROVIDERS")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM") or ""
OIDC_GROUP_TEAMS = group_teams("OIDC_GROUP_TEAMS")
# false: no one signs in with a password (the page, the admin, the token endpoint, allauth),
# and password reset is off; people sign in with single sign-on only.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", default=True)
if not PASSWORD_LOGIN and not OIDC_PROVIDERS:
    raise ConfigError("PASSWORD_LOGIN", "false needs at least one provider in OIDC_PROVIDERS")
SOCIALACCOUNT_PROVIDERS = allauth_apps(OIDC_PROVIDERS)
SOCIALACCOUNT_ADAPTER = "people.sso.SocialAccountAdapter"
# An account whose verified address the provider vouches for is signed in (and connected);
# a new person is created without a form (their username from the provider's claims).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ONLY = not PASSWORD_LOGIN
# The second factor (allauth.mfa): TOTP codes, with recovery codes to get back in.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "mllens"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Sent on HTTPS responses only (SecurityMiddleware); 0 turns it off.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)

# Behind a reverse proxy (README, "Behind a proxy"): which hops may say who the client is
# (X-Forwarded-For, read by mllens.addresses), and which header says the request was HTTPS.
# Neither is trusted unless configured: anyone can send those headers.
TRUSTED_PROXIES = env_trusted_proxies("TRUSTED_PROXIES")
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- API --------------------------------------------------------------------

REST_FRAMEWORK = {
    # Token first: its challenge makes a missing or bad credential a 401 with
    # `WWW-Authenticate: Token` (session first would make it a 403 without one). A signed-in
    # browser's failed CSRF check stays a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mllens.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "mllens.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Stock DRF throttles read X-Forwarded-For only through counted trusted hops; ours use
    # mllens.addresses.client_address (which also understands networks).
    "NUM_PROXIES": TRUSTED_PROXIES if isinstance(TRUSTED_PROXIES, int) else 0,
    "DEFAULT_THROTTLE_CLASSES": ["mllens.api.throttling.ApiRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "mllens.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "mllens.api.query.AutoSchema",
    "EXCEPTION_HANDLER": "mllens.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # `format` is ours (export formats), not DRF's renderer override.
    "URL_FORMAT_OVERRIDE": None,
}

# --- API rate limit and CORS ---------------------------------------------------

# Each signed-in user's (so each token's) API calls per sliding window; `off` disables it.
# Answers carry RateLimit-Limit/-Remaining/-Reset; over the limit: 429 THROTTLED, Retry-After.
API_RATE_LIMIT = env_rate("API_RATE_LIMIT", "5000/hour")

# Cross-origin calls to /api/v1/ from these origins only (scheme://host[:port], comma-separated);
# none by default. Token authentication only: cookies are never sent cross-origin.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = [
    "API-Version",
    "Content-Disposition",
    "Deprecation",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
    "Sunset",
    "WWW-Authenticate",
    "X-Export-Warnings",
]
CORS_PREFLIGHT_MAX_AGE = 3600
CORS_ALLOW_HEADERS = [*default_headers, "api-version"]

# Where deprecated answers' `Link: <...>; rel="deprecation"` points: the README's policy.
API_DEPRECATION_POLICY_URL = env_str("API_DEPRECATION_POLICY_URL", "README.md#deprecation-policy")

SPECTACULAR_SETTINGS = {
    "TITLE": "mllens API",
    "DESCRIPTION": "Well-Architected reviews centred on the Machine Learning Lens.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts them as links inside each operation's button (nested
    # interactive controls, WCAG 4.1.2); static/css/api-docs.css mends its colours.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets used by several components (answers as read and as imported, items as
    # tracked and as imported) get one named enum each.
    "ENUM_NAME_OVERRIDES": {
        "RiskEnum": "catalog.choices.Risk",
        "RoleEnum": "reviews.choices.Role",
        "TeamRoleEnum": "reviews.models.workload.TeamRole",
        "ItemStatusEnum": "reviews.choices.ItemStatus",
        "ChoiceStatusEnum": "reviews.choices.ChoiceStatus",
        "ThreadStatusEnum": "reviews.choices.ThreadStatus",
        "ErrorCodeEnum": "mllens.api.error_codes.ERROR_CODES",
        "ResourceTypeEnum": "catalog.api.lens_file.RESOURCE_TYPES",
        "SkipReasonEnum": "reviews.choices.SkipReason",
        "ReasonEnum": "reviews.choices.NotApplicableReason",
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Scripts send JSON; the browser's plain form posts (still accepted) are not an API contract.
    # Endpoints that take a file upload declare multipart themselves.
    "PARSER_WHITELIST": ["mllens.api.parsers.JSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mllens.api.schema.declare_common_errors",
        "mllens.api.schema_headers.declare_convention_headers",
        "mllens.api.operations.describe_operations",
        "mllens.api.examples.attach_examples",
    ],
}

# --- Celery -----------------------------------------------------------------

# One Redis, three databases (README, "Redis databases"): REDIS_URL's database N holds the
# broker's queues, N+1 task results, N+2 the cache, so clearing the cache never drops a queued
# task. Each can point elsewhere with its own variable.
REDIS_URL = redis_url("REDIS_URL")
REDIS_BROKER_URL = redis_url("REDIS_BROKER_URL") or (
    REDIS_URL and redis_database_url("REDIS_URL", REDIS_URL, 0)
)
REDIS_RESULT_URL = redis_url("REDIS_RESULT_URL") or (
    REDIS_URL and redis_database_url("REDIS_URL", REDIS_URL, 1)
)
REDIS_CACHE_URL = redis_url("REDIS_CACHE_URL") or (
    REDIS_URL and redis_database_url("REDIS_URL", REDIS_URL, 2)
)
CELERY_BROKER_URL = REDIS_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_RESULT_URL or None
# Without a broker the demo still works: tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = REDIS_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
# A report queued longer than this lost its message (a broker restart): it is failed, so it
# can be retried or requested again, instead of staying "queued" forever.
REPORT_QUEUE_TIMEOUT = env_int("REPORT_QUEUE_TIMEOUT", 30 * 60)
# Queued + running report jobs one user may have at a time (more: 429 TOO_MANY_REPORTS), so
# no one can fill the queue and starve everyone else's reports.
REPORT_JOBS_PER_USER = env_int("REPORT_JOBS_PER_USER", 5)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_IMPORTS = ["mllens.tasks"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "visibility_timeout": 3600}

# --- Workload import -----------------------------------------------------------
# A workload document larger than this (bytes of the request body), or with more entries in
# its members, reviews, answers and improvement items together, is refused with 400 LIMIT
# before anything is validated. An ML Lens review with every answer note at 10,000
# characters is about 330 KB; fully answered and tracked it has under 150 entries (35
# answers, at most 105 items). Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB) also applies.
WORKLOAD_IMPORT_MAX_BYTES = env_int("WORKLOAD_IMPORT_MAX_BYTES", 2_000_000)
WORKLOAD_IMPORT_MAX_ITEMS = env_int("WORKLOAD_IMPORT_MAX_ITEMS", 2_000)

# --- Cache --------------------------------------------------------------------

# Throttling and sign-in failure counters: Redis when configured (shared by every web
# process, failing open when Redis is down), else this process's memory.
CACHES = {"default": cache_from_redis_url(REDIS_CACHE_URL)}

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO") or "INFO"},
}
