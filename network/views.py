"""Public pages of the provincial networks: all 38, and one network's consolidated page."""
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Locale

from pagecache import cache_public_page

from .consolidation import active_filter, province_figures, source_pages, support_types
from .models import ProvincialNetwork

CARDS = 12


@cache_public_page
def network_index(request):
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage

    organisations = dict(source_pages(OrganisationPage).filter(is_verified=True)
                         .values_list("regency__province").annotate(n=Count("pk")).order_by())
    campaigns = dict(source_pages(CampaignPage).filter(active_filter())
                     .values_list("regency__province").annotate(n=Count("pk")).order_by())
    networks = list(ProvincialNetwork.objects.select_related("province").prefetch_related("organisations"))
    for network in networks:
        network.organisation_count = organisations.get(network.province_id, 0)
        network.active_campaign_count = campaigns.get(network.province_id, 0)
    from regions.maps.render import province_map

    return TemplateResponse(request, "network/network_index.html",
                            {"networks": networks, "map": province_map(request)})


@cache_public_page
def network_detail(request, slug):
    from campaigns.models import CampaignPage
    from lokadaya.cards import load_cards, localized_all
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    network = get_object_or_404(ProvincialNetwork.objects.select_related("province"), province__slug=slug)
    province = network.province
    locale = Locale.get_active()
    rows, total = province_figures(province)
    types = support_types()
    running = localized_all(network.organisations.live().select_related("regency"), live_only=False)
    context = {"network": network, "province": province, "rows": rows, "total": total, "types": types,
               "running": running}
    # The cards' places, pictures and progress in a fixed number of queries (lokadaya/cards.py).
    context.update(load_cards(
        organisations=OrganisationPage.objects.live().public().filter(
            locale=locale, is_verified=True, regency__province=province)
        .select_related("regency__province", "logo", "verified_by").order_by("title"),
        # The soonest to end first; the province's region page lists them all.
        campaigns=CampaignPage.objects.live().public().filter(locale=locale, regency__province=province)
        .filter(active_filter()).select_related("regency__province", "hero_image").order_by("end_date")[:CARDS],
        stories=StoryPage.objects.live().public().filter(locale=locale, regency__province=province)
        .select_related("regency", "hero_image").order_by("-date")[:12],
    ))
    return TemplateResponse(request, "network/network_detail.html", context)
