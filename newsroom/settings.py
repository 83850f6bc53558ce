"""Newsroom settings, read from the environment (12-factor) with safe development defaults."""

import os
from pathlib import Path

import dj_database_url
import jinja2

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

# The development key is only accepted while DEBUG is on; production must set its own.
_DEV_SECRET_KEY = "django-insecure-newsroom-development-only"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "template_partials",
    "taggit",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "annotations",
]

MIDDLEWARE = [
    "newsroom.middleware.RequestLogMiddleware",
    # The security headers go on every answer, so their middleware comes before any that
    # may answer without calling the rest (the 413 and 503 pages, a failed session load).
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "newsroom.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page but login (and static files) requires an authenticated user.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login check: a stranger's malformed request is sent to log in first.
    "newsroom.middleware.RefuseNulParametersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
    {
        # What a page repeats hundreds of times (quote cards, article rows): Jinja2 renders
        # it several times quicker than Django templates. Its templates are in
        # annotations/jinja2/, named apart from the Django ones; a missing name is an error.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "annotations.jinja_environment.environment",
            "undefined": jinja2.StrictUndefined,
            "trim_blocks": True,
            "lstrip_blocks": True,
        },
    },
]
# Form widgets (the list pages' filter selects, above all) render through Jinja2, several
# times quicker than through Django templates; pages stay Django templates, and so do the
# admin's widgets, which exist in no other language (newsroom/renderers.py).
FORM_RENDERER = "newsroom.renderers.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel workers for the web's queries: planned with them, a list page's LIMIT
    # let workers race along a whole index (176 ms instead of 44 ms for a theme's quotes
    # in a date range), and with several requests at once the cores are busy anyway.
    # The exports split their own work across connections.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE transactions take the write
    # lock up front so concurrent writers wait (busy timeout) instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: five failures of one user name from one address lock that pair for
# 15 min. Locking the address alone let one person's typos lock out a whole office (or,
# behind a load balancer, everyone); locking the name alone lets anyone lock out anyone.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("NEWSROOM_LOGIN_THROTTLING", True)
# Behind NEWSROOM_PROXY_COUNT proxies that each append the address they were reached from
# to X-Forwarded-For, the client is that many places from the header's right end: the
# nearest proxy is REMOTE_ADDR and not in the header, so django-ipware counts one proxy
# less. Entries further left are whatever the client sent, so a longer header is no error
# (IPWARE_STRICT off) and its extra entries are ignored. Without proxies the header is
# never read: anyone can write it.
NEWSROOM_PROXY_COUNT = int(os.environ.get("NEWSROOM_PROXY_COUNT", 0))
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = NEWSROOM_PROXY_COUNT - 1 if NEWSROOM_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if NEWSROOM_PROXY_COUNT else ("REMOTE_ADDR",)
)
IPWARE_STRICT = False

# A strict Content-Security-Policy: scripts and styles come only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Tag names (themes, actors) are matched case- and accent-insensitively by our own
# normalised column; taggit's own case-insensitive lookup keeps its API consistent.
TAGGIT_CASE_INSENSITIVE = True

# Background work: the database backend runs on one machine with nothing extra
# (`manage.py db_worker`); set TASKS_BACKEND=rq and REDIS_URL for RQ workers over Redis.
if os.environ.get("TASKS_BACKEND", "db") == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Editors may approve their own quotes only where a small team allows it.
NEWSROOM_ALLOW_SELF_APPROVAL = env_bool("NEWSROOM_ALLOW_SELF_APPROVAL", False)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # One JSON line per request (newsroom/middleware.py) replaces Django's own lines.
        "newsroom.requests": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Import limits. URL import never reaches private addresses; tests that serve their own
# pages on 127.0.0.1 set NEWSROOM_URL_IMPORT_ALLOW_LOOPBACK (loopback only, nothing else).
NEWSROOM_IMPORT_MAX_FILE_BYTES = int(os.environ.get("NEWSROOM_IMPORT_MAX_FILE_BYTES", 200_000_000))
# What one zip may expand to, and what one import from the page may read and decompress
# over all its files: members under the ratio check's floor add up (1,000 x 1 MB of text
# in a 4.8 MB zip). What is over a budget fails file by file, with the reason.
NEWSROOM_IMPORT_MAX_ZIP_BYTES = int(os.environ.get("NEWSROOM_IMPORT_MAX_ZIP_BYTES", 100_000_000))
NEWSROOM_IMPORT_MAX_BATCH_BYTES = int(
    os.environ.get("NEWSROOM_IMPORT_MAX_BATCH_BYTES", 300_000_000)
)
NEWSROOM_URL_IMPORT_MAX_BYTES = int(os.environ.get("NEWSROOM_URL_IMPORT_MAX_BYTES", 5_000_000))
NEWSROOM_URL_IMPORT_TIMEOUT = float(os.environ.get("NEWSROOM_URL_IMPORT_TIMEOUT", 10))
NEWSROOM_URL_IMPORT_ALLOW_LOOPBACK = env_bool("NEWSROOM_URL_IMPORT_ALLOW_LOOPBACK", False)
# The one limit on an article's text, in characters, whatever brings it (paste, upload,
# import, correction): services/articles.py checks it before the database.
NEWSROOM_MAX_ARTICLE_CHARS = int(os.environ.get("NEWSROOM_MAX_ARTICLE_CHARS", 2_000_000))

MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
# Uploads may be large zips or JSONL sets; Django spools big ones to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5_000_000
DATA_UPLOAD_MAX_NUMBER_FILES = 200
# A whole request (all files of one upload) above this is refused with a 413 page.
NEWSROOM_MAX_REQUEST_BYTES = int(os.environ.get("NEWSROOM_MAX_REQUEST_BYTES", 256_000_000))
# Batches up to this many files and URLs are imported while the page waits; larger ones
# go to the task worker and the page shows their progress.
NEWSROOM_INLINE_IMPORT_LIMIT = int(os.environ.get("NEWSROOM_INLINE_IMPORT_LIMIT", 3))
# ... and only while their files weigh this much in all: parsing HTML grows faster than
# its size (1 MB 2.4 s, 2.6 MB 20 s), and a request must end well before the worker timeout.
NEWSROOM_INLINE_IMPORT_MAX_BYTES = int(
    os.environ.get("NEWSROOM_INLINE_IMPORT_MAX_BYTES", 1_000_000)
)
# A running import whose worker has not reported progress for this long has died (killed
# for its memory or time): it is marked failed and may be retried.
NEWSROOM_IMPORT_STALE_MINUTES = int(os.environ.get("NEWSROOM_IMPORT_STALE_MINUTES", 10))

# Where the app is served, for absolute URLs in exports made outside a request.
NEWSROOM_BASE_URL = os.environ.get("NEWSROOM_BASE_URL", "http://127.0.0.1:8000")
