"""One settings module for every environment, read from the environment.

The defaults give a working local site with nothing to install: SQLite, and a Celery
broker on kombu's filesystem transport (a real worker, no server). Production sets
DJANGO_DEBUG=False and provides secrets, DATABASE_URL and CELERY_BROKER_URL.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    # No fallback: a production site without its own secret must not start.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "import_export",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    # Single sign-on (OpenID Connect) through django-allauth; talent/sso.py decides who.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Optional: a mail provider's API and its delivery reports (MAIL_PROVIDER).
    "anymail",
    "talent",
    "assessments",
    "api",
]

MIDDLEWARE = [
    # First, so every response (redirects and refusals too) names its request's id.
    "config.request_ids.middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends the session of a login that may no longer be used (a leaver; talent/accounts.py).
    "talent.middleware.ActiveAccountMiddleware",
    # Idle timeout per role and an absolute lifetime (talent/middleware.py).
    "talent.middleware.SessionLimitMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A second factor before any page, for HR, bank admins, superusers (talent/mfa.py).
    "talent.middleware.MfaMiddleware",
    # Around LoginRequiredMiddleware: turns its redirect to the login page, for an htmx
    # request, into an HX-Redirect of the whole page (talent/middleware.py).
    "talent.middleware.HtmxLoginRedirectMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "talent.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "talent.context_processors.roles",
            ],
        },
    },
]

# SQLite by default (no server to install); DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # A busy timeout and immediate transactions keep the web process and the worker
    # from failing each other with "database is locked" on the local default.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests get a file, not Django's in-memory default: the worker tests start a real
    # Celery worker, another process, which must see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    VAR_DIR.mkdir(exist_ok=True)

# A PostgreSQL read replica (streaming replication) for the heavy reads: dashboards,
# people pages and exports read results and the organisation from it; every write and
# everything else stays on the primary (config/db_router.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].update(
        {k: DATABASES["default"][k] for k in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")
         if k in DATABASES["default"]})
    # Tests run against one database: the replica mirrors it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "talent.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first so that a locked-out account is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, also refusing a login whose employee left (talent/backends.py).
    "talent.backends.AccountBackend",
]

# Argon2 first; older hashes still check and are re-hashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# A password reset link works once, for this long; an invitation to set the password of
# a new login (talent/invitations.py) for LOGIN_INVITATION_DAYS.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_HOURS", default=2) * 3600
LOGIN_INVITATION_DAYS = env.int("LOGIN_INVITATION_DAYS", default=7)
# Reset emails to one address per hour, at most (the form answers the same regardless).
PASSWORD_RESET_PER_HOUR = env.int("PASSWORD_RESET_PER_HOUR", default=3)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: an idle timeout, short for the roles that see everyone's results (HR, bank
# admins, superusers), a working day for everyone else; and an absolute lifetime after
# which everybody signs in again (also the cookie's age). talent/middleware.py.
SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=30)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=8 * 60)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# Single sign-on with the organisation's OpenID Connect provider (docs/identity.md): on
# when OIDC_ISSUER is set. The identity is linked to one active employee by verified
# email, or by OIDC_EMPLOYEE_ID_CLAIM when the provider sends the employee id. With
# PASSWORD_LOGIN_FOR_EMPLOYEES off, only superusers (break-glass) sign in by password.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_DISPLAY_NAME = env.str("OIDC_DISPLAY_NAME", default="your organisation account")
OIDC_EMPLOYEE_ID_CLAIM = env.str("OIDC_EMPLOYEE_ID_CLAIM", default="")
PASSWORD_LOGIN_FOR_EMPLOYEES = env.bool("PASSWORD_LOGIN_FOR_EMPLOYEES", default=True)


def oidc_providers(issuer, client_id, secret, name):
    """allauth's provider settings for one OpenID Connect issuer (none when unset)."""
    if not issuer:
        return {}
    return {"openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [{
            "provider_id": "oidc", "name": name, "client_id": client_id, "secret": secret,
            "settings": {"server_url": issuer, "scope": ["openid", "email", "profile"]},
        }],
    }}


