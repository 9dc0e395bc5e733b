"""Settings shared by every environment. Services are chosen by environment variables."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_json, env_list, env_site_url, env_str, mailer_options

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-only-never-use-in-production")
DEBUG = env_bool("DEBUG", False)
# The public address, scheme://host[:port] (config/settings/env.py checks it): the one source
# of every absolute link (canonical, og:url, sitemap, robots.txt, the API, calendars,
# emails). `migrate` makes the default Wagtail Site follow it (home.services.follow_site_url);
# `make run` sets it to the address it serves. Production refuses to start without it.
SITE_URL = env_site_url("SITE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    list(dict.fromkeys(["localhost", "127.0.0.1", "[::1]", urlsplit(SITE_URL).hostname])),
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "caching",
    "home",
    "colloque",
    "communities",
    "host_applications",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    # wagtail.contrib.frontend_cache, purging by cache tags rather than on publish (caching.cdn).
    "caching.cdn.FrontendCacheConfig",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost: every answer says which browser features no page may use
    # (home/permissions_policy.py).
    "home.permissions_policy.PermissionsPolicyMiddleware",
    # /health/ for load balancers, answered before the HTTPS redirect and the Host check.
    "home.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache: every answer, stored or not, gets its policy afresh (home/csp.py).
    "home.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.locales.LocaleMemoMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, before anything that reads the session or the database.
    "caching.middleware.PageCacheMiddleware",
    "home.routing.SiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Write transactions take SQLite's lock when they begin, not at their first write: two
    # people taking the last seat of a community are served one after the other.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Write-ahead log: a reader never waits for a writer nor a writer for readers, and a
    # commit is one append to the log (registrations arrive while visitors read). Commits
    # stay durable (synchronous=FULL, SQLite's default).
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
if IS_POSTGRES:
    # Wagtail's database search backend needs it for PostgreSQL full text search.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "home.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French (Canada) first, English second.
LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("French")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation starts as a draft: an untranslated copy should not go online, and a
# partner's translation must pass the selection committee like the original.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True
# Django's own date and time formats in the site's style (see home/formatting.py).
FORMAT_MODULE_PATH = ["config.formats"]

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # Object storage in production is a dotted path and options away (e.g. django-storages).
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("MEDIA_STORAGE_OPTIONS"),
    },
    # Files people send us (candidature attachments): never under MEDIA_URL, served to staff
    # only through permission-checked views.
    "private": {
        "BACKEND": env_str(
            "PRIVATE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env_json("PRIVATE_STORAGE_OPTIONS")
        or {
            "location": env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# The cache (caching/): whole public pages, each invalidated by the tags of what it showed.
# Redis with CACHE_URL (several machines); otherwise files every process of this machine
# shares, so a deletion or an invalidation reaches every worker at once. CACHE_URL=dummy://
# turns every cache off, Wagtail's too (what the benchmark's "every cache off" measures).
CACHE_URL = env_str("CACHE_URL", "")
CACHE_DIR = Path(env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")))
# What this site's keys in Redis start with (several sites may share one Redis).
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "expressives")
if CACHE_URL == "dummy://":
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias in ("default", "pages")
    }
elif CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages",
        },
    }
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / alias),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
        for alias in ("default", "pages")
    }
# Renditions are prefetched with what shows them and made ahead (home/renditions.py): Wagtail's
# rendition cache would only write each one it looks up back, at every render.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
PAGE_CACHE_ALIAS = "pages"
# Longest a public page stays stored (0 turns the page cache off); a change reaches it at once.
PAGE_CACHE_SECONDS = 0 if CACHE_URL == "dummy://" else env_int("PAGE_CACHE_SECONDS", 600)
# Pages each process keeps a copy of in its memory, in front of the shared store.
PAGE_CACHE_MAX_ENTRIES = env_int("PAGE_CACHE_MAX_ENTRIES", 1000)
# A CDN in front: how long it may keep a public page (Cache-Control s-maxage). 0: the site
# says nothing to shared caches about public pages (every other response says "private").
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 0)
PAGE_CACHE_EXCLUDED_PATHS = [
    "/health/",
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/api/",
    "/i18n/",
]
# Names the code in every page's key (caching.middleware.code_release): a commit or build
# number; empty, a digest of the source files is taken at start-up.
RELEASE = env_str("RELEASE", "")
# Rows no public page shows: their writes invalidate nothing (caching.signals).
CACHE_IGNORED_MODELS = [
    "contenttypes",
    "auth",
    "sessions",
    "django_tasks_database",
    "wagtailadmin",  # editing sessions, written every few seconds while a page is open
    "wagtailsearchpromotions",  # search counts, written by the search page itself
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailusers.userprofile",
    "home.user",
    "home.customrendition",  # made ahead, or while a page renders
    "home.outboxemail",
    "home.personaldataerasure",
    "communities.sessionreminder",
    "communities.attendance",
    "host_applications.hostapplication",
    "host_applications.applicationfile",
    "host_applications.review",
    "host_applications.score",
    "host_applications.candidaturereviewtask",
]

# The CDN's purge (wagtail.contrib.frontend_cache): after a change, a task purges the pages
# that showed it (caching/cdn.py). Off unless FRONTEND_CACHE_BACKEND is set.
FRONTEND_CACHE_BACKENDS = {
    "cloudflare": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
    "cloudfront": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
    # A cache that takes PURGE requests (Varnish, nginx).
    "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
}
FRONTEND_CACHE_BACKEND = env_str("FRONTEND_CACHE_BACKEND", "")
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_BACKEND:
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": FRONTEND_CACHE_BACKENDS[FRONTEND_CACHE_BACKEND],
        **(
            {"HOSTNAMES": env_list("FRONTEND_CACHE_HOSTNAMES")}
            if env_str("FRONTEND_CACHE_HOSTNAMES")
            else {}
        ),
        **{
            "cloudflare": {
                "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
                "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
            },
            # Credentials: boto3's own AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or a role.
            "cloudfront": {"DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID")},
            "http": {"LOCATION": env_str("FRONTEND_CACHE_LOCATION")},
        }[FRONTEND_CACHE_BACKEND],
    }
# Our purge builds each language's URLs itself (translations are separate pages).
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Mail: Django 6.1 mailers. Console by default; SMTP and others by setting.
MAILER_BACKEND = env_str("MAILER_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": MAILER_BACKEND,
        "OPTIONS": mailer_options(MAILER_BACKEND, env_json("MAILER_OPTIONS")),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Expressives <noreply@expressives.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Tasks: run in-process by default; a database queue and `manage.py db_worker` in production.
# Django's django.tasks and the django-tasks backport Wagtail uses both read this setting.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# The demo's pictures (home/demo_images.py): as large as the largest rendition shown.
DEMO_IMAGE_SIZE = (1600, 900)

# Host candidatures: how many submissions one address may make per hour, and how long
# after an edition the personal data of candidatures that were not selected is kept.
HOST_APPLICATION_RATE_LIMIT = env_int("HOST_APPLICATION_RATE_LIMIT", 10)
HOST_APPLICATION_RETENTION_DAYS = env_int("HOST_APPLICATION_RETENTION_DAYS", 180)
# A juror sees the other jurors' scores once they have scored a candidature themselves;
# 0 keeps scoring blind until the decision.
HOST_APPLICATION_SCORES_AFTER_SCORING = env_bool("HOST_APPLICATION_SCORES_AFTER_SCORING", True)
HOST_APPLICATION_MAX_FILES = 3
HOST_APPLICATION_MAX_FILE_SIZE = 10 * 1024 * 1024
# Communities: registrations per address and hour; days after a community's last session
# before `purge_personal_data` erases its registrations.
COMMUNITY_RATE_LIMIT = env_int("COMMUNITY_RATE_LIMIT", 10)
COMMUNITY_RETENTION_DAYS = env_int("COMMUNITY_RETENTION_DAYS", 365)
# Actions through a private link (edit or withdraw a candidature; confirm, decline or
# withdraw a registration) per address and hour; password forms (admin password reset,
# password-protected pages) per address and hour.
PRIVATE_LINK_RATE_LIMIT = env_int("PRIVATE_LINK_RATE_LIMIT", 30)
PASSWORD_FORM_RATE_LIMIT = env_int("PASSWORD_FORM_RATE_LIMIT", 10)
# Admin sign-in: a username failing this many times, or an address this many times (any
# usernames), is locked out for the cool-off, whatever the password (home/auth.py).
ADMIN_LOGIN_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5)
ADMIN_LOGIN_IP_FAILURE_LIMIT = env_int("ADMIN_LOGIN_IP_FAILURE_LIMIT", 20)
ADMIN_LOGIN_COOLOFF_MINUTES = env_int("ADMIN_LOGIN_COOLOFF_MINUTES", 15)
# Django's ModelBackend with the lockout (sessions signed in before it was added must sign in
# again once: their backend is no longer listed).
AUTHENTICATION_BACKENDS = ["home.auth.LockoutBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.LoginForm"
# Proxies in front of the site that append to X-Forwarded-For (0: use REMOTE_ADDR). It must
# match the real proxies (home.ratelimit.client_ip): too high, and a visitor's own header is
# believed. X-Forwarded-For is read only from the addresses (or networks) of those proxies:
# nginx on this machine by default; add a load balancer's or a CDN's addresses.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", ["127.0.0.0/8", "::1/128"])
# Outgoing email is written to an outbox first; failed sends are retried this many times.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
# An email still unsent this long after it was due has lost its task (a worker killed in the
# middle of it): the task worker, which looks every TASK_WORKER_SWEEP_SECONDS, sends it. An
# attempt's claim lapses after as long (home.mail.deliver): keep it well above the mail
# server's timeout.
OUTBOX_LOST_AFTER_SECONDS = env_int("OUTBOX_LOST_AFTER_SECONDS", 300)
TASK_WORKER_SWEEP_SECONDS = env_int("TASK_WORKER_SWEEP_SECONDS", 60)
# A task still RUNNING this long after it started was held by a worker that died (killed,
# out of memory): the sweep queues it again (our tasks are short and idempotent).
TASK_ABANDONED_AFTER_SECONDS = env_int("TASK_ABANDONED_AFTER_SECONDS", 900)
# Wagtail's moderation notifications go through our outbox too (home.notifications).
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = env_bool("NOTIFY_SUPERUSERS", True)

# Search: the database backend (SQLite FTS5 or PostgreSQL full text, French stemming,
# accents folded).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "home.search_backend",
        # On PostgreSQL, French stems without accents (home migration 0015).
        "SEARCH_CONFIG": env_str("SEARCH_CONFIG", "french_unaccent") if IS_POSTGRES else None,
    }
}

# Content-Security-Policy (Django's middleware; home/csp.py chooses the policy and sets
# frame-ancestors from X-Frame-Options). The public site: nothing inline, nothing from another
# origin but the media storage / CDN (MEDIA_URL) and the video players embeds come from.
# An absolute MEDIA_URL or STATIC_URL adds its origin by itself; a storage that builds its
# own URLs (object storage with a custom domain) names its origins in CSP_MEDIA_ORIGINS.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", [])
CSP_EMBED_ORIGINS = env_list(
    "CSP_EMBED_ORIGINS",
    ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "frame-src": CSP_EMBED_ORIGINS,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],  # follows X-Frame-Options per answer (home/csp.py)
}
# The Wagtail admin cannot do without inline code: its templates carry inline <script>
# (panels, date widgets) and style= attributes, with no nonce support, so its pages get
# 'unsafe-inline' for scripts and styles. Editors' avatars and image uploads show blob: and
# data: images; previews are framed by the admin itself (frame-src 'self'; the preview
# answers are SAMEORIGIN, hence frame-ancestors 'self') and show the same embeds as the
# site. Limited to the admin's addresses: nothing public ever gets this policy.
SECURE_CSP_ADMIN_PATHS = ["/admin/"]
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF, *CSP_EMBED_ORIGINS],
}
# Permissions-Policy: browser features no page of the site (public or admin) uses, turned off
# for it and for anything it frames. Only features Chromium recognises (others log a warning
# in the console); what embedded players need (fullscreen, autoplay…) keeps the defaults.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}
# Gravatar would need another origin in the admin's policy, and sends a hash of each
# editor's address to a third party: Wagtail's own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's responsive embeds wrap each player in a style= attribute the policy refuses;
# static/css/site.css gives embedded players their 16:9 shape instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False

# Wagtail.
WAGTAIL_SITE_NAME = "Expressives"
# Wagtail's own emails (moderation, password reset) and the API's links: the same address.
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "home.CustomDocument"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp", "gif": "webp", "bmp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Uploads checked by their content: an image Pillow cannot decode, or a document whose
# content does not match its extension, is a form error rather than a 500 (home/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.uploads.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 50
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

REST_FRAMEWORK = {
    # The API is read-only public content: no browsable forms, no session writes.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

# Logs go to the standard error, as text, or one JSON object per line for a log collector
# (home/logs.py; production's default).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "home.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail logs every page save and every background task at INFO: too chatty by default.
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
        "django.tasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
    },
}
