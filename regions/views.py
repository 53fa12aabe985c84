"""Public region pages: every province, a province with its kabupaten/kota, one kabupaten/kota.

They list the OMS, campaigns and stories of each place in the visitor's language.
"""
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Locale

from .models import Province, Regency


def _place_content(regency_filter):
    """Live OMS, campaigns and stories in the active language, for a regency filter."""
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    locale = Locale.get_active()
    return {
        "organisations": OrganisationPage.objects.live().public().filter(locale=locale, **regency_filter)
        .select_related("regency__province", "logo").order_by("title"),
        "campaigns": CampaignPage.objects.live().public().filter(locale=locale, **regency_filter)
        .select_related("regency__province", "hero_image").order_by("-first_published_at"),
        "stories": StoryPage.objects.live().public().filter(locale=locale, **regency_filter)
        .select_related("regency", "hero_image").order_by("-date"),
    }


def province_index(request):
    provinces = Province.objects.annotate(
        regency_count=Count("regencies", distinct=True),
    )
    return TemplateResponse(request, "regions/province_index.html", {"provinces": provinces})


def province_detail(request, slug):
    province = get_object_or_404(Province, slug=slug)
    regencies = province.regencies.annotate(district_count=Count("districts"))
    context = {"province": province, "regencies": regencies}
    context.update(_place_content({"regency__province": province}))
    return TemplateResponse(request, "regions/province_detail.html", context)


def regency_detail(request, province_slug, slug):
    regency = get_object_or_404(Regency.objects.select_related("province"), slug=slug,
                                province__slug=province_slug)
    context = {"province": regency.province, "regency": regency, "districts": regency.districts.all()}
    context.update(_place_content({"regency": regency}))
    return TemplateResponse(request, "regions/regency_detail.html", context)