SOCIALACCOUNT_PROVIDERS = oidc_providers(OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
                                         OIDC_DISPLAY_NAME)
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = ""  # callback: /sso/oidc/login/callback/
SOCIALACCOUNT_ADAPTER = "talent.sso.SocialAccountAdapter"
ACCOUNT_ADAPTER = "talent.sso.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # starting a sign-in is a POST (CSRF-protected)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=10)

# The second factor (talent/mfa.py): TOTP through allauth.mfa, required for HR, bank
# admins and superusers in production; anyone else may opt in. The embedded default
# (DEBUG) lets the demo logins in without one unless MFA_REQUIRED_FOR_STAFF=true.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Talent assessment")
# Wrong codes at the sign-in's second step, per login: after MFA_CODE_FAILURE_LIMIT within
# MFA_CODE_COOLOFF_MINUTES no code is checked until the cool-off is over (a six-digit code
# guessed without a limit falls in hours to someone who has the password).
MFA_CODE_FAILURE_LIMIT = env.int("MFA_CODE_FAILURE_LIMIT", default=5)
MFA_CODE_COOLOFF_MINUTES = env.int("MFA_CODE_COOLOFF_MINUTES", default=15)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (config/login_throttle.py, docs/operations.md). Two limits, kept in the
# database so that every web process sees the same counts:
# - per account *and* client address: one person's mistakes (or an attacker's guesses)
#   never lock out anybody else, and a colleague behind the same office NAT is unaffected;
# - per account over all addresses, higher and over a longer window: guesses spread over
#   many addresses lock that one account, nobody else.
AXES_HANDLER = "config.login_throttle.AccountCeilingHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=30)
AXES_ACCOUNT_COOLOFF_HOURS = env.float("AXES_ACCOUNT_COOLOFF_HOURS", default=6)
# The per-account count reads the failure log; refused attempts (no password checked)
# neither count nor prolong a lock-out.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address: REMOTE_ADDR, or behind N reverse proxies that append to
# X-Forwarded-For the address the outermost one saw (compose: 1, see .env.example).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.login_throttle.client_ip"
AXES_VERBOSE = False
# Login attempt records (usernames, addresses) are deleted after this many days by the
# daily retention purge (assessments/services/retention.py).
AXES_KEEP_DAYS = env.int("AXES_KEEP_DAYS", default=90)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One way to write a date per language (config/formats/): templates name a format
# (DATE_FORMAT, DATETIME_FORMAT), never spell one.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: the organisation and response imports are bounded in size by the views;
# keep Django's own in-memory threshold small so large files spool to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Content Security Policy: everything from this origin only, no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Celery. Locally a filesystem broker lets `make run` start a real worker with no server;
# CELERY_BROKER_URL=redis://… in production and CI.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# Seconds a task may stay unacknowledged on Redis before it is delivered again: a chunk
# being scored by a worker that was killed is re-queued after this long. Longer than the
# hard time limit below (so a running chunk is never delivered twice), and minutes, not
# Redis's default hour.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=600)
# Time limits for every task (scoring chunks take seconds): past the soft limit the task
# gets SoftTimeLimitExceeded and the chunk is counted as failed; past the hard limit the
# worker process running it is replaced. Enforced by the prefork pool (compose's worker).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# On a cold shutdown (SIGQUIT, or SIGTERM with REMAP_SIGTERM=SIGQUIT as in compose) a
# worker lets running tasks finish for this many seconds, then hands the rest back to
# the broker. compose's stop_grace_period is longer.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env.float("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", default=60)
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Every folder of the filesystem transport under var/: kombu's defaults are relative
    # to the working directory (its exchange tables went to ./control/).
    # CELERY_BROKER_DIR: a folder of its own, so that two local sites (or a test's) never
    # take each other's tasks.
    _broker_dir = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A prefork child is replaced after this many tasks: scoring chunks build numpy arrays,
