"""The sitemap: every live public page in every language, each with its translations as alternates.

Wagtail's own sitemap lists only the descendants of the site's root page, which is the Indonesian
home page: the English tree, a sibling of it, would be missing. The region pages (every province
and kabupaten/kota) and the provincial networks' pages are Django views, not Wagtail pages: they
get their own sections, in both languages, with hreflang alternates too.

Every location is built by ``lokadaya.site_url`` (``SITE_URL``, else the request's host), never
from the Wagtail ``Site`` row's hostname, which the demo sets to ``localhost``.
"""
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from lokadaya.site_url import absolute_url, page_full_url


class LocalisedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for translated_root in roots:
            pages |= Page.objects.descendant_of(translated_root, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        object_list = list(self.paginator.page(page).object_list)
        keys = {item.translation_key for item in object_list}
        translations = defaultdict(list)
        for other in (Page.objects.filter(translation_key__in=keys).live().public()
                      .select_related("locale").only("translation_key", "url_path", "locale", "depth", "path")):
            translations[other.translation_key].append(other)
        urls, last_mods = [], set()
        for item in object_list:
            for url_info in item.get_sitemap_urls(self.request):
                url_info = {**url_info, "location": absolute_url(url_info["location"], self.request)}
                alternates = [
                    {"location": page_full_url(other, self.request), "lang_code": other.locale.language_code}
                    for other in translations[item.translation_key]
                ]
                if len(alternates) > 1:
                    url_info["alternates"] = alternates
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class _ViewSitemap(Sitemap):
    """Django views with one URL per language (``/id/...`` and ``/en/...``), each listing the other."""

    def items(self):
        raise NotImplementedError

    def path_for(self, item):
        raise NotImplementedError

    def lastmod(self, item):
        return None

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            alternates = []
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    alternates.append({"location": absolute_url(self.path_for(item), self.request),
                                       "lang_code": code})
            for alternate in alternates:
                urls.append({"item": item, "location": alternate["location"], "lastmod": None,
                             "changefreq": "weekly", "priority": None, "alternates": alternates})
        return urls


class RegionSitemap(_ViewSitemap):
    """The region index, every province and every kabupaten/kota."""

    def items(self):
        from regions.models import Province, Regency

        return [None, *Province.objects.order_by("code"),
                *Regency.objects.select_related("province").order_by("code")]

    def path_for(self, item):
        return reverse("regions:index") if item is None else item.get_absolute_url()


class NetworkSitemap(_ViewSitemap):
    """The provincial networks' index and each network's page."""

    def items(self):
        from network.models import ProvincialNetwork

        return [None, *ProvincialNetwork.objects.select_related("province").order_by("province__code")]

    def path_for(self, item):
        return reverse("network:index") if item is None else item.get_absolute_url()


SITEMAPS = {"pages": LocalisedSitemap, "regions": RegionSitemap, "networks": NetworkSitemap}
