"""Which URLs show a page: what publishing, unpublishing, moving or deleting it must purge.

A page is shown on its own URL in every language, on its ancestors' pages (an OMS profile lists
its campaigns and stories; the indexes and the home page list their children), and, for the
pages with a place (campaigns, OMS profiles, stories: ``regency``), on the region pages of its
kabupaten/kota and province and on its province's network page. Campaigns, OMS and stories also
appear on the section indexes, the national programme pages, and each other (a story names its
campaigns, a campaign its stories, an OMS's pages its name and logo). Missing one of these would
leave a stale page up to ``LOKADAYA_PAGE_CACHE_SECONDS``; a test walks each kind.
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page


SITEMAP_PATH = "/sitemap.xml"


def page_path(page):
    """The path of ``page`` (``/id/...``), or None when it is not routable."""
    try:
        url = page.get_url(None)
    except Exception:  # a page outside every site
        return None
    return urlsplit(url).path if url else None


def translations(page):
    return list(Page.objects.filter(translation_key=page.translation_key).specific())


def paths_showing(page):
    """Every path whose content shows ``page`` (the page's own paths included)."""
    from alliances.models import AlliancePage
    from campaigns.models import CampaignIndexPage, CampaignPage
    from partners.models import OrganisationIndexPage, OrganisationPage
    from stories.models import StoryIndexPage, StoryPage

    page = page.specific
    paths = {SITEMAP_PATH}
    pages = translations(page) or [page]
    for each in pages:
        paths.add(page_path(each))
        for ancestor in each.get_ancestors().filter(depth__gt=1):
            paths.add(page_path(ancestor))
    if isinstance(page, (CampaignPage, OrganisationPage, StoryPage)):
        for index in (CampaignIndexPage, OrganisationIndexPage, StoryIndexPage):
            paths.update(page_path(p) for p in index.objects.live())
        paths.update(programme_paths())
        paths.update(place_paths(getattr(page, "regency", None)))
    if isinstance(page, OrganisationPage):
        # Its campaigns and stories show its name, logo and verification.
        for each in pages:
            paths.update(page_path(p) for p in Page.objects.descendant_of(each).live())
    if isinstance(page, StoryPage):
        paths.update(page_path(c) for c in page.campaigns.all())
    if isinstance(page, CampaignPage):
        paths.update(page_path(s) for s in StoryPage.objects.filter(campaigns__translation_key=page.translation_key))
    if isinstance(page, AlliancePage):
        # Listed on the programme pages and on the network pages of its province and its members'.
        paths.update(programme_paths())
        paths.update(alliance_place_paths(page))
    paths.discard(None)
    return paths


def programme_paths():
    from programmes.models import ProgrammeIndexPage, ProgrammePage

    return {page_path(p) for p in ProgrammePage.objects.live()} | {
        page_path(p) for p in ProgrammeIndexPage.objects.live()}


def localized_paths(names):
    """The paths of ``[(url name, kwargs)]`` in every language (names that do not resolve are left out)."""
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name, kwargs in names:
                try:
                    paths.add(reverse(name, kwargs=kwargs))
                except NoReverseMatch:
                    pass
    return paths


def place_paths(regency):
    """The region and network pages of a kabupaten/kota, in every language."""
    names = [("regions:index", {}), ("network:index", {})]
    if regency is not None:
        province = regency.province
        names += [("regions:province", {"slug": province.slug}),
                  ("regions:regency", {"province_slug": province.slug, "slug": regency.slug}),
                  ("network:detail", {"slug": province.slug})]
    return localized_paths(names)


def alliance_place_paths(alliance):
    """The network pages (every language) of an alliance's province and of its member OMS's provinces."""
    from alliances.models import AllianceMembership
    from regions.models import Province

    source = alliance.get_translation_or_none(alliance.locale.get_default()) or alliance
    slugs = set(AllianceMembership.objects.filter(alliance=source).values_list(
        "organisation__regency__province__slug", flat=True))
    if alliance.province_id:
        slugs.add(Province.objects.filter(pk=alliance.province_id).values_list("slug", flat=True).first())
    return localized_paths([("network:detail", {"slug": slug}) for slug in sorted(slugs - {None})])
