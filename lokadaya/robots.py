"""``/robots.txt``: crawl the public pages, not the admin, the forms that take pledges or payments.

The forms (``/<lang>/dukung/``), bank transfer instructions, payment URLs, abuse reports and
unsubscribe links are per-visitor pages with nothing to index; the admin is private. The
sitemap's address is absolute, on the public site's address (``lokadaya.site_url``).
"""
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .site_url import absolute_url

PRIVATE_PREFIXES = ["/admin/", "/django-admin/", "/payments/"]
#: Under each language prefix.
PRIVATE_LOCALISED = ["dukung/", "transfer/", "laporkan/", "kabar/berhenti/", "cari/saran/", "forum/berhenti/",
                     "forum/pengaturan/"]


def disallowed_paths():
    paths = list(PRIVATE_PREFIXES)
    for code, _name in settings.LANGUAGES:
        paths += [f"/{code}/{suffix}" for suffix in PRIVATE_LOCALISED]
    # A campaign's pledge forms are a sub-route of its page (…/<campaign>/dukung/<ask>/): the
    # page is public, its forms are not worth crawling (wildcards: Google, Bing and most others).
    paths.append("/*/dukung/")
    return paths


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in disallowed_paths()]
    lines += ["", f"Sitemap: {absolute_url('/sitemap.xml', request)}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