# and memory a child keeps between chunks is given back when it goes.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
# The worker logs through LOGGING below (time, level, logger, task id; JSON with
# LOG_FORMAT=json) instead of replacing the root logger with its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A running task whose broker connection is lost is cancelled: with late acks it is
# delivered again anyway, and running it twice at once is what the idempotent tasks
# are written to survive, not what they should do by habit.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Task events (started, succeeded, failed, retried) for a monitor such as Flower
# (compose's "monitoring" profile).
CELERY_WORKER_SEND_TASK_EVENTS = env.bool("CELERY_TASK_EVENTS", default=True)
CELERY_TASK_SEND_SENT_EVENT = CELERY_WORKER_SEND_TASK_EVENTS
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Batch scoring: assignments per chunk (one query in, one statement out each). A run whose
# heartbeat (every chunk counted beats it) is older than SCORING_STALE_SECONDS is resumed
# by the sweep: its unscored assignments are queued again (a chunk normally takes about a
# second, so two minutes without one means a lost message or a killed worker; a chunk
# that is merely slow is scored twice at worst, and counted once). After
# SCORING_MAX_RESUMES resumes without finishing, the sweep closes the run instead.
SCORING_CHUNK_SIZE = env.int("SCORING_CHUNK_SIZE", default=5000)
SCORING_STALE_SECONDS = env.int("SCORING_STALE_SECONDS", default=120)
SCORING_MAX_RESUMES = env.int("SCORING_MAX_RESUMES", default=3)
# Answering a questionnaire (assessments/services/answering.py). The privacy notice
# version an acknowledgement records, when the campaign names none; the seconds counted
# per item at most (summed over visits); the bench-only bare view of
# scripts/bench_answers.py, off unless the benchmark turns it on.
NOTICE_VERSION = "2026-1"
ANSWER_SECONDS_CAP = 600
# What the notice tells people about how long their answers and results are kept.
ASSESSMENT_RETENTION_YEARS = 3
ANSWERS_BENCH_VIEW = env.bool("ANSWERS_BENCH_VIEW", default=False)
# Managers' dashboards (assessments/reports/dashboards.py): no figure computed from fewer
# than this many people is shown, nor one that shown figures would give away.
DASHBOARD_MIN_CELL = env.int("DASHBOARD_MIN_CELL", default=5)
# Outcome evidence (docs/evidence.md): below this many people with an outcome in each of
# the two families, a criterion is "not yet tested" against the label. Never below the
# k = 5 rule (or DASHBOARD_MIN_CELL when larger): a lower value fails the system check
# assessments.E001 and the reports use the floor instead.
EVIDENCE_MIN_PER_FAMILY = env.int("EVIDENCE_MIN_PER_FAMILY", default=100)
# The dashboards' grouped counts are cached per campaign and scoring run (a new run, or
# a run's progress, starts afresh); the funnel may lag submissions by this many seconds.
# Who decides a contest: "another_reviewer" (anyone with the review role but the reviewer
# whose decision is contested) or "superuser" (organisations with a single HR reviewer:
# every contest waits for a superuser).
CONTEST_DECIDED_BY = env.str("CONTEST_DECIDED_BY", default="another_reviewer")
if CONTEST_DECIDED_BY not in ("another_reviewer", "superuser"):
    raise ImproperlyConfigured('CONTEST_DECIDED_BY must be "another_reviewer" or "superuser".')
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
# People, have and need (assessments/reports/people.py, docs/architecture.md). An export
# of more rows than EXPORT_INLINE_MAX is built by a Celery task into PRIVATE_MEDIA_ROOT
# (never served by URL; only its owner downloads it). A need is met when the true T is at
# or above its level's cut-off (2 medium, 3 high; a low need is always met); a person is
# "confidently" in a family for the two-functions page when the probability that they
# meet a high need on it is at least TWO_FUNCTIONS_CONFIDENCE.
EXPORT_INLINE_MAX = env.int("EXPORT_INLINE_MAX", default=5000)
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
# Where finished exports are kept (docs/operations.md, "Files"): "filesystem" (under
# PRIVATE_MEDIA_ROOT, on a volume every web and worker host mounts) or "s3" (a private
# bucket of any S3 API: AWS, MinIO, Ceph; downloads stream through the site, which checks
# who asks). A file being built is always on the worker's own PRIVATE_MEDIA_ROOT.
PRIVATE_STORAGE = env.str("PRIVATE_STORAGE", default="filesystem")
if PRIVATE_STORAGE == "s3":
    if not env.str("S3_BUCKET", default=""):
        raise ImproperlyConfigured("PRIVATE_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL "
                                   "for a store other than AWS).")
    STORAGES["private"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env.str("S3_BUCKET"),
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str("S3_PREFIX", default=""),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }}
elif PRIVATE_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        f'PRIVATE_STORAGE must be "filesystem" or "s3", not "{PRIVATE_STORAGE}".')
# A running export whose heartbeat (every progress write beats it) is older than
# EXPORT_STALE_SECONDS lost its worker: the export sweep removes its partial file and
# builds it again, up to EXPORT_MAX_ATTEMPTS times in all, then marks it failed with the
# reason.
EXPORT_STALE_SECONDS = env.int("EXPORT_STALE_SECONDS", default=120)
EXPORT_MAX_ATTEMPTS = env.int("EXPORT_MAX_ATTEMPTS", default=3)
# Finished exports (their files) are deleted this many days after they were asked for,
# and at once when the retention purge deletes a campaign they may hold.
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=30)
HAVE_NEED_CUTOFFS = {2: 45.0, 3: 55.0}
TWO_FUNCTIONS_CONFIDENCE = 0.8

