"""The alliances index: live public alliances of the index's language, filtered by level, province and SDG.

Only values among the choices are applied (anything else is ignored and said so), and nothing
depends on who asks, so a URL always gives the same page: the index is cached like any public page.
A fixed number of queries whatever the number of cards (member counts in a subquery, pictures'
renditions in one batch).
"""
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

PER_PAGE = 12
CARD_PICTURE = ("16x9", "480,800")


def member_count():
    """Members of each alliance row, counted on its source-language page (where memberships live)."""
    from wagtail.models import Locale

    from .models import AllianceMembership

    rows = (AllianceMembership.objects.filter(alliance__translation_key=OuterRef("translation_key"),
                                              alliance__locale=Locale.get_default(),
                                              status=AllianceMembership.Status.MEMBER)
            .order_by().values("alliance__translation_key").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_cards(alliances):
    """``alliances`` ready for ``alliances/includes/alliance_card.html`` (places, picture, member count)."""
    return alliances.select_related("province", "regency", "hero_image").annotate(member_count=member_count())


def attach_pictures(alliances):
    from lokadaya.cards import attach_renditions, picture

    attach_renditions([picture(a.hero_image, *CARD_PICTURE) for a in alliances])


def filtered_alliances(index, request):
    from regions.models import Province
    from sdgs.models import SDG

    from .models import AlliancePage, Level

    level, province, sdg = (request.GET.get(name, "").strip() for name in ("level", "province", "sdg"))
    notices = []
    provinces = list(Province.objects.order_by("name"))
    sdgs = list(SDG.objects.order_by("number"))
    if level and level not in Level.values:
        notices.append(_("This level does not exist; it was ignored."))
        level = ""
    if province and province not in {p.slug for p in provinces}:
        notices.append(_("This province does not exist; it was ignored."))
        province = ""
    if sdg and sdg not in {str(s.number) for s in sdgs}:
        notices.append(_("This SDG does not exist; it was ignored."))
        sdg = ""
    alliances = AlliancePage.objects.live().public().descendant_of(index)
    if level:
        alliances = alliances.filter(level=level)
    if province:
        alliances = alliances.filter(province__slug=province)
    if sdg:
        alliances = alliances.filter(pk__in=AlliancePage.objects.filter(sdgs__number=int(sdg)).values("pk"))
    alliances = with_cards(alliances).order_by("-first_published_at", "-pk")
    page = Paginator(alliances, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    attach_pictures(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "alliances": page.object_list,
        "page_obj": page,
        "levels": Level.choices,
        "provinces": provinces,
        "sdgs": sdgs,
        "chosen_level": level,
        "chosen_province": province,
        "chosen_sdg": sdg,
        "filtered": bool(level or province or sdg),
        "notices": notices,
        "query_string": params.urlencode(),
    }
