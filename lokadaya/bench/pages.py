"""The demo's pages ``manage.py bench`` measures: one of each kind a visitor reaches, in the default language.

A campaign with five asks (the demo's richest: every built-in kind of support), the home page, the
campaign's OMS profile, a story (of that OMS if it has one), the search for "sampah", the OMS's
province page and its provincial network's page. Kinds the database lacks are left out; without
a live campaign there is nothing worth measuring (:class:`NoDemoContent`).
"""
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

#: Page kinds in the order they are measured and printed.
KINDS = ("campaign", "home", "oms", "story", "search", "region", "network")
SEARCH_QUERY = "sampah"
ASKS_WANTED = 5


class NoDemoContent(Exception):
    """The database has no live campaign: run ``manage.py seed_demo`` first."""


def _path(url):
    """The path (and query) of a page URL, whether Wagtail made it relative or absolute."""
    parts = urlsplit(url or "")
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def pick_campaign(locale):
    """The first live public campaign (by id) with five asks, else the one with the most asks."""
    from campaigns.models import CampaignPage

    best, best_asks = None, -1
    for page in CampaignPage.objects.live().public().filter(locale=locale).order_by("pk").iterator():
        asks = len(page.asks)
        if asks == ASKS_WANTED:
            return page
        if asks > best_asks:
            best, best_asks = page, asks
    return best


def demo_pages(kinds=KINDS):
    """``{kind: path}`` of the demo's pages of the given kinds that exist, in :data:`KINDS` order."""
    from home.models import HomePage
    from network.models import ProvincialNetwork
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    locale = Locale.get_default()
    campaign = pick_campaign(locale)
    if campaign is None:
        raise NoDemoContent("There is no live campaign to measure: run `python manage.py seed_demo` first.")
    oms = campaign.get_parent().specific
    if not isinstance(oms, OrganisationPage):
        oms = OrganisationPage.objects.live().public().filter(locale=locale).order_by("pk").first()
    stories = StoryPage.objects.live().public().filter(locale=locale)
    story = (stories.descendant_of(oms).order_by("pk").first() if oms else None) or stories.order_by("pk").first()
    home = HomePage.objects.live().filter(locale=locale).order_by("depth", "pk").first()
    province = oms.regency.province if oms is not None and oms.regency_id else None
    network = ProvincialNetwork.objects.filter(province=province).first() if province else None
    if network is None:
        network = ProvincialNetwork.objects.order_by("pk").first()

    found = {"campaign": _path(campaign.get_url())}
    if home is not None:
        found["home"] = _path(home.get_url())
    if oms is not None:
        found["oms"] = _path(oms.get_url())
    if story is not None:
        found["story"] = _path(story.get_url())
    with translation.override(locale.language_code):
        found["search"] = f"{reverse('search')}?q={SEARCH_QUERY}"
        if province is not None:
            found["region"] = reverse("regions:province", kwargs={"slug": province.slug})
        if network is not None:
            found["network"] = reverse("network:detail", kwargs={"slug": network.province.slug})
    return {kind: found[kind] for kind in KINDS if kind in kinds and kind in found}