# Largest number of people a new norm group is built from (a seeded random sample).
SCORING_NORM_SAMPLE = env.int("SCORING_NORM_SAMPLE", default=20_000)
# Celery's own beat schedule (django-celery-beat would pin Django below 6.1). Beat runs as
# its own process; config/beat.py replaces an unreadable schedule store instead of dying
# and touches a heartbeat file every tick for the health check (`python -m config.beat
# --check`).
CELERY_BEAT_SCHEDULE = {
    "sweep-unscored-submissions": {
        "task": "assessments.tasks.sweep",
        "schedule": crontab(minute="*"),
    },
    "sweep-stale-exports": {
        "task": "assessments.tasks.sweep_exports",
        "schedule": crontab(minute="*"),
    },
    "sweep-org-imports": {
        "task": "talent.tasks.sweep_org_imports",
        "schedule": crontab(minute="*"),
    },
    # Campaigns past their closing time are closed (and their scoring queued) within a
    # minute; reminders are a scan, not ETA tasks (a Redis broker may deliver those twice).
    "close-due-campaigns": {
        "task": "assessments.tasks.close_due_campaigns",
        "schedule": crontab(minute="*"),
    },
    "send-reminders": {
        "task": "assessments.tasks.send_reminders",
        "schedule": crontab(minute=17),
    },
    # The notice's promise (ASSESSMENT_RETENTION_YEARS): expired campaigns' personal
    # data is deleted once a day.
    "purge-expired-assessments": {
        "task": "assessments.tasks.purge_expired_assessments",
        "schedule": crontab(hour=3, minute=41),
    },
}
CELERY_BEAT_SCHEDULER = "config.beat:Scheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(
    env.path("CELERY_BEAT_SCHEDULE_FILENAME", default=VAR_DIR / "beat" / "celerybeat-schedule")
)
CELERY_BEAT_MAX_INTERVAL = 30
# One beat (the default: its schedule store is a local file) or, on more than one host,
# BEAT_SCHEDULER=redis: celery-redbeat keeps the schedule in Redis and only the beat
# holding a lock there sends tasks; a standby beat on another host takes over within
# BEAT_LOCK_TIMEOUT seconds of the first stopping (config/beat.py).
BEAT_SCHEDULER = env.str("BEAT_SCHEDULER", default="file")
if BEAT_SCHEDULER == "redis":
    CELERY_BEAT_SCHEDULER = "config.beat:RedisScheduler"
    CELERY_REDBEAT_REDIS_URL = env.str("BEAT_REDIS_URL", default="") or (
        CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else "")
    if not CELERY_REDBEAT_REDIS_URL:
        raise ImproperlyConfigured(
            "BEAT_SCHEDULER=redis needs Redis: set BEAT_REDIS_URL (or a redis:// broker).")
    CELERY_REDBEAT_LOCK_TIMEOUT = env.int("BEAT_LOCK_TIMEOUT", default=5 * CELERY_BEAT_MAX_INTERVAL)
    CELERY_REDBEAT_KEY_PREFIX = env.str("BEAT_REDIS_PREFIX", default="talent-beat:")
