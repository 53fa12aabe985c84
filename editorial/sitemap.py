"""The sitemap: every live public page in every language, each with its translations as alternates.

Wagtail's own sitemap lists only the descendants of the site's root page, which is the Indonesian
home page: the English tree, a sibling of it, would be missing.
"""
from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


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
                alternates = [
                    {"location": other.get_full_url(self.request), "lang_code": other.locale.language_code}
                    for other in translations[item.translation_key]
                ]
                if len(alternates) > 1:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
