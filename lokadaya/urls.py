"""URLs: admin and payments without a language prefix; every public page under /id/ or /en/."""
from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from campaigns.urls import plugin_urlpatterns
from editorial.sitemap import SITEMAPS
from lokadaya.robots import robots_txt
from pagecache import cache_public_page
from search import views as search_views

if apps.is_installed("gateways"):
    from gateways import views as gateway_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Two-step verification's own pages, before the admin's catch-all (twofactor/middleware.py).
    path("admin/2fa/", include("twofactor.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The gateways' notifications (a lean view of our own), then django-payments' other URLs.
    # Variant names as django-payments' static callback reads them ([a-z-]+): a slug would also
    # take the per-payment URL /payments/process/<uuid token>/ away from django-payments.
    *([re_path(r"^payments/process/(?P<variant>[a-z-]+)/$", gateway_views.notification,
               name="gateway_notification")] if apps.is_installed("gateways") else []),
    path("payments/", include("payments.urls")),
    # Kept by the page cache: at 100,000 pages it is the heaviest page of the site.
    path("sitemap.xml", cache_public_page(sitemap, any_language=True), {"sitemaps": SITEMAPS}),
    path("robots.txt", robots_txt, name="robots_txt"),
    # A campaign's share card and printable poster, by page id (campaigns/sharing.py).
    path("kampanye/", include("campaigns.urls")),
    # LTI 1.3 launches come from a Moodle, outside any language (lti/).
    path("lti/", include("lti.urls")),
    # Open data (api/): read-only JSON with its OpenAPI schema; ?lang=en for English.
    path("api/v1/", include("api.urls")),
    # Widgets for an OMS's own website, and oEmbed (widgets/): the language is in the URL.
    path("embed/", include("widgets.urls")),
    path("oembed/", include("widgets.oembed_urls")),
]

if settings.DEBUG:
    from django.views.static import serve as serve_media

    # Uploads, but not documents: those are served only by /documents/<id>/<file> (partners.files).
    urlpatterns += [re_path(r"^%s(?P<path>(?!documents/).*)$" % settings.MEDIA_URL.lstrip("/"), serve_media,
                            {"document_root": settings.MEDIA_ROOT})]

urlpatterns += i18n_patterns(
    path("cari/", search_views.search, name="search"),
    path("cari/saran/", search_views.autocomplete, name="search_autocomplete"),
    path("wilayah/", include("regions.urls")),
    path("jejaring/", include("network.urls")),
    path("daftar-mitra/", include("partners.urls")),
    path("dukung/", include(plugin_urlpatterns())),
    *([path("transfer/", include("banktransfer.urls"))] if apps.is_installed("banktransfer") else []),
    path("transparansi/", include("finance.urls")),
    path("izin-pub/", include("permits.urls")),
    path("akun/", include("donors.urls")),
    path("privasi/", include("privacy.urls")),
    path("laporan-mitra/", include("dashboards.public_urls")),
    path("laporkan/", include("reports.urls")),
    path("kabar/", include("editorial.urls")),
    # Lokadaya.net: learning, packaged e-learning, cohorts, events, library, LTI.
    path("belajar-saya/", include("learning.urls")),
    path("sertifikat/", include("certificates.urls")),
    path("elearning/", include("elearning.urls")),
    path("kohort/", include("cohorts.urls")),
    path("acara-pelatihan/", include("events.urls")),
    path("pustaka-aksi/", include("library.urls")),
    # Lokadaya.net: forums (alliances are pages, served by Wagtail).
    path("forum/", include("forums.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