elif BEAT_SCHEDULER != "file":
    raise ImproperlyConfigured(f'BEAT_SCHEDULER must be "file" or "redis", not "{BEAT_SCHEDULER}".')
BEAT_HEARTBEAT_FILE = env.path("BEAT_HEARTBEAT_FILE", default=VAR_DIR / "beat" / "heartbeat")

# The cache: Redis when CACHE_URL is set, or else on the Redis broker's server (the next
# database number), so that what is cached is shared by every process of the site;
# local memory on the embedded default (one process).
CACHE_URL = env.str("CACHE_URL", default="")
if not CACHE_URL and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _broker = urlsplit(CELERY_BROKER_URL)
    _broker_db = int(_broker.path.strip("/") or 0)
    CACHE_URL = urlunsplit(
        _broker._replace(path=f"/{_broker_db + 1 if _broker_db < 15 else _broker_db - 1}")
    )
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="talent"),
        }
    }
elif CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Every line says when, how serious and where from; LOG_FORMAT=json (the compose
# default) writes one JSON object a line for a log collector (config/logging.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
# Optional error reporting (config/error_reporting.py): set SENTRY_DSN to send errors,
# never people's data, to Sentry or a compatible service.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config import error_reporting

    error_reporting.start(
        SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    # The request or task id of each line (config/request_ids.py).
    "filters": {"context": {"()": "config.request_ids.ContextFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Email: the console backend on the embedded default (messages are printed by the web
# process and the worker); EMAIL_URL in production, e.g. smtp+tls://user:password@smtp.example.com:587
# (django-environ's email URL: smtp://, smtp+tls://, smtp+ssl://, consolemail://, ...),
# turned into Django 6.1's MAILERS (the EMAIL_* settings are deprecated).
# Without EMAIL_URL, production falls back to Django's classic default, an SMTP relay
# on localhost:25 (the console backend fails the deployment checks).
# Whether EMAIL_URL was given at all: the deployment checks (config/checks.py) refuse a
# production start whose mail would go to a relay nobody configured.
EMAIL_URL_GIVEN = bool(env.str("EMAIL_URL", default=""))
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_email_options = {
    option: _email.get(name)
    for option, name in (
        ("host", "EMAIL_HOST"), ("port", "EMAIL_PORT"), ("username", "EMAIL_HOST_USER"),
        ("password", "EMAIL_HOST_PASSWORD"), ("use_tls", "EMAIL_USE_TLS"),
        ("use_ssl", "EMAIL_USE_SSL"), ("file_path", "EMAIL_FILE_PATH"),
    )
    if _email.get(name) not in (None, "")
}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _email_options["timeout"] = env.int("EMAIL_TIMEOUT", default=20)
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
# Or a mail provider's API (django-anymail): MAIL_PROVIDER=postmark, mailgun, amazon_ses,
# sendgrid, brevo, ... with its settings as ANYMAIL_<NAME> variables (for example
# ANYMAIL_POSTMARK_SERVER_TOKEN) and ANYMAIL_WEBHOOK_SECRET (user:password) for its
# delivery webhook at /mail/events/<provider>/: delivered, bounced, marked as spam are
# then recorded on each invitation and reminder (talent/mail.py, docs/operations.md).
MAIL_PROVIDER = env.str("MAIL_PROVIDER", default="")
ANYMAIL = {name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items()
           if name.startswith("ANYMAIL_")}
if MAIL_PROVIDER:
    MAILERS = {"default": {"BACKEND": f"anymail.backends.{MAIL_PROVIDER}.EmailBackend",
                           "OPTIONS": {}}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="assessments@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as people reach it: the links in invitations and reminders.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
# Reminders (assessments/services/messages.py): people in progress with no answer for
# REMINDER_STALLED_DAYS are "stalled"; nobody gets more than one message every
# REMINDER_EVERY_DAYS days.
REMINDER_STALLED_DAYS = env.int("REMINDER_STALLED_DAYS", default=3)
REMINDER_EVERY_DAYS = env.int("REMINDER_EVERY_DAYS", default=4)

# The organisation import (talent/org_import.py): larger files are refused before being
# read. On the web an upload waits in private storage while a worker checks it and,
# once confirmed, applies it (talent/org_import_jobs.py); a check that has not reported
# progress for ORG_IMPORT_STALE_SECONDS lost its worker and is given to another.
ORG_IMPORT_MAX_BYTES = env.int("ORG_IMPORT_MAX_MB", default=20) * 1024 * 1024
ORG_IMPORT_STALE_SECONDS = env.int("ORG_IMPORT_STALE_SECONDS", default=120)
# Checking or importing one file may take this long on a worker (Celery's hard limit for
# those two tasks; a soft limit a minute earlier): a 200,000-row file takes minutes.
ORG_IMPORT_TIME_LIMIT = env.int("ORG_IMPORT_TIME_LIMIT", default=1200)
# HR-system syncs (talent/org_sync.py): full snapshots through the API or from a drop
# folder (the newest file there, read by beat every ORG_SYNC_DROP_MINUTES; empty: off).
# A snapshot that would deactivate more than this share of active employees, or change
# the email or name of more than this share of employee ids, is paused for HR; it waits
# in private storage.
ORG_SYNC_DROP_DIR = env.str("ORG_SYNC_DROP_DIR", default="")
ORG_SYNC_DROP_MINUTES = env.int("ORG_SYNC_DROP_MINUTES", default=15)
ORG_SYNC_MAX_DEACTIVATE_SHARE = env.float("ORG_SYNC_MAX_DEACTIVATE_SHARE", default=0.10)
ORG_SYNC_MAX_SWAP_SHARE = env.float("ORG_SYNC_MAX_SWAP_SHARE", default=0.05)
if ORG_SYNC_DROP_DIR:
    CELERY_BEAT_SCHEDULE["sync-organisation-from-drop-folder"] = {
        "task": "talent.tasks.sync_drop_folder",
        "schedule": crontab(minute=f"*/{ORG_SYNC_DROP_MINUTES}"),
    }

# The API (api/, docs/api.md). Bearer tokens only: no session or basic authentication,
# so a browser's cookies never act on the API (and CSRF does not apply). Every view
# names its own permission classes; the default refuses everything, so a view that
# forgets is closed, not open. Errors are RFC 9457 problem documents (api/problems.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.DenyAll"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_RATE_PER_TOKEN", default="1200/minute")},
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Talent assessment API",
    "DESCRIPTION": "Read the organisation, campaigns and released results; run campaigns; "
                   "keep the organisation in sync with the HR system. See docs/api.md.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "api.schema.add_error_responses"],
    "ENUM_NAME_OVERRIDES": {
        "CampaignStatusEnum": "assessments.models.Campaign.Status",
        "AssignmentStatusEnum": "assessments.models.Assignment.Status",
        "NeedLevelEnum": "talent.models.Position.Level",
    },
}
# SCIM (talent/scim.py): the department (code or name) of a person an identity provider
# creates without naming one.
SCIM_DEFAULT_DEPARTMENT = env.str("SCIM_DEFAULT_DEPARTMENT", default="")
# Largest JSON body the API reads (the org sync has its own limit, ORG_IMPORT_MAX_MB).
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1024 * 1024)
# Webhooks (api/webhooks.py) go to public HTTPS endpoints only; tests turn this on to
# use a loopback receiver. Never in production (the deployment checks refuse it).
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=False)
# Tokens live at most this many days (HR picks fewer when creating one).
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=366)
