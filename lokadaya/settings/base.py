"""Settings shared by every environment."""
import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _
from wagtail.embeds.oembed_providers import vimeo, youtube

from campaigns.discovery import plugin_apps

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# Support-type plugins: the built-in ones, then every installed package that declares an
# entry point in the group ``lokadaya.plugins``. Only *listed* here; campaigns.plugins loads
# their hook modules once the app registry is ready.
BUILTIN_PLUGIN_APPS = [
    "plugins.donation",
    "plugins.inkind",
    "plugins.partnership",
    "plugins.petition",
    "plugins.volunteering",
]
LOKADAYA_PLUGIN_APPS = plugin_apps(
    BUILTIN_PLUGIN_APPS,
    disabled=os.environ.get("LOKADAYA_DISABLED_PLUGINS", ""),
)

INSTALLED_APPS = [
    "lokadaya",
    # Whole pages kept for anonymous visitors, purged exactly (pagecache/__init__.py).
    "pagecache",
    "home",
    "regions",
    "sdgs",
    "partners",
    "network",
    "programmes",
    "campaigns",
    "stories",
    "editorial",
    "search",
    # No admin screen names another OMS's pages or people (tenancy/middleware.py).
    "tenancy",
    *LOKADAYA_PLUGIN_APPS,
    "finance",
    # "Laporkan": visitors' reports, and moderators freezing, clearing or closing a campaign.
    "reports",
    # Dashboards of OMS, provinces and the nation; charts; downloadable reports (dashboards/scope.py).
    "dashboards",
    # Lokadaya.net: the training portal (courses, packaged e-learning, cohorts, webinars, the
    # knowledge library, LTI for a network's Moodle).
    "learning",
    "certificates",
    "elearning",
    "cohorts",
    "events",
    "library",
    "lti",
    # Lokadaya.net part 2: forums of the networks, programmes and cohorts; advocacy alliances.
    "forums",
    "alliances",
    # Giving that lasts: public fundraising permits (izin PUB) and donor accounts.
    "permits",
    "donors",
    # Personal data under UU PDP: consents, the privacy centre, retention, access log, breaches.
    "privacy",
    # For developers and partners: the public read-only API with its OpenAPI schema (api/), and the
    # widgets an OMS embeds on its own website (widgets/).
    "api",
    "widgets",
    # The payment providers serve the donation plugin's payments.
    *(["banktransfer", "gateways"] if "plugins.donation" in LOKADAYA_PLUGIN_APPS else []),
    "payments",
    "jobs",
    # Abuse limits: rate limits, honeypot, captcha, email cap (throttle/middleware.py); login lockout.
    "throttle",
    "axes",
    # Two-step verification for the admin (TOTP and backup codes), see twofactor/policy.py.
    "twofactor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The API's libraries last: of two apps translating one msgid, Django shows the first app's,
    # and DRF's Indonesian differs from Django's for form errors (lokadaya/third_party_strings.py).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Other sites may read the API and the widgets (GET only, never with cookies): CORS_URLS_REGEX.
    "corsheaders.middleware.CorsMiddleware",
    # Anonymous visitors are answered from the page cache before any other work (sessions, CSRF,
    # rendering); above gzip, so the compressed bytes are what it keeps (pagecache/middleware.py).
    "pagecache.middleware.PageCacheMiddleware",
    # Pages go out compressed (a phone on a slow network waits for bytes, not for CPU). Above
    # whitenoise, which sends its own pre-compressed files in production (the middleware leaves a
    # response that already has a Content-Encoding alone); Django adds random bytes to each gzip
    # header against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (django-csp, lokadaya/csp.py): outside every middleware that may answer
    # on its own (rate limits, lockout, two-step), so their pages get the policy too.
    "lokadaya.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lokadaya.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-step verification: django-otp reads the verified device from the session, then ours stops
    # every admin request that still needs the second step (twofactor/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "twofactor.middleware.TwoFactorMiddleware",
    # The publish gate knows who publishes (editorial/gate.py).
    "editorial.gate.ReviewGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # One gate for every POST: rate limits, honeypot, captcha (throttle/middleware.py).
    "throttle.middleware.ThrottleMiddleware",
    # Page-scoped admin URLs answer only for pages the user may see (tenancy/middleware.py).
    "tenancy.middleware.AdminTenancyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # ...except for the widgets other sites embed (/embed/): below it, so it marks their responses first.
    "widgets.middleware.EmbedFramingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes turns a locked-out login into its lockout page; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lokadaya.urls"

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
                "lokadaya.context_processors.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "lokadaya.wsgi.application"

# SQLite is the embedded default; DATABASE_URL points at PostgreSQL in tests and production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}


def postgresql_options(database):
    """Server-side parameter binding and prepared statements on PostgreSQL.

    psycopg sends the parameters apart from the query, and a query a connection has run
    ``DATABASE_PREPARE_THRESHOLD`` times (5) is prepared: PostgreSQL parses and plans it once per
    connection instead of on every run. Django turns preparing off unless asked (``prepare_threshold``
    None), and client-side binding quoted every value into the SQL text in Python. Measured: a
    confirmation cost the task worker 8 ms of CPU instead of 10 (binding); a campaign render spent
    4.8 ms in its six queries instead of 11 (preparing: the progress and wall UNIONs took longer to
    plan than to run). Not for a pooler in transaction mode (PgBouncer): set
    ``DATABASE_SERVER_SIDE_BINDING=false`` there, which turns both off; ``DATABASE_PREPARE_THRESHOLD=off``
    keeps the binding and prepares nothing."""
    if database.get("ENGINE") == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        server_side = os.environ.get("DATABASE_SERVER_SIDE_BINDING", "true").lower() != "false"
        options["server_side_binding"] = server_side
        threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5").strip().lower()
        if server_side and threshold not in ("", "off", "none", "false"):
            options["prepare_threshold"] = int(threshold)
    return database


postgresql_options(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The PostgreSQL search backend needs contrib.postgres.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Indonesian first, English second, for the interface and the content.
LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "lokadaya" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The H5P player (h5p-standalone, MIT) comes from the npm registry at `make install` (elearning/).
STATICFILES_DIRS = [BASE_DIR / "static", ("h5p-standalone", BASE_DIR / "node_modules" / "h5p-standalone" / "dist")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "wagtailadmin_login"

# Two-step verification (twofactor/policy.py): these roles cannot use the admin without it; every
# other admin user may turn it on. The test settings empty it (see there).
LOKADAYA_2FA_REQUIRED_ROLES = ["superuser", "finance", "moderator"]
OTP_TOTP_ISSUER = "Lokadaya"
# django-otp's throttling: after n wrong codes a device waits 2**(n-1) seconds before checking again.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Abuse limits (throttle/conf.py says what each setting does; docs/security.md why).
# Sign-in lockout by django-axes: 5 failures for one username from one address lock that pair
# for 15 minutes (recorded in the database; a superuser unlocks in /django-admin/axes/).
AUTHENTICATION_BACKENDS = [
    "throttle.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "throttle.views.lockout"
AXES_CLIENT_IP_CALLABLE = "throttle.ip.client_ip"
# Reverse proxies in front of the site: the client is X-Forwarded-For's N-th address from the right.
THROTTLE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
# If the cache cannot be reached, forms go through rather than every visitor getting a 429.
RATELIMIT_FAIL_OPEN = True
# A captcha on public forms only when one provider's two keys are set; no outside request otherwise.
TURNSTILE_SITE_KEY = os.environ.get("TURNSTILE_SITE_KEY", "")
TURNSTILE_SECRET_KEY = os.environ.get("TURNSTILE_SECRET_KEY", "")
HCAPTCHA_SITE_KEY = os.environ.get("HCAPTCHA_SITE_KEY", "")
HCAPTCHA_SECRET_KEY = os.environ.get("HCAPTCHA_SECRET_KEY", "")

# Wagtail
WAGTAIL_SITE_NAME = "Lokadaya"
# The site's public address (https://lokadaya.id): absolute links in pages, emails, the sitemap and
# share cards (lokadaya/site_url.py). Empty: the request's own host, or the admin base URL outside one.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# Caches in this process; production shares them through Redis (CACHE_URL, production.py), which
# the page cache needs as soon as more than one process serves the site: a purge in one process
# must reach the others.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lokadaya"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lokadaya-pages",
              "OPTIONS": {"MAX_ENTRIES": 5000}},
}
# The page cache (pagecache/policy.py): on by default; how long pages are kept between purges
# (also the proxies' s-maxage), how long browsers reuse them, and how stale pledged figures may be
# on a campaign page and on other pages' campaign cards.
LOKADAYA_PAGE_CACHE = os.environ.get("LOKADAYA_PAGE_CACHE", "true").lower() not in ("0", "false", "no", "off")
LOKADAYA_PAGE_CACHE_SECONDS = 600
LOKADAYA_PAGE_CACHE_BROWSER_SECONDS = 60
LOKADAYA_PAGE_CACHE_FIGURES_SECONDS = 10
LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS = 60
# Kept parts (pagecache/parts.py): the editorial parts of a campaign page, rendered once per publish
# for the visitors the page cache does not answer; the same purges make them new.
LOKADAYA_KEPT_PARTS = os.environ.get("LOKADAYA_KEPT_PARTS", "true").lower() not in ("0", "false", "no", "off")
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"
# Search (search/backends): Indonesian and English stemming on PostgreSQL, modelsearch's backend on
# SQLite, Elasticsearch 9 when ELASTICSEARCH_URL is set. AUTO_UPDATE is off because search.indexing
# updates the index on publish and unpublish, after the response, instead of inside every save.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database", "AUTO_UPDATE": False},
}
if os.environ.get("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "search.backends.elasticsearch",
        "URLS": [os.environ["ELASTICSEARCH_URL"]],
        "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "lokadaya_"),
        "AUTO_UPDATE": False,
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every download goes through /documents/<id>/<file>, where partners.files decides who may have it
# (never a redirect to the storage's own URL); MEDIA_ROOT/documents/ must not be served directly.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads (lokadaya/uploads.py): documents are checked by content against their extension, and
# every image of the site (Wagtail's, transfer and disbursement proofs) is capped at 40 megapixels,
# read from its header: a 40 MP phone photo fits; Wagtail's default of 128 MP lets one upload take
# ~1 GB and seconds to render each preview.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lokadaya.upload_forms.DocumentForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Content-Security-Policy of the public pages (django-csp 4; lokadaya/csp.py adds what the
# configuration needs: gateways' payment pages, an absolute MEDIA_URL, a configured captcha, and
# gives the admins their own policy). An inline <script> or <style> needs
# nonce="{{ request.csp_nonce }}"; inline event handlers and style="" attributes never run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        # Story videos (stories.blocks.StoryBlock.video): YouTube and Vimeo players only.
        "frame-src": ["'self'", "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Embeds are YouTube and Vimeo videos only (the players the policy lets in); another address is a
# clear error in the editor rather than a blocked frame on the public page.
WAGTAILEMBEDS_FINDERS = [{
    "class": "wagtail.embeds.finders.oembed",
    "providers": [youtube, vimeo],
}]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin asks gravatar.com for avatars unless told not to: no request leaves the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No machine translation unless configured: it would call an outside service. To turn it on, name a
# wagtail-localize translator class and its options (JSON), e.g.
#   MACHINE_TRANSLATOR_CLASS=wagtail_localize.machine_translators.deepl.DeepLTranslator
#   MACHINE_TRANSLATOR_OPTIONS='{"AUTH_KEY": "..."}'
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
if os.environ.get("MACHINE_TRANSLATOR_CLASS"):
    import json

    try:
        _translator_options = json.loads(os.environ.get("MACHINE_TRANSLATOR_OPTIONS") or "{}")
    except ValueError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"MACHINE_TRANSLATOR_OPTIONS is not valid JSON: {exc}") from exc
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": os.environ["MACHINE_TRANSLATOR_CLASS"],
                                          "OPTIONS": _translator_options}

# Editorial workflow: an approval is the reviewer's permission to publish (editorial.workflows);
# review emails go to each task's reviewers, not to every superuser.
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.workflows.publish_workflow_state"
# An approval counts for the revision it was given on only (editorial/gate.py restarts the review
# when a page changes during it).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# Payments (django-payments). The donation plugin's Payment is the payment model; each
# provider is a variant, offered to donors when configured. Card data never touches the site:
# the gateways are hosted/redirect flows.
PAYMENT_MODEL = "donation.Payment"
PAYMENT_HOST = os.environ.get("PAYMENT_HOST", "127.0.0.1:8000")
PAYMENT_USES_SSL = os.environ.get("PAYMENT_USES_SSL", "false").lower() == "true"
PAYMENT_VARIANTS = {}
PAYMENT_VARIANT_LABELS = {}
if os.environ.get("DUMMY_PAYMENTS", "true").lower() == "true":
    PAYMENT_VARIANTS["dummy"] = ("payments.dummy.DummyProvider", {})
    PAYMENT_VARIANT_LABELS["dummy"] = _("Test payment (no real money)")
if os.environ.get("BANK_TRANSFER", "true").lower() == "true":
    PAYMENT_VARIANTS["transfer"] = ("banktransfer.provider.BankTransferProvider", {
        "expiry_hours": int(os.environ.get("BANK_TRANSFER_EXPIRY_HOURS", "48")),
    })
    PAYMENT_VARIANT_LABELS["transfer"] = _("Manual bank transfer")
if os.environ.get("MIDTRANS_SERVER_KEY"):
    PAYMENT_VARIANTS["midtrans"] = ("gateways.midtrans.MidtransSnapProvider", {
        "server_key": os.environ["MIDTRANS_SERVER_KEY"],
        "production": os.environ.get("MIDTRANS_PRODUCTION", "false").lower() == "true",
        # Only for a stand-in gateway (benchmarks, staging); empty means Midtrans' own hosts.
        "snap_url": os.environ.get("MIDTRANS_SNAP_URL", ""),
        "api_url": os.environ.get("MIDTRANS_API_URL", ""),
    })
    PAYMENT_VARIANT_LABELS["midtrans"] = _("Midtrans (e-wallet, virtual account, QRIS, card)")
if os.environ.get("XENDIT_SECRET_KEY"):
    PAYMENT_VARIANTS["xendit"] = ("gateways.xendit.XenditInvoiceProvider", {
        "secret_key": os.environ["XENDIT_SECRET_KEY"],
        "callback_token": os.environ.get("XENDIT_CALLBACK_TOKEN", ""),
        "api_url": os.environ.get("XENDIT_API_URL", ""),
    })
    PAYMENT_VARIANT_LABELS["xendit"] = _("Xendit (e-wallet, virtual account, QRIS, retail outlet)")

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lokadaya <noreply@lokadaya.id>")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work (emails, search indexing, payment settlement, scheduled jobs) is queued in
# the database and run by one worker: ``python manage.py worker`` (``make run`` starts it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: Status-API calls the payment settlement makes at once (each mostly waits on the network).
GATEWAY_SETTLEMENT_THREADS = int(os.environ.get("GATEWAY_SETTLEMENT_THREADS", "32"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"lokadaya": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# The public read-only API (api/): anonymous, JSON only, paginated, rate-limited per address. Those
# choices are the API's own views' (api/views.py ApiMixin), not DRF's defaults here: Wagtail's admin
# API and wagtail-localize's use DRF with its default session authentication and parsers.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_RATE", "120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lokadaya API",
    "DESCRIPTION": "Read-only open data of Lokadaya: campaigns, their asks and progress, OMS, stories, "
                   "regions, programmes and the transparency figures (aggregates only).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Its deploy check would build a schema of every DRF view (Wagtail's admin API included); the
    # API's own schema is validated by tests/test_api_schema.py instead.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}
# CORS: the API, the widgets and oEmbed may be read from any origin, GET only, without credentials.
CORS_URLS_REGEX = r"^/(api|embed|oembed)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
