"""Public region pages: every province, a province with its kabupaten/kota, one kabupaten/kota.

They list the OMS, campaigns and stories of each place in the visitor's language.
"""
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Locale

from pagecache import cache_public_page

from .maps.render import regency_map
from .models import Province, Regency


def _place_content(regency_filter):
    """Live OMS, campaigns and stories in the active language, for a regency filter.

    Their cards' places, pictures and progress in a fixed number of queries (lokadaya/cards.py)."""
    from campaigns.models import CampaignPage
    from lokadaya.cards import load_cards
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    locale = Locale.get_active()
    return load_cards(
        organisations=OrganisationPage.objects.live().public().filter(locale=locale, **regency_filter)
        .select_related("regency__province", "logo").order_by("title"),
        campaigns=CampaignPage.objects.live().public().filter(locale=locale, **regency_filter)
        .select_related("regency__province", "hero_image").order_by("-first_published_at"),
        stories=StoryPage.objects.live().public().filter(locale=locale, **regency_filter)
        .select_related("regency", "hero_image").order_by("-date"),
    )


@cache_public_page
def province_index(request):
    provinces = Province.objects.annotate(
        regency_count=Count("regencies", distinct=True),
    )
    return TemplateResponse(request, "regions/province_index.html", {"provinces": provinces})


@cache_public_page
def province_detail(request, slug):
    # With its network (the figures' link): one query.
    province = get_object_or_404(Province.objects.select_related("network"), slug=slug)
    regencies = province.regencies.annotate(district_count=Count("districts"))
    context = {"province": province, "regencies": regencies, "map": regency_map(request, province)}
    context.update(_place_content({"regency__province": province}))
    return TemplateResponse(request, "regions/province_detail.html", context)


@cache_public_page
def regency_detail(request, province_slug, slug):
    regency = get_object_or_404(Regency.objects.select_related("province__network"), slug=slug,
                                province__slug=province_slug)
    context = {"province": regency.province, "regency": regency, "districts": regency.districts.all()}
    context.update(_place_content({"regency": regency}))
    return TemplateResponse(request, "regions/regency_detail.html", context)
