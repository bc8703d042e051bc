"""Settings for the district party-building portal.

Everything comes from the environment with an embedded default, so a fresh
checkout runs on SQLite with Celery tasks executed eagerly; setting
DATABASE_URL / REDIS_URL switches to PostgreSQL and a real broker.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# The insecure default only exists so `make run` works out of the box; production
# must set SECRET_KEY (check --deploy flags the default).
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-dev-only-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "partybuild.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "import_export",
    "auditlog",
    "partybuild.third_party.AxesConfig",
    "django_htmx",
    "csp",
    "django_celery_beat",
    "accounts",
    "organizations",
    "grids",
    "services",
    "reports",
    "volunteers",
    "orglife",
    "cobuilding",
    "assessments",
    "venues",
    "supervision",
    "cadres",
    "estates",
    "imports",
    "audit",
    "notifications",
    "meetings",
    "stars",
    "campaigns",
    "dashboards",
    "workbooks",
    "summaries",
    "screens",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "partybuild.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partybuild.middleware.SessionRefreshMiddleware",
    "partybuild.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partybuild.middleware.AuditlogActorMiddleware",
    # Writes (POST, PUT, PATCH, DELETE) run in a transaction, reads in none: after CSRF's check.
    "partybuild.middleware.AtomicWritesMiddleware",
    # Axes must be last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# The load benchmark serves the portal plus its bare baseline endpoint (bench/urls.py) this way.
ROOT_URLCONF = env.str("ROOT_URLCONF", default="partybuild.urls")
WSGI_APPLICATION = "partybuild.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partybuild.nav.portal_nav",
            ],
            # {% load rights %}: buttons render only for users the target page would admit.
            "libraries": {"rights": "partybuild.rights_tags", "status": "partybuild.status_tags"},
        },
    },
]

# {{ form }} and {{ field.as_field_group }} render the portal's Bootstrap markup (templates/forms/).
FORM_RENDERER = "partybuild.forms.PortalFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A view runs in a transaction only when it may write: partybuild.middleware.AtomicWritesMiddleware
# wraps POST, PUT, PATCH and DELETE (not views marked non_atomic_requests); reads pay no BEGIN/COMMIT.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves several people at once: readers never block the writer (WAL),
    # a writer takes the lock when its transaction starts (IMMEDIATE) instead of failing midway
    # on upgrade, and waits up to 20 s for another writer instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    })
    # Tests use a file too: an in-memory database shares one cache whose table locks ignore the busy
    # timeout, so the live server's concurrent requests (a page and its favicon) would fail.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Government portal: sessions end after two idle hours and with the browser.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
# The idle expiry moves forward at most once per SESSION_REFRESH_SECONDS (SessionRefreshMiddleware),
# not with a session write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "audit.errors.csrf_failure"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG and SECURE_SSL_REDIRECT)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For
# (partybuild.client_ip). 0 trusts no header: direct clients must not choose their address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Content-Security-Policy (django-csp): our own scripts, styles and images only, no inline
# scripts or styles, no plugins, no framing, forms post only here. Views that need more say so
# with csp_update (the Redoc page). Templates keep scripts in static/js/ and styles in static/css/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Browser features no page of the portal uses (partybuild.middleware.PermissionsPolicyMiddleware).
# Grid workers photograph hazards through <input type=file capture>, which opens the phone's
# camera app and needs no camera permission.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
    )
}

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_CLIENT_IP_CALLABLE = "partybuild.client_ip.client_ip"
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock-out answers with the login page and its explanation (429), not a bare error.
AXES_LOCKOUT_TEMPLATE = "registration/login.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads (evidence, photos, imports) are private: partybuild.files stores them here and serves them
# only through views that check scope; nothing under MEDIA_URL is ever served.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(MEDIA_ROOT))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "partybuild.files.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Uploads above this are refused before they reach the importer.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Imports with more rows than this run as a background job with a progress bar.
IMPORT_SYNC_ROW_LIMIT = env.int("IMPORT_SYNC_ROW_LIMIT", default=500)
# Exports of more rows are written by a worker; the page shows progress, then the download (issue 8).
EXPORT_SYNC_ROW_LIMIT = env.int("EXPORT_SYNC_ROW_LIMIT", default=5000)
# Files beyond these are refused before their data is read (imports.xlsx_guard says why each matters).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
# Time bank: service hours a volunteer may be credited in one calendar month; credits beyond are
# held for the street to review instead of being minted.
VOLUNTEER_MONTHLY_HOURS_CAP = env.int("VOLUNTEER_MONTHLY_HOURS_CAP", default=60)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # A dead Redis must not take pages down: the cache degrades to misses, and gives up fast.
    CACHES = {"default": {
        "BACKEND": "partybuild.cache.DegradingRedisCache", "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    # Publishing a task to a dead broker fails within a second instead of hanging the request.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "max_retries": 1, "interval_start": 0,
                                       "interval_step": 0.2, "interval_max": 0.2}
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
    }
    CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# A worker killed mid-task must not lose the task: ack only once it finished.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The queue tasks go to, also from inside a worker (a chord's steps); the test suite gives each of
# its processes and the workers it starts a queue of their own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Beat copies these into django-celery-beat's tables on start; admins can retune them there.
CELERY_BEAT_SCHEDULE = {
    "reports-flag-overdue": {"task": "reports.tasks.flag_overdue_reports", "schedule": 15 * 60},
    # Jobs queued while the broker was down, or left "running" by a dead worker, are sent again.
    "imports-requeue-stalled": {"task": "imports.requeue_stalled_jobs", "schedule": 5 * 60},
    # Daily; only the last two weeks of a quarter send anything, once per organisation and quarter.
    "orglife-remind-due": {"task": "orglife.tasks.remind_due_meetings", "schedule": 24 * 60 * 60},
    # Open joint meetings 3 and 7 days past their date remind their convenor (deduplicated).
    "meetings-remind-overdue": {"task": "meetings.tasks.remind_overdue_meetings", "schedule": 60 * 60},
    # Stars whose public notice (公示) ended with no open objection are awarded.
    "stars-close-notices": {"task": "stars.tasks.close_due_notices", "schedule": 15 * 60},
}

# Filter drop-downs start on "All" (全部), not "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["partybuild.filters.QueryFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "partybuild.pagination.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "partybuild.api_schema.PortalAutoSchema",
}
# API tokens stop working this long after they were issued (and at once on a password change
# or deactivation); POST /api/v1/auth/token/ again for a new one.
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=24)
SPECTACULAR_SETTINGS = {
    "TITLE": "Party-building portal API",
    "DESCRIPTION": "District party-building management (党建引领城市基层治理).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every endpoint and field: signed-in users only (the docs pages too).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps name a field "status" or "category"; name each choice set so the schema is
    # stable (and `check --deploy` stays free of drf-spectacular's collision warnings).
    "ENUM_NAME_OVERRIDES": {
        "OrganizationStatusEnum": "organizations.models.OrgStatus",
        "MemberStatusEnum": "organizations.models.MemberStatus",
        "MemberCategoryEnum": "organizations.models.MemberCategory",
        "ReportStatusEnum": "reports.models.Status",
        "DemandStatusEnum": "services.models.DemandStatus",
        "NeedyCategoryEnum": "services.models.NeedyCategory",
        "ServiceCategoryEnum": "volunteers.models.Category",
        "OrderStatusEnum": "volunteers.models.OrderStatus",
        "MeetingBodyKindEnum": "meetings.models.BodyKind",
        "MeetingStatusEnum": "meetings.models.MeetingStatus",
        "AttendeeKindEnum": "meetings.models.AttendeeKind",
        "AgendaItemStateEnum": "meetings.models.ItemState",
        "AgendaItemSourceEnum": "meetings.models.ItemSource",
        "DemandSourceEnum": "services.models.DemandSource",
        "AgendaEntryOutcomeEnum": "meetings.models.EntryOutcome",
        "FollowUpTaskStatusEnum": "meetings.models.TaskStatus",
        "ResidentUnitKindEnum": "organizations.models.ResidentUnit.Kind",
        "StarApplicationStatusEnum": "stars.models.Status",
        "CadreEducationEnum": "cadres.models.Education",
        "OrganizationLevelEnum": "organizations.models.Level",
        "MemberEducationEnum": "organizations.models.Education",
        "TrainingCourseKindEnum": "cadres.models.CourseKind",
        "CobuildingListKindEnum": "cobuilding.models.ListKind",
        "PropertyCommitteeKindEnum": "estates.models.CommitteeKind",
        "PropertyListKindEnum": "estates.models.ListKind",
        "ClueAccessKindEnum": "supervision.models.ClueAccess.Kind",
        "RectificationReportKindEnum": "supervision.models.RectificationReport.Kind",
        "VenueKindEnum": "venues.models.VenueKind",
        "CommunityDesignationKindEnum": "campaigns.models.DesignationKind",
        "BoardEntryKindEnum": "campaigns.models.BoardKind",
        "AssessmentPairingKindEnum": "assessments.models.PairingKind",
        "IndicatorKindEnum": "assessments.models.IndicatorKind",
        "AssessedLevelEnum": "assessments.models.ASSESSED_LEVELS",
        "OrglifeEvidenceKindEnum": "orglife.models.Evidence.Kind",
        "AbsenceReasonEnum": "orglife.models.Attendance.Reason",
        "GridLeaderKindEnum": "cadres.models.LeaderKind",
        "InServiceDutyGradeEnum": "cadres.models.DutyGrade",
    },
}

# Notifications always land in the in-app inbox; with NOTIFICATIONS_EMAIL they are also mailed
# (EMAIL_URL says how, e.g. smtp+tls://user:password@mail.example.gov.cn:587; the default
# prints mails on the console). PORTAL_URL makes the links in those mails absolute.
NOTIFICATIONS_EMAIL = env.bool("NOTIFICATIONS_EMAIL", default=False)
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Background exports' files are deleted this many days after they were written (the record stays).
EXPORT_FILE_RETENTION_DAYS = env.int("EXPORT_FILE_RETENTION_DAYS", default=7)
CELERY_BEAT_SCHEDULE["audit-delete-expired-exports"] = {"task": "audit.delete_expired_exports", "schedule": 60 * 60}
